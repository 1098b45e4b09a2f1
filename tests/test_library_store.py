"""The library store and indexer: incremental scans, re-saved threads, reading memory,
skipped and broken files, hostile file names, search queries."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from tests.library_helpers import comment, many, thread, write
from threadview.bookmarks.records import thread_key
from threadview.store import library
from threadview.store.identity import thread_identity
from threadview.store.indexer import Indexer
from threadview.store.library import LibraryStore
from threadview.store.query import QueryError, parse_query
from threadview.store.records import LibraryError, NoFullTextSearch, title_order

A1 = comment("ann", 1, "The ferry schedule is a disgrace.")
B2 = comment("bob", 2, "I take the lantern bus instead.")
C3 = comment("cy", 3, "Nobody mentions the harbour silt.")
D4 = comment("dee", 4, "A new comment added after the first save.")


@pytest.fixture
def store(tmp_path: Path):
    with LibraryStore.open(tmp_path / "data") as opened:
        yield opened


def scan(store: LibraryStore, *targets: Path):
    return Indexer(store).scan(targets)


def words(store: LibraryStore, text: str) -> list[str]:
    return sorted(hit.comment_id for hit in store.search(parse_query(text), limit=100))


def test_rescan_does_not_reread_unchanged_files(store, tmp_path):
    lib = tmp_path / "lib"
    write(lib / "one.txt", thread("One", A1))
    write(lib / "two.txt", thread("Two", B2))
    write(lib / "deep" / "three.txt", thread("Three", C3))
    (lib / "notes.md").write_text("Just some notes, no comments here.\n")
    first = scan(store, lib)
    assert (first.parsed, first.indexed, first.skipped) == (4, 3, 1)
    again = scan(store, lib)
    assert (again.parsed, again.unchanged, again.indexed) == (0, 4, 0)
    stamp = os.stat(lib / "one.txt").st_mtime_ns + 5_000_000_000
    os.utime(lib / "one.txt", ns=(stamp, stamp))  # touched, content the same
    touched = scan(store, lib)
    assert (touched.parsed, touched.unchanged) == (0, 4)
    assert scan(store, lib).unchanged == 4  # the new mtime was remembered


def test_a_changed_file_replaces_its_rows(store, tmp_path):
    path = tmp_path / "lib" / "t.txt"
    write(path, thread("Ferry", A1, B2))
    scan(store, tmp_path / "lib")
    assert words(store, "lantern") == [B2.id]
    write(path, thread("Ferry", A1, C3))
    report = scan(store, tmp_path / "lib")
    assert (report.parsed, report.indexed) == (1, 1)
    assert words(store, "lantern") == []
    assert words(store, "silt") == [C3.id]
    [row] = store.threads()
    assert row.comments == 2 and row.title == "Ferry"
    assert store.check() == []


def test_a_deleted_file_leaves_the_list_but_its_memory_stays(store, tmp_path):
    path = tmp_path / "lib" / "t.txt"
    made = thread("Ferry", A1, B2)
    write(path, made)
    scan(store, tmp_path / "lib")
    [row] = store.threads()
    store.record_seen(row.identity, [A1.id])
    store.set_position(row.identity, A1.id)
    path.unlink()
    assert scan(store, tmp_path / "lib").removed == 1
    assert store.threads() == [] and words(store, "ferry") == []
    assert store.position(row.identity) == A1.id
    assert store.seen_ids(row.identity) == {A1.id}
    write(tmp_path / "elsewhere" / "copy.txt", made)
    scan(store, tmp_path / "elsewhere")
    [back] = store.threads()
    assert back.identity == row.identity and back.new_comments == 1
    assert store.check() == []


def test_a_resave_elsewhere_keeps_the_gone_comments_with_their_text(store, tmp_path):
    write(tmp_path / "a" / "ferry.txt", thread("Ferry", A1, B2, C3))
    scan(store, tmp_path / "a")
    write(tmp_path / "b" / "ferry-again.txt", thread("Ferry", A1, C3, D4))
    scan(store, tmp_path / "b")
    [first, second] = store.threads()
    assert first.identity == second.identity
    [gone] = store.gone_comments(first.identity)
    assert (gone.comment_id, gone.author, gone.body) == (B2.id, "bob", B2.body)


def test_a_resave_over_the_same_file_keeps_the_gone_text(store, tmp_path):
    path = tmp_path / "lib" / "ferry.txt"
    write(path, thread("Ferry", A1, B2, C3))
    scan(store, tmp_path / "lib")
    write(path, thread("Ferry", A1, D4))
    scan(store, tmp_path / "lib")
    [row] = store.threads()
    gone = store.gone_comments(row.identity)
    assert [(g.comment_id, g.body) for g in gone] == [(B2.id, B2.body), (C3.id, C3.body)]
    write(path, thread("Ferry", A1, B2, D4))  # bob's comment is back
    scan(store, tmp_path / "lib")
    assert [g.comment_id for g in store.gone_comments(row.identity)] == [C3.id]
    assert store.gone_comments(row.identity, latest_only=True) == []  # gone one save ago
    write(path, thread("Ferry", B2, D4))
    scan(store, tmp_path / "lib")
    assert [g.comment_id for g in store.gone_comments(row.identity)] == [A1.id, C3.id]
    assert [g.comment_id for g in store.gone_comments(row.identity, True)] == [A1.id]


def test_an_edited_comment_is_edited_not_gone(store, tmp_path):
    path = tmp_path / "lib" / "ferry.txt"
    write(path, thread("Ferry", A1, B2))
    scan(store, tmp_path / "lib")
    edited = comment("bob", 2, "I take the lantern bus instead. (Edit: not any more.)")
    write(path, thread("Ferry", A1, edited))
    scan(store, tmp_path / "lib")
    [row] = store.threads()
    assert store.gone_comments(row.identity) == []
    earlier = store.edited_comments(row.identity)
    assert list(earlier) == [edited.id] and earlier[edited.id].body == B2.body


def test_gone_text_survives_when_the_latest_save_is_deleted_first(store, tmp_path):
    write(tmp_path / "a" / "v1.txt", thread("Ferry", A1, B2))
    scan(store, tmp_path / "a")
    (tmp_path / "a" / "v1.txt").unlink()
    scan(store, tmp_path / "a")
    write(tmp_path / "b" / "v2.txt", thread("Ferry", A1, D4))
    scan(store, tmp_path / "b")
    [row] = store.threads()
    assert [g.body for g in store.gone_comments(row.identity)] == [B2.body]
    assert store.check() == []


def test_an_older_save_found_later_is_not_taken_for_the_latest(store, tmp_path):
    write(tmp_path / "lib" / "a-new.txt", thread("Ferry", A1, D4))
    write(tmp_path / "lib" / "b-old.txt", thread("Ferry", A1, B2))
    scan(store, tmp_path / "lib")  # walks a-new first
    [row, _] = store.threads()
    assert store.gone_comments(row.identity) == []


def test_site_ids_are_the_identity_of_reddit_and_hn_threads(store, tmp_path):
    page = (FIXTURES / "reddit" / "page.json").read_text()
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "r1.json").write_text(page)
    (tmp_path / "lib" / "r2.json").write_text(page.replace("Cats & dogs", "Cats and dogs"))
    (tmp_path / "lib" / "hn.json").write_text((FIXTURES / "hn" / "algolia.json").read_text())
    scan(store, tmp_path / "lib")
    identities = sorted(row.identity for row in store.threads())
    assert identities == ["hn:100", "reddit:abc123", "reddit:abc123"]


def test_non_threads_are_skipped_and_broken_threads_listed_with_a_reason(store, tmp_path):
    lib = tmp_path / "lib"
    write(lib / "good.txt", thread("Good", A1))
    (lib / "readme.txt").write_text("A file with text but no comments at all.\n")
    (lib / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (lib / "empty.txt").write_bytes(b"")
    (lib / "package.json").write_text('{"name": "not a thread"}')
    (lib / "cut.json").write_text('[{"kind": "Listing", "data": {"children": [')
    report = scan(store, lib)
    assert (report.indexed, report.skipped, report.failed) == (1, 4, 1)
    [failed] = store.failures()
    assert failed.path.endswith(b"cut.json") and "not valid JSON" in failed.reason
    assert "\n" not in failed.reason
    assert store.counts() == {"thread": 1, "skipped": 4, "failed": 1}
    assert scan(store, lib).parsed == 0


def test_hostile_file_names_are_stored_exactly(store, tmp_path):
    lib = os.fsencode(tmp_path / "lib")
    names = [b"new\nline.txt", b"esc\x1b[31mred.txt", b"bad-\xff\xfe-utf8.txt"]
    for number, name in enumerate(names):
        write(lib + b"/" + name, thread(f"Hostile {number}", A1))
    report = scan(store, Path(os.fsdecode(lib)))
    assert report.indexed == 3
    assert sorted(row.path for row in store.threads()) == sorted(lib + b"/" + n for n in names)
    assert scan(store, Path(os.fsdecode(lib))).unchanged == 3


def test_reading_memory_counts_new_comments(store, tmp_path):
    write(tmp_path / "lib" / "t.txt", thread("Ferry", A1, B2, C3))
    scan(store, tmp_path / "lib")
    [row] = store.threads()
    assert row.new_comments is None and row.last_read is None  # never opened
    store.record_seen(row.identity, [A1.id, B2.id])
    [row] = store.threads()
    assert row.new_comments == 1 and row.last_read is not None
    assert store.mark_read(row.identity) == 1
    assert store.threads()[0].new_comments == 0
    store.set_position(row.identity, C3.id)
    assert store.position(row.identity) == C3.id


def test_memory_works_for_a_thread_never_indexed(store, tmp_path):
    made = thread("Ferry", A1, B2)
    identity = thread_identity(made)
    store.set_position(identity, A1.id)
    store.record_seen(identity, [A1.id])
    assert store.position(identity) == A1.id and store.seen_ids(identity) == {A1.id}
    write(tmp_path / "lib" / "t.txt", made)  # indexed later: the memory is there
    scan(store, tmp_path / "lib")
    [row] = store.threads()
    assert row.new_comments == 1 and row.bookmark_key == thread_key(made)


def test_filters_and_ranking(store, tmp_path):
    write(tmp_path / "lib" / "t.txt", thread("Ferry", A1, B2, C3))
    write(tmp_path / "lib" / "u.txt", many(30, "ferry ferry ferry"))
    scan(store, tmp_path / "lib")
    assert words(store, "ferry author:ANN") == [A1.id]
    assert words(store, "author:bob") == [B2.id]
    assert words(store, '"harbour silt"') == [C3.id]
    assert words(store, '"silt harbour"') == []
    assert words(store, "harb* source:news.example author:cy") == [C3.id]
    assert words(store, "lantern source:other.example") == []
    assert words(store, "disgrace before:2024-09-02") == []
    assert words(store, "disgrace after:2024-09-01 before:2024-09-03") == [A1.id]
    hits = store.search(parse_query("ferry"), limit=5)
    assert len(hits) == 5 and hits == sorted(hits, key=lambda hit: hit.score)
    assert all(hit.snippet[s:e].lower() == "ferry" for hit in hits for s, e in hit.highlights)


def test_a_snippet_reads_as_text_not_markdown_source(store, tmp_path):
    marked = comment(
        "eve", 5, "The **red sector** is *the* reason; see [the chart](https://x.example/c)."
    )
    write(tmp_path / "lib" / "t.txt", thread("Light", marked))
    scan(store, tmp_path / "lib")
    (hit,) = store.search(parse_query("sector"))
    assert "The red sector is the reason" in hit.snippet and "*" not in hit.snippet
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["sector"]


def test_search_keeps_to_the_folder_asked(store, tmp_path):
    write(tmp_path / "a" / "t.txt", thread("Ferry", A1))
    write(tmp_path / "ab" / "t.txt", thread("Ferry again", B2, C3))
    scan(store, tmp_path / "a", tmp_path / "ab")
    under = os.fsencode(tmp_path / "a")
    assert [h.comment_id for h in store.search(parse_query("disgrace"), under=under)] == [A1.id]
    assert store.search(parse_query("lantern"), under=under) == []
    assert store.search(parse_query("author:cy"), under=under) == []


def test_fts_syntax_in_a_query_is_only_text(store, tmp_path):
    write(tmp_path / "lib" / "t.txt", thread("Ferry", A1, B2))
    scan(store, tmp_path / "lib")
    for text in ("NEAR(ferry bus)", "ferry OR bus", "text:ferry", "ferry -bus", "^ferry", "a:b:c"):
        store.search(parse_query(text))  # no sqlite error leaks out
    assert words(store, "ferry OR") == []  # "OR" is a word to find, not an operator


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"ferry', "unbalanced"),
        ("", "nothing to search"),
        ("*** ...", "nothing to search"),
        ("after:yesterday", "date"),
        ("author:", "needs a value"),
    ],
)
def test_malformed_queries_say_why_in_one_line(text, message):
    with pytest.raises(QueryError, match=message):
        parse_query(text)


def test_a_database_that_is_not_ours_is_left_alone(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    other = sqlite3.connect(data / "library.sqlite3")
    other.execute("CREATE TABLE mine (x)")
    other.commit()
    other.close()
    with pytest.raises(LibraryError, match="not a threadview library"):
        LibraryStore.open(data)
    check = sqlite3.connect(data / "library.sqlite3")
    assert check.execute("SELECT name FROM sqlite_master").fetchall() == [("mine",)]


def test_without_fts5_the_library_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(library, "has_fts5", lambda: False)
    with pytest.raises(NoFullTextSearch, match="without FTS5"):
        LibraryStore.open(tmp_path / "data")


def test_the_schema_is_marked_and_versioned(store):
    conn = sqlite3.connect(store.db_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == library.APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(library.MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_cancelled_scan_keeps_what_it_did_and_the_next_one_finishes(store, tmp_path):
    for number in range(5):
        write(tmp_path / "lib" / f"t{number}.txt", thread(f"Thread {number}", A1))
    seen: list[bytes] = []

    def progress(report, path: bytes) -> None:
        seen.append(path)
        if len(seen) == 2:
            indexer.cancel()

    indexer = Indexer(store, progress)
    report = indexer.scan([tmp_path / "lib"])
    assert report.indexed == 2 and len(store.threads()) == 2
    again = scan(store, tmp_path / "lib")
    assert (again.unchanged, again.indexed, again.removed) == (2, 3, 0)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from("ab \"*:()^-+.\\'NEAROT\x00é漢_"), max_size=30))
def test_any_typed_query_is_read_or_refused_never_an_sqlite_error(store, text):
    try:
        query = parse_query(text)
    except QueryError:
        return
    store.search(query)  # a malformed MATCH would raise LibraryError here


def test_first_threads_is_the_top_of_the_list_in_its_order_for_the_targets_only(store, tmp_path):
    """The first screen's page: the list's title order (case folded, so not SQLite's), equal
    titles by path, only files under the targets, with how many there are in all."""
    titles = ["banana", "Apple", "éclair", "Zebra", "apple", "Straße", "STRASSE", "Apple"]
    for number, title in enumerate(titles):
        write(tmp_path / "a" / f"{number}.txt", thread(title, comment("ann", number, "x")))
    write(tmp_path / "b" / "other.txt", thread("Aardvark", comment("ann", 1, "x")))
    scan(store, tmp_path / "a", tmp_path / "b")
    folder = os.fsencode(tmp_path / "a")
    rows, count = store.first_threads(5, [folder])
    assert count == len(titles)
    ordered = sorted(
        (row for row in store.threads() if row.path.startswith(folder + b"/")),
        key=lambda row: title_order(row.title, row.path),
    )
    assert [row.path for row in rows] == [row.path for row in ordered[:5]]
    assert [row.title for row in rows] == ["Apple", "Apple", "apple", "banana", "STRASSE"]
    assert rows[0].path < rows[1].path
    everywhere, count = store.first_threads(3, [])
    assert count == len(titles) + 1 and everywhere[0].title == "Aardvark"
    other = os.fsencode(tmp_path / "b" / "other.txt")
    assert [row.path for row in store.first_threads(3, [other])[0]] == [other]
    assert store.first_threads(3, [os.fsencode(tmp_path / "c")]) == ([], 0)


def test_the_search_buffer_is_bounded_in_new_and_old_libraries(tmp_path):
    """FTS5 would hold 1 MiB of terms before writing them out (on top of the reader's peak
    while it indexes a big thread); every library opened says a quarter of that."""

    def buffer(db: Path) -> object:
        conn = sqlite3.connect(db)
        try:
            row = conn.execute("SELECT v FROM search_config WHERE k = 'hashsize'").fetchone()
        finally:
            conn.close()
        return row[0] if row else None

    LibraryStore.open(tmp_path).close()
    db = tmp_path / "library.sqlite3"
    assert buffer(db) == library.SEARCH_BUFFER_BYTES == 256 * 1024
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM search_config WHERE k = 'hashsize'")  # as made before
    conn.commit()
    conn.close()
    write(tmp_path / "t.txt", many(50))
    with LibraryStore.open(tmp_path) as store:
        scan(store, tmp_path / "t.txt")
        assert len(words(store, "lantern word7")) == 1
    assert buffer(db) == 256 * 1024
