"""The messages between the reader and its split-scan child (`splitscan`): raw arrays.

A message is a frame: a magic line, a JSON head line (its facts, and each array's type, item
size and length), then the arrays' bytes as they lie in memory, so a million numbers cost a
copy, not a million conversions. `Frames` reads whole frames from a pipe by a deadline;
`unframe` and `read_scan` refuse anything short, garbled, of other types, or out of place.
"""

from __future__ import annotations

import json
import os
import selectors
import time
from array import array
from collections.abc import Sequence
from operator import lt
from typing import Any

from threadview.parsing.textindex import Repeats, Scanned

MAGIC = b"threadview-splitscan 2\n"
SCAN = ("I", "I", "I", "q", "I", "I")
"""The child's part's arrays: starts, line ends, indents, stamps, body sizes, blank-line breaks."""
SHARED = ("I", "I", "q")
"""The first part's arrays the child is given: starts, line ends, stamps."""
ANSWER = ("i", "I", "I")
"""The child's answer: the records that may be duplicates, the first part's body sizes
and blank-line breaks."""


def scan_frame(facts: dict[str, Any], found: Scanned) -> list[Any]:
    """The frame of the child's scan of its part (`splitscan.scan_from`), with the facts of
    the text it is of."""
    assert found.tail is not None
    head = {
        **facts,
        "scored": found.scored,
        "more": found.more,
        "impossible": [found.impossible.count, found.impossible.first],
    }
    return frame(head, [found.starts, found.ends, found.indents, found.stamps, *found.tail[1:]])


def frame(head: dict[str, Any], arrays: Sequence[array[Any]]) -> list[Any]:
    """A message between the processes: a JSON head line (with each array's type, item
    size and length), then the arrays' raw bytes."""
    shapes = [[each.typecode, each.itemsize, len(each)] for each in arrays]
    line = json.dumps({**head, "arrays": shapes}).encode()
    return [MAGIC + line + b"\n", *(memoryview(each).cast("B") for each in arrays)]


def unframe(data: bytes, typecodes: Sequence[str]) -> tuple[dict[str, Any], list[array[Any]]]:
    """(head, arrays) of one whole `frame` whose arrays are of these types; ValueError for
    anything else (short, garbled, of other types or sizes)."""
    cut = data.find(b"\n", len(MAGIC))
    if not data.startswith(MAGIC) or cut < 0:
        raise ValueError("not a frame")
    head = json.loads(data[len(MAGIC) : cut])
    if not isinstance(head, dict):
        raise ValueError("not a frame")
    shapes = [tuple(each) for each in head.pop("arrays")]
    if [shape[:2] for shape in shapes] != [(code, array(code).itemsize) for code in typecodes]:
        raise ValueError("arrays of other types")
    arrays: list[array[Any]] = []
    at = cut + 1
    for code, size, length in shapes:
        each = array(code)
        each.frombytes(data[at : at + size * length])
        if len(each) != length:
            raise ValueError("short")
        arrays.append(each)
        at += size * length
    if at != len(data):
        raise ValueError("too long")
    return head, arrays


def frame_size(data: bytes | bytearray) -> int | None:
    """How long the frame starting `data` is, once its head line is in (else None);
    ValueError when `data` does not start like a frame."""
    if data[: len(MAGIC)] != MAGIC[: len(data)]:
        raise ValueError("not a frame")
    cut = data.find(b"\n", len(MAGIC))
    if cut < 0:
        return None
    shapes = json.loads(bytes(data[len(MAGIC) : cut]))["arrays"]
    return cut + 1 + sum(int(size) * int(length) for _, size, length in shapes)


def read_scan(data: bytes) -> tuple[dict[str, Any], Scanned] | None:
    """(facts, scan) from a half's frame, or None for anything else (short, garbled,
    inconsistent: records out of order or outside the half)."""
    try:
        head, arrays = unframe(data, SCAN)
        count, first = head["impossible"]
        facts = {name: head[name] for name in ("identity", "length", "kind", "split")}
        scored, more = head["scored"], head["more"]
    except (ValueError, TypeError, KeyError):
        return None
    starts, ends, indents, stamps, sizes, breaks = arrays
    if len({len(each) for each in arrays}) != 1 or not isinstance(first, str):
        return None
    if not (isinstance(scored, bool) and isinstance(more, bool) and isinstance(count, int)):
        return None
    if starts and not ordered(starts, ends, facts["split"], facts["length"]):
        return None
    impossible = Repeats("impossible date in comment header")
    impossible.count, impossible.first = count, first
    found = Scanned(starts, ends, indents, stamps, scored, impossible, more, (0, sizes, breaks))
    return facts, found


def ordered(starts: array[int], ends: array[int], low: int, high: int) -> bool:
    """Whether header lines lie in order, each after the last, within [low, high]."""
    return (
        low <= starts[0]
        and ends[-1] <= high
        and all(map(lt, starts, ends))
        and all(map(lt, ends, starts[1:]))
    )


class Frames:
    """Whole frames read from a pipe, each by a deadline (or blocking without one)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()

    def next(self, deadline: float | None) -> bytes | None:
        """The next frame, or None at the pipe's end, past `deadline` (monotonic
        seconds), or when what comes is no frame."""
        with selectors.DefaultSelector() as selector:
            selector.register(self.fd, selectors.EVENT_READ)
            while True:
                try:
                    size = frame_size(self.buffer)
                except (ValueError, TypeError, KeyError):
                    return None
                if size is not None and len(self.buffer) >= size:
                    data = bytes(self.buffer[:size])
                    del self.buffer[:size]
                    return data
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and (left <= 0 or not selector.select(left)):
                    return None
                chunk = os.read(self.fd, 1 << 20)
                if not chunk:
                    return None
                self.buffer += chunk
