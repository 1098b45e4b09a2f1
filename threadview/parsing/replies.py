"""The comment section of the text layout: find header lines, build the reply forest.

Works on `str` or on UTF-8 `bytes` alike. Big files are parsed as bytes so that bodies stay
UTF-8 in the model (`Comment.raw_body`): a body with one emoji would otherwise be held by
Python at four bytes a character.
"""

from __future__ import annotations

import gc
import heapq
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Generic, TypeVar

from threadview.model import (
    MONTH_NAMES,
    Comment,
    MoreStub,
    Node,
    content_ids,
    normalize_body,
    sort_siblings,
    unique_ids,
)

AnyStr = TypeVar("AnyStr", str, bytes)
Record = tuple[str, datetime | None, "str | bytes"] | int
HeaderLine = tuple[int, int, "re.Match[AnyStr]"]

HEADER_PATTERN = (
    r"(?P<indent> *)(?P<author>\S.*?) on (?:"
    r"(?P<date>(?P<month>" + "|".join(MONTH_NAMES) + r") (?P<day>[0-9]{1,2})(?:st|nd|rd|th), "
    r"(?P<year>[0-9]{4}) at (?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?)"
    r" UTC|(?P<unknown>an unknown date)) »[ \t]*"
)
MORE_PATTERN = (
    r"(?P<indent> *)\[\+(?P<count>[1-9][0-9]{0,8}) more repl(?:y|ies) not in this file\][ \t]*"
)
_UTC = timezone.utc
_MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, start=1)}


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
)


def syntax_for(text: AnyStr) -> Syntax[AnyStr]:
    return UTF8 if isinstance(text, bytes) else TEXT  # type: ignore[return-value]


def _scan(
    text: AnyStr, needle: AnyStr, pattern: re.Pattern[AnyStr], newline: AnyStr
) -> Iterator[HeaderLine]:
    """Lines holding `needle` that fully match `pattern`; linear in the text."""
    position = text.find(needle)
    size = len(text)
    while position >= 0:
        start = text.rfind(newline, 0, position) + 1
        stop = text.find(newline, position)
        if stop < 0:
            stop = size
        match = pattern.fullmatch(text, start, stop)
        if match is not None:
            yield start, stop, match
        position = text.find(needle, stop)


def find_headers(text: AnyStr) -> Iterator[HeaderLine]:
    """(line start, line end, match) of every comment header and more-stub, in order."""
    syntax = syntax_for(text)
    headers = _scan(text, syntax.arrow, syntax.header, syntax.newline)
    if syntax.more_needle not in text:
        return headers
    stubs = _scan(text, syntax.more_needle, syntax.more, syntax.newline)
    return heapq.merge(headers, stubs, key=lambda item: item[0])


def preview_end(text: AnyStr, limit: int) -> int | None:
    """Offset of the (limit+1)-th comment header, or None if there are fewer: a preview
    of a huge file parses only what comes before it."""
    header = syntax_for(text).header
    found = 0
    for start, _, match in find_headers(text):
        if match.re is header:
            if found == limit:
                return start
            found += 1
    return None


class _Stamps:
    """Header timestamps, one shared datetime per distinct date text."""

    def __init__(self) -> None:
        self.cache: dict[object, datetime | None] = {}

    def get(self, match: re.Match[AnyStr]) -> datetime | None:
        date = match.group("date")
        try:
            return self.cache[date]
        except KeyError:
            pass
        stamp: datetime | None = None
        if date is not None:
            year, month, day, hour, minute, second = match.group(
                "year", "month", "day", "hour", "minute", "second"
            )
            name = month if isinstance(month, str) else month.decode()
            try:
                stamp = datetime(
                    int(year),
                    _MONTHS[name],
                    int(day),
                    int(hour),
                    int(minute),
                    int(second or 0),
                    tzinfo=_UTC,
                )
            except ValueError:
                stamp = None
        self.cache[date] = stamp
        return stamp


def normalize_raw(chunk: AnyStr, syntax: Syntax[AnyStr]) -> AnyStr:
    """`model.normalize_body` for str or bytes."""
    if isinstance(chunk, str):
        return normalize_body(chunk)  # type: ignore[return-value]
    # Substring tests are memchr-fast; one regex with alternatives is ten times slower.
    if (
        b" \n" in chunk
        or b"\t\n" in chunk
        or b"\f" in chunk
        or b"\v" in chunk
        or (chunk[-1:] in (b" ", b"\t"))
    ):
        chunk = syntax.blank_line.sub(b"", chunk)
    return chunk.strip(b"\n")


def body_of(chunk: AnyStr, indent: int, syntax: Syntax[AnyStr]) -> AnyStr:
    """A comment body from the text after its header line (which starts with a newline)."""
    newline = syntax.newline
    if indent:
        chunk = chunk.replace(newline + syntax.space * indent, newline)
    if syntax.backslash + newline in chunk or chunk.endswith(syntax.backslash):
        chunk = newline.join(syntax.unescape(line) for line in chunk.split(newline))
    return normalize_raw(chunk, syntax)


def build_forest(
    text: AnyStr, headers: Iterator[HeaderLine], warnings: list[str]
) -> tuple[Node, ...]:
    """The comment forest, each level sorted oldest first, ids unique."""
    enabled = gc.isenabled()
    gc.disable()  # many acyclic records: collections would only rescan them
    try:
        records, parents = _records(text, headers, warnings)
        return _build(records, parents)
    finally:
        if enabled:
            gc.enable()


def _records(
    text: AnyStr, headers: Iterator[HeaderLine], warnings: list[str]
) -> tuple[list[Record], list[int]]:
    """One record per header, and its parent's index; works one header behind the scan,
    so match objects never pile up."""
    syntax = syntax_for(text)
    get_stamp = _Stamps().get
    authors: dict[object, str] = {}
    parents: list[int] = []
    records: list[Record] = []
    stack: list[tuple[int, int]] = []
    current = next(headers, None)
    while current is not None:
        start, stop, match = current
        current = next(headers, None)
        after = current[0] if current is not None else len(text)
        indent = match.end("indent") - start
        if match.re is syntax.more:
            record: Record = int(match.group("count"))
            if text[stop:after].strip(syntax.blank + syntax.newline):
                line = syntax.decode(text[start:stop]).strip()
                warnings.append(f"{line!r}: text after a more-stub kept as a comment")
                body = body_of(syntax.newline + text[start + indent : after], indent, syntax)
                record = ("[unknown]", None, body)
        else:
            stamp = get_stamp(match)
            if stamp is None and match.start("unknown") < 0:
                line = syntax.decode(text[start:stop])
                warnings.append(f"impossible date in comment header {line!r}")
            raw_author = match.group("author")
            author = authors.get(raw_author)
            if author is None:
                author = authors[raw_author] = syntax.decode(raw_author)
            chunk = text[stop:after]
            if indent or syntax.backslash in chunk:
                body = body_of(chunk, indent, syntax)
            else:
                body = normalize_raw(chunk, syntax)
            record = (author, stamp, body)
        if isinstance(record, int):
            # A stub is no comment: it nests like one but is never anyone's parent.
            parents.append(next((item for level, item in reversed(stack) if level < indent), -1))
        else:
            while stack and stack[-1][0] >= indent:
                stack.pop()
            parents.append(stack[-1][1] if stack else -1)
            stack.append((indent, len(records)))
        records.append(record)
    return records, parents


def _build(records: list[Record], parents: list[int]) -> tuple[Node, ...]:
    """Comments bottom-up (children come after parents), each level sorted oldest first."""
    made_ids = content_ids(
        record if isinstance(record, tuple) else ("", None, "") for record in records
    )
    children: list[list[Node] | None] = [None] * len(records)
    top: list[Node] = []
    for index in range(len(records) - 1, -1, -1):
        record = records[index]
        kids = children[index]
        if isinstance(record, tuple):
            author, stamp, body = record
            if kids is None:
                replies: tuple[Node, ...] = ()
            elif len(kids) == 1:
                replies = (kids[0],)
            else:
                kids.reverse()
                replies = sort_siblings(kids, "oldest")
            node: Node = Comment(made_ids[index], author, stamp, body, replies)
        else:
            node = MoreStub(record)
        parent = parents[index]
        if parent < 0:
            top.append(node)
        elif siblings := children[parent]:
            siblings.append(node)
        else:
            children[parent] = [node]
    top.reverse()
    forest = sort_siblings(top, "oldest")
    return forest if len(set(made_ids)) == len(made_ids) else unique_ids(forest)
