"""The one error type that leaves the parsing package."""

from __future__ import annotations


class ParseError(Exception):
    """Input that cannot become a thread; the message is one line meant for the user."""
