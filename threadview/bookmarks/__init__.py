"""Bookmarks that are never lost: the SQLite store and what sits around it.

The package is the only place that knows SQL (`sqlite.py`, `store.py`). `records.py` says what
a bookmark is, `jump.py` where one leads (`threadview/commands/bookmarks.py` is
`threadview bookmarks`). No Textual, and nothing above the model: no parsing, render or ui.
`BookmarkStore` and `MIGRATIONS` load on first use (see `__getattr__`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from threadview.bookmarks.sqlite import MIGRATIONS
    from threadview.bookmarks.store import BookmarkStore

_LAZY = {"MIGRATIONS": "threadview.bookmarks.sqlite", "BookmarkStore": "threadview.bookmarks.store"}


def __getattr__(name: str) -> object:
    """The store (and sqlite3 with it) is imported on first use, not with the package:
    the reader opens it after its first paint, and `records` is all it needs before."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
