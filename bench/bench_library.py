"""Benchmark the library index and search against baselines measured in the same run.

    python bench/bench_library.py [--files 10000] [--comments 1000000] [--rounds 5]
        [--screen-only] [--before DIR]

Generates (once, into bench/data/) a library of thread files in the text layout with
mixed sizes (a few big threads of 5% of all comments each, the rest exponentially
distributed), then reports four ratios, each against a baseline taken on this machine in
this run (the machine is shared and noisy; only side-by-side ratios mean anything):

- index from scratch / running `threadview dump`'s logic (read, parse, write JSON to a
  discarding sink) over the same files (target <= 1.5); also, for information, against
  reading and parsing alone;
- rescan of the unchanged library / walking and stat-ing the same tree (target <= 2);
- a search's first page (20 hits, with snippets) / the same FTS5 query run directly with
  sqlite3 (target <= 1.5), median of paired rounds, for several queries;
- database size / total size of the thread files (target <= 1.0);
- the library's first screen (`threadview DIR` in a pseudo-terminal, its index already
  built, until the rows the index holds fill the screen: the first page, read on its own;
  the whole list follows in the worker) / the reader's first paint of a 1,000-comment
  thread (target <= 1.2), median of paired rounds, in wall time and in the CPU time each
  process had used by then (what a busy machine disturbs least);
- CPU per key press in the library (see `KEY_GROUPS`), 10,000 threads / 10 threads and
  / 100 threads (target: the same cost, ~1), median of paired repeats. 10 threads fill
  10 of the 45 rows and never scroll, so a page down there moves the cursor only, where
  at 100 and 10,000 it scrolls a screen of rows: the ratio against 100 is the one that
  isolates the list's size.

`--before DIR` measures the screen's figures for another checkout of threadview too (an
older commit, unpacked with `git archive`) in the same rounds.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from gen_threads import write_thread  # noqa: E402

from threadview.cli import run_dump  # noqa: E402
from threadview.model import iter_comments  # noqa: E402
from threadview.parsing import load_path  # noqa: E402
from threadview.store.indexer import Indexer  # noqa: E402
from threadview.store.library import LibraryStore  # noqa: E402
from threadview.store.query import parse_query  # noqa: E402

KEY_GROUPS = (
    ("down", ["down", "up"], "a cursor move (down, up): two lines redrawn"),
    (
        "page down",
        ["pagedown", "home"],
        "page down, home: a screen of rows redrawn, where the list scrolls",
    ),
    ("sort", ["ctrl+s"] * 7 + ["ctrl+r"], "ctrl+s through every column, ctrl+r: every row"),
)
"""Each group of keys timed: its name, its keys (pressed in turn), what a press redraws."""

LIBRARY_KEYS = """
import asyncio, json, os, sys, time
from threadview.ui.app import ThreadViewApp

GROUPS = json.loads(sys.argv[3])

async def main(folder, presses):
    app = ThreadViewApp(library=[folder])
    async with app.run_test(size=(160, int(sys.argv[4]))) as pilot:
        screen = app.library
        while screen.indexing or not screen.library_list.entries:
            await pilot.pause(0.05)
        await pilot.pause()
        costs = {}
        for name, keys in GROUPS:
            start = time.process_time()
            for _ in range(presses):
                await pilot.press(*keys)
            await pilot.pause()
            costs[name] = (time.process_time() - start) / (presses * len(keys))
        rows = len(screen.library_list.entries)
    print(json.dumps({"rows": rows, **costs}))

asyncio.run(main(sys.argv[1], int(sys.argv[2])))
"""

DATA = HERE / "data"
QUERIES = (
    "cartel",
    "minister statement",
    '"police report"',
    "transl*",
    "witnesses author:user_0007",
)


class _Discard(io.TextIOBase):
    """A text sink that keeps nothing (what `dump > /dev/null` costs, minus the kernel)."""

    def write(self, text: str) -> int:
        return len(text)

    def isatty(self) -> bool:
        return False


def sizes(files: int, comments: int, seed: int) -> list[int]:
    """Comments per file: a few big threads, the rest exponentially distributed."""
    rng = random.Random(seed)
    big = max(1, min(4, files // 2500 + 1))
    big_size = comments // 20
    rest = max(0, comments - big * big_size)
    weights = [rng.expovariate(1.0) for _ in range(files - big)]
    total = sum(weights) or 1.0
    counts = [max(1, round(rest * weight / total)) for weight in weights]
    return [big_size] * big + counts


def generate(files: int, comments: int) -> Path:
    folder = DATA / f"library-{files}-{comments}"
    done = folder / ".complete"
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    for number, count in enumerate(sizes(files, comments, seed=files)):
        path = folder / f"{number % 100:02d}" / f"thread-{number:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.StringIO()
        write_thread(buffer, count, number, False, 12, False)
        text = buffer.getvalue().replace(
            "A synthetic thread for measuring threadview", f"Synthetic thread number {number}", 1
        )
        path.write_text(text, encoding="utf-8")
    done.write_text("")
    return folder


def thread_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.txt"))


def timed(work) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def dump_all(files: list[Path]) -> None:
    sink = _Discard()
    for path in files:
        args = argparse.Namespace(
            file=str(path),
            format="json",
            sort="oldest",
            from_name=None,
            facts=False,
            comment=None,
            raw=False,
        )
        run_dump(args, sink)  # type: ignore[arg-type]


def parse_all(files: list[Path]) -> None:
    for path in files:
        for comment in iter_comments(load_path(path).comments):
            comment.body  # noqa: B018  (make every body, as indexing does)


def walk_and_stat(folder: Path) -> None:
    for root, _, names in os.walk(folder):
        for name in names:
            os.stat(os.path.join(root, name))


def search_ratio(
    store: LibraryStore, folder: Path, text: str, rounds: int
) -> tuple[float, float, float]:
    """Median of paired (search first page, as `threadview search` runs it: kept to the
    folder, with snippets / the bare FTS5 query run directly) times."""
    under = os.fsencode(folder.absolute())
    query = parse_query(text)
    match = query.match()
    direct = sqlite3.connect(store.db_path)
    if query.author is None:
        sql = "SELECT rowid, rank FROM search WHERE search MATCH ? ORDER BY rank LIMIT 20"
        params: tuple = (match,)
    else:
        sql = (
            "SELECT search.rowid, bm25(search) AS s FROM search JOIN comment c ON"
            " c.id = search.rowid WHERE search MATCH ? AND c.author = ? COLLATE NOCASE"
            " ORDER BY s LIMIT 20"
        )
        params = (match, query.author)
    ours, theirs = [], []
    for _ in range(rounds):
        theirs.append(timed(lambda: direct.execute(sql, params).fetchall()))
        ours.append(timed(lambda: store.search(query, limit=20, under=under)))
    direct.close()
    pairs = [a / b for a, b in zip(ours, theirs, strict=True)]
    return statistics.median(pairs), statistics.median(ours), statistics.median(theirs)


def small_library(files: int) -> Path:
    """A library of `files` small threads (the "10 threads" side of the key ratio)."""
    folder = DATA / f"library-small-{files}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for number in range(files):
            buffer = io.StringIO()
            write_thread(buffer, 50, number, False, 12, False)
            (folder / f"thread-{number:02d}.txt").write_text(buffer.getvalue(), encoding="utf-8")
        (folder / ".complete").write_text("")
    return folder


def key_costs(
    folder: Path, data_dir: Path, presses: int, tree: Path, height: int
) -> dict[str, float]:
    """CPU per key press in the library of `folder` (its index in `data_dir`), in a
    subprocess running the threadview found in `tree` on a screen 160 wide, `height` high."""
    env = dict(os.environ, THREADVIEW_DATA_DIR=str(data_dir), PYTHONPATH=str(tree))
    groups = json.dumps([[name, keys] for name, keys, _ in KEY_GROUPS])
    done = subprocess.run(
        [sys.executable, "-c", LIBRARY_KEYS, str(folder), str(presses), groups, str(height)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=1800,
        cwd=tempfile.gettempdir(),  # so `tree`, not the current folder, is what is imported
    )
    costs: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return costs


def screen_ratios(
    folder: Path,
    data_dir: Path,
    smalls: list[Path],
    rounds: int,
    before: Path | None,
    height: int = 48,
) -> None:
    """The library's first screen / the reader's first paint of 1k comments, and CPU per
    key in the library at 10,000 threads / 10 and / 100 threads; prints them, for the code
    in this checkout and, with `before`, for that one too, measured in the same rounds."""
    from bench_ui import READER, compile_package, generate, run_in_pty

    compile_package()
    trees = {"after": HERE.parent} if before is None else {"before": before, "after": HERE.parent}
    if before is not None:  # its bytecode too, or its first round would compile it
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(before)], check=True)
    thread_1k = generate(DATA, 1_000)
    small_data = Path(tempfile.mkdtemp(prefix="tv-bench-library-small-"))
    try:
        with LibraryStore.open(small_data) as store:
            Indexer(store).scan(smalls)
        reader = [sys.executable, str(READER)]
        os.environ["THREADVIEW_DATA_DIR"] = str(data_dir)
        walls: dict[str, list[float]] = {name: [] for name in trees}
        cpus: dict[str, list[float]] = {name: [] for name in trees}
        fulls: dict[str, list[float]] = {name: [] for name in trees}
        paints = []
        for _ in range(rounds):
            paint = run_in_pty([*reader, str(thread_1k)])
            paints.append(paint["paint"])
            for name, tree in trees.items():
                first = run_in_pty([*reader, str(folder)], extra_env={"PYTHONPATH": str(tree)})
                fulls[name].append(first["full"])
                walls[name].append(first["full"] / paint["paint"])
                cpus[name].append(first["full_cpu"] / paint["paint_cpu"])
        print(
            "first screen: `threadview DIR` until its first rows are on screen / the reader's"
            " first paint of 1k comments, paired per round (wall time; CPU of the process)"
        )
        for name in trees:
            print(
                f"  {name:6} library {statistics.median(fulls[name]):6.3f} s   reader"
                f" {statistics.median(paints):6.3f} s   ratio {statistics.median(walls[name]):5.2f}"
                f"   CPU ratio {statistics.median(cpus[name]):5.2f}  (target <= 1.2)"
                f"   rounds: {' '.join(f'{r:.2f}' for r in walls[name])}"
            )
        presses = max(20, rounds * 6)
        repeats = 3
        print(
            f"keys: CPU per press in App.run_test at 160x{height} ({height - 3} rows on screen),"
            " the mean of"
            f" {presses} rounds of each group, {repeats} times paired (the big library, then"
            " each small one): medians of the ms and of the paired ratios; 10 threads fill"
            f" {min(10, height - 3)} of the {height - 3} rows, 100 and 10,000 all of them"
        )
        for name, keys, what in KEY_GROUPS:
            print(f"  {name!r}: {what} ({len(keys)} presses a round)")
        for label, tree in trees.items():
            bigs: dict[str, list[float]] = {name: [] for name, _, _ in KEY_GROUPS}
            littles = {small: {name: [] for name, _, _ in KEY_GROUPS} for small in smalls}
            ratios = {small: {name: [] for name, _, _ in KEY_GROUPS} for small in smalls}
            rows: dict[Path, int] = {}
            for _ in range(repeats):
                big = key_costs(folder, data_dir, presses, tree, height)
                rows[folder] = int(big["rows"])
                for name, _, _ in KEY_GROUPS:
                    bigs[name].append(big[name])
                for small in smalls:
                    little = key_costs(small, small_data, presses, tree, height)
                    rows[small] = int(little["rows"])
                    for name, _, _ in KEY_GROUPS:
                        littles[small][name].append(little[name])
                        ratios[small][name].append(big[name] / little[name])
            for small in smalls:
                for name, _, _ in KEY_GROUPS:
                    print(
                        f"  {label:6} {name!r:12} {rows[folder]:,} threads"
                        f" {statistics.median(bigs[name]) * 1000:6.2f} ms   {rows[small]} threads"
                        f" {statistics.median(littles[small][name]) * 1000:6.2f} ms   ratio"
                        f" {statistics.median(ratios[small][name]):5.2f}  (target ~1)   rounds:"
                        f" {' '.join(f'{r:.2f}' for r in ratios[small][name])}"
                    )
    finally:
        shutil.rmtree(small_data, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--screen-only",
        action="store_true",
        help="only the library screen's figures (first screen, keys); the index is built first",
    )
    parser.add_argument(
        "--height",
        type=int,
        default=48,
        help="the keys' screen height (48: 45 rows; 13: 10 rows, so 10 threads fill it too)",
    )
    parser.add_argument(
        "--before",
        type=Path,
        help="the screen's figures for this checkout too (`git archive` of an older commit)",
    )
    args = parser.parse_args()
    print(f"generating {args.files} files / {args.comments} comments (cached in {DATA})")
    folder = generate(args.files, args.comments)
    files = thread_files(folder)
    total = sum(p.stat().st_size for p in files)
    print(f"library: {len(files)} files, {total / 1e6:.1f} MB")

    data_dir = Path(tempfile.mkdtemp(prefix="tv-bench-library-"))
    try:
        if args.screen_only:
            with LibraryStore.open(data_dir) as built:
                Indexer(built).scan([folder])
            smalls = [small_library(10), small_library(100)]
            screen_ratios(folder, data_dir, smalls, args.rounds, args.before, args.height)
            return 0
        dump = timed(lambda: dump_all(files))
        parse = timed(lambda: parse_all(files))
        store = LibraryStore.open(data_dir)
        report = None

        def index() -> None:
            nonlocal report
            report = Indexer(store).scan([folder])

        first = timed(index)
        assert report is not None and report.indexed == len(files), report
        print(f"index from scratch  {first:8.2f} s")
        print(f"dump logic          {dump:8.2f} s   ratio {first / dump:5.2f}  (target <= 1.5)")
        print(f"parse only          {parse:8.2f} s   ratio {first / parse:5.2f}  (information)")

        rescans, walks = [], []
        for _ in range(args.rounds):
            walks.append(timed(lambda: walk_and_stat(folder)))
            rescans.append(timed(lambda: Indexer(store).scan([folder])))
        ratio = statistics.median(a / b for a, b in zip(rescans, walks, strict=True))
        print(
            f"rescan unchanged    {statistics.median(rescans):8.3f} s   walk+stat "
            f"{statistics.median(walks):.3f} s   ratio {ratio:5.2f}  (target <= 2)"
        )

        for text in QUERIES:
            ratio, ours, theirs = search_ratio(store, folder, text, args.rounds * 2)
            print(
                f"search {text!r:32} {ours * 1000:7.1f} ms  direct {theirs * 1000:7.1f} ms"
                f"  ratio {ratio:5.2f}  (target <= 1.5)"
            )
        with sqlite3.connect(store.db_path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
        smalls = [small_library(10), small_library(100)]
        screen_ratios(folder, data_dir, smalls, args.rounds, args.before, args.height)
        db_size = sum(
            p.stat().st_size for p in data_dir.iterdir() if p.name.startswith("library.sqlite3")
        )
        print(
            f"database size       {db_size / 1e6:8.1f} MB  files {total / 1e6:.1f} MB"
            f"   ratio {db_size / total:5.2f}  (target <= 1.0)"
        )
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
