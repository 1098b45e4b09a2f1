"""Parsing: file bytes to a Thread. ParseError is the only error that leaves this package."""

from __future__ import annotations

from threadview.parsing.errors import ParseError
from threadview.parsing.load import (
    Document,
    load_or_reason,
    load_path,
    parse_bytes,
    parse_document,
    parse_text,
    read_document,
)

__all__ = [
    "Document",
    "ParseError",
    "load_or_reason",
    "load_path",
    "parse_bytes",
    "parse_document",
    "parse_text",
    "read_document",
]
