"""Merging found spans (links, translation notes) so that none overlaps another."""

from __future__ import annotations

import bisect
from typing import Protocol, TypeVar


class Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=Span)


def without_overlaps(kept: list[S], candidates: list[S]) -> list[S]:
    """`kept` (sorted, non-overlapping) plus every candidate that overlaps neither a kept
    span nor an earlier candidate, all sorted by start."""
    starts = [span.start for span in kept]
    result = list(kept)
    last_end = -1
    for span in sorted(candidates, key=lambda span: span.start):
        index = bisect.bisect_right(starts, span.end - 1) - 1
        if span.start < last_end or (index >= 0 and kept[index].end > span.start):
            continue
        result.append(span)
        last_end = span.end
    result.sort(key=lambda span: span.start)
    return result
