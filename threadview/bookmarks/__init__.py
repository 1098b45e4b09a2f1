"""Bookmarks that are never lost: the SQLite store and what sits around it.

The package is the only place that knows SQL (`sqlite.py`, `store.py`). `records.py` says what
a bookmark is, `jump.py` where one leads, `cli.py` is `threadview bookmarks`. No Textual.
"""

from __future__ import annotations

from threadview.bookmarks.records import (
    ARTICLE,
    DB_NAME,
    ENV_DATA_DIR,
    Bookmark,
    StoreBusy,
    StoreCorrupt,
    StoreError,
    StoreReadOnly,
    StoreTooNew,
    resolve_data_dir,
    thread_key,
)
from threadview.bookmarks.sqlite import MIGRATIONS
from threadview.bookmarks.store import BookmarkStore

__all__ = [
    "ARTICLE",
    "DB_NAME",
    "ENV_DATA_DIR",
    "MIGRATIONS",
    "Bookmark",
    "BookmarkStore",
    "StoreBusy",
    "StoreCorrupt",
    "StoreError",
    "StoreReadOnly",
    "StoreTooNew",
    "resolve_data_dir",
    "thread_key",
]
