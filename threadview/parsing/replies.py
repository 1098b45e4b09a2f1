"""The comment section of the text layout: find header lines, cut out bodies.

Works on `str` or on UTF-8 `bytes` alike. Big files are parsed as bytes so that bodies stay
UTF-8 in the model (`Comment.raw_body`): a body with one emoji would otherwise be held by
Python at four bytes a character.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator

from threadview.model import normalize_body
from threadview.parsing.layout import AnyStr, HeaderLine, Syntax, syntax_for


def _scan(
    text: AnyStr,
    needle: AnyStr,
    line_pattern: re.Pattern[AnyStr],
    newline: AnyStr,
    end: int | None = None,
) -> Iterator[HeaderLine[AnyStr]]:
    """Lines holding `needle` (before `end`, when given) that wholly match
    `line_pattern`; linear in the text."""
    end = len(text) if end is None else end
    position = text.find(needle, 0, end)
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
        position = text.find(needle, stop, end)


def find_first_header(text: AnyStr) -> HeaderLine[AnyStr] | None:
    """What `find_headers` gives first, without looking for more-stubs past the first
    comment header (a whole big file's search)."""
    syntax = syntax_for(text)
    header = next(_scan(text, syntax.arrow, syntax.header_line, syntax.newline), None)
    end = header[0] if header is not None else len(text)
    stubs = _scan(text, syntax.more_needle, syntax.more_line, syntax.newline, end)
    return next(stubs, header)


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
