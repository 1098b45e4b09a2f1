"""Benchmark the text-layout parser against the floor of merely reading the file.

    python bench/bench_parse.py [--rounds 7] [--sizes 1000,10000,100000]

For each size it generates a thread (bench/gen_threads.py) if missing, then in one run,
alternating, measures the floor (read + decode + split into lines) and a full parse
(read + decode + parse), and reports the median of the paired ratios: this machine is
shared and noisy, so only ratios measured side by side mean anything. Comments are made
on demand from an index into the file, so "make all" also reports, against the same floor,
what making every comment and reading its body costs on top of the parse. Memory is measured
with tracemalloc in a separate pass: the peak during parsing and what the parsed thread
keeps, both as multiples of the file's size.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from threadview.model import count_comments, iter_comments  # noqa: E402
from threadview.parsing import load_path  # noqa: E402

DATA = HERE / "data"


def ensure(count: int, emoji: bool = False) -> Path:
    path = DATA / f"text-{count}{'-emoji' if emoji else ''}.txt"
    if not path.exists():
        command = [sys.executable, str(HERE / "gen_threads.py"), "--comments", str(count)]
        command += ["--out", str(path)] + (["--emoji"] if emoji else [])
        subprocess.run(command, check=True)
    return path


def floor(path: Path) -> float:
    start = time.process_time()
    with open(path, "rb") as handle:
        handle.read().decode("utf-8").splitlines()
    return time.process_time() - start


def parse(path: Path) -> float:
    start = time.process_time()
    load_path(path)
    return time.process_time() - start


def make_all(path: Path) -> float:
    """Parse, then make every comment and read its body (what a dump does): comments are
    made on demand, so this is the cost a reader of every comment pays on top."""
    thread = load_path(path)
    start = time.process_time()
    for comment in iter_comments(thread.comments):
        comment.body  # noqa: B018
    return time.process_time() - start


def memory(path: Path) -> tuple[float, float]:
    gc.collect()
    tracemalloc.start()
    thread = load_path(path)
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count_comments(thread.comments) > 0
    size = os.path.getsize(path)
    return peak / size, kept / size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    rows = []
    cases = [(int(n), False) for n in args.sizes.split(",")] + [(100_000, True)]
    for count, emoji in cases:
        path = ensure(count, emoji)
        parse(path)  # warm caches and imports
        ratios, parses, made = [], [], []
        for _ in range(args.rounds):
            base = floor(path)
            took = parse(path)
            ratios.append(took / base)
            parses.append(took)
            made.append(make_all(path) / base)
        peak, kept = memory(path)
        label = f"{count:,} comments{' (emoji)' if emoji else ''}"
        rows.append(
            (
                label,
                os.path.getsize(path),
                statistics.median(parses),
                statistics.median(ratios),
                statistics.median(made),
                peak,
                kept,
            )
        )
    print(
        f"{'input':<26}{'size MB':>9}{'parse s':>9}{'parse/floor':>13}"
        f"{'make all/floor':>16}{'peak/size':>11}{'kept/size':>11}"
    )
    for label, size, took, ratio, made_ratio, peak, kept in rows:
        print(
            f"{label:<26}{size / 1e6:>9.1f}{took:>9.3f}{ratio:>13.2f}{made_ratio:>16.2f}"
            f"{peak:>11.2f}{kept:>11.2f}"
        )
    print("targets (100k): parse/floor <= 4, peak/size <= 3")
    print("make all: making every comment and reading its body after parsing (made on demand)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
