"""Benchmark the reader against baselines measured in the same run; print a table.

    python bench/bench_ui.py [--rounds 5] [--keep DIR] [--part all|classic|speed]
        [--sizes 1000,100000,1000000] [--toolong PYTHON]

Every figure is a median of paired ratios (each round measures both sides of a ratio back
to back, so machine load hits both alike):

- first paint: `threadview FILE` started in a pseudo-terminal (160x48) until its first
  frame, 100k comments against an empty Textual app, and 100k against 1k comments;
- CPU per key: process CPU time per cursor-down, and per collapse+expand of a subtree
  holding 10% of the comments (10,000 at 100k, 100 at 1k), 100k against 1k;
- peak RSS: the reader's peak (after the whole file is parsed and shown) minus an empty
  Textual app's, divided by the file's size, for plain and emoji-heavy files;
- quit: from pressing q (once the whole file is shown) to the process being gone,
  100k against the empty app.

The speed part times, at each of `--sizes` (the 1M file takes minutes on a busy machine),
the keys that once did work in proportion to the thread, each against the same at the
smallest size: `s` (until the other order is installed), `t` in a thread without notes,
a search (until its first match is selected, and until every match is counted; and a
rare term's, until every match is counted), and the
whole file loaded by `threadview FILE` in a pty (start to "full"); keys are sent as the
terminal sends them and timed until what they do has happened (Pilot's `press` waits for
the whole process to idle, background threads included). It also times `j` while the
notes scan runs against `j` after it, and, given `--toolong` (the Python of an environment
where toolong is installed: it pins its own Textual), toolong's index of the same files
(`bench/toolong_entry.py`) against our full load.

Public tools only: subprocesses, a pty, `os.wait4` rusage, `time.process_time`, and
Textual's own `App.run_test` for the key timings.

Before measuring, threadview's modules are compiled to bytecode (`compile_package`), as
`pip install` does: the empty app's Textual is compiled, and a checkout run with
PYTHONDONTWRITEBYTECODE (or read-only) would otherwise recompile ours on every start.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from tables import markdown_table, median_table, raw_medians, target_text  # noqa: E402

PYTHON = sys.executable
GEN = ROOT / "bench" / "gen_threads.py"
READER = ROOT / "bench" / "reader_entry.py"
"""`threadview FILE`, reporting its first paint and full load (`THREADVIEW_BENCH_REPORT`)."""
SIZE = (160, 48)

EMPTY_APP = """
import os, time
from textual.app import App

class Empty(App):
    BINDINGS = [("q", "quit", "Quit")]

    def on_mount(self):
        self.call_after_refresh(self.painted)

    def painted(self):
        with open(os.environ["THREADVIEW_BENCH_REPORT"], "a") as report:
            report.write(f"paint {time.time():.6f}\\nfull {time.time():.6f}\\n")

Empty().run()
"""

KEY_WORKER = """
import asyncio, json, sys, time
from threadview.parsing import load_path
from threadview.ui.app import ThreadViewApp
from bench_ui import with_big_subtree

async def main(path, presses, toggles):
    thread = with_big_subtree(load_path(path), 0.10)
    app = ThreadViewApp(thread)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = app.reader.comment_pane
        for _ in range(5):
            await pilot.press("j")
        await pilot.press("g")
        await pilot.pause()
        start = time.process_time()
        for _ in range(presses):
            await pilot.press("j")
        await pilot.pause()
        down = (time.process_time() - start) / presses
        await pilot.press("g")
        await pilot.pause()
        subtree = pane.flat.end[0] - 1
        start = time.process_time()
        for _ in range(toggles):
            await pilot.press("enter")
            await pilot.press("enter")
        await pilot.pause()
        toggle = (time.process_time() - start) / toggles
    print(json.dumps({"down": down, "toggle": toggle, "subtree": subtree,
                      "comments": len(pane.flat)}))

asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
"""


SPEED_WORKER = """
import asyncio, json, statistics, sys, time
from textual import events
from threadview.parsing import load_path
from threadview.ui.app import ThreadViewApp

def median_ms(values):
    return statistics.median(values) * 1e3

async def until(condition, limit=900.0):
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > limit:
            raise RuntimeError("timed out")
        await asyncio.sleep(0.0005)
    return time.perf_counter() - start

async def key(app, name, condition, char=None):
    # Pilot's press waits for the whole process to idle (background threads too): send the
    # key as the terminal would, and time it until what it does has happened.
    event = events.Key(name, char if char is not None else (name if len(name) == 1 else None))
    event.set_sender(app)
    start = time.perf_counter()
    app._driver.send_message(event)
    await until(condition)
    elapsed = time.perf_counter() - start
    await asyncio.sleep(0.02)  # let the frame out before the next key
    return elapsed

async def search(app, pilot, bar, query):
    await pilot.press("g", "slash", *query)
    await pilot.pause()
    start = time.perf_counter()
    shown = lambda: bar.term == query and (bar.current >= 0 or not bar.searching)
    first = await key(app, "enter", shown, "\\r")
    await until(lambda: not bar.searching)
    every = time.perf_counter() - start
    await pilot.press("escape")
    await pilot.pause()
    return first, every

async def main(path, rounds, query, rare):
    thread = load_path(path)
    app = ThreadViewApp(thread)
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        sources, pane, bar = reader.sources, reader.comment_pane, reader.search_bar

        def moved(before):
            return lambda: pane.cursor_position != before

        async def down():
            return await key(app, "j", moved(pane.cursor_position))

        await pilot.pause()
        during = []
        while not sources.note_index_ready and len(during) < 60:
            during.append(await down())
        await until(lambda: sources.note_index_ready)
        await until(lambda: not reader.orders.missing(reader.thread, pane.content_width))
        await pilot.press("g")
        await pilot.pause()
        idle = [await down() for _ in range(60)]
        flips = []
        for _ in range(2 * rounds):
            flat = pane.flat
            flips.append(await key(app, "s", lambda: pane.flat is not flat and not reader.sorting))
        notes = []
        for _ in range(rounds):
            said = len(app._notifications)
            notes.append(await key(app, "t", lambda: len(app._notifications) > said))
        first, every, rare_every = [], [], []
        for _ in range(rounds):
            one, whole = await search(app, pilot, bar, query)
            first.append(one)
            every.append(whole)
            matches = len(bar.matches)
            rare_every.append((await search(app, pilot, bar, rare))[1])
    print(json.dumps({
        "comments": len(pane.flat), "matches": matches,
        "during_scan": median_ms(during) if during else float("nan"), "idle": median_ms(idle),
        "s": median_ms(flips), "t": median_ms(notes),
        "search_first": median_ms(first), "search_all": median_ms(every),
        "rare_all": median_ms(rare_every),
    }))

asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]))
"""


def compile_package() -> None:
    """Write threadview's bytecode, as an installed package has it (see the docstring)."""
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "threadview")], check=True)


def with_big_subtree(thread, fraction: float):
    """The same comments re-hung so the first top-level comment holds `fraction` of them.

    The generator makes many small threads; the key benchmark needs one big subtree to
    fold. Its replies are 100 children with the rest spread under them, as a real
    busy thread looks.
    """
    from dataclasses import replace

    from threadview.model import iter_comments

    flat = [replace(c, replies=()) for c in iter_comments(thread.comments)]
    size = max(2, int(len(flat) * fraction))
    head, inside, rest = flat[0], flat[1:size], flat[size:]
    groups = max(1, min(100, len(inside)))
    children = []
    for group in range(groups):
        members = inside[group::groups]
        if members:
            children.append(replace(members[0], replies=tuple(members[1:])))
    return replace(thread, comments=(replace(head, replies=tuple(children)), *rest))


def generate(directory: Path, comments: int, emoji: bool = False) -> Path:
    name = f"t{comments}{'-emoji' if emoji else ''}.txt"
    path = directory / name
    if not path.exists():
        command = [PYTHON, str(GEN), "--comments", str(comments), "--out", str(path)]
        subprocess.run(command + (["--emoji"] if emoji else []), check=True)
    return path


def run_in_pty(
    argv: list[str],
    quit_after_full: bool = True,
    quit_key: bytes = b"q",
    extra_env: dict[str, str] | None = None,
    settled: Callable[[], bool] | None = None,
) -> dict[str, float]:
    """Start a program in a 160x48 pty; time its first paint, its quit, its peak RSS.
    With `settled`, quit only once the whole file is shown and `settled()` is true."""
    handle, report_name = tempfile.mkstemp(prefix="tv-bench-", suffix=".txt")
    os.close(handle)
    env = dict(os.environ, THREADVIEW_BENCH_REPORT=report_name, TERM="xterm-256color")
    env.update(extra_env or {})
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    start = time.time()
    pid, fd = pty.fork()
    if pid == 0:  # child
        import fcntl
        import termios

        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        os.execve(argv[0], argv, env)
    events: dict[str, float] = {}
    sent = None
    deadline = start + 300
    status = rusage = None
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.02)
        if ready:
            with contextlib.suppress(OSError):
                os.read(fd, 1 << 16)
        events = _events(report_name)
        if sent is None and "full" in events and quit_after_full and (settled is None or settled()):
            time.sleep(0.3)
            sent = time.time()
            os.write(fd, quit_key)
        done, status, rusage = os.wait4(pid, os.WNOHANG)
        if done:
            break
    else:
        os.kill(pid, 9)
        raise RuntimeError(f"{argv} did not finish")
    end = time.time()
    os.close(fd)
    events = _events(report_name)
    os.unlink(report_name)
    if "paint" not in events:
        raise RuntimeError(f"{argv} never painted (exit status {status})")
    return {
        "paint": events["paint"] - start,
        "full": events["full"] - start if "full" in events else float("nan"),
        "quit": end - sent if sent else float("nan"),
        "rss": rusage.ru_maxrss * 1024,
        "paint_cpu": events.get("paint-cpu", float("nan")),
        "full_cpu": events.get("full-cpu", float("nan")),
    }


def _events(path: str) -> dict[str, float]:
    found: dict[str, float] = {}
    with open(path, encoding="utf-8") as report:
        for line in report:
            name, _, stamp = line.partition(" ")
            if stamp.strip():
                found.setdefault(name, float(stamp))
    return found


def key_costs(path: Path, presses: int = 150, toggles: int = 20) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "bench"), str(ROOT)]))
    done = subprocess.run(
        [PYTHON, "-c", KEY_WORKER, str(path), str(presses), str(toggles)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=600,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def speed_costs(
    path: Path, rounds: int, query: str = "witnesses", rare: str = "user_0042"
) -> dict[str, float]:
    """Wall time of the keys that once waited on the thread's size (see `SPEED_WORKER`):
    `query` is in about 3 comments in 10 of the generated files, `rare` (an author) in 1
    in 2,000."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "bench"), str(ROOT)]))
    done = subprocess.run(
        [PYTHON, "-c", SPEED_WORKER, str(path), str(rounds), query, rare],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=3600,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def speed(args: argparse.Namespace, directory: Path) -> None:
    """The keys that must not wait on the thread's size, and the full load, at each size as
    ratios to the same at the smallest size (and the load to toolong's index when given)."""
    sizes = sorted(args.sizes)
    files = {size: generate(directory, size) for size in sizes}
    reader = [PYTHON, str(READER)]
    toolong = [args.toolong, str(ROOT / "bench" / "toolong_entry.py")] if args.toolong else None
    keys = ("s", "t", "search_first", "search_all", "rare_all", "during_scan", "idle")
    measured: dict[int, dict[str, list[float]]] = {size: {} for size in sizes}
    for number in range(args.rounds):
        for size in sizes:
            row = measured[size]
            costs = speed_costs(files[size], 3)
            for key in keys:
                row.setdefault(key, []).append(costs[key])
            row.setdefault("scan_slowdown", []).append(costs["during_scan"] / costs["idle"])
            ours = run_in_pty([*reader, str(files[size])])
            row.setdefault("load", []).append(ours["full"])
            if toolong:
                theirs = run_in_pty([*toolong, str(files[size])], quit_key=b"\x03")
                row.setdefault("toolong", []).append(theirs["full"])
                row.setdefault("load_toolong", []).append(ours["full"] / theirs["full"])
        print(f"speed round {number + 1}/{args.rounds} done", file=sys.stderr)
    base = sizes[0]
    med = {size: {k: statistics.median(v) for k, v in measured[size].items()} for size in sizes}
    print(f"\nkeys that must not wait on the thread's size: {args.rounds} rounds, medians")
    print("files: " + ", ".join(f"{size:,}: {files[size].stat().st_size:,} B" for size in sizes))
    table: list[list[str]] = []
    names = {
        "s": "`s` until the screen changed, / the same at",
        "t": "`t` with no notes in the thread, / the same at",
        "search_first": "search, first hit shown, / the same at",
        "search_all": "search, every hit counted, / the same at",
        "rare_all": "search for a rare term (1 comment in 2,000), every hit counted, / at",
        "load": "the whole file loaded (start to full), / the same at",
    }
    for key, name in names.items():
        cells = [f"{med[size][key] / med[base][key]:.2f}" for size in sizes[1:]]
        table.append([f"{name} {base:,}", *cells, target_text(3)])
    if toolong:
        cells = [f"{med[size]['load_toolong']:.2f}" for size in sizes[1:]]
        table.append(["the whole file loaded / toolong's index of it", *cells, target_text(1)])
    cells = [f"{med[size]['scan_slowdown']:.2f}" for size in sizes[1:]]
    table.append(["a key during the notes scan / the same key after it", *cells, ""])
    heads = ["measure", *(f"{size:,}" for size in sizes[1:]), "target"]
    print("\n" + markdown_table(heads, table))
    print("\nraw medians (ms, load in s):")
    for size in sizes:
        print(f"  {size:,}: " + ", ".join(f"{k} {v:.4g}" for k, v in med[size].items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep generated files in this directory")
    parser.add_argument(
        "--part",
        choices=("all", "classic", "speed"),
        default="all",
        help="classic: paint, cursor, fold, memory, quit; speed: s, t, search, full load",
    )
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(size) for size in text.split(",")],
        default=[1_000, 100_000, 1_000_000],
        help="comment counts for the speed part, smallest first (default 1000,100000,1000000)",
    )
    parser.add_argument(
        "--toolong",
        metavar="PYTHON",
        help="a Python with toolong installed: bench its index of the same files",
    )
    args = parser.parse_args()
    compile_package()
    directory = args.keep or Path(tempfile.mkdtemp(prefix="tv-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    if args.part in ("all", "speed"):
        speed(args, directory)
    if args.part == "speed":
        return 0
    small, big, emoji = (
        generate(directory, 1_000),
        generate(directory, 100_000),
        generate(directory, 100_000, emoji=True),
    )
    empty_script = directory / "empty_app.py"
    empty_script.write_text(EMPTY_APP, encoding="utf-8")
    reader = [PYTHON, str(READER)]
    empty = [PYTHON, str(empty_script)]

    ratios: dict[str, list[float]] = {
        key: []
        for key in ("paint_empty", "paint_small", "down", "toggle", "rss", "rss_emoji", "quit")
    }
    raw: dict[str, list[float]] = {}
    for number in range(args.rounds):
        base = run_in_pty(empty)
        low = run_in_pty([*reader, str(small)])
        high = run_in_pty([*reader, str(big)])
        high_emoji = run_in_pty([*reader, str(emoji)])
        keys_high, keys_low = key_costs(big), key_costs(small)
        ratios["paint_empty"].append(high["paint"] / base["paint"])
        ratios["paint_small"].append(high["paint"] / low["paint"])
        ratios["down"].append(keys_high["down"] / keys_low["down"])
        ratios["toggle"].append(keys_high["toggle"] / keys_low["toggle"])
        ratios["rss"].append((high["rss"] - base["rss"]) / big.stat().st_size)
        ratios["rss_emoji"].append((high_emoji["rss"] - base["rss"]) / emoji.stat().st_size)
        ratios["quit"].append(high["quit"] / base["quit"])
        for name, value in (
            ("empty paint s", base["paint"]),
            ("1k paint s", low["paint"]),
            ("100k paint s", high["paint"]),
            ("empty quit s", base["quit"]),
            ("100k quit s", high["quit"]),
            ("empty RSS MB", base["rss"] / 1e6),
            ("100k RSS MB", high["rss"] / 1e6),
            ("100k emoji RSS MB", high_emoji["rss"] / 1e6),
            ("down ms 100k", keys_high["down"] * 1e3),
            ("down ms 1k", keys_low["down"] * 1e3),
            ("toggle ms 100k", keys_high["toggle"] * 1e3),
            ("toggle ms 1k", keys_low["toggle"] * 1e3),
        ):
            raw.setdefault(name, []).append(value)
        print(f"round {number + 1}/{args.rounds} done", file=sys.stderr)

    rows = [
        ("first paint, 100k / empty app", "paint_empty", 1.5),
        ("first paint, 100k / 1k", "paint_small", 1.3),
        ("CPU per cursor-down, 100k / 1k", "down", 1.5),
        ("CPU per fold+unfold of a 10% subtree, 100k / 1k", "toggle", 1.5),
        ("peak RSS (100k - empty) / file size", "rss", 2.0),
        ("peak RSS (100k emoji - empty) / file size", "rss_emoji", 2.0),
        ("quit time, 100k / empty app", "quit", 1.2),
    ]
    print(f"\nthreadview UI benchmark: {args.rounds} rounds, medians of paired ratios")
    print(
        f"files: 1k {small.stat().st_size:,} B, 100k {big.stat().st_size:,} B, "
        f"100k emoji {emoji.stat().st_size:,} B\n"
    )
    print(median_table(rows, ratios))
    print("\n" + raw_medians(raw))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
