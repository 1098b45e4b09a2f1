"""The library's files and rows, worked out off the UI thread: which files are the library's,
and its rows (threads, failed files, bookmark counts) sent as messages while the scan goes
on (how many files it will look at is counted by `threadview.store.walk`, the scan's own
walk). No widgets here; the library screen runs it in its workers.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from threadview.commands.output import shown_path
from threadview.store.records import ScanReport
from threadview.ui.messages import LibraryListed
from threadview.ui.widgets.library_list import entries_from

if TYPE_CHECKING:
    from threadview.bookmarks.store import BookmarkStore
    from threadview.store.library import LibraryStore

EAGER_FILES = 20
"""The rows are sent after each of the first files read, then at most every interval."""
MIN_INTERVAL = 0.25


def absolute(target: str | bytes | os.PathLike[str]) -> bytes:
    """A target as the index stores paths: absolute, as bytes."""
    return os.fsencode(Path(os.fsdecode(target)).absolute())


def relative(path: bytes) -> str:
    """A file's path for the status line: from the current folder when it is under it."""
    here = os.fsencode(os.getcwd()).rstrip(b"/") + b"/"
    return shown_path(path[len(here) :] if path.startswith(here) else path)


def inside(path: bytes, roots: Sequence[bytes]) -> bool:
    """Whether an indexed path is one of the targets or under one of them."""
    return any(path == root or path.startswith(root.rstrip(b"/") + b"/") for root in roots)


def bookmark_counts(store: BookmarkStore | None) -> dict[str, int] | None:
    """Bookmarks by thread key (one query), or None when the store is not open."""
    if store is None:
        return None
    try:
        return dict(Counter(mark.thread_key for mark in store.list()))
    except Exception:  # the list goes on without the counts ("-")
        return None


class RowFeed:
    """Posts the library's rows from the scan's thread: after each of the first files,
    then no more often than four times what the last read of the rows took."""

    def __init__(
        self,
        store: LibraryStore,
        targets: Sequence[bytes],
        total: int,
        post: Callable[[LibraryListed], object],
        bookmarks: Callable[[], BookmarkStore | None],
    ) -> None:
        self.store = store
        self.targets = targets
        self.total = total
        self.send = post
        self.bookmarks = bookmarks
        self.done = 0
        self.interval = MIN_INTERVAL
        self.last = 0.0

    def progress(self, report: ScanReport) -> None:
        """One more file looked at."""
        self.done += 1
        if self.done <= EAGER_FILES or time.monotonic() - self.last >= self.interval:
            self.post(report, finished=False)

    def post_first(self, limit: int) -> None:
        """Send the first `limit` rows in the list's first order (and every failed file),
        with how many threads there are: what the first screen shows, read at the cost of
        a page whatever the library's size."""
        rows, count = self.store.first_threads(limit, self.targets)
        failures = [f for f in self.store.failures() if inside(f.path, self.targets)]
        entries = entries_from(rows, failures, None)  # no bookmark store before the paint
        self.send(LibraryListed(entries, 0, self.total, 0, False, threads=count))

    def post(self, report: ScanReport, *, finished: bool, skipped: int | None = None) -> None:
        """Read the rows and send them; `skipped` when it is known (else counted)."""
        start = time.monotonic()
        rows = [row for row in self.store.threads() if inside(row.path, self.targets)]
        failures = [f for f in self.store.failures() if inside(f.path, self.targets)]
        entries = entries_from(rows, failures, bookmark_counts(self.bookmarks()))
        if skipped is None:
            skipped = max(0, self.total - len(entries)) if finished else report.skipped
        done = self.total if finished else self.done
        self.send(LibraryListed(entries, done, self.total, skipped, finished))
        self.last = time.monotonic()
        self.interval = max(MIN_INTERVAL, 4 * (self.last - start))
