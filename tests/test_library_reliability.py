"""The library index survives kill -9 mid-scan and two processes indexing at once.

Real processes (tests/helpers_library_worker.py); deadlines only turn a hang into a failure.
"""

from __future__ import annotations

import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.library_helpers import comment, many, thread, write
from threadview.store.indexer import Indexer
from threadview.store.library import LibraryStore
from threadview.store.query import parse_query

WORKER = Path(__file__).with_name("helpers_library_worker.py")
REPO = WORKER.parent.parent
DEADLINE = 120.0
FILES = 24


def make_library(folder: Path) -> None:
    for number in range(FILES):
        made = many(200 + number * 10, f"lantern{number}")
        write(folder / f"t{number:02d}.txt", thread(f"Thread {number}", *made.comments))
    write(folder / "small.txt", thread("Small", comment("ann", 1, "Only one comment.")))


def start(data: Path, folder: Path, *, step: bool = False) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(data), str(folder), *(["--step"] if step else [])],
        cwd=REPO,
        text=True,
        stdin=subprocess.PIPE if step else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_lines(proc: subprocess.Popen, count: int) -> None:
    """Read `count` "file" lines, letting a --step worker go on after each."""
    end = time.monotonic() + DEADLINE
    for seen in range(count):
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, end - time.monotonic()))
        assert ready, f"worker stalled after {seen} files"
        assert proc.stdout.readline(), f"worker ended early: {proc.stderr.read()}"
        if proc.stdin is not None:
            proc.stdin.write("go\n")
            proc.stdin.flush()


def snapshot(store: LibraryStore) -> tuple:
    """What a user can see of the index: the list, the counts and what searches find."""
    rows = [(r.path, r.identity, r.title, r.comments) for r in store.threads()]
    found = {
        text: sorted((h.path, h.comment_id) for h in store.search(parse_query(text), 10_000))
        for text in ("lantern3", "lantern17", "word150", "comment", "only")
    }
    return rows, store.counts(), found


def fresh_snapshot(tmp_path: Path, folder: Path) -> tuple:
    with LibraryStore.open(tmp_path / "fresh") as store:
        Indexer(store).scan([folder])
        return snapshot(store)


@pytest.mark.parametrize("after", [1, 7, 15])
def test_kill_9_mid_scan_then_the_next_scan_is_consistent_and_complete(tmp_path, after):
    folder = tmp_path / "lib"
    make_library(folder)
    data = tmp_path / "data"
    proc = start(data, folder, step=True)  # it can get one file ahead of us, never finish
    try:
        wait_lines(proc, after)
        time.sleep(0.05 * (after % 4))  # land inside a later file's transaction, sometimes
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=DEADLINE)
    assert proc.returncode == -signal.SIGKILL
    with LibraryStore.open(data) as store:
        assert store.check() == []
        report = Indexer(store).scan([folder])
        assert report.unchanged >= after  # what was committed before the kill is kept
        assert store.check() == []
        assert snapshot(store) == fresh_snapshot(tmp_path, folder)


def test_two_processes_indexing_one_library_at_once(tmp_path):
    folder = tmp_path / "lib"
    make_library(folder)
    data = tmp_path / "data"
    first, second = start(data, folder), start(data, folder)
    for proc in (first, second):
        out, err = proc.communicate(timeout=DEADLINE)
        assert proc.returncode == 0, err
        assert out.splitlines()[-1] == "done"
    with LibraryStore.open(data) as store:
        assert store.check() == []
        assert Indexer(store).scan([folder]).parsed == 0
        assert snapshot(store) == fresh_snapshot(tmp_path, folder)
