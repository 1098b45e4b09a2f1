"""Nothing is lost: concurrent writers, kill -9, read-only and corrupt stores, odd text.

The process tests use real processes (tests/helpers_bookmarks_worker.py). They are bounded by
generous deadlines that only turn a hang into a failure; nothing asserts on speed.
"""

from __future__ import annotations

import argparse
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from threadview import bookmarks
from threadview.bookmarks import DB_NAME, BookmarkStore, StoreCorrupt, StoreError, StoreReadOnly
from threadview.commands import bookmarks as bookmarks_cli
from threadview.model import ArticleBlock, Comment, Thread
from threadview.parsing import load_path

WORKER = Path(__file__).with_name("helpers_bookmarks_worker.py")
REPO = WORKER.parent.parent
DEADLINE = 120.0  # seconds; only to turn a hang into a failure
THREAD = Thread("text", "T", "example.org", "u", (ArticleBlock("paragraph", "A."),), ())


def start_worker(data_dir: Path, prefix: str, count: int, wait: bool = False) -> subprocess.Popen:
    argv = [sys.executable, str(WORKER), str(data_dir), prefix, str(count)]
    return subprocess.Popen(
        [*argv, "--wait"] if wait else argv,
        cwd=REPO,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def read_lines(proc: subprocess.Popen, count: int) -> list[str]:
    """Read `count` lines from a worker, failing (not hanging) if it stalls."""
    lines: list[str] = []
    end = time.monotonic() + DEADLINE
    while len(lines) < count:
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, end - time.monotonic()))
        assert ready, f"worker stalled after {len(lines)} lines"
        line = proc.stdout.readline()
        assert line, f"worker ended early: {proc.stderr.read()}"
        lines.append(line)
    return lines


def committed(lines: list[str]) -> dict[str, int]:
    """The bookmarks a worker reported as committed: comment id -> bookmark id."""
    pairs = (line.split() for line in lines if line.endswith("\n") and line.strip() != "done")
    return {parts[0]: int(parts[1]) for parts in pairs if len(parts) == 2}


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def stored(data_dir: Path) -> dict[str, int]:
    with BookmarkStore.open(data_dir) as store:
        return {mark.comment_id: mark.id for mark in store.list()}


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    workers = [start_worker(tmp_path, prefix, 200, wait=True) for prefix in ("left", "right")]
    try:
        for proc in workers:
            assert read_lines(proc, 1) == ["ready\n"]
        for proc in workers:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        outputs = [proc.communicate(timeout=DEADLINE) for proc in workers]
    finally:
        for proc in workers:
            proc.kill()
    for proc, (out, err) in zip(workers, outputs, strict=True):
        assert proc.returncode == 0, err
        assert out.endswith("done\n")
    reported = {
        **committed(outputs[0][0].splitlines(True)),
        **committed(outputs[1][0].splitlines(True)),
    }
    assert len(reported) == 400
    assert stored(tmp_path) == reported
    assert integrity(tmp_path / DB_NAME) == "ok"


def test_kill_9_while_writing_keeps_every_committed_bookmark(tmp_path):
    rng = random.Random(20191108)
    reported: dict[str, int] = {}
    for round_ in range(16):
        proc = start_worker(tmp_path, f"r{round_}", 0)
        try:
            # Some rounds kill at once (possibly while creating or migrating the database).
            lines = read_lines(proc, rng.randint(1, 25)) if round_ % 5 else []
        finally:
            proc.send_signal(signal.SIGKILL)
            out, _ = proc.communicate(timeout=DEADLINE)
        assert proc.returncode == -signal.SIGKILL
        reported.update(committed(lines + out.splitlines(True)))
        assert integrity(tmp_path / DB_NAME) == "ok", f"round {round_}"
        present = stored(tmp_path)
        missing = {cid for cid, bid in reported.items() if present.get(cid) != bid}
        assert not missing, f"round {round_}: lost {sorted(missing)[:5]}"
    assert len(reported) >= 12  # the rounds that waited for output saw at least one commit


def run_cli(data_dir: Path, *argv: str, capsys) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir")
    bookmarks_cli.add_arguments(parser)
    code = bookmarks_cli.run(parser.parse_args(["--data-dir", str(data_dir), *argv]))
    out, err = capsys.readouterr()
    return code, out, err


# A read-only data directory. Tests run as root here, and root ignores permission bits, so
# the root-proof case is a data directory that cannot exist: its parent (or itself) is a
# regular file. The permission-bits case runs only when not root.


@pytest.mark.parametrize("where", ["parent", "self"])
def test_unusable_data_dir_says_bookmarks_cannot_be_saved(tmp_path, capsys, where):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a directory")
    data_dir = blocker / "threadview" if where == "parent" else blocker
    with pytest.raises(StoreReadOnly, match=r"^bookmarks can't be saved: cannot create"):
        BookmarkStore.open(data_dir)
    code, out, err = run_cli(data_dir, capsys=capsys)
    assert (code, out) == (2, "")
    assert err.startswith("threadview: error: bookmarks can't be saved")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert blocker.read_text() == "not a directory"
    # Reading threads never needs the store.
    thread_file = tmp_path / "thread.txt"
    thread_file.write_text(
        "A title\n\nAuthored by example.org and submitted by someone\nimage for A title\n\n"
        "The article.\n",
        encoding="utf-8",
    )
    assert load_path(str(thread_file)).title == "A title"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permission bits")
def test_read_only_directory_by_permissions(tmp_path, capsys):
    with BookmarkStore.open(tmp_path / "data") as store:
        store.add(THREAD, None, None)
    (tmp_path / "data").chmod(0o500)
    try:
        with pytest.raises(StoreReadOnly):
            BookmarkStore.open(tmp_path / "data" / "sub")
        code, _out, err = run_cli(tmp_path / "data", capsys=capsys)
        assert code in (0, 2) and "can't be saved" in err
    finally:
        (tmp_path / "data").chmod(0o700)


def corrupt_by_scribbling(db: Path) -> None:
    with BookmarkStore.open(db.parent) as store:
        for n in range(60):
            store.add(THREAD, Comment(f"c{n}", "a", None, "x" * 900), None)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.read_bytes())
    page = 4096
    data[2 * page : 4 * page] = b"\xff" * (2 * page)
    db.write_bytes(bytes(data))


def corrupt_by_truncating(db: Path) -> None:
    corrupt_by_scribbling(db)
    db.write_bytes(db.read_bytes()[: 4096 * 3 + 100])


@pytest.mark.parametrize(
    "damage",
    [
        lambda db: db.write_bytes(b"Some notes the user keeps here.\n" * 10),
        lambda db: db.write_bytes(b"SQLite format 3\x00 but cut short"),
        corrupt_by_scribbling,
        corrupt_by_truncating,
    ],
    ids=["text-file", "short-header", "scribbled-pages", "truncated"],
)
def test_corrupt_database_is_reported_and_left_untouched(tmp_path, capsys, damage):
    db = tmp_path / DB_NAME
    damage(db)
    before = db.read_bytes()
    for _ in range(2):
        with pytest.raises(StoreCorrupt, match="damaged or not a threadview database") as info:
            BookmarkStore.open(tmp_path)
        assert str(db) in str(info.value) and "\n" not in str(info.value)
    for argv in ([], ["--export", "json"], ["--delete", "1"]):
        code, out, err = run_cli(tmp_path, *argv, capsys=capsys)
        assert (code, out) == (2, ""), argv
        assert err.startswith("threadview: error: the bookmarks database") and "untouched" in err
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_NAME]


def test_directory_or_fifo_where_the_database_should_be(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / DB_NAME).mkdir()
    with pytest.raises(StoreCorrupt, match="it is a directory"):
        BookmarkStore.open(tmp_path / "a")
    (tmp_path / "b").mkdir()
    os.mkfifo(tmp_path / "b" / DB_NAME)  # opening it for reading would wait forever
    with pytest.raises(StoreCorrupt, match="not a regular file"):
        BookmarkStore.open(tmp_path / "b")


# Odd text: stored (lone surrogates become U+FFFD, NUL is kept) or cleanly refused; a failure
# inside a transaction leaves no partial bookmark.


def test_nul_and_lone_surrogates_are_stored_whole(tmp_path):
    odd = Thread("text", "Ti\ud800tle\x00", "src\udfff", "u", (), ())
    comment = Comment("c\ud83d", "au\x00thor\udc80", None, "be\x00fore \ud800 after")
    with BookmarkStore.open(tmp_path) as store:
        mark = store.add(odd, comment, None, note="n\udbff\x00")
        assert store.count() == 1
        again = store.list()[0]
    assert again == mark
    assert mark.body == "be\x00fore \ufffd after"
    assert (mark.author, mark.note) == ("au\x00thor\ufffd", "n\ufffd\x00")
    assert mark.comment_id == "c\ufffd"
    assert (mark.thread_title, mark.source) == ("Ti\ufffdtle\x00", "src\ufffd")
    with BookmarkStore.open(tmp_path) as store:
        assert store.ids_for_thread(mark.thread_key) == {"c\ufffd"}
        assert store.list("be\x00fore") == [mark]
        assert store.set_note(mark.id, "\ud800\x00").note == "\ufffd\x00"


def test_text_that_cannot_be_stored_is_refused_cleanly(tmp_path):
    with BookmarkStore.open(tmp_path) as store:
        kept = store.add(THREAD, Comment("c1", "a", None, "fine"), None, note="kept")
        with pytest.raises(StoreError, match="must be a string"):
            store.add(THREAD, Comment("c2", b"author", None, "x"), None)  # type: ignore[arg-type]
        with pytest.raises(StoreError, match="must be a string"):
            store.set_note(kept.id, 42)  # type: ignore[arg-type]
        assert store.list() == [kept]
        utf8 = store.add(THREAD, Comment("c3", "a", None, "caf\u00e9 \U0001f600".encode()), None)
        assert store.get(utf8.id).body == "caf\u00e9 \U0001f600"


def test_failure_inside_a_transaction_leaves_no_half_written_bookmark(tmp_path, monkeypatch):
    with BookmarkStore.open(tmp_path) as store:
        first = store.add(THREAD, Comment("c1", "a", None, "one"), None)

        def broken(row: tuple) -> bookmarks.Bookmark:
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(bookmarks.store, "_from_row", broken)
        with pytest.raises(StoreError, match="disk I/O error"):
            store.add(THREAD, Comment("c2", "a", None, "two"), None)  # fails after its INSERT
        with pytest.raises(StoreError):
            store.set_note(first.id, "a note that must not stick")
        with pytest.raises(StoreError):
            store.restore(replace(first, id=77, comment_id="c4"))
        monkeypatch.undo()
        assert store.list() == [first]
    conn = sqlite3.connect(tmp_path / DB_NAME)
    assert conn.execute("SELECT count(*) FROM bookmark").fetchone()[0] == 1
    conn.close()
