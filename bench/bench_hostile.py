"""Hostile inputs at full scale in the real reader: bounded time and memory, or a clear no.

    python bench/bench_hostile.py [--keep DIR]

Generates the issue's worst cases (a 10 MB line with no spaces, a 1 MB URL, 100,000
combining marks, 1 million comment headers, 100 MB of blank lines, 10,000-deep nesting in
JSON and in text, 10,000 nested quotes) with tests/hostile/generate.py, opens each in
`threadview` in a pseudo-terminal (as bench/bench_ui.py does) and prints the time to the
first paint, the time until the whole file is in, and the peak RSS over the file size. The
baseline, measured in the same run, is an ordinary 1,000-comment thread.

Cases whose cost once grew with their content, not their size (HN HTML of unmatched tags,
one giant comment body) are then compared with an ordinary file of the same size: the
time of `threadview dump` and of the reader's first paint, both as ratios, and the
reader's peak RSS over the file size.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_ui import generate as ordinary_thread  # noqa: E402
from bench_ui import run_in_pty  # noqa: E402
from tables import markdown_table  # noqa: E402

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


# (case, its params, the same-size ordinary file's generator); sizes as the issue's.
SAME_SIZE = [
    ("unmatched-tags-json", {"count": 9_000}, "ordinary-hn-json"),
    ("giant-body", {"chars": 50_000_000}, "ordinary-text"),
]


def _dump_seconds(command: list[str], path: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [*command, "dump", "--format", "json", str(path)], stdout=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - start


def _ordinary(folder: Path, kind: str, size: int, generate) -> Path:
    if kind == "ordinary-text":
        per_comment = ordinary_thread(folder, 1000).stat().st_size / 1000
        return ordinary_thread(folder, max(1, round(size / per_comment)))
    path = folder / f"{kind}-{size}.json"
    if not path.exists():
        path.write_bytes(generate(kind, {"chars": size}))
    return path


def same_size_table(folder: Path, command: list[str], generate) -> None:
    """The content-cost cases against ordinary files of their size (medians of 3 runs)."""
    table = []
    for name, params, kind in SAME_SIZE:
        path = folder / (name + (".json" if "json" in name else ".txt"))
        if not path.exists():
            path.write_bytes(generate(name, params))
        size = path.stat().st_size
        plain = _ordinary(folder, kind, size, generate)
        dumps, paints, rss = [], [], 0.0
        for _ in range(3):
            dumps.append(_dump_seconds(command, path) / _dump_seconds(command, plain))
            hostile = run_in_pty([*command, str(path)])
            paints.append(hostile["paint"] / run_in_pty([*command, str(plain)])["paint"])
            rss = max(rss, hostile["rss"])
        table.append(
            [
                name,
                f"{size / 1e6:.1f}",
                f"{sorted(dumps)[1]:.2f}",
                f"{sorted(paints)[1]:.2f}",
                f"{rss / 1e6:.0f}",
                f"{rss / size:.2f}",
            ]
        )
    heads = ["input", "size MB", "dump / same size", "paint / same size", "RSS MB", "RSS / size"]
    print("\n" + markdown_table(heads, table))


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
    parser.add_argument(
        "--same-size-only", action="store_true", help="only the cases compared by size"
    )
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="tv-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, str(Path(__file__).with_name("reader_entry.py"))]
    generate = _generator()
    if args.same_size_only:
        same_size_table(folder, command, generate)
        return 0
    base = run_in_pty([*command, str(ordinary_thread(folder, 1000))])
    print(f"baseline: an ordinary 1,000-comment thread paints in {base['paint']:.2f} s\n")
    table = []
    for name, params in CASES:
        path = folder / (name + (".json" if "json" in name else ".txt"))
        if not path.exists():
            path.write_bytes(generate(name, params))
        size = path.stat().st_size
        result = run_in_pty([*command, str(path)])
        loaded = result.get("full", float("nan"))
        table.append(
            [
                name,
                f"{size / 1e6:.1f}",
                f"{result['paint'] / base['paint']:.2f}",
                f"{loaded:.2f}",
                f"{result['rss'] / 1e6:.0f}",
                f"{result['rss'] / size:.2f}",
            ]
        )
    heads = ["input", "size MB", "paint / base", "loaded s", "RSS MB", "RSS / size"]
    print(markdown_table(heads, table))
    same_size_table(folder, command, generate)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
