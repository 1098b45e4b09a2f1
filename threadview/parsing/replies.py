"""The comment section of the text layout: find header lines, build the reply forest.

Works on `str` or on UTF-8 `bytes` alike. Big files are parsed as bytes so that bodies stay
UTF-8 in the model (`Comment.raw_body`): a body with one emoji would otherwise be held by
Python at four bytes a character.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from threadview.model import MONTH_NAMES, normalize_body

AnyStr = TypeVar("AnyStr", str, bytes)
HeaderLine = tuple[int, int, "re.Match[AnyStr]"]

HEADER_PATTERN = (
    r"(?P<indent> *)(?P<author>\S.*?) on (?:"
    r"(?P<date>(?P<month>" + "|".join(MONTH_NAMES) + r") (?P<day>[0-9]{1,2})(?:st|nd|rd|th), "
    r"(?P<year>[0-9]{4}) at (?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?)"
    r" UTC|(?P<unknown>an unknown date)) »[ \t]*"
)
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


def _scan(
    text: AnyStr, needle: AnyStr, line_pattern: re.Pattern[AnyStr], newline: AnyStr
) -> Iterator[HeaderLine[AnyStr]]:
    """Lines holding `needle` that wholly match `line_pattern`; linear in the text."""
    position = text.find(needle)
    while position >= 0:
        start = text.rfind(newline, 0, position) + 1
        match = line_pattern.match(text, start)
        if match is not None:
            stop = match.end()
            yield start, stop, match
        else:
            stop = text.find(newline, position)
            if stop < 0:
                return
        position = text.find(needle, stop)


def find_headers(text: AnyStr) -> Iterator[HeaderLine[AnyStr]]:
    """(line start, line end, match) of every comment header and more-stub, in order."""
    syntax = syntax_for(text)
    headers = _scan(text, syntax.arrow, syntax.header_line, syntax.newline)
    if syntax.more_needle not in text:
        return headers
    stubs = _scan(text, syntax.more_needle, syntax.more_line, syntax.newline)
    return heapq.merge(headers, stubs, key=lambda item: item[0])


def preview_end(text: AnyStr, limit: int) -> int | None:
    """Offset of the (limit+1)-th comment header, or None if there are fewer: a preview
    of a huge file parses only what comes before it."""
    header = syntax_for(text).header_line
    found = 0
    for start, _, match in find_headers(text):
        if match.re is header:
            if found == limit:
                return start
            found += 1
    return None


def normalize_raw(chunk: AnyStr, syntax: Syntax[AnyStr]) -> AnyStr:
    """`model.normalize_body` for str or bytes."""
    if isinstance(chunk, str):
        return normalize_body(chunk)
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
