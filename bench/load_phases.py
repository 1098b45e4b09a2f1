"""CPU seconds of each phase of the reader's background load of one file, in one process.

    python bench/load_phases.py FILE [--profile OUT] [--split]

What `ThreadViewApp._parse_rest` does, without the app: read the file, parse it, prepare
the forest for the screen (flatten, duplicate ids, height estimates, line sums). Prints one
line of `phase seconds` pairs (process time, so a busy machine disturbs it less than the
clock); with `--profile`, writes cProfile's statistics of the same run to OUT. With
`--split`, a child process scans its part as in the reader (`parsing.splitscan`), started
first, as the CLI starts it, `LEAD` seconds before the load (the reader's start-up until
its first paint); the times are this process's alone, and `wall` is the clock's time of
the whole load (after the lead). `bench_load.py --phases` runs it for this checkout and a
baseline, turn about.
"""

from __future__ import annotations

import argparse
import cProfile
import time
from collections.abc import Callable
from typing import Any

from threadview.gcpause import collector_paused
from threadview.parsing import load, textindex, views
from threadview.ui.widgets import comment_view

SUBPHASES: tuple[tuple[Any, str, str], ...] = (
    (textindex.CommentIndex, "_scan", "scan"),
    (textindex.CommentIndex, "_group_order", "sort"),
    (textindex.CommentIndex, "preorder", "preorder"),
    (textindex.CommentIndex, "_find_duplicates", "duplicates"),
    (views.PreorderNodes, "body_sizes", "body_sizes"),
)
"""Steps inside the phases, timed where they are defined (a baseline may lack some)."""
LEAD = 0.3
"""Seconds between the child's start and the load's with `--split` (the reader's first
paint comes about this long after the CLI starts the child)."""


def timed(totals: dict[str, float], name: str, function: Callable[..., Any]) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            totals[name] = totals.get(name, 0.0) + time.process_time() - start

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("--profile", help="write cProfile statistics here")
    parser.add_argument("--split", action="store_true", help="with a child process's help")
    args = parser.parse_args()
    child = None
    if args.split:
        from threadview.parsing import splitscan

        child = splitscan.start_for(load.read_document(args.file, head=1 << 20))
        time.sleep(LEAD)
    wall = time.perf_counter()
    totals: dict[str, float] = {}
    for owner, attribute, name in SUBPHASES:
        if hasattr(owner, attribute):
            setattr(owner, attribute, timed(totals, name, getattr(owner, attribute)))
    profile = cProfile.Profile() if args.profile else None
    with collector_paused():  # as in the reader, where the collector waits for the heap
        if profile:
            profile.enable()
        start = time.process_time()
        if child is not None:
            read = start  # the reading is part of the parse (`splitscan.parse_whole`)
            thread = splitscan.parse_whole(load.read_document(args.file, head=1 << 20), None, child)
        else:
            document = load.read_document(args.file)
            read = time.process_time()
            thread = load.parse_document(document)
        parsed = time.process_time()
        comment_view.prepare_forest(comment_view.forest_in_order(thread, "oldest"), 156)
        prepared = time.process_time()
        if child is not None:
            child.close()
        if profile:
            profile.disable()
            profile.dump_stats(args.profile)
    phases = {"read": read - start, "parse": parsed - read, "prepare": prepared - parsed}
    phases |= totals
    phases["total"] = prepared - start
    phases["wall"] = time.perf_counter() - wall
    print(" ".join(f"{name} {seconds:.3f}" for name, seconds in phases.items()))


if __name__ == "__main__":
    main()
