"""Choose a parser by content (or by the user's --from), never by file name."""

from __future__ import annotations

import re

from threadview.model import Thread
from threadview.parsing.errors import ParseError
from threadview.parsing.scraped import parse_layout

TEXT_NAMES = ("text", "scraped")
JSON_NAMES = ("reddit", "hn")
FORMAT_NAMES = TEXT_NAMES + JSON_NAMES


_LEADING_SPACE = re.compile(r"\s*")
_LEADING_SPACE_BYTES = re.compile(rb"\s*")


def _looks_like_json(text: str | bytes) -> bool:
    if isinstance(text, bytes):
        spaces = _LEADING_SPACE_BYTES.match(text)  # matches the empty string too
        start = spaces.end() if spaces else 0
        return text[start : start + 1] in (b"{", b"[")
    space = _LEADING_SPACE.match(text)
    start = space.end() if space else 0
    return text[start : start + 1] in ("{", "[")


def parse_detected(
    text: str | bytes, from_name: str | None = None, limit: int | None = None
) -> Thread:
    """Parse `text` (a string, or valid UTF-8 bytes) as the named format, or as whatever
    its content says it is."""
    if from_name is not None and from_name not in FORMAT_NAMES:
        known = ", ".join(FORMAT_NAMES)
        raise ParseError(f"unknown input format {from_name!r} (known: {known})")
    if from_name in TEXT_NAMES:
        return _parse_text(text, limit)
    if from_name in JSON_NAMES or _looks_like_json(text):
        as_text = text if isinstance(text, str) else text.decode("utf-8")
        thread = _parse_json(as_text, from_name, limit)  # raises when --from names JSON
        if thread is not None:
            return thread
    return _parse_text(text, limit)


def _parse_text(text: str | bytes, limit: int | None) -> Thread:
    # parse_layout is generic over str and bytes; a union must pick one side first.
    if isinstance(text, str):
        return parse_layout(text, limit)
    return parse_layout(text, limit)


def _parse_json(text: str, from_name: str | None, limit: int | None) -> Thread | None:
    from threadview.parsing.jsonload import parse_json  # only JSON input pays for it

    return parse_json(text, from_name, limit)
