"""Time the whole load of a big text thread against another commit's and toolong's, in one run.

    python bench/bench_load.py --baseline COMMIT [--sizes 100000,1000000] [--rounds 3]
        [--toolong PYTHON] [--keep DIR] [--phases] [--keys]

Each round starts `threadview FILE` from this checkout and from `COMMIT` (exported with
`git archive` into a temporary directory and put first on PYTHONPATH), and toolong's index
of the same file when given, back to back in a 160x48 pty (`bench_ui.run_in_pty`: start
to the whole thread on screen), so machine load hits all alike. It prints each round and
the medians of the paired ratios: this checkout against the baseline, and against toolong.

With `--phases`, each round runs `load_phases.py` instead (the same load in one process,
no app), this checkout and the baseline turn about, and prints the median CPU seconds of
each phase for both; then this checkout's load with a child process scanning the second
part (`load_phases.py --split`: the reader's own CPU seconds, and the clock's).

With `--keys`, each round times `j` (from the key sent, as a terminal sends it, until the
cursor has moved) while the whole file loads, in this checkout's reader (`App.run_test`,
loaded as `threadview FILE` loads it) with the child process the CLI starts and without
one, and `j` once the load is done; it prints the medians in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_ui import PYTHON, READER, ROOT, compile_package, generate, run_in_pty


def export(commit: str, directory: Path) -> Path:
    """The tree of `commit`, compiled to bytecode as an installed package would be."""
    tree = directory / f"baseline-{commit[:12]}"
    if not tree.exists():
        tree.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True
        )
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
        subprocess.run([PYTHON, "-m", "compileall", "-q", str(tree / "threadview")], check=True)
    return tree


def load_time(argv: list[str], pythonpath: str | None = None, quit_key: bytes = b"q") -> float:
    """Seconds from start to "full" of one program in a pty."""
    env_before = os.environ.get("PYTHONPATH")
    if pythonpath is not None:
        os.environ["PYTHONPATH"] = pythonpath
    try:
        return run_in_pty(argv, quit_key=quit_key)["full"]
    finally:
        if env_before is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = env_before


def phases(pythonpath: str | None, path: Path, split: bool = False) -> dict[str, float]:
    """CPU seconds per phase of one load of `path` (`load_phases.py`) in a fresh process."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    script = str(ROOT / "bench" / "load_phases.py")
    argv = [PYTHON, script, str(path), *(["--split"] if split else [])]
    done = subprocess.run(argv, env=env, check=True, capture_output=True, text=True)
    words = done.stdout.split()
    return {name: float(seconds) for name, seconds in zip(words[::2], words[1::2], strict=True)}


KEYS_WORKER = """
import asyncio, json, statistics, sys, time
from textual import events
from threadview.cli import PREVIEW_BYTES, PREVIEW_COMMENTS
from threadview.parsing import parse_document, read_document, splitscan
from threadview.ui.app import ThreadViewApp

async def key(app, pane):
    before = pane.cursor_position
    event = events.Key("j", "j")
    event.set_sender(app)
    start = time.perf_counter()
    app._driver.send_message(event)
    while pane.cursor_position == before:
        await asyncio.sleep(0.0005)
    elapsed = time.perf_counter() - start
    await asyncio.sleep(0.02)  # let the frame out before the next key
    return elapsed

async def main(path, split):
    document = read_document(path, head=PREVIEW_BYTES)
    child = splitscan.start_for(document) if split else None
    thread = parse_document(document, limit=PREVIEW_COMMENTS)
    app = ThreadViewApp(thread, document=document, split_child=child)
    del document
    async with app.run_test(size=(160, 48)) as pilot:
        reader = app.reader
        pane = reader.comment_pane
        await asyncio.sleep(0.05)  # not `pilot.pause()`: it waits for the load to end
        during = []
        while reader.loading and len(during) < 400:
            during.append(await key(app, pane))
        while reader.loading:
            await asyncio.sleep(0.01)
        await pilot.pause()
        after = [await key(app, pane) for _ in range(30)]
    print(json.dumps({"during": during, "after": after}))

asyncio.run(main(sys.argv[1], sys.argv[2] == "split"))
"""


def key_times(path: Path, split: bool) -> dict[str, list[float]]:
    """Seconds of each `j` during the load of `path` and after it (`KEYS_WORKER`)."""
    argv = [PYTHON, "-c", KEYS_WORKER, str(path), "split" if split else "one"]
    done = subprocess.run(argv, check=True, capture_output=True, text=True, timeout=900)
    found: dict[str, list[float]] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def compare_keys(directory: Path, sizes: list[int], rounds: int) -> int:
    """Median milliseconds of `j` while the file loads, with and without a child, and after."""
    for size in sizes:
        path = generate(directory, size)
        times: dict[str, list[float]] = {}
        for _ in range(rounds):
            for split in (True, False):
                found = key_times(path, split)
                name = "with a child" if split else "one process"
                times.setdefault(f"during the load, {name}", []).extend(found["during"])
                times.setdefault("after the load", []).extend(found["after"])
        cells = ", ".join(
            f"{name} {statistics.median(each) * 1e3:.1f} ms ({len(each)} keys)"
            for name, each in times.items()
            if each
        )
        print(f"{size:,}: j {cells}")
    return 0


def compare_phases(base: Path, directory: Path, sizes: list[int], rounds: int) -> int:
    """Median CPU seconds of each phase, this checkout and the baseline turn about."""
    for size in sizes:
        path = generate(directory, size)
        runs: dict[str, list[dict[str, float]]] = {"this": [], "baseline": [], "split": []}
        for _ in range(rounds):
            runs["this"].append(phases(None, path))
            runs["baseline"].append(phases(str(base), path))
            runs["split"].append(phases(None, path, split=True))
        for who, found in runs.items():
            names = [name for name in found[0] if all(name in run for run in found)]
            cells = " ".join(f"{n} {statistics.median(run[n] for run in found):.3f}" for n in names)
            print(f"{size:,} {who}: {cells}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", required=True, help="the commit to compare against")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", type=lambda text: [int(n) for n in text.split(",")])
    parser.add_argument("--toolong", metavar="PYTHON", help="a Python with toolong installed")
    parser.add_argument("--keep", type=Path, help="keep generated files in this directory")
    parser.add_argument("--phases", action="store_true", help="CPU time per phase, no app")
    parser.add_argument("--keys", action="store_true", help="j during the load and after")
    args = parser.parse_args()
    compile_package()
    directory = args.keep or Path(tempfile.mkdtemp(prefix="tv-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    if args.keys:
        return compare_keys(directory, args.sizes or [100_000, 1_000_000], args.rounds)
    base = export(args.baseline, directory)
    if args.phases:
        return compare_phases(base, directory, args.sizes or [100_000, 1_000_000], args.rounds)
    ratios: dict[int, dict[str, list[float]]] = {}
    for number in range(args.rounds):
        for size in args.sizes or [100_000, 1_000_000]:
            path = str(generate(directory, size))
            ours = load_time([PYTHON, str(READER), path])
            theirs = load_time([PYTHON, str(base / "bench" / "reader_entry.py"), path], str(base))
            row = ratios.setdefault(size, {})
            row.setdefault("this / baseline", []).append(ours / theirs)
            line = f"{size:,}: this {ours:.2f} s, baseline {theirs:.2f} s"
            if args.toolong:
                entry = str(ROOT / "bench" / "toolong_entry.py")
                toolong = load_time([args.toolong, entry, path], quit_key=b"\x03")
                row.setdefault("this / toolong", []).append(ours / toolong)
                row.setdefault("baseline / toolong", []).append(theirs / toolong)
                line += f", toolong {toolong:.2f} s"
            print(f"round {number + 1}: {line}", file=sys.stderr)
    for size, row in ratios.items():
        cells = ", ".join(f"{name} {statistics.median(v):.2f}" for name, v in row.items())
        print(f"{size:,} comments, medians of paired ratios: {cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
