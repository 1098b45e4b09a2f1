"""Choose a parser by content (or by the user's --from), never by file name."""

from __future__ import annotations

from threadview.model import Thread
from threadview.parsing.errors import ParseError
from threadview.parsing.scraped import parse_layout

TEXT_NAMES = ("text", "scraped")
JSON_NAMES = ("reddit", "hn")
FORMAT_NAMES = TEXT_NAMES + JSON_NAMES


def parse_detected(text: str, from_name: str | None = None, limit: int | None = None) -> Thread:
    """Parse `text` as the named format, or as whatever its content says it is."""
    if from_name is not None and from_name not in FORMAT_NAMES:
        known = ", ".join(FORMAT_NAMES)
        raise ParseError(f"unknown input format {from_name!r} (known: {known})")
    if from_name in TEXT_NAMES:
        return parse_layout(text, limit)
    if from_name in JSON_NAMES or text.lstrip()[:1] in ("{", "["):
        thread = _parse_json(text, from_name)
        if thread is not None:
            return thread
        if from_name is not None:
            raise ParseError(f"not a JSON document, so not {from_name} input")
    return parse_layout(text, limit)


def _parse_json(text: str, from_name: str | None) -> Thread | None:
    try:
        from threadview.parsing.jsonload import parse_json
    except ImportError:  # the JSON loaders are optional until they land
        return None
    return parse_json(text, from_name)
