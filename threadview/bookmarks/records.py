"""What a bookmark is: the saved record, a thread's identity, where bookmarks live, and
the errors the store raises (one line each, meant for the user). No SQL, no Textual."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from threadview.blake import blake2b
from threadview.model import Thread, iter_comments

DB_NAME = "bookmarks.sqlite3"
ARTICLE = "article"  # the comment_id of a bookmark on the thread's article
ENV_DATA_DIR = "THREADVIEW_DATA_DIR"


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
    return "t1-" + blake2b(data, digest_size=10).hexdigest()
