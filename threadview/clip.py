"""Cutting a line of text to a width, the cut marked with "…"."""

from __future__ import annotations


def clip(text: str, width: int) -> str:
    """`text` whole when it fits in `width` characters, else its start (trailing spaces
    dropped) and "…", `width` characters at most."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
