"""Where the code is: inline code spans and fenced or indented blocks, as character spans.

Annotations skip these regions, so `a -> b` or `x = "5"` inside code is never mistaken for
a translation note or a cited domain. Linear time over any input.
"""

from __future__ import annotations

import bisect
import re

Span = tuple[int, int]

_BACKTICKS = re.compile(r"`+")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def _inline_code(text: str) -> list[Span]:
    """Backtick code spans: a run of n backticks closed by the next run of exactly n."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    following: list[int] = [-1] * len(runs)
    last_by_length: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = last_by_length.get(length, -1)
        last_by_length[length] = index
    spans: list[Span] = []
    index = 0
    while index < len(runs):
        partner = following[index]
        if partner < 0:
            index += 1
            continue
        spans.append((runs[index][0], runs[partner][1]))
        index = partner + 1
    return spans


def _block_code(text: str) -> list[Span]:
    """Fenced blocks (``` or ~~~) and indented blocks that follow a blank line."""
    spans: list[Span] = []
    position = 0
    fence: str | None = None
    fence_start = 0
    previous_blank = True
    indented_start = -1
    for line in text.splitlines(keepends=True):
        start, position = position, position + len(line)
        body = line.rstrip("\r\n")
        if fence is not None:
            stripped = body.lstrip(" ")
            if stripped.startswith(fence) and not stripped.strip(fence[0]).strip():
                spans.append((fence_start, start + len(body)))
                fence = None
            continue
        match = _FENCE.match(body)
        if match:
            marker = match.group(1)
            if marker[0] == "~" or "`" not in body[match.end() :]:
                fence, fence_start = marker, start
                previous_blank = False
                continue
        is_blank = not body.strip()
        is_indented = not is_blank and (body.startswith("    ") or body.startswith("\t"))
        if is_indented and (previous_blank or indented_start >= 0):
            if indented_start < 0:
                indented_start = start
        elif not is_blank and indented_start >= 0:
            spans.append((indented_start, start))
            indented_start = -1
        previous_blank = is_blank
    if fence is not None:
        spans.append((fence_start, len(text)))
    if indented_start >= 0:
        spans.append((indented_start, len(text)))
    return spans


class CodeRegions:
    """Sorted, merged code spans with a fast overlap test."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, text: str) -> None:
        spans: list[Span] = []
        if "`" in text or "~~~" in text or "    " in text or "\t" in text:
            found = sorted(_inline_code(text) + _block_code(text))
            for start, end in found:
                if spans and start <= spans[-1][1]:
                    spans[-1] = (spans[-1][0], max(spans[-1][1], end))
                else:
                    spans.append((start, end))
        self._starts = [start for start, _ in spans]
        self._ends = [end for _, end in spans]

    def __bool__(self) -> bool:
        return bool(self._starts)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) touches any code region."""
        if not self._starts:
            return False
        index = bisect.bisect_right(self._starts, end - 1) - 1
        return index >= 0 and self._ends[index] > start
