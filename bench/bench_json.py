"""Benchmark the JSON loader against `json.loads` of the same file (target: ratio <= 2).

    python bench/bench_json.py [FILE] [--runs 5]

Without FILE it generates bench/data/reddit-100k.json first (bench/gen_reddit.py). Each
run times `json.loads(text)` and `parse_json(text)` back to back on the same text; the
ratio is taken per pair and the median reported, so machine noise hits both sides alike.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import gen_reddit
from threadview.model import count_comments, max_depth
from threadview.parsing.jsonload import parse_json

DEFAULT = Path(__file__).resolve().parent / "data" / "reddit-100k.json"


def timed(function, text: str) -> tuple[float, object]:
    gc.collect()
    start = time.perf_counter()
    result = function(text)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.file.exists():
        args.file.parent.mkdir(parents=True, exist_ok=True)
        args.file.write_text(json.dumps(gen_reddit.page(100_000, 7)), encoding="utf-8")
    text = args.file.read_text(encoding="utf-8")
    loads_times, parse_times, ratios = [], [], []
    thread = None
    for _ in range(args.runs):
        thread = None  # one thread alive at a time, as in the app
        loads_time, _doc = timed(json.loads, text)
        del _doc
        parse_time, thread = timed(parse_json, text)
        loads_times.append(loads_time)
        parse_times.append(parse_time)
        ratios.append(parse_time / loads_time)
    assert thread is not None
    print(f"file: {args.file} ({len(text) / 1e6:.1f} MB)")
    print(f"comments: {count_comments(thread.comments)}, depth: {max_depth(thread.comments)}")
    print(f"json.loads:  median {statistics.median(loads_times):.3f}s")
    print(f"parse_json:  median {statistics.median(parse_times):.3f}s")
    ratio = statistics.median(ratios)
    print(
        f"ratio (parse_json / json.loads, median of {args.runs} pairs): {ratio:.2f} "
        f"({'OK' if ratio <= 2 else 'OVER'} target 2)"
    )


if __name__ == "__main__":
    main()
