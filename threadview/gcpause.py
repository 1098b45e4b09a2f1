"""Keeping Python's cycle collector off work that makes many objects and no cycles: a
pause around a block, and the end of a pause that outlived its block, freezing what it
made."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block, then restore it as it was.

    Building a thread makes many long-lived, acyclic objects while a big document is
    alive, so full collections would walk that document again and again (about 40% of the
    build time of a 100k-comment JSON file) and find nothing to free. Code in the block
    may re-enable it early; it is only switched back on if it was on before.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def freeze_heap() -> None:
    """Move every object alive now out of the cycle collector's sight (`gc.freeze`).

    A 100k-comment thread is millions of long-lived objects; without this every full
    collection walks them all, and keys get slower the bigger the thread.
    """
    gc.freeze()


def resume_collector() -> None:
    """End a pause that outlived its block (the reader's start-up: see `cli.main`):
    freeze what was made meanwhile, or the first collection would walk it all, then
    collect again."""
    freeze_heap()
    gc.enable()
