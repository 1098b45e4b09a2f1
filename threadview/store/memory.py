"""Reading memory for one thread in the reader: index its file, recall and record what was read.

A plain typed service over the library store (no Textual): the reader opens it in a worker
after its first paint, so neither sqlite3 nor the store is imported before then.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from threadview.model import Thread
from threadview.store.identity import thread_identity
from threadview.store.indexer import Indexer, Pace
from threadview.store.library import LibraryStore
from threadview.store.records import GoneComment, stamp_from_epoch
from threadview.store.unseen import Unseen

OPEN_TIMEOUT = 5.0
"""How long (seconds) the store waits on another process's lock before giving up."""
CACHE_KIB = 256
"""SQLite's page cache for the reader's store. The reader holds a big thread beside it and
reads or writes one file's rows in one pass, where cached pages are seldom read again; at
SQLite's default (2,000 KiB) the first and second visits of a 100,000-comment thread
peaked about 2 MB higher."""


@dataclass(frozen=True, slots=True)
class Recall:
    """What the store remembered of a thread when the reader opened it."""

    identity: str
    position: str | None
    """The comment the reader was last on (None: never, or the article)."""
    seen: Set[str]
    """Comments that were on screen in earlier visits (a compact `IdSet` from the store)."""
    edited: Mapping[str, GoneComment]
    """Comments whose text changed since an earlier save, by their id in this save."""
    gone: tuple[GoneComment, ...]
    """Comments earlier saves had and this one lacks, with their last known text."""
    position_time: datetime | None = None
    """The time of the `position` comment, as indexed: the reader finds a comment by its
    time without working out every comment's id."""
    unseen: Unseen | None = None
    """The comments of the file, as indexed, that were never on screen, worked out by the
    store (`Unseen`; None: no file was indexed, or nothing was ever seen), so the reader
    neither makes every comment again nor holds every id to find the new ones."""

    @property
    def first_visit(self) -> bool:
        """Nothing was ever seen of this thread: the reader was never on it."""
        return not self.seen


class ReadingMemory:
    """One thread's reading memory in an open library store. Every method may raise
    `LibraryError` (one line for the user); the reader carries on without memory."""

    def __init__(self, store: LibraryStore, identity: str) -> None:
        self.store = store
        self.identity = identity

    @classmethod
    def open(
        cls,
        data_dir: Path,
        thread: Thread,
        path: Path | None,
        read_stat: tuple[int, int] | None = None,
        pace: Pace | None = None,
    ) -> tuple[ReadingMemory, Recall]:
        """Open the library in `data_dir`, index the thread's file and recall the thread.

        With `read_stat` (the file's size and mtime_ns when `thread` was read from it) the
        file is indexed from `thread` itself, calling `pace` now and then; without, it is
        read and parsed again. An unchanged file is not read again either way."""
        store = LibraryStore.open(data_dir, timeout=OPEN_TIMEOUT)
        try:
            store.limit_cache(CACHE_KIB)
            return cls(store, "").other(thread, path, read_stat, pace)
        except BaseException:
            store.close()
            raise

    def other(
        self,
        thread: Thread,
        path: Path | None,
        read_stat: tuple[int, int] | None = None,
        pace: Pace | None = None,
    ) -> tuple[ReadingMemory, Recall]:
        """Index `path` and recall `thread` on the same store (a bookmark's other file)."""
        if path is not None and read_stat is not None:
            Indexer(self.store).index_parsed(path, thread, read_stat, pace)
        elif path is not None:
            Indexer(self.store).scan([os.fsencode(path)])
        memory = ReadingMemory(self.store, thread_identity(thread))
        recall = memory.recall()
        if path is not None and read_stat is not None and not recall.first_visit:
            unseen = self.store.unseen(memory.identity, os.fsencode(path.absolute()), recall.seen)
            recall = replace(recall, unseen=unseen)
        return memory, recall

    def recall(self) -> Recall:
        store, identity = self.store, self.identity
        gone = store.gone_comments(identity)
        position = store.position(identity)
        stamp = store.comment_time(identity, position) if position is not None else None
        return Recall(
            identity=identity,
            position=position,
            position_time=stamp_from_epoch(stamp),
            seen=store.seen_ids(identity),
            edited=store.edited_comments(identity),
            gone=tuple(gone),
        )

    def record_seen(self, comment_ids: Iterable[str]) -> None:
        self.store.record_seen(self.identity, comment_ids)

    def set_position(self, comment_id: str | None) -> None:
        self.store.set_position(self.identity, comment_id)

    def mark_read(self, comment_ids: Iterable[str]) -> None:
        """Every comment of the thread on screen (and of its latest save) is seen."""
        self.store.record_seen(self.identity, comment_ids)
        self.store.mark_read(self.identity)

    def close(self) -> None:
        self.store.close()
