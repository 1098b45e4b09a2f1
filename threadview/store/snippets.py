"""A short piece of a comment around the first place a search matched, with the matches'
offsets so a display can highlight them. Plain text in, plain text out."""

from __future__ import annotations

import re

WIDTH = 160
"""About how many characters a snippet shows."""


def snippet(text: str, pattern: re.Pattern[str] | None) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The part of `text` (on one line) around the first match of `pattern`, and the
    (start, end) of every match inside that part."""
    flat = " ".join(text.split())
    first = pattern.search(flat) if pattern is not None else None
    start = 0
    if first is not None and first.start() > WIDTH // 3:
        start = flat.rfind(" ", 0, first.start() - WIDTH // 3) + 1
    end = start + WIDTH
    if end < len(flat):
        cut = flat.rfind(" ", start, end)
        end = cut if cut > start else end
    piece = flat[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    shown = prefix + piece + suffix
    if pattern is None:
        return shown, ()
    marks = tuple(
        (m.start() + len(prefix), m.end() + len(prefix))
        for m in pattern.finditer(piece)
        if m.end() > m.start()
    )
    return shown, marks
