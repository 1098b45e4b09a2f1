"""Benchmark thread facts, author stats, the timeline and score order at 100k comments.

    python bench/bench_facts.py [--rounds 5] [--comments 100000] [--keep DIR]

Generates a text-layout thread (bench/gen_threads.py) and a Reddit page
(bench/gen_reddit.py) of the same size, and writes the page in the text layout too (its
scores go into header trailers, so score order runs on the index), then, each round on a
fresh parse, times every computation and reports the median of its ratios to that round's
parse of the same file: the machine is shared and noisy, so only ratios measured side by
side mean anything.
"rows" is the one pass that reads authors and times (from the index for the text layout);
facts, authors and timeline are timed with the rows given, as the UI will call them, and
"facts (text)" is the part that reads every body (translation languages, cited hosts).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from threadview.export import write_text  # noqa: E402
from threadview.facts import (  # noqa: E402
    author_stats,
    first_minutes,
    text_facts,
    thread_facts,
    thread_rows,
    timeline,
)
from threadview.model import Thread, count_comments, has_scores, sorted_forest  # noqa: E402
from threadview.parsing import load_path  # noqa: E402


def generate(directory: Path, count: int) -> tuple[Path, Path]:
    text = directory / f"text-{count}.txt"
    reddit = directory / f"reddit-{count}.json"
    if not text.exists():
        subprocess.run(
            [sys.executable, str(HERE / "gen_threads.py"), "--comments", str(count), "--out", text],
            check=True,
        )
    if not reddit.exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "gen_reddit.py"),
                "--comments",
                str(count),
                "--out",
                reddit,
            ],
            check=True,
        )
    return text, reddit


def as_text(reddit: Path) -> Path:
    """The Reddit page written in the text layout: an index-backed forest with scores."""
    path = reddit.with_suffix(".txt")
    if not path.exists():
        with open(path, "w", encoding="utf-8") as out:
            write_text(load_path(reddit), out)
    return path


def timed(work: Callable[[], object]) -> float:
    gc.collect()
    start = time.process_time()
    work()
    return time.process_time() - start


def one_round(path: Path, scored: bool) -> dict[str, float]:
    """Seconds per computation on a fresh parse of `path`, with the parse as "parse"."""
    made: dict[str, Thread] = {}
    times = {"parse": timed(lambda: made.setdefault("thread", load_path(path)))}
    thread = made["thread"]
    rows = thread_rows(thread)
    fresh = load_path(path)  # rows of a thread nothing has walked yet: the cold cost
    times["rows"] = timed(lambda: thread_rows(fresh))
    times["facts (with text)"] = timed(lambda: thread_facts(thread, rows=rows))
    times["facts (text)"] = timed(lambda: text_facts(thread))
    times["authors"] = timed(lambda: author_stats(thread, rows))
    times["timeline"] = timed(lambda: timeline(thread, rows))
    times["first 60 minutes"] = timed(lambda: first_minutes(thread, 60, rows))
    times["has_scores"] = timed(lambda: has_scores(thread.comments))
    if scored:
        times["score sort"] = timed(lambda: sorted_forest(thread.comments, "score"))
        times["newest sort"] = timed(lambda: sorted_forest(thread.comments, "newest"))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep generated files in this directory")
    args = parser.parse_args()
    directory = args.keep or Path(tempfile.mkdtemp(prefix="tv-bench-facts-"))
    directory.mkdir(parents=True, exist_ok=True)
    text, reddit = generate(directory, args.comments)
    inputs = (
        ("text layout", text, False),
        ("reddit json", reddit, True),
        ("reddit as text layout (scores in header trailers)", as_text(reddit), True),
    )
    for label, path, scored in inputs:
        thread = load_path(path)
        size = path.stat().st_size
        print(f"{label}: {count_comments(thread.comments):,} comments, {size:,} bytes")
        rounds = [one_round(path, scored) for _ in range(args.rounds)]
        parse = statistics.median(r["parse"] for r in rounds)
        print(f"  {'parse (baseline)':<20} 1.00x  ({parse * 1000:.0f} ms median)")
        for name in rounds[0]:
            if name == "parse":
                continue
            ratio = statistics.median(r[name] / r["parse"] for r in rounds)
            print(f"  {name:<20} {ratio:.3f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
