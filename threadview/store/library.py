"""The library database: every SQL statement of the library index, search and reading memory.

One SQLite file (`library.sqlite3`) beside the bookmarks, in WAL mode, migrated from schema
version 1, marked with its own `application_id`. Each file indexed is one ``BEGIN
IMMEDIATE`` transaction, so a killed scan leaves whole files or none, and two processes
indexing at once take turns. Comment text is kept once, zlib-compressed in blocks per file
(`textblock`); the FTS5 table is contentless and gets its snippets from those blocks.
"""

from __future__ import annotations

import heapq
import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence, Set
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any

from threadview.render.markdown import markdown_plain
from threadview.store.base import (
    Migrations,
    SqliteStore,
    connect,
    prepare_for_writing,
    schema_mark,
)
from threadview.store.idset import IdSet
from threadview.store.prepare import Prepared
from threadview.store.query import Query
from threadview.store.records import (
    ARTICLE_ID,
    LIBRARY_DB_NAME,
    FailedFile,
    GoneComment,
    LibraryError,
    LibraryRow,
    NoFullTextSearch,
    SearchHit,
    stamp_from_epoch,
    title_order,
)
from threadview.store.snippets import snippet
from threadview.store.unseen import Unseen

APPLICATION_ID = 0x74766C62  # "tvlb"

MIGRATIONS: Migrations = (
    (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE thread (
            id INTEGER PRIMARY KEY,
            identity TEXT NOT NULL UNIQUE,
            bookmark_key TEXT NOT NULL DEFAULT '',
            last_file_id INTEGER,
            last_time INTEGER NOT NULL DEFAULT -1,
            last_mtime INTEGER NOT NULL DEFAULT -1
        )""",
        """CREATE TABLE file (
            id INTEGER PRIMARY KEY,
            path BLOB NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            hash BLOB NOT NULL,
            state TEXT NOT NULL,
            error TEXT,
            present INTEGER NOT NULL DEFAULT 1,
            thread_id INTEGER REFERENCES thread (id),
            title TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            submitter TEXT NOT NULL DEFAULT '',
            first_time INTEGER,
            last_time INTEGER,
            comments INTEGER NOT NULL DEFAULT 0,
            first_row INTEGER NOT NULL DEFAULT 0,
            row_count INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX file_thread ON file (thread_id)",
        """CREATE TABLE comment (
            id INTEGER PRIMARY KEY,
            file_id INTEGER NOT NULL,
            cid TEXT NOT NULL,
            author TEXT NOT NULL,
            ts INTEGER,
            block INTEGER NOT NULL,
            start INTEGER NOT NULL,
            length INTEGER NOT NULL
        )""",
        "CREATE TABLE textblock (id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, data BLOB)",
        "CREATE INDEX textblock_file ON textblock (file_id)",
        """CREATE VIRTUAL TABLE search USING fts5 (
            text, content='', tokenize='unicode61 remove_diacritics 2'
        )""",
        """CREATE TABLE gone (
            thread_id INTEGER NOT NULL,
            cid TEXT NOT NULL,
            author TEXT NOT NULL,
            ts INTEGER,
            body TEXT NOT NULL,
            noticed INTEGER NOT NULL,
            PRIMARY KEY (thread_id, cid)
        ) WITHOUT ROWID""",
        """CREATE TABLE visit (
            thread_id INTEGER PRIMARY KEY,
            position TEXT,
            last_read TEXT NOT NULL
        )""",
        """CREATE TABLE seen (
            thread_id INTEGER NOT NULL,
            cid TEXT NOT NULL,
            PRIMARY KEY (thread_id, cid)
        ) WITHOUT ROWID""",
    ),
)
_OURS = {"thread", "file", "comment", "textblock", "gone", "visit", "seen", "search"}


@contextmanager
def _library_errors(db: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise LibraryError(f"library database {db}: {text}") from exc


def has_fts5() -> bool:
    """Whether this Python's SQLite can make FTS5 tables."""
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE probe USING fts5 (x)")
    except sqlite3.Error:
        return False
    return True


def _rows_of(conn: sqlite3.Connection, file_id: int) -> tuple[int, int]:
    """The first and last comment rowid of a file: its rows are numbered in one run."""
    first, count = conn.execute(
        "SELECT first_row, row_count FROM file WHERE id = ?", (file_id,)
    ).fetchone()
    return first, first + count - 1


def _unpack(block: bytes, end: int) -> bytes:
    """The first `end` bytes of a compressed text block, decompressing no further."""
    return zlib.decompressobj().decompress(block, end)


_LISTED = (
    "SELECT f.id, f.path, t.identity, t.bookmark_key, f.title, f.source, f.submitter,"
    " f.first_time, f.comments, v.last_read,"
    " CASE WHEN v.thread_id IS NULL THEN NULL ELSE"
    "  (SELECT count(*) FROM comment c WHERE c.id BETWEEN f.first_row"
    "   AND f.first_row + f.row_count - 1 AND c.cid != 'article'"
    "   AND NOT EXISTS (SELECT 1 FROM seen s WHERE s.thread_id = t.id AND s.cid = c.cid))"
    " END"
    " FROM file f JOIN thread t ON t.id = f.thread_id"
    " LEFT JOIN visit v ON v.thread_id = t.id"
    " WHERE f.present AND f.state = 'thread'"
)
"""The list's columns of every listed thread file (the new count only for threads read)."""


def _library_row(r: tuple[Any, ...]) -> LibraryRow:
    return LibraryRow(
        file_id=r[0],
        path=r[1],
        identity=r[2],
        bookmark_key=r[3],
        title=r[4],
        source=r[5],
        submitter=r[6],
        first_comment=stamp_from_epoch(r[7]),
        comments=r[8],
        last_read=datetime.fromisoformat(r[9]) if r[9] else None,
        new_comments=r[10],
    )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


LIST_ROWS = 4096
"""Rows of a file's ids read at once when its unseen comments are listed."""
SEARCH_BUFFER_BYTES = 256 * 1024
"""FTS5's buffer of search terms not yet written out (its `hashsize`, 1 MiB by default).
Indexing a big thread fills it again and again inside one transaction; at 100,000 comments
the full buffer put about 1.5 MB on the reader's first-visit peak. A quarter of it indexed
as fast (median CPU 5.0 s against 5.1 s, three runs each, turn about), the database 3%
bigger (more segments left to merge)."""


def _bound_search_buffer(conn: sqlite3.Connection) -> None:
    """Set `SEARCH_BUFFER_BYTES` in the search table's config (kept in the database) where
    it is not yet: a library made before it was set gets it too, with no schema step."""
    row = conn.execute("SELECT v FROM search_config WHERE k = 'hashsize'").fetchone()
    if row is None or row[0] != SEARCH_BUFFER_BYTES:
        size = int(SEARCH_BUFFER_BYTES)
        conn.execute(f"INSERT INTO search (search, rank) VALUES ('hashsize', {size})")


class LibraryStore(SqliteStore):
    """An open library database. Thread-safe; each method is one short transaction."""

    @classmethod
    def open(cls, data_dir: Path, *, timeout: float = 30.0) -> LibraryStore:
        """Open (creating when needed) `library.sqlite3` in `data_dir`."""
        if not has_fts5():
            raise NoFullTextSearch(
                f"this Python's SQLite {sqlite3.sqlite_version} was built without FTS5, "
                "which the library and search need"
            )
        db = Path(data_dir) / LIBRARY_DB_NAME
        try:
            Path(data_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(db, os.O_WRONLY | os.O_CREAT, 0o600)
            os.close(fd)
        except OSError as exc:
            raise LibraryError(f"cannot create the library database {db} ({exc.strerror})") from exc
        with _library_errors(db):
            conn = connect(db, timeout)
        try:
            with _library_errors(db):
                cls._check_ours(conn, db)
                prepare_for_writing(conn, timeout, MIGRATIONS, APPLICATION_ID, synchronous="NORMAL")
                _bound_search_buffer(conn)
        except BaseException:
            conn.close()
            raise
        return cls(conn, db)

    @staticmethod
    def _check_ours(conn: sqlite3.Connection, db: Path) -> None:
        app, version = schema_mark(conn)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if (app not in (0, APPLICATION_ID)) or (app == 0 and tables):
            raise LibraryError(f"{db} is not a threadview library database; it was left as is")
        if version > len(MIGRATIONS):
            raise LibraryError(f"the library database {db} was made by a newer threadview")
        if version and not tables >= _OURS:
            raise LibraryError(f"the library database {db} is damaged (tables are missing)")

    def _errors(self) -> AbstractContextManager[None]:
        return _library_errors(self.db_path)

    def _check_writable(self) -> None:
        """Always writable: the library is only ever opened to write."""

    # Indexing ----------------------------------------------------------------------------

    def file_stat(self, path: bytes) -> tuple[int, int, bytes] | None:
        """(size, mtime_ns, content hash) of a present file as last indexed, or None."""
        rows = self._read(
            "SELECT size, mtime_ns, hash FROM file WHERE path = ? AND present", (path,)
        )
        return rows[0] if rows else None

    def known_files(self, root: bytes) -> dict[bytes, tuple[int, int, bytes]]:
        """`file_stat` for every present file under the folder `root`, in one query."""
        prefix = root.rstrip(b"/") + b"/"
        rows = self._read(
            "SELECT path, size, mtime_ns, hash FROM file WHERE present AND substr(path, 1, ?) = ?",
            (len(prefix), prefix),
        )
        return {path: (size, mtime, digest) for path, size, mtime, digest in rows}

    def unseen(self, identity: str, path: bytes, seen: Set[str]) -> Unseen | None:
        """The comments of a listed file, as last indexed, that the thread's reading memory
        has not seen (`seen`: its seen ids, as `seen_ids` gives them), or None when no such
        file is listed. SQLite counts them; they are listed only when iterated."""
        rows = self._read("SELECT id FROM file WHERE path = ? AND present", (path,))
        if not rows:
            return None
        (count,) = self._read(
            "SELECT count(*) FROM file f JOIN comment c ON c.id BETWEEN f.first_row"
            " AND f.first_row + f.row_count - 1 WHERE f.id = ? AND c.cid != ?"
            " AND c.cid NOT IN (SELECT s.cid FROM seen s JOIN thread t ON t.id = s.thread_id"
            " WHERE t.identity = ?)",
            (rows[0][0], ARTICLE_ID, identity),
        )[0]
        listing = partial(self._file_ids, rows[0][0])
        return Unseen(seen, count, listing, frozenset({ARTICLE_ID}))

    def _file_ids(self, file_id: int) -> Iterator[str]:
        """The comment ids of a file, in file order, read `LIST_ROWS` rows at a time (each
        read a short transaction, so writers are not held up); none once it is gone."""
        try:
            rows = self._read("SELECT first_row, row_count FROM file WHERE id = ?", (file_id,))
            if not rows:
                return
            first, count = rows[0]
            for low in range(first, first + count, LIST_ROWS):
                high = min(low + LIST_ROWS, first + count) - 1
                batch = self._read(
                    "SELECT cid FROM comment WHERE id BETWEEN ? AND ? ORDER BY id", (low, high)
                )
                yield from (cid for (cid,) in batch)
        except LibraryError:
            return  # closed meanwhile: nothing more to list

    def _ids(self, sql: str, params: Sequence[object]) -> IdSet:
        with self._lock, self._errors():
            return IdSet(cid for (cid,) in self._conn.execute(sql, params))

    def touch(self, path: bytes, size: int, mtime_ns: int) -> None:
        """The file changed its stat but not its content: remember the new stat."""
        with self._write() as conn:
            conn.execute(
                "UPDATE file SET size = ?, mtime_ns = ? WHERE path = ?", (size, mtime_ns, path)
            )

    def record_other(
        self, path: bytes, size: int, mtime_ns: int, digest: bytes, error: str | None
    ) -> None:
        """A file that is not a thread (`error` None) or failed to parse (one-line `error`)."""
        state = "failed" if error is not None else "skipped"
        with self._write() as conn:
            old = self._old_file(conn, path)
            values = (size, mtime_ns, digest, state, error)
            if old is None:
                conn.execute(
                    "INSERT INTO file (size, mtime_ns, hash, state, error, path)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (*values, path),
                )
                return
            self._release(conn, old[1], old[0])
            self._purge_rows(conn, old[0], old[2])
            conn.execute(
                "UPDATE file SET size = ?, mtime_ns = ?, hash = ?, state = ?, error = ?,"
                " present = 1, thread_id = NULL, title = '', source = '', submitter = '',"
                " first_time = NULL, last_time = NULL, comments = 0 WHERE id = ?",
                (*values, old[0]),
            )

    def record_thread(
        self, path: bytes, size: int, mtime_ns: int, digest: bytes, prepared: Prepared
    ) -> None:
        """Replace a file's rows with a parsed thread, in one transaction; keep the text of
        comments an earlier save of the same thread had and this one lacks."""
        with self._write() as conn:
            tid = self._thread_id(conn, prepared.identity, prepared.bookmark_key)
            old = self._old_file(conn, path)
            if old is None:
                inserted = conn.execute(
                    "INSERT INTO file (path, size, mtime_ns, hash, state)"
                    " VALUES (?, 0, 0, x'', '')",
                    (path,),
                ).lastrowid
                assert inserted is not None  # an INSERT always sets it
                file_id = inserted
            else:
                file_id = old[0]
                if old[1] != tid:
                    self._release(conn, old[1], file_id)
            # The new rows go in first (their facts are known once they are made); the old
            # rows keep the file's row range and the text blocks up to `old_blocks`.
            old_blocks = conn.execute("SELECT coalesce(max(id), 0) FROM textblock").fetchone()[0]
            first_row, row_count = self._insert_rows(conn, file_id, prepared)
            rows = (first_row, first_row + row_count - 1)
            self._follow_saves(conn, tid, file_id, mtime_ns, prepared, old_blocks, rows)
            if old is not None:
                self._purge_rows(conn, file_id, old[2], old_blocks)
            conn.execute(
                "UPDATE file SET size = ?, mtime_ns = ?, hash = ?, state = 'thread', error = NULL,"
                " present = 1, thread_id = ?, title = ?, source = ?, submitter = ?,"
                " first_time = ?, last_time = ?, comments = ?, first_row = ?, row_count = ?"
                " WHERE id = ?",
                (
                    size,
                    mtime_ns,
                    digest,
                    tid,
                    prepared.title,
                    prepared.source,
                    prepared.submitter,
                    prepared.first_time,
                    prepared.last_time,
                    prepared.comment_count,
                    first_row,
                    row_count,
                    file_id,
                ),
            )

    @staticmethod
    def _thread_id(conn: sqlite3.Connection, identity: str, bookmark_key: str) -> int:
        # A thread first met in the reader (reading memory) has no bookmark key yet.
        conn.execute(
            "INSERT INTO thread (identity, bookmark_key) VALUES (?, ?) ON CONFLICT (identity)"
            " DO UPDATE SET bookmark_key = excluded.bookmark_key WHERE excluded.bookmark_key != ''",
            (identity, bookmark_key),
        )
        found: int = conn.execute(
            "SELECT id FROM thread WHERE identity = ?", (identity,)
        ).fetchone()[0]
        return found

    @staticmethod
    def _old_file(conn: sqlite3.Connection, path: bytes) -> tuple[int, int | None, int] | None:
        row: tuple[int, int | None, int] | None = conn.execute(
            "SELECT id, thread_id, present FROM file WHERE path = ?", (path,)
        ).fetchone()
        return row

    def _follow_saves(
        self,
        conn: sqlite3.Connection,
        tid: int,
        file_id: int,
        mtime_ns: int,
        new: Prepared,
        old_blocks: int,
        rows: tuple[int, int],
    ) -> None:
        """When this save is the thread's latest, note which comments the previous one had
        that this one lacks, and make this file the thread's latest save. This save's ids
        are read back from its `rows` (first and last rowid), just written."""
        last_file, last_time, last_mtime = conn.execute(
            "SELECT last_file_id, last_time, last_mtime FROM thread WHERE id = ?", (tid,)
        ).fetchone()
        order = (new.last_time if new.last_time is not None else -1, mtime_ns)
        if last_file not in (None, file_id) and order < (last_time, last_mtime):
            return  # an older save than the one we know: it changes nothing
        if last_file is not None:
            kept = IdSet(
                cid
                for (cid,) in conn.execute(
                    "SELECT cid FROM comment WHERE id BETWEEN ? AND ? ORDER BY cid", rows
                )
            )
            gone = [
                (tid, cid, author, ts, text, mtime_ns)
                for cid, author, ts, text in self._texts(conn, last_file, old_blocks)
                if cid not in kept and cid != ARTICLE_ID
            ]
            conn.executemany("INSERT OR REPLACE INTO gone VALUES (?, ?, ?, ?, ?, ?)", gone)
            conn.execute(
                "DELETE FROM gone WHERE thread_id = ? AND cid IN"
                " (SELECT cid FROM comment WHERE id BETWEEN ? AND ?)",
                (tid, *rows),
            )
            if last_file != file_id:
                present = conn.execute("SELECT present FROM file WHERE id = ?", (last_file,))
                row = present.fetchone()
                if row is not None and not row[0]:
                    self._purge_rows(conn, last_file, 0)
                    conn.execute("DELETE FROM file WHERE id = ?", (last_file,))
        conn.execute(
            "UPDATE thread SET last_file_id = ?, last_time = ?, last_mtime = ? WHERE id = ?",
            (file_id, order[0], order[1], tid),
        )

    @staticmethod
    def _texts(
        conn: sqlite3.Connection, file_id: int, upto_block: int = -1
    ) -> Iterator[tuple[str, str, int | None, str]]:
        """(cid, author, ts, text) of a file's rows, read back from its text blocks (those
        numbered up to `upto_block` when it is not -1)."""
        blocks = {
            bid: zlib.decompress(data)
            for bid, data in conn.execute(
                "SELECT id, data FROM textblock WHERE file_id = ? AND (? = -1 OR id <= ?)",
                (file_id, upto_block, upto_block),
            )
        }
        rows = conn.execute(
            "SELECT cid, author, ts, block, start, length FROM comment WHERE id BETWEEN ? AND ?"
            " ORDER BY id",
            _rows_of(conn, file_id),
        )
        for cid, author, ts, block, start, length in rows.fetchall():
            yield cid, author, ts, blocks[block][start : start + length].decode("utf-8")

    def _purge_rows(
        self, conn: sqlite3.Connection, file_id: int, present: int, upto_block: int = -1
    ) -> None:
        """Remove a file's comments, text and (when it is listed) its search entries; with
        `upto_block`, only its text blocks numbered up to it (newer ones are its new rows')."""
        if present:
            rows = conn.execute(
                "SELECT id, block, start, length FROM comment WHERE id BETWEEN ? AND ?",
                _rows_of(conn, file_id),
            ).fetchall()
            if rows:
                blocks = dict(
                    conn.execute(
                        "SELECT id, data FROM textblock WHERE file_id = ? AND (? = -1 OR id <= ?)",
                        (file_id, upto_block, upto_block),
                    )
                )
                plain = {bid: zlib.decompress(data) for bid, data in blocks.items()}
                conn.executemany(
                    "INSERT INTO search (search, rowid, text) VALUES ('delete', ?, ?)",
                    ((rid, plain[b][s : s + n].decode("utf-8")) for rid, b, s, n in rows),
                )
        conn.execute("DELETE FROM comment WHERE id BETWEEN ? AND ?", _rows_of(conn, file_id))
        conn.execute("UPDATE file SET row_count = 0 WHERE id = ?", (file_id,))
        conn.execute(
            "DELETE FROM textblock WHERE file_id = ? AND (? = -1 OR id <= ?)",
            (file_id, upto_block, upto_block),
        )

    @staticmethod
    def _release(conn: sqlite3.Connection, thread_id: int | None, file_id: int) -> None:
        """The file no longer holds this thread: it stops being the thread's latest save."""
        conn.execute(
            "UPDATE thread SET last_file_id = NULL WHERE id = ? AND last_file_id = ?",
            (thread_id, file_id),
        )

    @staticmethod
    def _insert_rows(conn: sqlite3.Connection, file_id: int, prepared: Prepared) -> tuple[int, int]:
        """Write the rows batch by batch, so only one batch of them is alive at a time;
        returns the first rowid and how many rows were written."""
        first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM comment").fetchone()[0]
        written = 0
        for batch in prepared.batches():
            block_ids = [
                conn.execute(
                    "INSERT INTO textblock (file_id, data) VALUES (?, ?)", (file_id, data)
                ).lastrowid
                for data in batch.blocks
            ]
            start = first + written
            conn.executemany(
                "INSERT INTO comment (id, file_id, cid, author, ts, block, start, length)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (start + n, file_id, *row[1:4], block_ids[row[4]], *row[5:])
                    for n, row in enumerate(batch.rows)
                ),
            )
            conn.executemany(
                "INSERT INTO search (rowid, text) VALUES (?, ?)",
                ((start + n, text) for n, text in enumerate(batch.texts)),
            )
            written += len(batch.rows)
            del batch, block_ids
        return first, written

    def drop_missing(self, root: bytes, present: set[bytes]) -> int:
        """Drop listed files under `root` that are not in `present`; returns how many.

        A dropped file leaves the list and the search, but its thread (and with it the
        reading memory) stays; when it was the thread's latest save its comment text stays
        too, so the next save can still say what went missing."""
        prefix = root.rstrip(b"/") + b"/"
        rows = self._read(
            "SELECT id, path, thread_id FROM file WHERE present AND substr(path, 1, ?) = ?",
            (len(prefix), prefix),
        )
        dropped = 0
        for file_id, path, thread_id in rows:
            if path not in present:
                self.drop_file(file_id, thread_id)
                dropped += 1
        return dropped

    def drop_paths(self, paths: Iterable[bytes]) -> int:
        """Drop these files (given explicitly, and gone from disk); returns how many."""
        dropped = 0
        for path in paths:
            rows = self._read("SELECT id, thread_id FROM file WHERE present AND path = ?", (path,))
            for file_id, thread_id in rows:
                self.drop_file(file_id, thread_id)
                dropped += 1
        return dropped

    def drop_file(self, file_id: int, thread_id: int | None) -> None:
        with self._write() as conn:
            row = conn.execute("SELECT present FROM file WHERE id = ?", (file_id,)).fetchone()
            if row is None or not row[0]:
                return
            latest = conn.execute(
                "SELECT 1 FROM thread WHERE id = ? AND last_file_id = ?", (thread_id, file_id)
            ).fetchone()
            if latest:
                self._purge_search(conn, file_id)
                conn.execute("UPDATE file SET present = 0 WHERE id = ?", (file_id,))
            else:
                self._purge_rows(conn, file_id, 1)
                conn.execute("DELETE FROM file WHERE id = ?", (file_id,))

    def _purge_search(self, conn: sqlite3.Connection, file_id: int) -> None:
        rows = conn.execute(
            "SELECT id FROM comment WHERE id BETWEEN ? AND ? ORDER BY id", _rows_of(conn, file_id)
        )
        ids = [rid for (rid,) in rows]
        texts = [text for *_, text in self._texts(conn, file_id)]
        conn.executemany(
            "INSERT INTO search (search, rowid, text) VALUES ('delete', ?, ?)",
            zip(ids, texts, strict=True),
        )

    # The list ----------------------------------------------------------------------------

    def threads(self) -> list[LibraryRow]:
        """Every listed thread file, by title, with counts and reading memory."""
        return [_library_row(r) for r in self._read(f"{_LISTED} ORDER BY f.title, f.path")]

    def first_threads(
        self, limit: int, under: Sequence[bytes] = ()
    ) -> tuple[list[LibraryRow], int]:
        """The first `limit` listed thread files in the list's first order (`title_order`,
        then title and path, as `threads` gives them), and how many are listed; `under`:
        only these files and the files in these folders. Only the page is made into rows
        and has its new comments counted; of the rest, only id, title and path are read."""
        folders = tuple(root.rstrip(b"/") + b"/" for root in under)
        files = set(under)
        keys = [
            key
            for key in self._read(
                "SELECT f.id, f.title, f.path FROM file f JOIN thread t ON t.id = f.thread_id"
                " WHERE f.present AND f.state = 'thread'"
            )
            if not under or key[2] in files or key[2].startswith(folders)
        ]
        page = heapq.nsmallest(limit, keys, key=lambda k: (title_order(k[1], k[2]), k[1], k[2]))
        if not page:
            return [], len(keys)
        marks = ",".join("?" * len(page))
        rows = self._read(f"{_LISTED} AND f.id IN ({marks})", [k[0] for k in page])
        by_id = {r[0]: _library_row(r) for r in rows}
        return [by_id[k[0]] for k in page if k[0] in by_id], len(keys)

    def failures(self) -> list[FailedFile]:
        rows = self._read("SELECT path, error FROM file WHERE present AND state = 'failed'")
        return [FailedFile(path, error or "") for path, error in sorted(rows)]

    def counts(self) -> dict[str, int]:
        """How many listed files are threads, skipped and failed."""
        rows = self._read("SELECT state, count(*) FROM file WHERE present GROUP BY state")
        return {"thread": 0, "skipped": 0, "failed": 0} | dict(rows)

    # Search ------------------------------------------------------------------------------

    def search(
        self, query: Query, limit: int = 20, offset: int = 0, under: bytes | None = None
    ) -> list[SearchHit]:
        """Hits for a parsed query, best first (bm25); a filters-only query, newest first.
        `under`: only in files under this folder."""
        where = ["f.present"]
        params: list[object] = []
        if under is not None:
            prefix = under.rstrip(b"/") + b"/"
            where.append("substr(f.path, 1, ?) = ?")
            params += [len(prefix), prefix]
        if query.author is not None:
            where.append("c.author = ? COLLATE NOCASE")
            params.append(query.author)
        if query.source is not None:
            where.append("(f.source = ? COLLATE NOCASE OR f.source LIKE ? ESCAPE '\\')")
            escaped = query.source.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params += [query.source, "%." + escaped]
        if query.before is not None:
            where.append("c.ts < ?")
            params.append(query.before)
        if query.after is not None:
            where.append("c.ts >= ?")
            params.append(query.after + 86400)
        columns = "c.cid, c.author, c.ts, c.block, c.start, c.length, f.path, f.title, t.identity"
        joins = "JOIN file f ON f.id = c.file_id JOIN thread t ON t.id = f.thread_id"
        match = query.match()
        # Written into the SQL (they are ints): FTS5 sorts by rank with a bounded sorter
        # only when the LIMIT is a literal, about three times faster than a bound one.
        page = f"LIMIT {int(limit)} OFFSET {int(offset)}"
        if match is None:
            sql = (
                f"SELECT {columns}, 0.0 FROM comment c {joins} WHERE {' AND '.join(where)}"
                f" ORDER BY c.ts DESC, c.id {page}"
            )
        elif len(where) == 1:  # only the FTS: let it rank and cut before joining
            sql = (
                f"SELECT {columns}, r.rank FROM (SELECT rowid, rank FROM search"
                f" WHERE search MATCH ? ORDER BY rank {page}) r"
                f" JOIN comment c ON c.id = r.rowid {joins} WHERE f.present ORDER BY r.rank"
            )
        else:
            sql = (
                f"SELECT {columns}, bm25(search) AS score FROM search"
                f" JOIN comment c ON c.id = search.rowid {joins}"
                f" WHERE search MATCH ? AND {' AND '.join(where)} ORDER BY score {page}"
            )
        args = [*params] if match is None else [match] if len(where) == 1 else [match, *params]
        with self._lock, self._errors():
            rows = self._conn.execute(sql, args).fetchall()
            blocks = self._blocks({row[3] for row in rows})
        pattern = query.pattern()
        hits = []
        for cid, author, ts, block, start, length, path, title, identity, score in rows:
            text = _unpack(blocks[block], start + length)[start:].decode("utf-8")
            if cid == ARTICLE_ID:
                text = text.partition("\n")[2] or text
            shown, marks = snippet(markdown_plain(text), pattern)
            hits.append(
                SearchHit(
                    path=path,
                    title=title,
                    identity=identity,
                    comment_id=cid,
                    author=author,
                    timestamp=stamp_from_epoch(ts),
                    snippet=shown,
                    highlights=marks,
                    score=float(score),
                )
            )
        return hits

    def _blocks(self, ids: set[int]) -> dict[int, bytes]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._conn.execute(f"SELECT id, data FROM textblock WHERE id IN ({marks})", [*ids])
        return dict(rows)

    # Reading memory ----------------------------------------------------------------------

    def _memory_thread(self, conn: sqlite3.Connection, identity: str) -> int:
        tid = self._thread_id(conn, identity, "")
        conn.execute(
            "INSERT INTO visit (thread_id, last_read) VALUES (?, ?)"
            " ON CONFLICT (thread_id) DO UPDATE SET last_read = excluded.last_read",
            (tid, _now()),
        )
        return tid

    def record_seen(self, identity: str, comment_ids: Iterable[str]) -> None:
        """Remember that these comments of the thread were on screen."""
        with self._write() as conn:
            tid = self._memory_thread(conn, identity)
            conn.executemany(
                "INSERT OR IGNORE INTO seen (thread_id, cid) VALUES (?, ?)",
                ((tid, cid) for cid in comment_ids),
            )

    def seen_ids(self, identity: str) -> IdSet:
        """The thread's comments that were on screen in earlier visits."""
        return self._ids(
            "SELECT s.cid FROM seen s JOIN thread t ON t.id = s.thread_id WHERE t.identity = ?"
            " ORDER BY s.cid",
            (identity,),
        )

    def set_position(self, identity: str, comment_id: str | None) -> None:
        """Remember the comment the reader was on (None: the article)."""
        with self._write() as conn:
            tid = self._memory_thread(conn, identity)
            conn.execute("UPDATE visit SET position = ? WHERE thread_id = ?", (comment_id, tid))

    def position(self, identity: str) -> str | None:
        rows = self._read(
            "SELECT v.position FROM visit v JOIN thread t ON t.id = v.thread_id"
            " WHERE t.identity = ?",
            (identity,),
        )
        return rows[0][0] if rows else None

    def comment_time(self, identity: str, comment_id: str) -> int | None:
        """The time (epoch seconds) of a comment of the thread's latest save, or None."""
        rows = self._read(
            "SELECT c.ts FROM thread t JOIN file f ON f.id = t.last_file_id"
            " JOIN comment c ON c.id BETWEEN f.first_row AND f.first_row + f.row_count - 1"
            " WHERE t.identity = ? AND c.cid = ? LIMIT 1",
            (identity, comment_id),
        )
        return rows[0][0] if rows else None

    def mark_read(self, identity: str) -> int:
        """Mark every comment of the thread's latest save seen; returns how many were new."""
        with self._write() as conn:
            tid = self._memory_thread(conn, identity)
            before = conn.total_changes
            conn.execute(
                "INSERT OR IGNORE INTO seen (thread_id, cid) SELECT ?, c.cid FROM thread t"
                " JOIN file f ON f.id = t.last_file_id JOIN comment c ON c.id BETWEEN"
                " f.first_row AND f.first_row + f.row_count - 1"
                " WHERE t.id = ? AND c.cid != 'article'",
                (tid, tid),
            )
            return conn.total_changes - before

    def gone_comments(self, identity: str, latest_only: bool = False) -> list[GoneComment]:
        """Comments earlier saves had and the latest lacks, with their last known text;
        `latest_only`: only those the latest save was the first to lack. A comment whose
        author and time are still there was edited, not removed: see `edited_comments`."""
        return self._gone_and_edited(identity, latest_only)[0]

    def edited_comments(self, identity: str, latest_only: bool = False) -> dict[str, GoneComment]:
        """Comments of the latest save whose text changed since an earlier save, by their
        comment id now, each with its earlier version (same author and time)."""
        return self._gone_and_edited(identity, latest_only)[1]

    def _gone_and_edited(
        self, identity: str, latest_only: bool
    ) -> tuple[list[GoneComment], dict[str, GoneComment]]:
        latest = " AND g.noticed = t.last_mtime" if latest_only else ""
        with self._lock, self._errors():
            rows = self._conn.execute(
                "SELECT g.cid, g.author, g.ts, g.body FROM gone g"
                " JOIN thread t ON t.id = g.thread_id"
                f" WHERE t.identity = ?{latest} ORDER BY g.ts, g.cid",
                (identity,),
            ).fetchall()
            now: dict[tuple[str, int], str] = {}
            if rows:
                current = self._conn.execute(
                    "SELECT c.cid, c.author, c.ts FROM thread t"
                    " JOIN file f ON f.id = t.last_file_id"
                    " JOIN comment c ON c.id BETWEEN f.first_row AND f.first_row + f.row_count - 1"
                    " WHERE t.identity = ? AND c.ts IS NOT NULL AND c.cid != 'article'",
                    (identity,),
                )
                now = {(author, ts): cid for cid, author, ts in current}
        gone: list[GoneComment] = []
        edited: dict[str, GoneComment] = {}
        for cid, author, ts, body in rows:
            earlier = GoneComment(cid, author, stamp_from_epoch(ts), body)
            match = now.get((author, ts)) if ts is not None else None
            if match is not None and match not in edited:
                edited[match] = earlier
            else:
                gone.append(earlier)
        return gone, edited

    def check(self) -> list[str]:
        """Problems found by SQLite's and FTS5's integrity checks (empty when healthy)."""
        problems = [r[0] for r in self._read("PRAGMA integrity_check") if r[0] != "ok"]
        try:
            with self._write() as conn:
                conn.execute("INSERT INTO search (search) VALUES ('integrity-check')")
        except LibraryError as exc:
            problems.append(str(exc))
        return problems
