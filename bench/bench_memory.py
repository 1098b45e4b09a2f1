"""Benchmark reading memory's first indexing of a big thread: keys while it runs, its time, and
the reader's peak memory on a first visit and on later ones.

    python bench/bench_memory.py [--rounds 3] [--comments 100000] [--keep DIR] [--before DIR]
        [--part all|keys|rss]

The real reader (`ThreadViewApp`, as `threadview FILE` builds it) runs under Textual's
`App.run_test` in a subprocess with a fresh data directory, so its first visit indexes the
file. Each round measures, back to back in one process:

- plain parse: `load_path` of the same file (the baseline of the time to ready);
- ready: from the memory starting to open (after the first frame) until it is open, with no
  key pressed meanwhile, on the first visit and on a second visit of the unchanged file;
- keys: `j` pressed every 30 ms while the first indexing runs (on a second fresh data
  directory), then the same number of presses once the memory is open and the reader idle.
  Each press is timed from the key event being sent until the cursor moved and the frame
  after it was drawn (wall time: what a person waits, GIL waits included), and by the CPU
  the UI thread spent on it (`time.thread_time` on the event loop's thread: process CPU
  would count the indexing worker too).

Figures are medians of per-round ratios: keys during / keys idle, ready / plain parse.
`--before DIR` measures another checkout of threadview (an older commit, unpacked with
`git archive`) in the same rounds, each side against its own baseline.
Pilot's `press` waits for the whole process to go idle, which a background worker never
lets happen, so keys are sent to the driver directly.

The rss part runs `threadview FILE` itself (`bench/reader_entry.py` in a pseudo-terminal,
as `bench_ui.py` does) with a data directory of its own (`THREADVIEW_DATA_DIR`, fresh each
round, so the user's library does not count): the first visit, which indexes the file, quits
once the whole thread is shown and the index holds the file; the second and third visits
(the file unchanged) quit a second after the whole thread is shown; a fourth run has a data
directory that cannot be made, so the reading memory is off. Each peak RSS, minus an
empty Textual app's measured in the same round, is divided by the file's size.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_ui import EMPTY_APP, compile_package, run_in_pty
from tables import markdown_table, raw_medians, target_text

from threadview.store.records import LIBRARY_DB_NAME

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GEN = ROOT / "bench" / "gen_threads.py"

WORKER = """
import asyncio, json, sys, tempfile, time
from pathlib import Path
from textual import events
from threadview.parsing import load_path, parse_document, read_document
from threadview.ui.app import ThreadViewApp

path, mode = sys.argv[1], sys.argv[2]

def make_app(data_dir):
    document = read_document(path)
    return ThreadViewApp(parse_document(document), document=document, data_dir=data_dir)

async def key(app, pane):
    before = pane.cursor_position
    drawn = asyncio.Event()
    wall, cpu = time.perf_counter(), time.thread_time()
    app._driver.send_message(events.Key("j", "j"))
    while pane.cursor_position == before:
        await asyncio.sleep(0.0005)
    app.call_after_refresh(drawn.set)
    await drawn.wait()
    return time.perf_counter() - wall, time.thread_time() - cpu

async def until(app, states):
    while app.reader.memory.state not in states:
        await asyncio.sleep(0.002)

async def ready(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(app, ("opening", "open", "off"))
        start = time.perf_counter()
        await until(app, ("open", "off"))
        took = time.perf_counter() - start
        assert app.reader.memory.state == "open", app.reader.memory.state
    return took

async def keys(data_dir):
    app = make_app(data_dir)
    during, idle = [], []
    async with app.run_test(size=(160, 48)) as pilot:
        pane = app.reader.comment_pane
        await until(app, ("opening", "open", "off"))
        while app.reader.memory.state == "opening" and len(during) < 400:
            during.append(await key(app, pane))
            await asyncio.sleep(0.03)
        await until(app, ("open", "off"))
        assert app.reader.memory.state == "open", app.reader.memory.state
        await app.workers.wait_for_complete()
        await asyncio.sleep(0.5)
        for _ in range(max(20, len(during))):
            idle.append(await key(app, pane))
            await asyncio.sleep(0.03)
    return during, idle

def median(values):
    values = sorted(values)
    return values[len(values) // 2]

if mode == "parse":
    start = time.perf_counter()
    load_path(path)
    print(json.dumps({"parse": time.perf_counter() - start}))
elif mode == "ready":
    with tempfile.TemporaryDirectory() as data:
        first = asyncio.run(ready(Path(data)))
        again = asyncio.run(ready(Path(data)))
    print(json.dumps({"ready": first, "again": again}))
else:
    with tempfile.TemporaryDirectory() as data:
        during, idle = asyncio.run(keys(Path(data)))
    print(json.dumps({
        "presses": len(during),
        "during_wall": median([w for w, _ in during]),
        "during_cpu": median([c for _, c in during]),
        "idle_wall": median([w for w, _ in idle]),
        "idle_cpu": median([c for _, c in idle]),
    }))
"""


def generate(directory: Path, comments: int) -> Path:
    path = directory / f"t{comments}.txt"
    if not path.exists():
        command = [PYTHON, str(GEN), "--comments", str(comments), "--out", str(path)]
        subprocess.run(command, check=True)
    return path


def run(path: Path, mode: str, tree: Path) -> dict[str, float]:
    """The worker in `mode`, importing threadview from `tree` (`-c` puts the cwd first)."""
    done = subprocess.run(
        [PYTHON, "-c", WORKER, str(path), mode],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
        cwd=tree,
    )
    if done.returncode:
        raise RuntimeError(f"{mode} failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def indexed(data_dir: Path) -> Callable[[], bool]:
    """Whether the library in `data_dir` holds a thread file (its one transaction is in)."""

    def check() -> bool:
        database = data_dir / LIBRARY_DB_NAME
        if not database.exists():
            return False
        try:
            conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=0.1)
            try:
                found = conn.execute("SELECT 1 FROM file WHERE state = 'thread'").fetchone()
            finally:
                conn.close()
        except sqlite3.Error:
            return False
        return found is not None

    return check


def after(seconds: float) -> Callable[[], bool]:
    """True from `seconds` after its first call (the reader settling after its full load)."""
    start: list[float] = []

    def check() -> bool:
        start[:1] = start[:1] or [time.monotonic()]
        return time.monotonic() - start[0] >= seconds

    return check


def visits(path: Path, tree: Path, directory: Path) -> dict[str, float]:
    """Peak RSS of `threadview FILE` (from `tree`) on a fresh data directory's first, second
    and third visit of `path`."""
    data_dir = Path(tempfile.mkdtemp(prefix="tv-data-", dir=directory))
    env = {"THREADVIEW_DATA_DIR": str(data_dir), "PYTHONPATH": str(tree)}
    reader = [PYTHON, str(tree / "bench" / "reader_entry.py"), str(path)]
    first = run_in_pty(reader, extra_env=env, settled=indexed(data_dir))["rss"]
    if not indexed(data_dir)():
        raise RuntimeError("the first visit quit before the file was indexed")
    second = run_in_pty(reader, extra_env=env, settled=after(1.0))["rss"]
    third = run_in_pty(reader, extra_env=env, settled=after(1.0))["rss"]
    blocker = data_dir / "not-a-folder"
    blocker.write_bytes(b"")
    off_env = {**env, "THREADVIEW_DATA_DIR": str(blocker / "data")}
    off = run_in_pty(reader, extra_env=off_env, settled=after(1.0))["rss"]
    return {"first": first, "second": second, "third": third, "off": off}


def rss(args: argparse.Namespace, path: Path, trees: dict[str, Path], directory: Path) -> None:
    compile_package()
    for tree in trees.values():
        subprocess.run([PYTHON, "-m", "compileall", "-q", str(tree / "threadview")], check=True)
    empty_script = directory / "empty_app.py"
    empty_script.write_text(EMPTY_APP, encoding="utf-8")
    size = path.stat().st_size
    ratios: dict[tuple[str, str], list[float]] = {}
    raw: dict[str, list[float]] = {}
    for number in range(args.rounds):
        base = run_in_pty([PYTHON, str(empty_script)])["rss"]
        raw.setdefault("empty app MB", []).append(base / 1e6)
        for side, tree in trees.items():
            for visit, peak in visits(path, tree, directory).items():
                ratios.setdefault((side, visit), []).append((peak - base) / size)
                raw.setdefault(f"{side} {visit} visit MB", []).append(peak / 1e6)
        print(f"rss round {number + 1}/{args.rounds} done", file=sys.stderr)
    print(f"\nreader's peak RSS: {args.rounds} rounds, medians of per-round ratios")
    print(f"file: {args.comments:,} comments, {size:,} B; a fresh data directory each round\n")
    visits_shown = (
        ("first", "first visit (the library indexes the file)"),
        ("second", "second visit (file unchanged)"),
        ("third", "third visit"),
        ("off", "reading memory off (its data directory cannot be made)"),
    )
    print(
        markdown_table(
            ["peak RSS (reader - empty app) / file size", *trees, "target"],
            [
                [
                    title,
                    *(f"{statistics.median(ratios[side, visit]):.2f}" for side in trees),
                    target_text(2.0),
                ]
                for visit, title in visits_shown
            ],
        )
    )
    print(
        "\nraw medians: "
        + ", ".join(f"{name} {statistics.median(values):.4g}" for name, values in raw.items())
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep generated files in this directory")
    parser.add_argument("--before", type=Path, help="also measure this checkout, as before")
    parser.add_argument("--part", choices=("all", "keys", "rss"), default="all")
    args = parser.parse_args()
    directory = args.keep or Path(tempfile.mkdtemp(prefix="tv-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    path = generate(directory, args.comments)
    trees = {"after": ROOT} if args.before is None else {"before": args.before, "after": ROOT}
    if args.part in ("all", "rss"):
        rss(args, path, trees, directory)
    if args.part == "rss":
        return 0
    ratios: dict[tuple[str, str], list[float]] = {}
    raw: dict[str, list[float]] = {}
    for number in range(args.rounds):
        for side, tree in trees.items():
            parse = run(path, "parse", tree)["parse"]
            ready = run(path, "ready", tree)
            keys = run(path, "keys", tree)
            for key, value in (
                ("wall", keys["during_wall"] / keys["idle_wall"]),
                ("cpu", keys["during_cpu"] / keys["idle_cpu"]),
                ("ready", ready["ready"] / parse),
                ("again", ready["again"] / parse),
            ):
                ratios.setdefault((side, key), []).append(value)
            for name, value in (
                ("plain parse s", parse),
                ("ready s", ready["ready"]),
                ("ready again s", ready["again"]),
                ("presses during", keys["presses"]),
                ("j ms during (wall)", keys["during_wall"] * 1e3),
                ("j ms idle (wall)", keys["idle_wall"] * 1e3),
                ("j ms during (UI CPU)", keys["during_cpu"] * 1e3),
                ("j ms idle (UI CPU)", keys["idle_cpu"] * 1e3),
            ):
                raw.setdefault(f"{side} {name}", []).append(value)
        print(f"round {number + 1}/{args.rounds} done", file=sys.stderr)
    rows = [
        ("j while memory first indexes / j idle (wall)", "wall", "<= 1.5"),
        ("j while memory first indexes / j idle (UI thread CPU)", "cpu", "<= 1.5"),
        ("memory ready, first visit / plain parse of the file", "ready", "report"),
        ("memory ready, second visit / plain parse of the file", "again", "report"),
    ]
    print(f"\nreading memory benchmark: {args.rounds} rounds, medians of per-round ratios")
    print(f"file: {args.comments:,} comments, {path.stat().st_size:,} B\n")
    print(
        markdown_table(
            ["measure", *trees, "target"],
            [
                [title, *(f"{statistics.median(ratios[side, key]):.2f}" for side in trees), target]
                for title, key, target in rows
            ],
        )
    )
    print("\n" + raw_medians(raw))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
