"""Hostile inputs at full scale in the real reader: bounded time and memory, or a clear no.

    python bench/bench_hostile.py [--keep DIR]

Generates the issue's worst cases (a 10 MB line with no spaces, a 1 MB URL, 100,000
combining marks, 1 million comment headers, 100 MB of blank lines, 10,000-deep nesting in
JSON and in text, 10,000 nested quotes) with tests/hostile/generate.py, opens each in
`threadview` in a pseudo-terminal (as bench/bench_ui.py does) and prints the time to the
first paint, the time until the whole file is in, and the peak RSS over the file size. The
baseline, measured in the same run, is an ordinary 1,000-comment thread.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_ui import generate as ordinary_thread  # noqa: E402
from bench_ui import run_in_pty  # noqa: E402

CASES = [
    ("giant-line", {"chars": 10_000_000}),
    ("giant-url", {"chars": 1_000_000}),
    ("zalgo", {"marks": 100_000}),
    ("many-headers", {"count": 1_000_000}),
    ("blank-lines", {"lines": 100_000_000}),
    ("deep-json", {"depth": 10_000}),
    ("deep-text", {"depth": 10_000}),
    ("markdown-quotes", {"depth": 10_000}),
]


def _generator():
    spec = importlib.util.spec_from_file_location(
        "hostile_generate", ROOT / "tests" / "hostile" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", help="keep the generated files in this folder")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="tv-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    command = str(Path(sys.executable).with_name("threadview"))
    base = run_in_pty([command, str(ordinary_thread(folder, 1000))])
    generate = _generator()
    print(f"baseline: an ordinary 1,000-comment thread paints in {base['paint']:.2f} s\n")
    print(
        f"| {'input':<16} | {'size MB':>8} | {'paint / base':>12} | {'loaded s':>8} "
        f"| {'RSS MB':>7} | {'RSS / size':>10} |"
    )
    print(f"| {'-' * 16} | {'-' * 7}: | {'-' * 11}: | {'-' * 7}: | {'-' * 6}: | {'-' * 9}: |")
    for name, params in CASES:
        path = folder / (name + (".json" if "json" in name else ".txt"))
        if not path.exists():
            path.write_bytes(generate(name, params))
        size = path.stat().st_size
        result = run_in_pty([command, str(path)])
        loaded = result.get("full", float("nan"))
        print(
            f"| {name:<16} | {size / 1e6:>8.1f} | {result['paint'] / base['paint']:>12.2f} "
            f"| {loaded:>8.2f} | {result['rss'] / 1e6:>7.0f} | {result['rss'] / size:>10.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
