"""The bookmarks database file: created private, identified as ours before use (and never
written when it is not), its schema, and its errors as one-line sentences. Connecting,
WAL and migrating are `store/base.py`'s, shared with the library."""

from __future__ import annotations

import errno
import functools
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from threadview.bookmarks.records import (
    StoreBusy,
    StoreCorrupt,
    StoreError,
    StoreReadOnly,
    StoreTooNew,
)
from threadview.store.base import Migrations, schema_mark

_SQLITE_HEADER = b"SQLite format 3\x00"
APPLICATION_ID = 0x74687276
"""`PRAGMA application_id` of our databases ("thrv"): how a file is known to be ours."""

# One entry per schema version: MIGRATIONS[n] takes a database from version n to n + 1.
MIGRATIONS: Migrations = (
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
    # Every file a bookmarked thread was seen in: a copy with the same title, source and
    # submitter adds a path and never replaces one that still holds the thread.
    (
        """CREATE TABLE thread_path (
            thread_key TEXT NOT NULL,
            path BLOB NOT NULL,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (thread_key, path)
        ) WITHOUT ROWID""",
        """INSERT INTO thread_path (thread_key, path, seen_at)
            SELECT thread_key, path, max(saved_at) FROM bookmark
            WHERE path IS NOT NULL GROUP BY thread_key, path""",
    ),
)


def translate(exc: sqlite3.Error, db: Path) -> StoreError:
    """A one-line StoreError for an sqlite3 failure, chosen by SQLite's primary result code."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if primary in (3, 8, 14) or "readonly" in text or "unable to open" in text:
        return StoreReadOnly(f"bookmarks can't be saved: {db} is not writable ({text})")
    if primary in (5, 6) or "locked" in text:
        return StoreBusy(f"the bookmarks database {db} is locked by another process ({text})")
    if primary in (11, 26) or "malformed" in text or "not a database" in text:
        return corrupt(db, text)
    return StoreError(f"bookmarks database {db}: {text}")


def corrupt(db: Path, why: str) -> StoreCorrupt:
    return StoreCorrupt(
        f"the bookmarks database {db} is damaged or not a threadview database ({why}); "
        "it was left untouched: move it aside to start a new one"
    )


@contextmanager
def sqlite_errors(db: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise translate(exc, db) from exc
    except (UnicodeEncodeError, UnicodeDecodeError) as exc:
        raise StoreError(f"bookmark text cannot be stored ({exc.reason})") from exc


def ensure_dir(data_dir: Path) -> None:
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


def check_file(db: Path) -> bool:
    """Whether `db` holds data; raises StoreCorrupt (touching nothing) if it isn't SQLite."""
    try:
        kind = db.stat().st_mode
        if not stat.S_ISREG(kind):
            raise corrupt(db, "it is a directory" if stat.S_ISDIR(kind) else "not a regular file")
        with open(db, "rb") as handle:
            head = handle.read(100)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StoreError(f"cannot read the bookmarks database {db} ({exc.strerror})") from exc
    if not head:
        return False
    if len(head) < 100 or not head.startswith(_SQLITE_HEADER):
        raise corrupt(db, "not an SQLite file")
    return True


def create_private(db: Path) -> None:
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


def identify(conn: sqlite3.Connection, db: Path, migrations: Migrations) -> int:
    """The schema version of a database positively identified as ours (reads only).

    Ours means our `application_id`, or none yet (databases made before it was set) with
    exactly the tables and columns our migrations make at its `user_version`; anything
    else raises StoreCorrupt or StoreTooNew before a single byte of it is changed. One read
    transaction, so a process migrating at the same moment is seen before or after.
    """
    conn.execute("BEGIN")
    try:
        app_id, version = schema_mark(conn)
        if app_id not in (0, APPLICATION_ID):
            raise corrupt(db, f"it belongs to another program, application_id {app_id:#x}")
        if version > len(migrations):
            if app_id != APPLICATION_ID:
                raise corrupt(db, "its tables are not threadview's")
            raise StoreTooNew(
                f"the bookmarks database {db} was made by a newer threadview "
                f"(schema {version}, this one knows {len(migrations)})"
            )
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise corrupt(db, f"integrity check: {result}")
        if shape(conn) != expected_shape(migrations, version):
            raise corrupt(db, "its tables are not threadview's")
        return version
    finally:
        conn.execute("ROLLBACK")


def shape(conn: sqlite3.Connection) -> dict[str, tuple[tuple[Any, ...], ...]]:
    """Each table (SQLite's own left out) with its columns: name, type, not null, default, key."""
    names = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
        "ESCAPE '\\'"
    ).fetchall()
    return {
        name: tuple(
            tuple(column[1:])
            for column in conn.execute("SELECT * FROM pragma_table_info(?)", (name,))
        )
        for (name,) in names
    }


@functools.lru_cache(maxsize=8)
def expected_shape(migrations: Migrations, version: int) -> dict[str, tuple[tuple[Any, ...], ...]]:
    """The tables and columns our first `version` migrations make (built in memory)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for step in migrations[:version]:
            for statement in step:
                conn.execute(statement)
        return shape(conn)
    finally:
        conn.close()
