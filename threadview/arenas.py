"""One malloc arena for every thread (glibc), so memory one thread frees serves the next."""

from __future__ import annotations

import os

M_ARENA_MAX = -8
"""glibc's `mallopt` parameter for the most arenas (malloc.h)."""
M_MMAP_THRESHOLD = -3
"""glibc's `mallopt` parameter for the size from which a block gets pages of its own."""
MMAP_THRESHOLD = 128 * 1024
"""glibc's starting threshold, kept fixed (see `share_one_arena`)."""


def on_glibc() -> bool:
    """Whether this process runs on glibc (a cheap check: no import, unlike `platform`)."""
    try:
        return os.confstr("CS_GNU_LIBC_VERSION") is not None
    except (AttributeError, ValueError, OSError):
        return False


def share_one_arena() -> bool:
    """Let no thread started from now on make an arena of its own (glibc); called before
    any thread starts, every thread allocates from the main arena.

    glibc gives each new thread an arena of its own: the full parse, the notes scan and the
    sort orders each run on a thread, and memory freed in one arena is not reused by
    another, so at 100k comments their arrays added 7 to 8 MB (0.25x the file) to the
    reader's peak RSS. Python holds
    its global lock around most allocations, so the threads seldom wait on one arena.

    The threshold from which a block is mapped on its own pages is also fixed at its
    starting value: glibc raises it to the size of each mapped block freed, after which the
    parse's and the orders' big arrays (hundreds of KB each) came from the heap, where the
    holes they left kept the pages. Mapped, a freed array gives its pages back at once.
    Returns whether the settings took (False off glibc or where `mallopt` refuses).
    """
    if not on_glibc():
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        shared = bool(libc.mallopt(M_ARENA_MAX, 1))
        return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and shared
    except (OSError, AttributeError):
        return False
