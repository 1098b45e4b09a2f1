"""Quick paired comparison of the reader's first paint against an empty Textual app.

    python bench/bench_paint.py [--rounds 9] [FILE]

Each round starts the empty app and `threadview FILE` back to back in the same
160x48 pty as bench_ui.py (its `run_in_pty`), so machine load hits both alike; prints
each round and the medians. FILE defaults to bench/data/text-100000.txt. Like bench_ui.py,
it first compiles threadview's bytecode, as an installed package has it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ui import EMPTY_APP, PYTHON, ROOT, compile_package, run_in_pty


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument(
        "file", nargs="?", type=Path, default=ROOT / "bench" / "data" / "text-100000.txt"
    )
    args = parser.parse_args()
    compile_package()
    with tempfile.TemporaryDirectory(prefix="tv-paint-") as directory:
        script = Path(directory) / "empty_app.py"
        script.write_text(EMPTY_APP, encoding="utf-8")
        empty = [PYTHON, str(script)]
        reader = [str(Path(PYTHON).with_name("threadview")), str(args.file)]
        ratios, bases, paints = [], [], []
        for number in range(args.rounds):
            base = run_in_pty(empty)["paint"]
            paint = run_in_pty(reader)["paint"]
            ratios.append(paint / base)
            bases.append(base)
            paints.append(paint)
            print(
                f"round {number + 1}: empty {base:.3f}s  reader {paint:.3f}s  "
                f"ratio {paint / base:.2f}",
                file=sys.stderr,
            )
    print(
        f"median: empty {statistics.median(bases):.3f}s  reader "
        f"{statistics.median(paints):.3f}s  ratio {statistics.median(ratios):.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
