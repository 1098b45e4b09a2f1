"""Benchmark reading a big Reddit page: the parse against `json.loads`, and the reader's first
paint and peak memory against an empty Textual app and the file's size.

    python bench/bench_json.py [FILE] [--runs 5] [--rounds 3] [--skip-reader]

Without FILE it generates bench/data/reddit-100k.json first (bench/gen_reddit.py). Every
figure is a median of ratios taken per pair, both sides measured back to back, so machine
noise hits both alike:

- parse: `json.loads(text)`, the whole-file parse (`parse_json(text)`), and the streamed
  parse the reader uses for a big file (`jsonstream.read_page` on the open file);
- the reader: `threadview FILE` in a pseudo-terminal (as `bench/bench_ui.py` runs it) until
  its first frame, against an empty Textual app, in wall time and in the CPU time each had
  used by then (steadier on a busy machine); a 100,000-comment text thread's as a
  reference; the reader's peak RSS over the file's size, and the same less the empty
  app's; and when the whole thread was in.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bench_ui, gen_reddit
from bench.bench_ui import EMPTY_APP, PYTHON, READER, compile_package, run_in_pty
from bench.tables import median_table, raw_medians
from threadview.model import Thread, count_comments, max_depth
from threadview.parsing.jsonload import parse_json
from threadview.parsing.jsonstream import read_page

DEFAULT = Path(__file__).resolve().parent / "data" / "reddit-100k.json"
EMPTY_APP_CPU = EMPTY_APP.replace(
    'report.write(f"paint {time.time():.6f}\\n',
    'report.write(f"paint-cpu {time.process_time():.6f}\\npaint {time.time():.6f}\\n',
)
"""bench_ui's empty app, also saying the CPU time it had used at its first paint."""
assert EMPTY_APP_CPU != EMPTY_APP


def timed(function: Callable[[], object]) -> tuple[float, object]:
    gc.collect()
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def stream(path: Path) -> object:
    with path.open("rb") as handle:
        return read_page(handle)


def parse_rows(path: Path, runs: int) -> None:
    text = path.read_text(encoding="utf-8")
    times: dict[str, list[float]] = {"loads": [], "whole": [], "stream": []}
    whole_ratios, stream_ratios = [], []
    thread: object = None
    for _ in range(runs):
        thread = None  # one thread alive at a time, as in the app
        loads_time, _doc = timed(lambda: json.loads(text))
        del _doc
        whole_time, thread = timed(lambda: parse_json(text))
        thread = None
        stream_time, thread = timed(lambda: stream(path))
        times["loads"].append(loads_time)
        times["whole"].append(whole_time)
        times["stream"].append(stream_time)
        whole_ratios.append(whole_time / loads_time)
        stream_ratios.append(stream_time / loads_time)
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    assert isinstance(thread, Thread)
    print(f"comments: {count_comments(thread.comments)}, depth: {max_depth(thread.comments)}")
    for name, label in (("loads", "json.loads"), ("whole", "parse_json"), ("stream", "read_page")):
        print(f"{label:<12} median {statistics.median(times[name]):.3f}s")
    for label, ratios in (("parse_json", whole_ratios), ("read_page", stream_ratios)):
        ratio = statistics.median(ratios)
        verdict = "OK" if ratio <= 2 else "OVER"
        pairs = f"median of {runs} pairs"
        print(f"ratio ({label} / json.loads, {pairs}): {ratio:.2f} ({verdict} target 2)")


def reader_rows(path: Path, rounds: int) -> None:
    compile_package()
    folder = Path(tempfile.mkdtemp(prefix="tv-bench-json-"))
    empty_script = folder / "empty_app.py"
    empty_script.write_text(EMPTY_APP_CPU, encoding="utf-8")
    text = bench_ui.generate(path.parent, 100_000)
    size = path.stat().st_size
    ratios: dict[str, list[float]] = {
        key: [] for key in ("paint", "cpu", "paint_text", "cpu_text", "rss", "rss_less_empty")
    }
    raw: dict[str, list[float]] = {}
    for number in range(rounds):
        base = run_in_pty([PYTHON, str(empty_script)])
        plain = run_in_pty([PYTHON, str(READER), str(text)])
        big = run_in_pty([PYTHON, str(READER), str(path)])
        ratios["paint"].append(big["paint"] / base["paint"])
        ratios["cpu"].append(big["paint_cpu"] / base["paint_cpu"])
        ratios["paint_text"].append(plain["paint"] / base["paint"])
        ratios["cpu_text"].append(plain["paint_cpu"] / base["paint_cpu"])
        ratios["rss"].append(big["rss"] / size)
        ratios["rss_less_empty"].append((big["rss"] - base["rss"]) / size)
        for name, value in (
            ("empty paint s", base["paint"]),
            ("reddit paint s", big["paint"]),
            ("text paint s", plain["paint"]),
            ("empty paint CPU s", base["paint_cpu"]),
            ("reddit paint CPU s", big["paint_cpu"]),
            ("text paint CPU s", plain["paint_cpu"]),
            ("reddit full s", big["full"]),
            ("empty RSS MB", base["rss"] / 1e6),
            ("reddit RSS MB", big["rss"] / 1e6),
        ):
            raw.setdefault(name, []).append(value)
        print(f"round {number + 1}/{rounds} done", file=sys.stderr)
    rows = [
        ("first paint / an empty Textual app", "paint", 1.5),
        ("CPU to first paint / the empty app's", "cpu", 1.5),
        ("(100k text thread: first paint / empty)", "paint_text", 1.5),
        ("(100k text thread: CPU to paint / empty)", "cpu_text", 1.5),
        ("peak RSS / file size", "rss", 2.0),
        ("(peak RSS - empty app's) / file size", "rss_less_empty", 2.0),
    ]
    print(f"\nthe reader on {path.name} ({size / 1e6:.0f} MB), medians of {rounds} rounds")
    print(median_table(rows, ratios))
    print(raw_medians(raw))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5, help="pairs for the parse ratios")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the reader")
    parser.add_argument("--skip-reader", action="store_true", help="only the parse ratios")
    parser.add_argument("--skip-parse", action="store_true", help="only the reader")
    args = parser.parse_args()
    if not args.file.exists():
        args.file.parent.mkdir(parents=True, exist_ok=True)
        args.file.write_text(json.dumps(gen_reddit.page(100_000, 7)), encoding="utf-8")
    # The reader first: a child forked after the parse rows would count their memory.
    if not args.skip_reader:
        reader_rows(args.file, args.rounds)
    if not args.skip_parse:
        parse_rows(args.file, args.runs)


if __name__ == "__main__":
    main()
