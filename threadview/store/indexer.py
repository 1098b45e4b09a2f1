"""Incremental indexing: walk folders (or take files), read only what changed, feed the store.

A file whose size and mtime are what the index holds is not opened; one whose content hash
is unchanged is not parsed. Files that are not threads (binary, empty, text in which no
comment is recognised, JSON of another kind) are recorded as skipped, so a rescan doesn't
read them again either. Parsing happens outside the store's write transaction. No Textual.

The reader indexes the one file it has open with `index_parsed`: the thread it already
parsed is written as it is, so the file is hashed but neither read into memory nor parsed
again.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from threadview.blake import blake2b
from threadview.model import Thread
from threadview.parsing.errors import ParseError
from threadview.parsing.load import MAX_BYTES, document_from_bytes, parse_document
from threadview.store.library import LibraryStore
from threadview.store.prepare import Prepared, prepare
from threadview.store.records import FailedFile, ScanReport
from threadview.store.walk import regular_files

Progress = Callable[[ScanReport, bytes], None]
"""Called after each file with the report so far and the file's path."""

Pace = Callable[[], None]
"""Called now and then while a parsed thread is prepared (see `prepare`)."""

_HASH_CHUNK = 1 << 20
_NOT_THREADS = ("the file is empty", "looks like a binary file", "unrecognised JSON")
_JSON_START = (b"{", b"[")
_CUT_JSON = "starts like JSON but is not valid JSON (cut off while saving?)"


def _files(root: bytes, skip: set[bytes]) -> Iterator[tuple[bytes, os.stat_result]]:
    """Regular files under `root` with their stat, in the scan's order, but for `skip`."""
    for entry in regular_files(root, ordered=True):
        if entry.path in skip:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        yield entry.path, info


def _file_hash(path: bytes) -> bytes:
    """The content hash the index keeps, read in chunks (hashing releases the interpreter)."""
    digest = blake2b(digest_size=16)
    buffer = bytearray(_HASH_CHUNK)  # one chunk reused: reading a new one each time held two
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as handle:
        while size := handle.readinto(buffer):
            digest.update(view[:size])
    return digest.digest()


def _plain_reason(path: bytes) -> str | None:
    """Why a file read as plain text is listed as failed, as `_classify` says (None: it is
    skipped); only its head is read."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HASH_CHUNK)
    except OSError:
        return None
    return _CUT_JSON if head.lstrip()[:1] in _JSON_START else None


def _classify(data: bytes, name: str) -> tuple[str, object]:
    """("thread", Prepared), ("skipped", None) or ("failed", one-line reason)."""
    try:
        thread = parse_document(document_from_bytes(data, name))
    except ParseError as error:
        reason = str(error)
        if any(part in reason for part in _NOT_THREADS):
            return "skipped", None
        return "failed", reason.removeprefix(f"{name}: ")
    except RecursionError:
        return "failed", "too deeply nested to read"
    if thread.format == "plain":
        if data.lstrip()[:1] in _JSON_START:
            return "failed", _CUT_JSON
        return "skipped", None
    return "thread", prepare(thread)


class Indexer:
    """Brings a library store up to date with folders or files on disk."""

    def __init__(self, store: LibraryStore, progress: Progress | None = None) -> None:
        self.store = store
        self.progress = progress
        self.cancelled = False
        db = os.fsencode(store.db_path.absolute())
        self._own = {db, db + b"-wal", db + b"-shm", db + b"-journal"}

    def cancel(self) -> None:
        """Stop after the file being indexed; what was done stays done."""
        self.cancelled = True

    def scan(self, targets: Iterable[str | bytes | os.PathLike[str]]) -> ScanReport:
        """Index every file under each target folder, or the target file itself; then drop
        files that were listed under a scanned folder (or named) and are gone."""
        report = ScanReport()
        for target in targets:
            path = os.fsencode(Path(os.fsdecode(target)).absolute())
            try:
                info = os.stat(path)
            except OSError:
                report.removed += self.store.drop_paths([path])
                continue
            if stat.S_ISDIR(info.st_mode):
                seen: set[bytes] = set()
                known = self.store.known_files(path)
                for file_path, file_info in _files(path, self._own):
                    if self.cancelled:
                        return report
                    seen.add(file_path)
                    self._one(file_path, file_info, report, known.get(file_path))
                report.removed += self.store.drop_missing(path, seen)
            else:
                self._one(path, info, report, self.store.file_stat(path))
            if self.cancelled:
                break
        return report

    def index_parsed(
        self,
        target: str | bytes | os.PathLike[str],
        thread: Thread,
        read_stat: tuple[int, int],
        pace: Pace | None = None,
    ) -> int | None:
        """Index one file from `thread`, the parse of it the caller holds, read when the file
        had `read_stat` (size, mtime_ns). Returns how many comments were written, or None
        when the index already held this content (or the file is gone, and dropped). The
        ids are not handed back: the store has them (`LibraryStore.unseen_ids`), and a list
        of every id would add about 7 MB to the reader at 100,000 comments.

        A file changed since it was read keeps the rows of what was read, under the stat it
        had then and no hash, so the next scan reads it again."""
        path = os.fsencode(Path(os.fsdecode(target)).absolute())
        try:
            info = os.stat(path)
        except OSError:
            self.store.drop_paths([path])
            return None
        known = self.store.file_stat(path)
        now = (info.st_size, info.st_mtime_ns)
        digest = b""
        if now == read_stat:
            if known is not None and known[:2] == now:
                return None
            try:
                digest = _file_hash(path)
            except OSError:
                digest = b""
            if known is not None and digest and known[2] == digest:
                self.store.touch(path, *now)
                return None
        if thread.format == "plain":
            self.store.record_other(path, *read_stat, digest, _plain_reason(path))
            return 0
        prepared = prepare(thread, pace)
        self.store.record_thread(path, *read_stat, digest, prepared)
        return prepared.comment_count

    def _one(
        self,
        path: bytes,
        info: os.stat_result,
        report: ScanReport,
        known: tuple[int, int, bytes] | None,
    ) -> None:
        if known is not None and known[:2] == (info.st_size, info.st_mtime_ns):
            report.unchanged += 1
        elif info.st_size > MAX_BYTES:
            self.store.record_other(path, info.st_size, info.st_mtime_ns, b"", "too large")
            self._failed(report, path, "too large")
        else:
            self._read(path, info, known, report)
        if self.progress is not None:
            self.progress(report, path)

    def _read(
        self,
        path: bytes,
        info: os.stat_result,
        known: tuple[int, int, bytes] | None,
        report: ScanReport,
    ) -> None:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as error:
            reason = f"cannot read: {error.strerror or error}"
            self.store.record_other(path, info.st_size, info.st_mtime_ns, b"", reason)
            self._failed(report, path, reason)
            return
        digest = blake2b(data, digest_size=16).digest()
        if known is not None and known[2] == digest:
            self.store.touch(path, info.st_size, info.st_mtime_ns)
            report.unchanged += 1
            return
        report.parsed += 1
        kind, value = _classify(data, os.fsdecode(path))
        del data
        if kind == "thread" and isinstance(value, Prepared):
            self.store.record_thread(path, info.st_size, info.st_mtime_ns, digest, value)
            report.indexed += 1
        elif kind == "skipped":
            self.store.record_other(path, info.st_size, info.st_mtime_ns, digest, None)
            report.skipped += 1
        else:
            self.store.record_other(path, info.st_size, info.st_mtime_ns, digest, str(value))
            self._failed(report, path, str(value))

    @staticmethod
    def _failed(report: ScanReport, path: bytes, reason: str) -> None:
        report.failed += 1
        report.failures.append(FailedFile(path, reason))
