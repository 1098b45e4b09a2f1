"""A giant comment's screen lines, rendered a chunk at a time as rows are asked for.

Rendering a 500 MB body at once made tens of millions of `Text` objects (17 bytes of
memory for each byte of the file). Here the body is cut into chunks of whole source lines;
a chunk is rendered when one of its rows is read and only the last few stay rendered.
Unrendered chunks count an estimated height, corrected once rendered, as the comment pane
does for whole comments.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Sequence
from itertools import accumulate, pairwise
from typing import overload

from rich.text import Text

CHUNK_CHARS = 64 * 1024
CHUNKS_KEPT = 8

RenderChunk = Callable[[str], list[Text]]


def chunk_cuts(body: str | bytes, size: int = CHUNK_CHARS) -> array[int]:
    """Offsets that cut `body` after a newline about every `size` characters (one line
    longer than that stays whole). In UTF-8 bytes a newline is always a whole character."""
    cuts = array("q", [0])
    end = len(body)
    while cuts[-1] + size < end:
        newline = (
            body.find("\n", cuts[-1] + size)
            if isinstance(body, str)
            else body.find(b"\n", cuts[-1] + size)
        )
        if newline < 0 or newline + 1 >= end:
            break
        cuts.append(newline + 1)
    cuts.append(end)
    return cuts


def _newlines(body: str | bytes, start: int, stop: int) -> int:
    return (
        body.count("\n", start, stop) if isinstance(body, str) else body.count(b"\n", start, stop)
    )


class LazyLines(Sequence[Text]):
    """`head`, then the rows of `body` rendered by `render` a chunk at a time, then `tail`.

    `body` is text or UTF-8 bytes (kept as given: a comment's raw body). `render` gets one
    chunk's text (whole source lines, without the newline that ends the chunk) and
    returns its rows; `width` is what it wraps to, for the estimates.
    """

    def __init__(
        self,
        head: list[Text],
        body: str | bytes,
        render: RenderChunk,
        width: int,
        tail: list[Text],
        chunk_chars: int = CHUNK_CHARS,
    ) -> None:
        self._head, self._tail, self._body, self._render = head, tail, body, render
        self._cuts = chunk_cuts(body, chunk_chars)
        width = max(1, width)
        self._heights = array(
            "q",
            (
                _newlines(body, start, stop) + (stop - start) // width + 1
                for start, stop in pairwise(self._cuts)
            ),
        )
        self._exact = bytearray(len(self._heights))
        self._rows: OrderedDict[int, list[Text]] = OrderedDict()
        self._starts = array("q")
        self._recount()

    def _recount(self) -> None:
        """Where each chunk's rows start (after `head`), and the total."""
        self._starts = array("q", accumulate(self._heights, initial=len(self._head)))
        self._total = self._starts[-1] + len(self._tail)

    def __len__(self) -> int:
        return self._total

    @overload
    def __getitem__(self, index: int) -> Text: ...

    @overload
    def __getitem__(self, index: slice) -> list[Text]: ...

    def __getitem__(self, index: int | slice) -> Text | list[Text]:
        if isinstance(index, slice):
            return [self[row] for row in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index < len(self._head):
            return self._head[index]
        if index >= self._starts[-1]:
            return self._tail[index - self._starts[-1]]
        chunk = bisect_right(self._starts, index) - 1
        rows = self._chunk(chunk)
        within = index - self._starts[chunk]
        # A corrected height moves the rows after it; the pane re-measures (see its
        # `render_line`), and until then a row past the chunk's end shows blank.
        return rows[within] if within < len(rows) else Text("")

    def _chunk(self, chunk: int) -> list[Text]:
        rows = self._rows.get(chunk)
        if rows is not None:
            self._rows.move_to_end(chunk)
        else:
            start, stop = self._cuts[chunk], self._cuts[chunk + 1]
            piece = self._body[start:stop]
            text = piece if isinstance(piece, str) else piece.decode("utf-8", "replace")
            rows = self._render(text.removesuffix("\n")) or [Text("")]
            self._rows[chunk] = rows
            if len(self._rows) > CHUNKS_KEPT:
                self._rows.popitem(last=False)
            if not self._exact[chunk]:
                self._exact[chunk] = 1
                if self._heights[chunk] != len(rows):
                    self._heights[chunk] = len(rows)
                    self._recount()
        return rows
