"""Benchmark the timeline (`T`) at 100k comments against a cursor move at 1k; print a table.

    python bench/bench_timeline.py [--rounds 3] [--keep DIR]

Each round runs two fresh processes back to back (Textual's `App.run_test`, 160x48, the
generated threads of `bench/gen_threads.py`) and takes their ratio, so machine load hits
both alike; the table shows the medians:

- the baseline: process CPU time per cursor-down (`j`) in the comment pane at 1k comments;
- first computation: from pressing `T` at 100k comments until the bars are on screen
  (counted in a worker: the rows of every comment, then the buckets), wall time;
- a move along it: process CPU time per `right` once it is on screen;
- opening it again: `escape`, then `T` until the bars are back (kept: no count), and for
  comparison opening the help dialog (`?`) over the same reader: most of either is
  Textual drawing a dialog over a dimmed reader.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_ui import PYTHON, compile_package, generate  # noqa: E402
from tables import markdown_table, target_text, verdict  # noqa: E402

WORKER = """
import asyncio, json, sys, time
from threadview.parsing import load_path
from threadview.ui.app import ThreadViewApp
from threadview.ui.screens.help import HelpScreen
from threadview.ui.screens.timeline import TimelineScreen

async def until_drawn(app, pilot):
    while not (isinstance(app.screen, TimelineScreen) and app.screen.chart is not None):
        await pilot.pause(0.001)
    await pilot.pause()

async def main(path, what, presses):
    app = ThreadViewApp(load_path(path))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        for _ in range(5):
            await pilot.press("j")
        await pilot.pause()
        found = {}
        if what == "cursor":
            start = time.process_time()
            for _ in range(presses):
                await pilot.press("j")
            await pilot.pause()
            found["cursor"] = (time.process_time() - start) / presses
        else:
            start = time.perf_counter()
            await pilot.press("T")
            await until_drawn(app, pilot)
            found["first"] = time.perf_counter() - start
            start = time.process_time()
            for _ in range(presses):
                await pilot.press("right")
            await pilot.pause()
            found["move"] = (time.process_time() - start) / presses
            await pilot.press("escape")
            await pilot.pause()
            start = time.perf_counter()
            await pilot.press("T")
            await until_drawn(app, pilot)
            found["again"] = time.perf_counter() - start
            await pilot.press("escape")
            await pilot.pause()
            start = time.perf_counter()
            await pilot.press("question_mark")
            while not isinstance(app.screen, HelpScreen):
                await pilot.pause(0.001)
            await pilot.pause()
            found["help"] = time.perf_counter() - start
        found["comments"] = app.reader.comment_pane.comment_count()
    print(json.dumps(found))

asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
"""

TARGETS = {"move": 2.0}


def run(path: Path, what: str, presses: int) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "bench"), str(ROOT)]))
    done = subprocess.run(
        [PYTHON, "-c", WORKER, str(path), what, str(presses)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=900,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", help="keep generated threads in this directory")
    args = parser.parse_args()
    compile_package()
    directory = Path(args.keep or tempfile.mkdtemp(prefix="tv-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    small, big = generate(directory, 1_000), generate(directory, 100_000)
    ratios: dict[str, list[float]] = {"first": [], "move": [], "again": [], "help": []}
    cursors: list[float] = []
    for round_number in range(args.rounds):
        cursor = run(small, "cursor", 150)["cursor"]
        timeline = run(big, "timeline", 100)
        cursors.append(cursor)
        for name in ratios:
            ratios[name].append(timeline[name] / cursor)
        print(
            f"round {round_number + 1}: j at 1k {cursor * 1000:.2f} ms; at 100k first "
            f"{timeline['first']:.2f} s, move {timeline['move'] * 1000:.2f} ms, again "
            f"{timeline['again'] * 1000:.1f} ms, help {timeline['help'] * 1000:.1f} ms",
            file=sys.stderr,
        )
    print(f"baseline: cursor-down at 1k comments, {statistics.median(cursors) * 1000:.2f} ms CPU")
    print()
    names = {
        "first": "first computation (in a worker), wall time",
        "move": "a move along it (right), CPU",
        "again": "opening it again (kept), wall time",
        "help": "for comparison: opening the help dialog (?), wall time",
    }
    table = []
    for name, label in names.items():
        median = statistics.median(ratios[name])
        target = TARGETS.get(name)
        table.append([label, f"{median:.2f}", target_text(target), verdict(median, target)])
    heads = ["measure (100k comments) / cursor-down at 1k", "median", "target", "result"]
    print(markdown_table(heads, table))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
