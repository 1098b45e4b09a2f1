"""The SQLite plumbing every store shares (bookmarks, the library): connecting, WAL and
its pragmas, the schema's mark and migrations, and one connection behind a lock with a
write transaction that commits whole or not at all.

Standard library only: the bookmarks package builds on it too, so it imports nothing of
threadview.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, TypeVar

Migrations = tuple[tuple[str, ...], ...]
"""One entry per schema version: `migrations[n]` takes a database from version n to n + 1."""

_Store = TypeVar("_Store", bound="SqliteStore")


def connect(db: Path, timeout: float, mode: str | None = None) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), usable from any thread,
    waiting up to `timeout` on another process's lock. `mode` is SQLite's URI mode
    (``ro``, ``rw``, ``ro&immutable=1``); None opens the path as it is."""
    target = f"{db.absolute().as_uri()}?mode={mode}" if mode is not None else str(db)
    conn = sqlite3.connect(
        target,
        uri=mode is not None,
        timeout=timeout,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    except BaseException:
        conn.close()
        raise
    return conn


def schema_mark(conn: sqlite3.Connection) -> tuple[int, int]:
    """The database's `application_id` (whose it is) and `user_version` (its schema)."""
    app_id: int = conn.execute("PRAGMA application_id").fetchone()[0]
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return app_id, version


def prepare_for_writing(
    conn: sqlite3.Connection,
    timeout: float,
    migrations: Migrations,
    application_id: int,
    *,
    synchronous: str,
) -> None:
    """WAL mode, the `synchronous` level (``FULL``, ``NORMAL``), then the schema marked
    ours and brought up to date."""
    use_wal(conn, timeout)
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    migrate(conn, migrations, application_id)


def use_wal(conn: sqlite3.Connection, timeout: float) -> None:
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


def migrate(conn: sqlite3.Connection, migrations: Migrations, application_id: int) -> None:
    """Mark the database ours (`application_id`: each of our databases has its own) and
    bring the schema up to date, one transaction per step; safe against a racing process."""
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("PRAGMA application_id").fetchone()[0] != application_id:
                conn.execute(f"PRAGMA application_id = {int(application_id)}")
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


class SqliteStore(ABC):
    """An open database behind a lock: thread-safe, each method one short transaction.

    A store says how its SQLite errors read (`_errors`) and whether it refuses writes
    (`_check_writable`); the rest is here.
    """

    def __init__(self, conn: sqlite3.Connection, db: Path) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self.db_path = db

    @abstractmethod
    def _errors(self) -> AbstractContextManager[None]:
        """Turns sqlite3's errors into the store's own one-line errors."""

    @abstractmethod
    def _check_writable(self) -> None:
        """Raises the store's error when it must not be written (open read-only)."""

    def limit_cache(self, kib: int) -> None:
        """Keep at most `kib` KiB of database pages in memory (SQLite's default is 2,000
        KiB a connection)."""
        with self._lock, self._errors():
            self._conn.execute(f"PRAGMA cache_size = -{int(kib)}")

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self: _Store) -> _Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed whole or rolled back whole."""
        with self._lock, self._errors():
            self._check_writable()
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._lock, self._errors():
            return self._conn.execute(sql, params).fetchall()
