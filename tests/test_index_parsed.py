"""Indexing the thread the reader already parsed (`Indexer.index_parsed`) against indexing
the file (`Indexer.scan`): the same rows, ids, hashes and gone texts, with no parse."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import weakref
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.library_helpers import comment, thread, write
from threadview.model import Thread
from threadview.parsing import load_path
from threadview.store import indexer as indexer_module
from threadview.store import prepare as prepare_module
from threadview.store.indexer import Indexer
from threadview.store.library import LibraryStore
from threadview.store.memory import CACHE_KIB, ReadingMemory
from threadview.store.prepare import Batch, Prepared
from threadview.store.records import LIBRARY_DB_NAME
from threadview.ui.reading_memory import ReaderGone, ReadingMemoryActions

A = comment("ann", 1, "First.")
B = comment("bob", 2, "Second.", comment("cy", 3, "A reply to bob."))
B2 = comment("bob", 2, "Second, edited.", comment("cy", 3, "A reply to bob."))
C = comment("dee", 4, "Fourth, removed later.")
D = comment("eve", 5, "Fifth, added later.")
TWIN = comment("ann", 1, "First.")  # an exact duplicate: its id gets a suffix


def stat_of(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns


def file_ids(data: Path, path: Path) -> list[str]:
    """The comment ids the index holds for `path`, in file order."""
    conn = sqlite3.connect(data / LIBRARY_DB_NAME)
    try:
        rows = conn.execute(
            "SELECT c.cid FROM comment c JOIN file f ON f.id = c.file_id"
            " WHERE f.path = ? AND c.cid != 'article' ORDER BY c.id",
            (os.fsencode(path),),
        )
        return [cid for (cid,) in rows]
    finally:
        conn.close()


def dump(data: Path) -> dict[str, list[tuple[object, ...]]]:
    """Everything a file's indexing writes, without the rowids that number it."""
    conn = sqlite3.connect(data / LIBRARY_DB_NAME)
    try:
        blocks = {
            bid: zlib.decompress(raw) for bid, raw in conn.execute("SELECT id, data FROM textblock")
        }
        comments = [
            (path, cid, author, ts, blocks[block][start : start + length].decode())
            for path, cid, author, ts, block, start, length in conn.execute(
                "SELECT f.path, c.cid, c.author, c.ts, c.block, c.start, c.length"
                " FROM comment c JOIN file f ON f.id = c.file_id ORDER BY c.id"
            )
        ]
        return {
            "file": conn.execute(
                "SELECT path, size, mtime_ns, hash, state, error, present, title, source,"
                " submitter, first_time, last_time, comments, row_count FROM file ORDER BY path"
            ).fetchall(),
            "comment": comments,
            "thread": conn.execute("SELECT identity, bookmark_key FROM thread").fetchall(),
            "gone": conn.execute(
                "SELECT t.identity, g.cid, g.author, g.ts, g.body, g.noticed"
                " FROM gone g JOIN thread t ON t.id = g.thread_id ORDER BY g.cid"
            ).fetchall(),
            "search": conn.execute(
                "SELECT c.cid FROM search s JOIN comment c ON c.id = s.rowid"
                " WHERE search MATCH 'second OR reply OR fifth' ORDER BY c.cid"
            ).fetchall(),
        }
    finally:
        conn.close()


def both_ways(tmp_path: Path, saves: list[Thread]) -> tuple[Path, Path]:
    """Index each save in turn (over the same file) by scanning it and from its parse."""
    scanned, parsed = tmp_path / "scanned", tmp_path / "parsed"
    path = tmp_path / "threads" / "t.txt"
    for number, save in enumerate(saves):
        write(path, save)
        os.utime(path, ns=(number * 10**9, (number + 1) * 10**9))
        with LibraryStore.open(scanned) as store:
            Indexer(store).scan([path])
        with LibraryStore.open(parsed) as store:
            Indexer(store).index_parsed(path, load_path(path), stat_of(path))
    return scanned, parsed


def test_indexing_the_parsed_thread_writes_what_indexing_the_file_writes(tmp_path):
    scanned, parsed = both_ways(
        tmp_path, [thread("Memory", A, B, C, TWIN), thread("Memory", A, B2, D, TWIN)]
    )
    from_file, from_thread = dump(scanned), dump(parsed)
    assert from_thread == from_file
    assert sorted(row[4] for row in from_thread["gone"]) == ["Fourth, removed later.", "Second."]
    assert len(from_thread["comment"]) == 6  # five comments and the title with the article
    content = (tmp_path / "threads" / "t.txt").read_bytes()
    assert from_thread["file"][0][3] == hashlib.blake2b(content, digest_size=16).digest()


def test_the_parsed_thread_is_not_parsed_or_read_again(tmp_path, monkeypatch):
    path = tmp_path / "t.txt"
    write(path, thread("Memory", A, B, C))
    made = load_path(path)

    def refuse(*args: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(indexer_module, "parse_document", refuse)
    monkeypatch.setattr(indexer_module, "document_from_bytes", refuse)
    with LibraryStore.open(tmp_path / "data") as store:
        assert Indexer(store).index_parsed(path, made, stat_of(path)) == 4
        assert Indexer(store).index_parsed(path, made, stat_of(path)) is None  # unchanged
    assert file_ids(tmp_path / "data", path) == [A.id, B.id, B.replies[0].id, C.id]


def test_a_file_changed_since_it_was_read_is_read_again_by_the_next_scan(tmp_path):
    path = tmp_path / "t.txt"
    write(path, thread("Memory", A, B))
    os.utime(path, ns=(10**9, 10**9))
    made, read_stat = load_path(path), stat_of(path)
    write(path, thread("Memory", A, B, D))
    os.utime(path, ns=(2 * 10**9, 2 * 10**9))
    with LibraryStore.open(tmp_path / "data") as store:
        Indexer(store).index_parsed(path, made, read_stat)
        assert store.file_stat(os.fsencode(path)) == (*read_stat, b"")
        assert file_ids(tmp_path / "data", path) == [A.id, B.id, B.replies[0].id]
        report = Indexer(store).scan([path])
        assert report.indexed == 1
        assert file_ids(tmp_path / "data", path) == [A.id, B.id, B.replies[0].id, D.id]


def test_indexing_gives_way_between_slices(tmp_path):
    path = tmp_path / "t.txt"
    write(path, thread("Memory", *[comment(f"u{n}", n, f"Body {n}.") for n in range(100)]))
    calls: list[int] = []
    with LibraryStore.open(tmp_path / "data") as store:
        Indexer(store).index_parsed(path, load_path(path), stat_of(path), lambda: calls.append(1))
    assert len(calls) == 4  # 100 comments in slices of 32


@pytest.mark.parametrize("visits", [1, 2])
def test_memory_recalls_the_comments_never_seen_from_the_index(tmp_path, visits):
    path = tmp_path / "t.txt"
    write(path, thread("Memory", A, B, C))
    made = load_path(path)
    for _ in range(visits):
        memory, recall = ReadingMemory.open(tmp_path / "data", made, path, stat_of(path))
        memory.close()
    assert recall.first_visit and recall.unseen is None  # nothing seen: nothing is new
    memory, _ = ReadingMemory.open(tmp_path / "data", made, path, stat_of(path))
    memory.record_seen([B.id])
    memory.close()
    memory, recall = ReadingMemory.open(tmp_path / "data", made, path, stat_of(path))
    unseen = recall.unseen
    assert unseen is not None and len(unseen) == 3
    assert list(unseen) == [A.id, B.replies[0].id, C.id]  # listed in file order
    assert A.id in unseen and B.id not in unseen
    assert list(unseen.without([C.id, B.id])) == [A.id, B.replies[0].id]
    assert len(unseen.without([C.id, B.id])) == 2
    memory.close()
    assert list(unseen) == []  # the store closed: nothing more to list, and no error


def test_a_pace_that_stops_the_indexing_leaves_nothing_half_written(tmp_path):
    path = tmp_path / "t.txt"
    write(path, thread("Memory", *[comment(f"u{n}", n, f"Body {n}.") for n in range(100)]))
    made = load_path(path)
    calls: list[int] = []

    def stop_at_the_third_slice() -> None:
        calls.append(1)
        if len(calls) == 3:
            raise ReaderGone

    with pytest.raises(ReaderGone):
        ReadingMemory.open(tmp_path / "data", made, path, stat_of(path), stop_at_the_third_slice)
    with LibraryStore.open(tmp_path / "data") as store:
        assert store.file_stat(os.fsencode(path)) is None
    memory, _ = ReadingMemory.open(tmp_path / "data", made, path, stat_of(path))
    memory.close()
    assert len(file_ids(tmp_path / "data", path)) == 100


def test_the_readers_pace_stops_once_the_reader_has_closed():
    actions = ReadingMemoryActions(SimpleNamespace(path=None))  # only its path is read here
    actions._give_way()  # open and idle: goes straight on
    actions.state = "closed"
    with pytest.raises(ReaderGone):
        actions._give_way()


@pytest.mark.parametrize(
    ("content", "state"),
    [(b"Just a note, no comments in it.\n", "skipped"), (b'  {"kind": "Listing", "da', "failed")],
)
def test_a_file_that_is_no_thread_is_recorded_as_a_scan_would(tmp_path, content, state):
    scanned, parsed, path = tmp_path / "scanned", tmp_path / "parsed", tmp_path / "t.txt"
    path.write_bytes(content)
    with LibraryStore.open(scanned) as store:
        Indexer(store).scan([path])
    with LibraryStore.open(parsed) as store:
        assert Indexer(store).index_parsed(path, load_path(path), stat_of(path)) == 0
    assert dump(parsed)["file"] == dump(scanned)["file"]
    assert dump(parsed)["file"][0][4] == state


def test_indexing_holds_one_batch_of_rows_at_a_time(tmp_path, monkeypatch):
    """A big thread's rows are made and written a batch at a time: when a batch is made,
    every earlier one is gone, so the whole thread's rows and search text never live at
    once; the rows written are those of indexing in one batch."""
    path = tmp_path / "t.txt"
    write(path, thread("Memory", *[comment(f"u{n}", n, f"Body {n} " * 20) for n in range(3000)]))
    whole = tmp_path / "whole"
    with LibraryStore.open(whole) as store:
        Indexer(store).index_parsed(path, load_path(path), stat_of(path))
    monkeypatch.setattr(prepare_module, "BATCH_COMMENTS", 100)
    made = Prepared.batches
    sizes: list[int] = []
    alive: list[int] = []
    earlier: list[weakref.ref[Batch]] = []

    def watched(self: Prepared) -> Iterator[Batch]:
        for batch in made(self):
            alive.append(sum(ref() is not None for ref in earlier))
            earlier.append(weakref.ref(batch))
            sizes.append(len(batch.rows))
            yield batch
            del batch

    monkeypatch.setattr(Prepared, "batches", watched)
    batched = tmp_path / "batched"
    with LibraryStore.open(batched) as store:
        written = Indexer(store).index_parsed(path, load_path(path), stat_of(path))
    assert sizes == [100] * 30 + [1]  # the title's row after the last full batch
    assert alive == [0] * 31
    assert written == 3000
    assert dump(batched) == dump(whole)


def test_quitting_while_batches_are_written_leaves_nothing_written(tmp_path, monkeypatch):
    """The reader's pace stops the indexing inside the write transaction, after some
    batches went in: the transaction is rolled back whole, and the next visit indexes."""
    monkeypatch.setattr(prepare_module, "BATCH_COMMENTS", 10)
    path = tmp_path / "t.txt"
    write(path, thread("Memory", *[comment(f"u{n}", n, f"Body {n}.") for n in range(100)]))
    made = load_path(path)
    calls: list[int] = []

    def stop_in_the_rows_pass() -> None:
        calls.append(1)
        if len(calls) == 3:  # the third slice: 6 batches of 10 are in
            raise ReaderGone

    with pytest.raises(ReaderGone):
        ReadingMemory.open(tmp_path / "data", made, path, stat_of(path), stop_in_the_rows_pass)
    conn = sqlite3.connect(tmp_path / "data" / LIBRARY_DB_NAME)
    try:
        counts = [
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("file", "comment", "textblock")
        ]
    finally:
        conn.close()
    assert counts == [0, 0, 0]
    memory, _ = ReadingMemory.open(tmp_path / "data", made, path, stat_of(path))
    memory.close()
    assert len(file_ids(tmp_path / "data", path)) == 100


def test_the_readers_store_keeps_a_small_page_cache(tmp_path):
    path = tmp_path / "t.txt"
    write(path, thread("Memory", A, B))
    memory, _ = ReadingMemory.open(tmp_path / "data", load_path(path), path, stat_of(path))
    try:
        pages = memory.store._read("PRAGMA cache_size")[0][0]
    finally:
        memory.close()
    assert pages == -CACHE_KIB and CACHE_KIB < 2000  # SQLite's default: -2000
