"""Background threads give the UI thread its turn: a short rest after each slice of work.

A thread that never waits holds the interpreter but for forced switches, and the UI thread's
event loop needs it back after every wait on the terminal: a key handled in a few dozen loop
rounds then took that many switches. Resting a fraction of a millisecond every couple of
milliseconds lets a whole round of the loop through at a small cost to the worker.
"""

from __future__ import annotations

import time

WORK = 0.002
"""Seconds a background thread works before it rests."""
REST = 0.0005
"""Seconds it rests: the UI thread's loop runs meanwhile."""


class Turns:
    """Call it often (every few hundred microseconds of work): it rests when a slice is used."""

    __slots__ = ("_since",)

    def __init__(self) -> None:
        self._since = time.perf_counter()

    def __call__(self) -> None:
        now = time.perf_counter()
        if now - self._since >= WORK:
            time.sleep(REST)
            self._since = time.perf_counter()
