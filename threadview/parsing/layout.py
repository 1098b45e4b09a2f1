"""The text layout's grammar: byline, image line, escapes, header trailers, the metadata line.

Used by the parser (`scraped`, `replies`, `digest`, `textindex`) and by the writer
(`export.write_text`), so the two cannot drift apart. The comment header and more-stub
patterns are `Syntax`, as str and as bytes (`replies` scans for them); a digest's story
shape is read in `digest`. A comment header may carry a bracketed trailer after the author,

    bob [score 12, edited, op] on May 1st, 2020 at 10:00 UTC »

which a reader that does not know it takes for part of the author's name. The trailer holds
what the model has beyond author, time and body: `score N`, `edited`, the state (`deleted`,
`removed`, `dead`), markers (`op`, `moderator`... bare words; others as JSON strings), and
`depth N` when the header's indent is capped (past `INDENT_CAP` levels the writer indents no
further, so a deep chain stays linear in size; the depth counts on capped lines only). An
author that itself ends like a trailer is written with an empty one (`x [op] []`). The
thread's own facts that the layout has no place for (its site format, url, extra fields,
whether the byline is the page's own) go on a first line `[threadview {json}]`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from threadview.model import MONTH_NAMES, Comment, Thread

AnyStr = TypeVar("AnyStr", str, bytes)
HeaderLine = tuple[int, int, "re.Match[AnyStr]"]

HEADER_PATTERN = (
    r"(?P<indent> *)(?P<author>\S.*?) on (?:"
    r"(?P<date>(?P<calendar>(?P<month>" + "|".join(MONTH_NAMES) + r") (?P<day>[0-9]{1,2})"
    r"(?:st|nd|rd|th), (?P<year>[0-9]{4})) at (?P<clock>(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2}))"
    r"(?::(?P<second>[0-9]{2}))?) UTC|(?P<unknown>an unknown date)) »[ \t]*"
)
"""A comment header line. Besides each part of the date, `calendar` is its day
(``May 1st, 2020``) and `clock` its hour and minute, so a scan looks each up whole."""
MORE_PATTERN = (
    r"(?P<indent> *)\[(?:\+(?P<count>[1-9][0-9]{0,8}) more repl(?:y|ies)"
    r"|continue this thread: more replies) not in this file\][ \t]*"
)
CONTINUE_LINE = "[continue this thread: more replies not in this file]"
"""The stub line for Reddit's "continue this thread" (replies on another page, no count)."""
_LINE_END = r"(?=\n|\Z)"


@dataclass(frozen=True)
class Syntax(Generic[AnyStr]):
    """The layout's patterns and literals, as `str` or as `bytes`."""

    header: re.Pattern[AnyStr]
    more: re.Pattern[AnyStr]
    arrow: AnyStr
    more_needle: AnyStr
    newline: AnyStr
    space: AnyStr
    backslash: AnyStr
    blank_line: re.Pattern[AnyStr]
    blank: AnyStr
    decode: Callable[[AnyStr], str]
    header_line: re.Pattern[AnyStr]
    """`header` that matches from a line's start up to its end (for `match(text, start)`)."""
    more_line: re.Pattern[AnyStr]
    close: AnyStr
    """The bracket that ends a header trailer (`parsing.layout`)."""

    def is_header(self, line: AnyStr) -> bool:
        """Whether a line is a comment header or a more-stub."""
        return (self.arrow in line and self.header.fullmatch(line) is not None) or (
            self.more_needle in line and self.more.fullmatch(line) is not None
        )

    def unescape(self, line: AnyStr) -> AnyStr:
        """Undo the writer's escape: a header-like line gets one trailing backslash."""
        if line.endswith(self.backslash) and self.is_header(line.rstrip(self.backslash)):
            return line[:-1]
        return line


def _decode(data: bytes) -> str:
    return data.decode("utf-8")


TEXT: Syntax[str] = Syntax(
    re.compile(HEADER_PATTERN, re.ASCII),
    re.compile(MORE_PATTERN, re.ASCII),
    "»",
    "more repl",
    "\n",
    " ",
    "\\",
    re.compile(r"^[ \t\f\v]+$", re.MULTILINE),
    " \t\f\v",
    str,
    re.compile(HEADER_PATTERN + _LINE_END, re.ASCII),
    re.compile(MORE_PATTERN + _LINE_END, re.ASCII),
    "]",
)
UTF8: Syntax[bytes] = Syntax(
    re.compile(HEADER_PATTERN.encode()),
    re.compile(MORE_PATTERN.encode()),
    "»".encode(),
    b"more repl",
    b"\n",
    b" ",
    b"\\",
    re.compile(rb"^[ \t\f\v]+$", re.MULTILINE),
    b" \t\f\v",
    _decode,
    re.compile((HEADER_PATTERN + _LINE_END).encode()),
    re.compile((MORE_PATTERN + _LINE_END).encode()),
    b"]",
)


def syntax_for(text: AnyStr) -> Syntax[AnyStr]:
    return UTF8 if isinstance(text, bytes) else TEXT


MORE_MARK = "»"
"""What ends a digest story's excerpt on the page (a link to the whole story)."""

BYLINE_RE = re.compile(
    r"Authored by(?: and submitted by (?P<sub_only>\S.*?)"
    r"| (?P<source>\S.*?)(?: and submitted by (?P<submitter>\S.*?))?)?[ \t]*"
)
IMAGE_RE = re.compile(r"image for(?: (?P<image>.*?))?[ \t]*")
HEADER_ESCAPE = "\\"
"""Ends a body or article line that would otherwise read as a header (taken off on reading)."""
INDENT_CAP = 32
"""Levels of indent the writer writes at most; deeper headers say their depth."""
DEPTH_INDENT = 2 * INDENT_CAP
"""A header's `depth N` counts only at this indent or deeper, where the writer puts it (so
the parser reads trailers during its scan on those lines alone)."""
STATES = ("deleted", "removed", "dead")
_RESERVED = (*STATES, "edited", "score", "depth")
_WORD = re.compile(r"[A-Za-z0-9_-]+")
_TRAILER = re.compile(r"(?P<author>.*?) \[(?P<items>[^\[\]]*)\]")
_ITEM = re.compile(r'\s*(?:"(?:[^"\\]|\\.)*"|[^,"]*?)\s*(?:,|\Z)')
_NUMBER = re.compile(r"-?[0-9]{1,18}")
META_RE = re.compile(r"\[threadview (?P<json>\{.*\})\]")
NATIVE_FORMATS = ("text", "scraped", "plain")
"""Formats the layout itself tells apart; others are named on the metadata line."""


@dataclass(frozen=True, slots=True)
class Trailer:
    """What a comment header's trailer says."""

    score: int | None = None
    edited: bool = False
    state: str = "live"
    markers: tuple[str, ...] = ()
    depth: int | None = None


def _items(text: str) -> list[str] | None:
    """The trailer's comma-separated items, or None when it is not a trailer's list."""
    if not text.strip():
        return []
    items: list[str] = []
    position = 0
    while position < len(text):
        match = _ITEM.match(text, position)
        if match is None or match.end() == position:
            return None
        item = match.group().strip().rstrip(",").strip()
        if not item:
            return None
        items.append(item)
        position = match.end()
    return items if not text.rstrip().endswith(",") else None


def read_trailer(author: str) -> tuple[str, Trailer | None]:
    """The author without its trailer, and the trailer (None when there is none)."""
    if not author.endswith("]"):
        return author, None
    match = _TRAILER.fullmatch(author)
    if match is None or not match.group("author"):
        return author, None
    items = _items(match.group("items"))
    if items is None:
        return author, None
    score: int | None = None
    depth: int | None = None
    edited = False
    state = "live"
    markers: list[str] = []
    for item in items:
        word, _, number = item.partition(" ")
        if word in ("score", "depth") and _NUMBER.fullmatch(number):
            if word == "score" and score is None:
                score = int(number)
            elif word == "depth" and depth is None and not number.startswith("-"):
                depth = int(number)
            else:
                return author, None
        elif item == "edited" and not edited:
            edited = True
        elif item in STATES and state == "live":
            state = item
        elif item.startswith('"'):
            try:
                markers.append(json.loads(item))
            except ValueError:
                return author, None
        elif _WORD.fullmatch(item) and item not in _RESERVED:
            markers.append(item)
        else:
            return author, None
    return match.group("author"), Trailer(score, edited, state, tuple(markers), depth)


def write_author(comment: Comment, depth: int | None = None) -> str:
    """The author as a header writes it: with a trailer when there is anything to say."""
    items: list[str] = []
    if comment.score is not None:
        items.append(f"score {comment.score}")
    if comment.edited:
        items.append("edited")
    if comment.state != "live":
        items.append(comment.state)
    for marker in comment.markers:
        plain = _WORD.fullmatch(marker) and marker not in _RESERVED
        items.append(marker if plain else json.dumps(marker, ensure_ascii=False))
    if depth is not None:
        items.append(f"depth {depth}")
    author = comment.author
    if items or read_trailer(author)[1] is not None:
        return f"{author} [{', '.join(items)}]"
    return author


def byline_of(thread: Thread) -> str | None:
    """The byline to write: the one read, else one made from source and submitter."""
    if thread.byline is not None:
        return thread.byline
    if thread.title is None and thread.source is None and thread.submitter is None:
        return None
    line = "Authored by"
    if thread.source:
        line += f" {thread.source}"
    if thread.submitter:
        line += f" and submitted by {thread.submitter}"
    return line


def escape_line(line: str) -> str:
    """A line that would read back as a header (or as an escaped one) gets a trailing
    backslash; the parser takes one off again (`Syntax.unescape`)."""
    if "»" not in line and "more repl" not in line:
        return line
    return line + HEADER_ESCAPE if TEXT.is_header(line.rstrip(HEADER_ESCAPE)) else line


def write_block_line(line: str) -> str:
    """A line of a site thread's article block as written. Markdown blocks may hold blank
    lines (a code sample): each is written as a lone backslash, and a line of backslashes
    alone gets one more, so the block stays one block."""
    return line if line.strip("\\") else line + "\\"


def read_block_line(line: str) -> str:
    """`write_block_line` undone."""
    return line if line.strip("\\") or not line else line[:-1]


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def header_date(stamp: datetime | None) -> str:
    """The header's date phrase: ``November 8th, 2019 at 02:00 UTC`` or ``an unknown date``."""
    if stamp is None:
        return "an unknown date"
    clock = f"{stamp.hour:02d}:{stamp.minute:02d}"
    if stamp.second:
        clock += f":{stamp.second:02d}"
    month = MONTH_NAMES[stamp.month - 1]
    return f"{month} {stamp.day}{_ordinal(stamp.day)}, {stamp.year} at {clock} UTC"


def write_meta(fields: dict[str, object]) -> str:
    """The metadata line for the thread facts in `fields`."""
    return f"[threadview {json.dumps(fields, ensure_ascii=False, sort_keys=True)}]"


def read_meta(line: str) -> dict[str, object] | None:
    """The facts of a metadata line, or None when the line is not one."""
    match = META_RE.fullmatch(line)
    if match is None:
        return None
    try:
        fields = json.loads(match.group("json"))
    except (ValueError, RecursionError):  # deep nesting: not ours, just a line of text
        return None
    if not isinstance(fields, dict):
        return None
    if not isinstance(fields.get("format", ""), str) or not isinstance(fields.get("url", ""), str):
        return None
    extra = fields.get("extra", {})
    if not isinstance(extra, dict) or not all(is_plain(v) for v in extra.values()):
        return None
    return fields


def is_plain(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))
