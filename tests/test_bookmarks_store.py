"""The bookmarks store: schema, permissions, the store API, migrations and jump decisions."""

from __future__ import annotations

import sqlite3
import stat
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from threadview import bookmarks as bm
from threadview.bookmarks import (
    ARTICLE,
    DB_NAME,
    MIGRATIONS,
    BookmarkStore,
    StoreCorrupt,
    StoreError,
    StoreReadOnly,
    StoreTooNew,
    resolve_data_dir,
    thread_key,
)
from threadview.bookmarks.jump import locate, missing_reason, resolve
from threadview.bookmarks.sqlite import APPLICATION_ID
from threadview.model import ArticleBlock, Comment, Thread, iter_comments
from threadview.parsing import load_or_reason, load_path

HOSTILE = Path(__file__).resolve().parent / "hostile"
THREAD_TEXT = """A small test thread

Authored by example.org and submitted by poster
image for A small test thread

The article says one thing.

alice on November 8th, 2019 at 02:00 UTC »

First comment.

  bob on November 8th, 2019 at 02:05 UTC »

  A reply about apples.

carol on November 8th, 2019 at 03:00 UTC »

Another top-level comment.
"""


def make_thread(title: str | None = "T", submitter: str | None = "u", n: int = 3) -> Thread:
    when = [datetime(2019, 11, 8, 2, i, tzinfo=timezone.utc) for i in range(n)]
    comments = tuple(Comment(f"c{i}", f"author{i}", when[i], f"body {i}") for i in range(n))
    article = (ArticleBlock("paragraph", "The article."),)
    return Thread("text", title, "example.org", submitter, article, comments)


@pytest.fixture
def store(tmp_path: Path):
    with BookmarkStore.open(tmp_path / "data") as opened:
        yield opened


def test_data_dir_prefers_override_then_env(monkeypatch, tmp_path):
    monkeypatch.setenv("THREADVIEW_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(str(tmp_path / "opt")) == tmp_path / "opt"
    assert resolve_data_dir(None) == tmp_path / "env"
    monkeypatch.delenv("THREADVIEW_DATA_DIR")
    import platformdirs

    assert resolve_data_dir(None) == Path(platformdirs.user_data_dir("threadview"))


def test_thread_key_ignores_place_whitespace_and_comments():
    base = make_thread("A  Title ", "u")
    moved = replace(make_thread("a title", "u", n=1), source=" Example.org")
    assert thread_key(base) == thread_key(moved)
    assert thread_key(base) != thread_key(make_thread("A Title", "someone else"))
    anonymous = make_thread(None, None)
    other = replace(anonymous, source=None, article=(ArticleBlock("paragraph", "Other."),))
    assert thread_key(replace(anonymous, source=None)) != thread_key(other)


def test_new_store_is_private_wal_and_versioned(tmp_path):
    data = tmp_path / "deep" / "data"
    with BookmarkStore.open(data) as store:
        store.add(make_thread(), None, None)
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"):
            assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name
    conn = sqlite3.connect(data / DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_add_list_newest_first_and_persist(tmp_path):
    thread = make_thread()
    with BookmarkStore.open(tmp_path) as store:
        first = store.add(thread, thread.comments[0], tmp_path / "t.txt", note="keep")
        second = store.add(thread, thread.comments[2], None)
    with BookmarkStore.open(tmp_path) as store:
        listed = store.list()
    assert [b.id for b in listed] == [second.id, first.id]
    assert listed[1] == first
    assert (first.author, first.body, first.note) == ("author0", "body 0", "keep")
    assert first.timestamp == thread.comments[0].timestamp
    assert first.path == tmp_path / "t.txt"
    assert first.thread_title == "T" and first.source == "example.org"
    assert first.thread_key == thread_key(thread)


def test_adding_again_keeps_one_bookmark_and_updates_path(store, tmp_path):
    thread = make_thread()
    first = store.add(thread, thread.comments[1], tmp_path / "old.txt", note="n")
    again = store.add(thread, thread.comments[1], tmp_path / "new.txt")
    assert again.id == first.id and again.note == "n"
    assert again.path == tmp_path / "new.txt"
    assert store.count() == 1


def test_comment_and_article_bookmarks(store):
    thread = make_thread()
    first = store.add(thread, thread.comments[0], None)
    store.add(thread, None, None)
    assert store.ids_for_thread(thread_key(thread)) == {"c0", ARTICLE}
    article = store.find(thread_key(thread), ARTICLE)
    assert article is not None and article.is_article
    assert article.body == "The article." and article.author == "u"
    assert store.remove(first.id) == first
    assert store.ids_for_thread(thread_key(thread)) == {ARTICLE}
    assert store.ids_for_thread("no-such-thread") == set()


def test_remove_then_restore_is_an_exact_undo(store):
    thread = make_thread()
    older = store.add(thread, thread.comments[0], None, note="x")
    newer = store.add(thread, thread.comments[1], None)
    removed = store.remove(older.id)
    assert removed == older
    assert store.remove(older.id) is None
    assert [b.id for b in store.list()] == [newer.id]
    restored = store.restore(removed)
    assert restored == older
    assert store.list() == [newer, older]


def test_restore_after_readding_does_not_duplicate(store):
    thread = make_thread()
    mark = store.add(thread, thread.comments[0], None)
    store.remove(mark.id)
    readded = store.add(thread, thread.comments[0], None)
    assert store.restore(mark).id == readded.id
    assert store.count() == 1


def test_set_note_and_filter(store):
    thread = make_thread()
    a = store.add(thread, thread.comments[0], None)
    b = store.add(replace(thread, title="Other Thread"), thread.comments[1], None)
    assert store.set_note(a.id, "Remember THIS") == replace(a, note="Remember THIS")
    assert store.set_note(9999, "x") is None
    assert [m.id for m in store.list("remember")] == [a.id]
    assert [m.id for m in store.list("other body")] == [b.id]
    assert [m.id for m in store.list("author0 this")] == [a.id]
    assert store.list("nothing-like-this") == []
    assert store.set_note(a.id, "").note == ""


def test_update_path_adds_a_place_and_replaces_none(store, tmp_path):
    thread = make_thread()
    key = thread_key(thread)
    store.add(thread, thread.comments[0], tmp_path / "a.txt")
    store.add(thread, thread.comments[1], None)
    assert store.update_path(key, tmp_path / "b.txt") is True
    paths = {m.comment_id: m.path for m in store.list()}
    assert paths == {"c0": tmp_path / "a.txt", "c1": tmp_path / "b.txt"}, "only a missing one"
    assert store.paths(key) == [tmp_path / "b.txt", tmp_path / "a.txt"], "newest seen first"
    assert store.update_path(key, "-") is False
    other = make_thread(title="Not bookmarked")
    assert store.update_path(thread_key(other), tmp_path / "c.txt") is False
    assert store.paths(thread_key(other)) == [], "files of threads without bookmarks: no record"
    for mark in store.list():
        store.remove(mark.id)
    assert store.paths(key) == [], "the last bookmark of a thread takes its paths with it"


def test_a_look_alike_file_never_takes_over_a_bookmarks_file(store, tmp_path):
    """The hostile corpus's pair: same title, source and submitter, other comments. Opening
    the impostor adds a path, and the bookmark still leads to the file that holds it."""
    real_path, fake_path = tmp_path / "real.txt", tmp_path / "fake.txt"
    real_path.write_bytes((HOSTILE / "lookalike-original.txt").read_bytes())
    fake_path.write_bytes((HOSTILE / "lookalike-impostor.txt").read_bytes())
    real, fake = load_path(str(real_path)), load_path(str(fake_path))
    assert bm.thread_key(fake) == bm.thread_key(real)
    comment = real.comments[0]
    mark = store.add(real, comment, real_path)
    store.update_path(mark.thread_key, fake_path)  # what opening the impostor does
    saved = store.get(mark.id)
    assert saved.path == real_path
    jump = resolve(saved, load_or_reason, paths=store.paths(mark.thread_key))
    assert jump.found and jump.comment == comment and jump.path == real_path
    real_path.rename(tmp_path / "moved.txt")
    store.update_path(mark.thread_key, tmp_path / "moved.txt")
    jump = resolve(store.get(mark.id), load_or_reason, paths=store.paths(mark.thread_key))
    assert jump.found and jump.path == tmp_path / "moved.txt", "a moved copy is still found"


def test_migrations_run_one_step_at_a_time_and_keep_data(tmp_path):
    thread = make_thread()
    with BookmarkStore.open(tmp_path) as store:
        store.add(thread, thread.comments[0], None)
    extra = (*MIGRATIONS, ("ALTER TABLE bookmark ADD COLUMN tag TEXT NOT NULL DEFAULT ''",))
    with BookmarkStore.open(tmp_path, migrations=extra) as store:
        assert store.count() == 1
    conn = sqlite3.connect(tmp_path / DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(extra)
    assert "tag" in [row[1] for row in conn.execute("PRAGMA table_info(bookmark)")]
    conn.close()


def test_newer_schema_is_refused_and_untouched(tmp_path):
    with BookmarkStore.open(tmp_path):
        pass
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = (tmp_path / DB_NAME).read_bytes()
    with pytest.raises(StoreTooNew, match="newer threadview"):
        BookmarkStore.open(tmp_path)
    assert (tmp_path / DB_NAME).read_bytes() == before


def test_someone_elses_sqlite_file_is_not_touched(tmp_path):
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute("CREATE TABLE notes (x)")
    conn.execute("INSERT INTO notes VALUES ('theirs')")
    conn.commit()
    conn.close()
    before = (tmp_path / DB_NAME).read_bytes()
    with pytest.raises(StoreCorrupt, match="not a threadview database"):
        BookmarkStore.open(tmp_path)
    assert (tmp_path / DB_NAME).read_bytes() == before


def files_beside(db: Path) -> dict[str, bytes]:
    """The database and every file SQLite keeps beside it, by name, with their bytes."""
    return {p.name: p.read_bytes() for p in sorted(db.parent.iterdir())}


def test_a_foreign_database_shaped_like_ours_in_name_only_is_not_touched(tmp_path):
    db = tmp_path / DB_NAME
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE bookmark (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO bookmark (url) VALUES ('https://example.org/')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    before = files_beside(db)
    for readonly in (False, True):
        with pytest.raises(StoreCorrupt, match=r"not threadview.s.*left untouched"):
            BookmarkStore.open(tmp_path, readonly=readonly)
    assert files_beside(db) == before
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete", "not switched to WAL"
    conn.close()


def test_a_foreign_wal_database_gets_no_files_beside_it(tmp_path):
    """Opening a WAL-mode file read-only makes -wal and -shm files; identifying must not."""
    db = tmp_path / DB_NAME
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE notes (x TEXT)")
    conn.execute("INSERT INTO notes VALUES ('theirs')")
    conn.close()
    before = files_beside(db)
    assert list(before) == [DB_NAME]
    for readonly in (True, False):
        with pytest.raises(StoreCorrupt, match="left untouched"):
            BookmarkStore.open(tmp_path, readonly=readonly)
        assert files_beside(db) == before


def test_a_foreign_database_with_a_pending_wal_keeps_its_wal(tmp_path):
    """A crash of the other program leaves committed rows in the -wal file only."""
    live = tmp_path / "live"
    live.mkdir()
    conn = sqlite3.connect(live / DB_NAME, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE notes (x TEXT)")
    conn.execute("INSERT INTO notes VALUES ('only in the WAL')")
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"):
        (crashed / name).write_bytes((live / name).read_bytes())
    conn.close()
    db = crashed / DB_NAME
    before = files_beside(db)
    assert len(before[DB_NAME + "-wal"]) > 0
    with pytest.raises(StoreCorrupt, match="left untouched"):
        BookmarkStore.open(crashed)
    after = files_beside(db)
    assert after.keys() == before.keys(), "the WAL was not deleted"
    # The -shm file is SQLite's shared-memory index, rewritten by any reader; the data
    # lives in the database and its WAL.
    for name in (DB_NAME, DB_NAME + "-wal"):
        assert after[name] == before[name], f"{name} is unchanged (no checkpoint)"


def test_another_programs_application_id_is_refused_even_with_our_tables(tmp_path):
    db = tmp_path / DB_NAME
    conn = sqlite3.connect(db)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("PRAGMA application_id = 1234")
    conn.commit()
    conn.close()
    before = files_beside(db)
    with pytest.raises(StoreCorrupt, match="another program"):
        BookmarkStore.open(tmp_path)
    assert files_beside(db) == before


def test_a_store_from_before_the_application_id_opens_and_gets_it(tmp_path):
    """Earlier versions made the same tables without marking the file; it must still open."""
    thread = make_thread()
    with BookmarkStore.open(tmp_path / "model") as model:
        mark = model.add(thread, thread.comments[0], None, note="kept")
    db = tmp_path / DB_NAME
    conn = sqlite3.connect(db)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA journal_mode = WAL")
    columns = "id, thread_key, thread_title, source, comment_id, author, body, note, saved_at"
    conn.execute(
        f"INSERT INTO bookmark ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            mark.id,
            mark.thread_key,
            mark.thread_title,
            mark.source,
            mark.comment_id,
            mark.author,
            mark.body,
            mark.note,
            mark.saved_at.isoformat(),
        ),
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0
    conn.close()
    with BookmarkStore.open(tmp_path) as store:
        assert store.list() == [replace(mark, timestamp=None)]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()
    with BookmarkStore.open(tmp_path / "new"):
        pass
    conn = sqlite3.connect(tmp_path / "new" / DB_NAME)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_readonly_store_reads_but_refuses_writes(tmp_path):
    thread = make_thread()
    with BookmarkStore.open(tmp_path) as store:
        mark = store.add(thread, thread.comments[0], None)
    with BookmarkStore.open(tmp_path, readonly=True) as store:
        assert store.list() == [mark]
        with pytest.raises(StoreReadOnly, match="can't be saved"):
            store.add(thread, thread.comments[1], None)
    with pytest.raises(StoreError, match="no bookmarks database"):
        BookmarkStore.open(tmp_path / "empty", readonly=True)


def test_an_empty_file_becomes_a_new_store(tmp_path):
    (tmp_path / DB_NAME).write_bytes(b"")
    with BookmarkStore.open(tmp_path) as store:
        assert store.list() == []


# Jumping to a bookmark: decided from the file last seen, loaded by the real parser.


def write_thread(path: Path, text: str = THREAD_TEXT) -> Thread:
    path.write_text(text, encoding="utf-8")
    return load_path(str(path))


def test_jump_finds_the_comment_in_its_file(store, tmp_path):
    thread = write_thread(tmp_path / "t.txt")
    bob = next(c for c in iter_comments(thread.comments) if c.author == "bob")
    mark = store.add(thread, bob, tmp_path / "t.txt")
    assert locate(mark, thread) == bob
    jump = resolve(mark, load_or_reason)
    assert jump.found and jump.reason is None
    assert jump.comment is not None and jump.comment.id == bob.id
    article = resolve(store.add(thread, None, tmp_path / "t.txt"), load_or_reason)
    assert article.found and article.comment is None


def test_jump_explains_why_only_the_saved_copy_is_left(store, tmp_path):
    path = tmp_path / "t.txt"
    thread = write_thread(path)
    bob = next(c for c in iter_comments(thread.comments) if c.author == "bob")
    mark = store.add(thread, bob, path)

    write_thread(path, THREAD_TEXT.replace("A reply about apples.", "An edited reply."))
    assert resolve(mark, load_or_reason).reason == "the comment is no longer in the file"

    write_thread(path, THREAD_TEXT.replace("submitted by poster", "submitted by another"))
    assert resolve(mark, load_or_reason).reason == "the file now holds a different thread"
    assert missing_reason(mark, load_path(str(path))) == "the file now holds a different thread"

    path.write_bytes(b"\x00\x01\x02 binary")
    jump = resolve(mark, load_or_reason)
    assert not jump.found and "can no longer be read" in jump.reason

    path.unlink()
    assert resolve(mark, load_or_reason).reason == f"the file {path} is no longer there"
    unrecorded = resolve(replace(mark, path=None), load_or_reason)
    assert unrecorded.reason == "no file was recorded for this bookmark"


def test_jump_matches_a_copy_saved_elsewhere(store, tmp_path):
    thread = write_thread(tmp_path / "t.txt")
    carol = next(c for c in iter_comments(thread.comments) if c.author == "carol")
    mark = store.add(thread, carol, tmp_path / "t.txt")
    (tmp_path / "t.txt").rename(tmp_path / "moved.txt")
    moved = load_path(str(tmp_path / "moved.txt"))
    assert bm.thread_key(moved) == mark.thread_key
    assert store.ids_for_thread(bm.thread_key(moved)) == {carol.id}
    assert store.update_path(mark.thread_key, tmp_path / "moved.txt") is True
    jump = resolve(store.get(mark.id), load_or_reason, paths=store.paths(mark.thread_key))
    assert jump.comment == carol and jump.path == tmp_path / "moved.txt"
