"""Benchmark the reader's power keys at 100k comments against a cursor move at 1k; print a table.

    python bench/bench_power.py [--rounds 3] [--keep DIR]

Each round runs two worker processes back to back (so machine load hits both alike): one
reads a generated 1,000-comment thread and times `j` (the baseline), the other a
100,000-comment one and times, in process CPU (worker threads included):

- spotlight, first computation: `a` on a comment until its author's comments are found
  (in a worker at this size);
- spotlight, `.`: the next comment by that author, once found;
- fold to depth: `2` (then `0`, untimed, to open everything again);
- `x`: fold the current top-level thread and go to the next.

Figures are medians over rounds of the ratio to the 1k `j` of the same round; the target
for the keys once computed is <= 2. Textual's `App.run_test` presses the keys, as in
`bench_ui.py`.
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
PYTHON = sys.executable
sys.path.insert(0, str(ROOT / "bench"))

from bench_ui import compile_package, generate  # noqa: E402
from tables import markdown_table, target_text, verdict  # noqa: E402

WORKER = """
import asyncio, json, sys, time
from threadview.parsing import load_path
from threadview.ui.app import ThreadViewApp

async def settle(pilot, done, limit=2000):
    for _ in range(limit):
        if done():
            return
        await pilot.pause(0.005)
    raise RuntimeError("never settled")

async def timed(pilot, keys, count, between=()):
    total = 0.0
    for _ in range(count):
        start = time.process_time()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        total += time.process_time() - start
        for key in between:
            await pilot.press(key)
        await pilot.pause()
    return total / count

async def main(path, power, presses):
    app = ThreadViewApp(load_path(path))
    found = {}
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # the notes scan: not ours to time
        reader, pane = app.reader, app.reader.comment_pane
        for _ in range(5):
            await pilot.press("j")
        await pilot.press("g")
        await pilot.pause()
        found["j"] = await timed(pilot, ["j"], presses)
        found["comments"] = pane.comment_count()
        if power:
            await pilot.press("g")
            await pilot.pause()
            start = time.process_time()
            await pilot.press("a")
            await settle(pilot, lambda: reader._spotlit is not None)
            found["spotlight_first"] = time.process_time() - start
            found["authored"] = len(reader._spotlit[1])
            found["next"] = await timed(pilot, ["full_stop"], presses)
            await pilot.press("g")
            found["depth2"] = await timed(pilot, ["2"], max(5, presses // 10), between=["0"])
            await pilot.press("g")
            found["x"] = await timed(pilot, ["x"], presses)
    print(json.dumps(found))

asyncio.run(main(sys.argv[1], sys.argv[2] == "1", int(sys.argv[3])))
"""


def costs(path: Path, power: bool, presses: int) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "bench"), str(ROOT)]))
    done = subprocess.run(
        [PYTHON, "-c", WORKER, str(path), "1" if power else "0", str(presses)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=1200,
    )
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--presses", type=int, default=60)
    parser.add_argument("--keep", type=Path, help="keep generated files in this directory")
    args = parser.parse_args()
    compile_package()
    directory = args.keep or Path(tempfile.mkdtemp(prefix="tv-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    small, big = generate(directory, 1_000), generate(directory, 100_000)
    names = ("spotlight_first", "next", "depth2", "x")
    ratios: dict[str, list[float]] = {name: [] for name in names}
    for number in range(args.rounds):
        low = costs(small, False, args.presses)
        high = costs(big, True, args.presses)
        for name in names:
            ratios[name].append(high[name] / low["j"])
        print(
            f"round {number + 1}: j at 1k {low['j'] * 1e3:.2f} ms; at 100k "
            + ", ".join(f"{name} {high[name] * 1e3:.2f} ms" for name in names)
            + f"; {high['authored']:.0f} comments by the spotlit author",
            file=sys.stderr,
        )
    labels = {
        "spotlight_first": ("spotlight, first computation (in a worker), 100k / j at 1k", None),
        "next": ("spotlight `.` once found, 100k / j at 1k", 2.0),
        "depth2": ("fold to depth `2`, 100k / j at 1k", 2.0),
        "x": ("`x` fold and next, 100k / j at 1k", 2.0),
    }
    table = []
    for name in names:
        label, target = labels[name]
        median = statistics.median(ratios[name])
        table.append([label, f"{median:.2f}", target_text(target), verdict(median, target)])
    print(markdown_table(["measure", "median", "target", "result"], table))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
