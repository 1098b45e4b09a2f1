"""The bookmarks store: saved comments in a per-user SQLite file.

Every change is one ``BEGIN IMMEDIATE`` transaction in WAL mode, so a crash, a kill or a
second threadview writing at the same time never loses or half-writes a bookmark. Problems
leave as `StoreError` subclasses whose message is one line meant for the user. No Textual.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from threadview.bookmarks.records import (
    ARTICLE,
    DB_NAME,
    Bookmark,
    StoreError,
    StoreReadOnly,
    thread_key,
)
from threadview.bookmarks.sqlite import (
    APPLICATION_ID,
    MIGRATIONS,
    check_file,
    create_private,
    ensure_dir,
    identify,
    sqlite_errors,
    translate,
)
from threadview.model import Comment, Thread
from threadview.store.base import Migrations, SqliteStore, connect, prepare_for_writing

_SQLITE_CANTOPEN = 14  # `sqlite3.SQLITE_CANTOPEN` exists only from Python 3.11
_SURROGATES = re.compile("[\ud800-\udfff]")
_COLUMNS = (
    "id, thread_key, thread_title, source, path, comment_id, author, timestamp, body, note, "
    "saved_at"
)


def _clean(value: str | None) -> str:
    """Text SQLite can hold: unpaired surrogates (no encoding can store them) become U+FFFD."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise StoreError(f"bookmark text must be a string, not {type(value).__name__}")
    return _SURROGATES.sub("\ufffd", value)


def _stamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _path_blob(path: Path | str | None) -> bytes | None:
    if path is None or str(path) == "-":
        return None
    return os.fsencode(Path(path).absolute())


def _from_row(row: tuple[Any, ...]) -> Bookmark:
    bid, key, title, source, path, cid, author, ts, body, note, saved = row
    return Bookmark(
        id=bid,
        thread_key=key,
        thread_title=title,
        source=source,
        path=Path(os.fsdecode(path)) if path is not None else None,
        comment_id=cid,
        author=author,
        timestamp=datetime.fromisoformat(ts) if ts else None,
        body=body,
        note=note,
        saved_at=datetime.fromisoformat(saved),
    )


def _connect(db: Path, mode: str, timeout: float) -> sqlite3.Connection:
    with sqlite_errors(db):
        return connect(db, timeout, mode)


def _identify_untouched(db: Path, timeout: float, migrations: Migrations) -> int:
    """The schema version of `db` once identified as ours (see `identify`), leaving a foreign
    file exactly as it was.

    A read-write connection would checkpoint and delete a pending WAL on closing, and a
    read-only one creates the -wal and -shm files of a WAL database beside it. So without
    a -wal file (nothing pending) the file is read as unchanging, and with one, read-only,
    removing a -shm file only this look created.
    """
    wal, shm = (db.with_name(db.name + suffix) for suffix in ("-wal", "-shm"))
    had_shm = shm.exists()
    if wal.exists():
        probe = _connect_read_only(db, timeout)
    else:
        probe = _connect(db, "ro&immutable=1", timeout)
    identified = False
    try:
        with sqlite_errors(db):
            version = identify(probe, db, migrations)
        identified = True
        return version
    finally:
        probe.close()
        if not identified and not had_shm:
            with contextlib.suppress(OSError):
                shm.unlink()


def _connect_read_only(db: Path, timeout: float) -> sqlite3.Connection:
    """A read-only connection; on a read-only file system, where SQLite can't make the WAL's
    shared-memory file, one that treats the file as unchanging (nobody can write it there)."""
    conn = _connect(db, "ro", timeout)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if getattr(exc, "sqlite_errorcode", None) != _SQLITE_CANTOPEN:
            raise translate(exc, db) from exc
    return _connect(db, "ro&immutable=1", timeout)


class BookmarkStore(SqliteStore):
    """An open bookmarks database. Thread-safe; each method is one short transaction."""

    def __init__(self, conn: sqlite3.Connection, db: Path, readonly: bool) -> None:
        super().__init__(conn, db)
        self.readonly = readonly

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        readonly: bool = False,
        timeout: float = 10.0,
        migrations: Migrations = MIGRATIONS,
    ) -> BookmarkStore:
        """Open (creating when needed) the store in `data_dir`; `readonly` only reads.

        The file is identified as ours before it is opened for writing (see
        `_identify_untouched`), so a foreign database is never changed.
        """
        data_dir = Path(data_dir)
        db = data_dir / DB_NAME
        if not readonly:
            ensure_dir(data_dir)
        exists = check_file(db)
        if readonly and not exists:
            raise StoreError(f"there is no bookmarks database at {db}")
        if not exists:
            create_private(db)
        version = _identify_untouched(db, timeout, migrations)
        if readonly:
            if version < len(migrations):
                raise StoreError(f"the bookmarks database {db} needs an upgrade to be read")
            return cls(_connect_read_only(db, timeout), db, readonly)
        conn = _connect(db, "rw", timeout)
        try:
            with sqlite_errors(db):
                prepare_for_writing(conn, timeout, migrations, APPLICATION_ID, synchronous="FULL")
        except BaseException:
            conn.close()
            raise
        return cls(conn, db, readonly)

    def _errors(self) -> AbstractContextManager[None]:
        return sqlite_errors(self.db_path)

    def _check_writable(self) -> None:
        if self.readonly:
            raise StoreReadOnly(f"bookmarks can't be saved: {self.db_path} is open read-only")

    @staticmethod
    def _row(conn: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> Bookmark | None:
        row = conn.execute(f"SELECT {_COLUMNS} FROM bookmark WHERE {where}", params).fetchone()
        return _from_row(row) if row else None

    def add(
        self, thread: Thread, comment: Comment | None, path: Path | str | None, note: str = ""
    ) -> Bookmark:
        """Bookmark `comment` (None: the article); an existing one only gets the new path."""
        values = _values(thread, comment, path, note)
        with self._write() as conn:
            return self._upsert(conn, values)

    def _upsert(self, conn: sqlite3.Connection, values: dict[str, Any]) -> Bookmark:
        key = (values["thread_key"], values["comment_id"])
        found = self._row(conn, "thread_key = ? AND comment_id = ?", key)
        if found is None:
            names = ", ".join(values)
            marks = ", ".join(f":{name}" for name in values)
            conn.execute(f"INSERT INTO bookmark ({names}) VALUES ({marks})", values)
        elif values["path"] is not None:
            conn.execute("UPDATE bookmark SET path = ? WHERE id = ?", (values["path"], found.id))
        if values["path"] is not None:
            _record_path(conn, values["thread_key"], values["path"])
        result = self._row(conn, "thread_key = ? AND comment_id = ?", key)
        if result is None:
            raise StoreError(f"bookmarks database {self.db_path}: the new bookmark did not stick")
        return result

    def remove(self, bookmark_id: int) -> Bookmark | None:
        """Delete a bookmark; returns it (for undo), or None if there was none with that id."""
        with self._write() as conn:
            found = self._row(conn, "id = ?", (bookmark_id,))
            if found is not None:
                conn.execute("DELETE FROM bookmark WHERE id = ?", (bookmark_id,))
                conn.execute(
                    "DELETE FROM thread_path WHERE thread_key = ? AND NOT EXISTS "
                    "(SELECT 1 FROM bookmark WHERE thread_key = ?)",
                    (found.thread_key, found.thread_key),
                )
            return found

    def restore(self, bookmark: Bookmark) -> Bookmark:
        """Put a removed bookmark back, with its id and saved time when they are free (undo)."""
        values: dict[str, object] = {
            "thread_key": bookmark.thread_key,
            "thread_title": _clean(bookmark.thread_title),
            "source": _clean(bookmark.source),
            "path": _path_blob(bookmark.path),
            "comment_id": bookmark.comment_id,
            "author": _clean(bookmark.author),
            "timestamp": _stamp(bookmark.timestamp),
            "body": _clean(bookmark.body),
            "note": _clean(bookmark.note),
            "saved_at": _stamp(bookmark.saved_at),
        }
        with self._write() as conn:
            taken = conn.execute("SELECT 1 FROM bookmark WHERE id = ?", (bookmark.id,)).fetchone()
            if not taken:
                values = {"id": bookmark.id, **values}
            return self._upsert(conn, values)

    def set_note(self, bookmark_id: int, note: str) -> Bookmark | None:
        """Replace a bookmark's note ("" clears it); None if there is no such bookmark."""
        with self._write() as conn:
            conn.execute("UPDATE bookmark SET note = ? WHERE id = ?", (_clean(note), bookmark_id))
            return self._row(conn, "id = ?", (bookmark_id,))

    def update_path(self, key: str, path: Path | str) -> bool:
        """Record that a bookmarked thread was seen in `path` (one more place to look for it,
        never instead of another) and give it to its bookmarks that had no file; False when
        the thread has no bookmarks (nothing is recorded: this is no history of files)."""
        blob = _path_blob(path)
        if blob is None:
            return False
        with self._write() as conn:
            if not conn.execute("SELECT 1 FROM bookmark WHERE thread_key = ?", (key,)).fetchone():
                return False
            conn.execute(
                "UPDATE bookmark SET path = ? WHERE thread_key = ? AND path IS NULL", (blob, key)
            )
            _record_path(conn, key, blob)
            return True

    def paths(self, key: str) -> list[Path]:
        """Every file a bookmarked thread was seen in, the most recently seen first."""
        rows = self._read(
            "SELECT path FROM thread_path WHERE thread_key = ? ORDER BY seen_at DESC", (key,)
        )
        return [Path(os.fsdecode(row[0])) for row in rows]

    def get(self, bookmark_id: int) -> Bookmark | None:
        rows = self._read(f"SELECT {_COLUMNS} FROM bookmark WHERE id = ?", (bookmark_id,))
        return _from_row(rows[0]) if rows else None

    def find(self, key: str, comment_id: str) -> Bookmark | None:
        """The bookmark on one comment (or `ARTICLE`) of a thread, if any."""
        sql = f"SELECT {_COLUMNS} FROM bookmark WHERE thread_key = ? AND comment_id = ?"
        rows = self._read(sql, (key, comment_id))
        return _from_row(rows[0]) if rows else None

    def list(self, filter: str = "") -> list[Bookmark]:
        """All bookmarks, newest first; `filter` keeps those containing every word of it."""
        rows = self._read(f"SELECT {_COLUMNS} FROM bookmark ORDER BY saved_at DESC, id DESC")
        marks = [_from_row(row) for row in rows]
        words = _clean(filter).casefold().split()
        return [b for b in marks if all(w in _haystack(b) for w in words)] if words else marks

    def ids_for_thread(self, key: str) -> set[str]:
        """The comment ids (and `ARTICLE`) bookmarked in one thread, for markers."""
        rows = self._read("SELECT comment_id FROM bookmark WHERE thread_key = ?", (key,))
        return {row[0] for row in rows}

    def count(self) -> int:
        count: int = self._read("SELECT count(*) FROM bookmark")[0][0]
        return count


def _record_path(conn: sqlite3.Connection, key: str, blob: bytes) -> None:
    conn.execute(
        "INSERT INTO thread_path (thread_key, path, seen_at) VALUES (?, ?, ?) "
        "ON CONFLICT (thread_key, path) DO UPDATE SET seen_at = excluded.seen_at",
        (key, blob, _stamp(datetime.now(timezone.utc))),
    )


def _haystack(mark: Bookmark) -> str:
    return "\n".join((mark.thread_title, mark.author, mark.note, mark.body, mark.source)).casefold()


def _values(
    thread: Thread, comment: Comment | None, path: Path | str | None, note: str
) -> dict[str, Any]:
    """The column values for a new bookmark on `comment` (None: the article)."""
    if comment is None:
        author = thread.submitter or thread.byline or ""
        body = "\n\n".join(block.text for block in thread.article)
        cid, stamp = ARTICLE, None
    else:
        author, body, cid, stamp = comment.author, comment.body, comment.id, comment.timestamp
    return {
        "thread_key": thread_key(thread),
        "thread_title": _clean(thread.title),
        "source": _clean(thread.source),
        "path": _path_blob(path),
        "comment_id": _clean(cid),
        "author": _clean(author),
        "timestamp": _stamp(stamp),
        "body": _clean(body),
        "note": _clean(note),
        "saved_at": _stamp(datetime.now(timezone.utc)),
    }
