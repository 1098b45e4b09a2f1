"""Undo hard wrapping in plain text: rejoin a paragraph's lines, keep lines that stand apart.

Mail and fixed-width pages break paragraphs at a fixed column; wrapped again to the pane,
those lines come out ragged (long, short, long, short). A line was wrapped when the next
line's first word would not have fitted after it within the text's own column, so only
then is the next line joined to it. List items, `>` quotes and indented (code or table)
lines always start a piece of their own; quotes are rejoined inside the quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

PieceKind = Literal["text", "quote", "verbatim"]

LIST_ITEM = re.compile(r"[ ]{0,3}(?:[-*+•]|\d{1,3}[.)])[ \t]+\S")
QUOTE = re.compile(r"[ ]{0,3}>[ ]?")
VERBATIM = re.compile(r"(?:\t|[ ]{4})")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text shown as one unit: a rejoined paragraph, a quote, or a verbatim line."""

    kind: PieceKind
    text: str


def wrap_column(texts: Iterable[str]) -> int:
    """The column a text was hard-wrapped at: its longest line that has a line after it
    in the same block (a block's last line may be short; single lines say nothing)."""
    column = 0
    for text in texts:
        lines = text.split("\n")
        for line in lines[:-1]:
            if not VERBATIM.match(line):
                column = max(column, len(line.rstrip()))
    return column


def _first_word(line: str) -> str:
    words = line.split(None, 1)
    return words[0] if words else ""


def _wrapped_before(previous: str, line: str, column: int) -> bool:
    """Whether `previous` ended where it did only because `line`'s first word didn't fit."""
    return len(previous.rstrip()) + 1 + len(_first_word(line)) > column


def reflow(text: str, column: int) -> list[Piece]:
    """The pieces of one block of plain text, its hard-wrapped lines rejoined."""
    pieces: list[Piece] = []
    quoted: list[str] = []
    current: list[str] = []
    previous = ""

    def close_text() -> None:
        if current:
            pieces.append(Piece("text", " ".join(current)))
            current.clear()

    def close_quote() -> None:
        if quoted:
            inner = reflow("\n".join(quoted), max(1, column - 2))
            pieces.extend(Piece("quote", piece.text) for piece in inner)
            quoted.clear()

    for line in text.split("\n"):
        quote = QUOTE.match(line)
        if quote:
            close_text()
            quoted.append(line[quote.end() :])
            previous = ""
            continue
        close_quote()
        if VERBATIM.match(line):
            close_text()
            pieces.append(Piece("verbatim", line.rstrip()))
            previous = ""
            continue
        if not (current and not LIST_ITEM.match(line) and _wrapped_before(previous, line, column)):
            close_text()
        current.append(line.strip() if current else line.rstrip())
        previous = line
    close_text()
    close_quote()
    return pieces


def reflow_blocks(texts: Sequence[str]) -> list[list[Piece]]:
    """Every block's pieces, measured against the column of the whole text."""
    column = wrap_column(texts)
    return [reflow(text, column) for text in texts]
