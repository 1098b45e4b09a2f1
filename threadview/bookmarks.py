"""The bookmarks store: saved comments in a per-user SQLite file; the only module that knows SQL.

Every change is one ``BEGIN IMMEDIATE`` transaction in WAL mode, so a crash, a kill or a
second threadview writing at the same time never loses or half-writes a bookmark. Problems
leave as `StoreError` subclasses whose message is one line meant for the user. No Textual.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import sqlite3
import stat
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from threadview.model import Comment, Thread, iter_comments

DB_NAME = "bookmarks.sqlite3"
ARTICLE = "article"  # the comment_id of a bookmark on the thread's article
ENV_DATA_DIR = "THREADVIEW_DATA_DIR"
_SQLITE_HEADER = b"SQLite format 3\x00"
_SURROGATES = re.compile("[\ud800-\udfff]")

# One entry per schema version: MIGRATIONS[n] takes a database from version n to n + 1.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE bookmark (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            thread_key TEXT NOT NULL,
            thread_title TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            path BLOB,
            comment_id TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            timestamp TEXT,
            body TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            saved_at TEXT NOT NULL,
            UNIQUE (thread_key, comment_id)
        )""",
        "CREATE INDEX bookmark_saved_at ON bookmark (saved_at)",
    ),
)
_COLUMNS = (
    "id, thread_key, thread_title, source, path, comment_id, author, timestamp, body, note, "
    "saved_at"
)


class StoreError(Exception):
    """The bookmarks store cannot do what was asked; the message is one line for the user."""


class StoreReadOnly(StoreError):
    """The data directory or database cannot be written: bookmarks can't be saved."""


class StoreCorrupt(StoreError):
    """The file where the database should be is damaged or not ours; it is left untouched."""


class StoreTooNew(StoreError):
    """The database was made by a newer threadview with a schema this one doesn't know."""


class StoreBusy(StoreError):
    """Another process held the database locked for longer than the busy timeout."""


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A saved comment (the article when `comment_id` is `ARTICLE`) with a copy of its text."""

    id: int
    thread_key: str
    thread_title: str
    source: str
    path: Path | None
    comment_id: str
    author: str
    timestamp: datetime | None
    body: str
    note: str
    saved_at: datetime

    @property
    def is_article(self) -> bool:
        return self.comment_id == ARTICLE


def resolve_data_dir(override: str | None = None) -> Path:
    """The data directory: `override`, else $THREADVIEW_DATA_DIR, else the platformdirs one."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("threadview"))


def _identity_part(value: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").split()).casefold()


def thread_key(thread: Thread) -> str:
    """A thread's identity from its title, source and submitter, so a moved copy matches.

    Whitespace and case don't count. A thread with none of the three falls back to its
    first article block and first comment id, so unrelated anonymous threads don't merge.
    """
    parts = [_identity_part(v) for v in (thread.title, thread.source, thread.submitter)]
    if not any(parts):
        first = next(iter_comments(thread.comments), None)
        parts.append(_identity_part(thread.article[0].text if thread.article else ""))
        parts.append(first.id if first else "")
    data = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return "t1-" + hashlib.blake2b(data, digest_size=10).hexdigest()


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


def _from_row(row: tuple) -> Bookmark:
    bid, key, title, source, path, cid, author, ts, body, note, saved = row
    return Bookmark(
        id=bid, thread_key=key, thread_title=title, source=source,
        path=Path(os.fsdecode(path)) if path is not None else None,
        comment_id=cid, author=author,
        timestamp=datetime.fromisoformat(ts) if ts else None,
        body=body, note=note, saved_at=datetime.fromisoformat(saved),
    )


def _translate(exc: sqlite3.Error, db: Path) -> StoreError:
    """A one-line StoreError for an sqlite3 failure, chosen by SQLite's primary result code."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if primary in (3, 8, 14) or "readonly" in text or "unable to open" in text:
        return StoreReadOnly(f"bookmarks can't be saved: {db} is not writable ({text})")
    if primary in (5, 6) or "locked" in text:
        return StoreBusy(f"the bookmarks database {db} is locked by another process ({text})")
    if primary in (11, 26) or "malformed" in text or "not a database" in text:
        return _corrupt(db, text)
    return StoreError(f"bookmarks database {db}: {text}")


def _corrupt(db: Path, why: str) -> StoreCorrupt:
    return StoreCorrupt(
        f"the bookmarks database {db} is damaged or not a threadview database ({why}); "
        "it was left untouched: move it aside to start a new one"
    )


@contextmanager
def _sqlite_errors(db: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise _translate(exc, db) from exc
    except UnicodeError as exc:
        raise StoreError(f"bookmark text cannot be stored ({exc.reason})") from exc


def _ensure_dir(data_dir: Path) -> None:
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if isinstance(exc, FileExistsError):
            reason = "a file is in the way"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST):
            raise StoreReadOnly(
                f"bookmarks can't be saved: cannot create the data directory {data_dir} ({reason})"
            ) from exc
        raise StoreError(f"cannot create the data directory {data_dir} ({reason})") from exc


def _check_file(db: Path) -> bool:
    """Whether `db` holds data; raises StoreCorrupt (touching nothing) if it isn't SQLite."""
    try:
        kind = db.stat().st_mode
        if not stat.S_ISREG(kind):
            raise _corrupt(db, "it is a directory" if stat.S_ISDIR(kind) else "not a regular file")
        with open(db, "rb") as handle:
            head = handle.read(100)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StoreError(f"cannot read the bookmarks database {db} ({exc.strerror})") from exc
    if not head:
        return False
    if len(head) < 100 or not head.startswith(_SQLITE_HEADER):
        raise _corrupt(db, "not an SQLite file")
    return True


def _create_private(db: Path) -> None:
    """Create the empty database file readable by the user only (SQLite copies the mode)."""
    try:
        fd = os.open(db, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise StoreReadOnly(
                f"bookmarks can't be saved: cannot create {db} ({exc.strerror})"
            ) from exc
        raise StoreError(f"cannot create the bookmarks database {db} ({exc.strerror})") from exc
    os.close(fd)


def _check_schema(conn: sqlite3.Connection, db: Path, migrations: tuple) -> int:
    """The schema version, after checking the file is healthy and really ours (reads only).

    One read transaction, so a process migrating at the same moment is seen before or after.
    """
    conn.execute("BEGIN")
    try:
        return _schema_version(conn, db, migrations)
    finally:
        conn.execute("ROLLBACK")


def _schema_version(conn: sqlite3.Connection, db: Path, migrations: tuple) -> int:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(migrations):
        raise StoreTooNew(
            f"the bookmarks database {db} was made by a newer threadview "
            f"(schema {version}, this one knows {len(migrations)})"
        )
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise _corrupt(db, f"integrity check: {result}")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    foreign = tables - {"sqlite_sequence"} if version == 0 else {"bookmark"} - tables
    if foreign:
        raise _corrupt(db, "its tables are not threadview's")
    return version


def _use_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Switch to WAL mode. SQLite doesn't wait on a busy lock for this, so retry until `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _migrate(conn: sqlite3.Connection, migrations: tuple) -> None:
    """Bring the schema up to date, one transaction per step; safe against a racing process."""
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version >= len(migrations):
                conn.execute("COMMIT")
                return
            for statement in migrations[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


class BookmarkStore:
    """An open bookmarks database. Thread-safe; each method is one short transaction."""

    def __init__(self, conn: sqlite3.Connection, db: Path, readonly: bool) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self.db_path = db
        self.readonly = readonly

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        readonly: bool = False,
        timeout: float = 10.0,
        migrations: tuple[tuple[str, ...], ...] = MIGRATIONS,
    ) -> BookmarkStore:
        """Open (creating when needed) the store in `data_dir`; `readonly` only reads."""
        data_dir = Path(data_dir)
        db = data_dir / DB_NAME
        if not readonly:
            _ensure_dir(data_dir)
        exists = _check_file(db)
        if readonly and not exists:
            raise StoreError(f"there is no bookmarks database at {db}")
        if not exists:
            _create_private(db)
        mode = "ro" if readonly else "rw"
        with _sqlite_errors(db):
            conn = sqlite3.connect(
                f"{db.absolute().as_uri()}?mode={mode}", uri=True, timeout=timeout,
                isolation_level=None, check_same_thread=False,
            )
        try:
            with _sqlite_errors(db):
                conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
                version = _check_schema(conn, db, migrations)
                if readonly and version < len(migrations):
                    raise StoreError(f"the bookmarks database {db} needs an upgrade to be read")
                if not readonly:
                    _use_wal(conn, timeout)
                    conn.execute("PRAGMA synchronous = FULL")
                    _migrate(conn, migrations)
        except BaseException:
            conn.close()
            raise
        return cls(conn, db, readonly)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> BookmarkStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed whole or rolled back whole."""
        with self._lock, _sqlite_errors(self.db_path):
            if self.readonly:
                raise StoreReadOnly(f"bookmarks can't be saved: {self.db_path} is open read-only")
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock, _sqlite_errors(self.db_path):
            return self._conn.execute(sql, params).fetchall()

    @staticmethod
    def _row(conn: sqlite3.Connection, where: str, params: tuple) -> Bookmark | None:
        row = conn.execute(f"SELECT {_COLUMNS} FROM bookmark WHERE {where}", params).fetchone()
        return _from_row(row) if row else None

    def add(
        self, thread: Thread, comment: Comment | None, path: Path | str | None, note: str = ""
    ) -> Bookmark:
        """Bookmark `comment` (None: the article); an existing one only gets the new path."""
        values = _values(thread, comment, path, note)
        with self._write() as conn:
            return self._upsert(conn, values)

    def _upsert(self, conn: sqlite3.Connection, values: dict) -> Bookmark:
        key = (values["thread_key"], values["comment_id"])
        found = self._row(conn, "thread_key = ? AND comment_id = ?", key)
        if found is None:
            names = ", ".join(values)
            marks = ", ".join(f":{name}" for name in values)
            conn.execute(f"INSERT INTO bookmark ({names}) VALUES ({marks})", values)
        elif values["path"] is not None:
            conn.execute("UPDATE bookmark SET path = ? WHERE id = ?", (values["path"], found.id))
        result = self._row(conn, "thread_key = ? AND comment_id = ?", key)
        if result is None:
            raise StoreError(f"bookmarks database {self.db_path}: the new bookmark did not stick")
        return result

    def toggle(self, thread: Thread, comment: Comment | None, path: Path | str | None) -> bool:
        """Add the bookmark, or remove it if it exists; True when it is bookmarked now."""
        values = _values(thread, comment, path, "")
        with self._write() as conn:
            key = (values["thread_key"], values["comment_id"])
            found = self._row(conn, "thread_key = ? AND comment_id = ?", key)
            if found is not None:
                conn.execute("DELETE FROM bookmark WHERE id = ?", (found.id,))
                return False
            self._upsert(conn, values)
            return True

    def remove(self, bookmark_id: int) -> Bookmark | None:
        """Delete a bookmark; returns it (for undo), or None if there was none with that id."""
        with self._write() as conn:
            found = self._row(conn, "id = ?", (bookmark_id,))
            if found is not None:
                conn.execute("DELETE FROM bookmark WHERE id = ?", (bookmark_id,))
            return found

    def restore(self, bookmark: Bookmark) -> Bookmark:
        """Put a removed bookmark back, with its id and saved time when they are free (undo)."""
        values = {
            "thread_key": bookmark.thread_key, "thread_title": _clean(bookmark.thread_title),
            "source": _clean(bookmark.source), "path": _path_blob(bookmark.path),
            "comment_id": bookmark.comment_id, "author": _clean(bookmark.author),
            "timestamp": _stamp(bookmark.timestamp), "body": _clean(bookmark.body),
            "note": _clean(bookmark.note), "saved_at": _stamp(bookmark.saved_at),
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

    def update_path(self, key: str, path: Path | str) -> int:
        """Record where a thread's file was last seen; returns how many bookmarks changed."""
        blob = _path_blob(path)
        if blob is None:
            return 0
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE bookmark SET path = ? WHERE thread_key = ? AND path IS NOT ?",
                (blob, key, blob),
            )
            return cursor.rowcount

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
        return self._read("SELECT count(*) FROM bookmark")[0][0]


def _haystack(mark: Bookmark) -> str:
    return "\n".join((mark.thread_title, mark.author, mark.note, mark.body, mark.source)).casefold()


def _values(thread: Thread, comment: Comment | None, path: Path | str | None, note: str) -> dict:
    """The column values for a new bookmark on `comment` (None: the article)."""
    if comment is None:
        author = thread.submitter or thread.byline or ""
        body = "\n\n".join(block.text for block in thread.article)
        cid, stamp = ARTICLE, None
    else:
        author, body, cid, stamp = comment.author, comment.body, comment.id, comment.timestamp
    return {
        "thread_key": thread_key(thread), "thread_title": _clean(thread.title),
        "source": _clean(thread.source), "path": _path_blob(path), "comment_id": _clean(cid),
        "author": _clean(author), "timestamp": _stamp(stamp), "body": _clean(body),
        "note": _clean(note), "saved_at": _stamp(datetime.now(timezone.utc)),
    }
