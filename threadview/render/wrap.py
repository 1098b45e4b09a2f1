"""Wrapping styled text into screen lines that never exceed a width in cells.

Words wrap at spaces; a word wider than the line (a 10 MB token, a 1 MB URL) is folded at
grapheme boundaries. Pure-ASCII and other single-cell text is cut by slicing, so giant
lines cost one pass. Every line that leaves here is at most `width` cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rich.cells import cell_len, split_graphemes
from rich.style import Style
from rich.text import Text

from threadview.render.safe import safe_text

Decorate = Callable[[Text], None]
"""Adds styles to a block of text in place (links, translation notes); never changes it."""

_WORDS = re.compile(r"\s*\S+\s*")
_SINGLE_CELL = re.compile(r"[\x20-\x7e\xa0-\xac\xae-\u02ff]*\Z")
TAB_SIZE = 4


def _single_cell(text: str) -> bool:
    return _SINGLE_CELL.match(text) is not None


def fold_offsets(text: str, width: int) -> list[int]:
    """Offsets that cut `text` into pieces of at most `width` cells, between graphemes.

    A grapheme wider than `width` (a wide character at width 1) gets a piece of its own.
    """
    width = max(1, width)
    if _single_cell(text):
        return list(range(width, len(text), width))
    offsets: list[int] = []
    used = 0
    for start, _end, cells in split_graphemes(text)[0]:
        if used + cells > width and used > 0:
            offsets.append(start)
            used = 0
        used += cells
    return offsets


def break_offsets(text: str, width: int) -> list[int]:
    """Where to break one line of `text` (no newlines) so each piece fits `width` cells."""
    width = max(1, width)
    single = _single_cell(text)
    if len(text) <= width if single else cell_len(text) <= width:
        return []
    measure = len if single else cell_len
    offsets: list[int] = []
    position = 0
    for match in _WORDS.finditer(text):
        start = match.start()
        word = match.group()
        size = measure(word.rstrip())
        if size <= width - position:
            position += measure(word)
            continue
        if size <= width:
            if start:
                offsets.append(start)
            position = measure(word)
            continue
        if position and start:
            offsets.append(start)
        folds = fold_offsets(word, width)
        offsets.extend(start + fold for fold in folds)
        position = measure(word[folds[-1] :] if folds else word)
    return [o for o in offsets if 0 < o < len(text)]


def _source_lines(text: Text) -> list[Text]:
    """`text` split at newlines, tabs expanded."""
    if "\t" in text.plain:
        text = text.copy()
        text.expand_tabs(TAB_SIZE)
    return list(text.split("\n", allow_blank=True)) if "\n" in text.plain else [text]


def wrap_text(text: Text, width: int) -> list[Text]:
    """`text` as screen lines: split at newlines, word-wrapped, long words folded."""
    width = max(1, width)
    lines: list[Text] = []
    for line in _source_lines(text):
        offsets = break_offsets(line.plain, width)
        pieces = line.divide(offsets) if offsets else [line]
        for piece in pieces:
            if len(pieces) > 1:
                piece.rstrip()
            lines.append(fit(piece, width))
    return lines


def fold_text(text: Text, width: int) -> list[Text]:
    """`text` as screen lines: split at newlines, each cut at `width` cells (code blocks)."""
    width = max(1, width)
    lines: list[Text] = []
    for line in _source_lines(text):
        offsets = fold_offsets(line.plain, width)
        lines.extend(fit(piece, width) for piece in (line.divide(offsets) if offsets else [line]))
    return lines


def fit(line: Text, width: int) -> Text:
    """`line` unchanged when it fits, else cut to `width` cells (a last resort)."""
    if len(line.plain) <= width and _single_cell(line.plain):
        return line
    if cell_len(line.plain) <= width:
        return line
    return truncate(line, width)


def truncate(text: Text, width: int, ellipsis: str = "…") -> Text:
    """A copy of `text` cut to at most `width` cells, ending in `ellipsis` when cut.

    Wide characters are never split: a half that does not fit becomes a space.
    """
    if width <= 0:
        return Text("", style=text.style, end="")
    if cell_len(text.plain) <= width:
        return text.copy()
    result = text.copy()
    marker = ellipsis if cell_len(ellipsis) < width else ""
    result.truncate(width - cell_len(marker), overflow="crop")
    if cell_len(result.plain) > width - cell_len(marker):  # a wide last grapheme
        result.plain = result.plain[:-1]
    if marker:
        result.append(marker, "dim")
    return result


def render_plain_lines(
    text: str, width: int, style: str | Style = "", *, decorate: Decorate | None = None
) -> list[Text]:
    """Non-Markdown text (article paragraphs): sanitised, decorated, wrapped to `width`."""
    block = safe_text(text, style)
    if decorate is not None:
        decorate(block)
    return wrap_text(block, width)
