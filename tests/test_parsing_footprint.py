"""How much memory parsing a big text thread needs at its peak, beyond the file's text.

Traced memory (`tracemalloc`) per comment, from the difference between two thread sizes so
the fixed part drops out. The header scan lets its match objects go a batch at a time; held
for tens of thousands of headers at once they were about 260 bytes a comment, and at 100k
comments the reader's peak RSS came in the scan (14 MB above the rest of the load)."""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

from tests.library_helpers import many, write
from threadview.parsing import load

SIZES = (5_000, 40_000)
PEAK_PER_COMMENT = 300
"""Bytes: the index's arrays and the sort's keys, not a batch's objects that grow with it."""


def traced_peak(folder: Path, count: int) -> int:
    """The traced peak of parsing a text thread of `count` comments, read beforehand."""
    path = folder / f"t{count}.txt"
    write(path, many(count))
    document = load.read_document(path)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        thread = load.parse_document(document)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert len(thread.comments) > 0
    return peak


def test_parsing_peaks_at_a_few_bytes_a_comment(tmp_path: Path) -> None:
    small, big = (traced_peak(tmp_path, count) for count in SIZES)
    per_comment = (big - small) / (SIZES[1] - SIZES[0])
    assert per_comment < PEAK_PER_COMMENT, f"{per_comment:.0f} bytes a comment at the peak"
