"""What the library store hands out: typed rows, scan reports and its one-line errors."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timezone

LIBRARY_DB_NAME = "library.sqlite3"
ARTICLE_ID = "article"
"""The comment id of a thread's title and article in search hits (as bookmarks use it)."""


class LibraryError(Exception):
    """The library cannot do what was asked; the message is one line meant for the user."""


class NoFullTextSearch(LibraryError):
    """This Python's SQLite was built without FTS5, which the library needs."""


def stamp_from_epoch(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, timezone.utc)


def title_order(title: str, path: bytes) -> str:
    """What the library's list sorts a thread by first: its title, or its file's name when
    it has none, case folded (the store's first page and the list's sort agree on it)."""
    return (title or os.fsdecode(os.path.basename(path))).casefold()


def display_path(raw: bytes) -> str:
    """A stored path as text; undecodable bytes become lone surrogates, which the
    sanitising gate shows as U+FFFD."""
    return os.fsdecode(raw)


@dataclass(frozen=True, slots=True)
class LibraryRow:
    """One thread file of the library, as the library screen lists it."""

    file_id: int
    path: bytes
    identity: str
    bookmark_key: str
    title: str
    source: str
    submitter: str
    first_comment: datetime | None
    comments: int
    new_comments: int | None
    """Comments not seen yet, or None when the thread was never opened."""
    last_read: datetime | None


@dataclass(frozen=True, slots=True)
class FailedFile:
    """A file that looks like a thread but could not be read, with its one-line reason."""

    path: bytes
    reason: str


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result: where the match is and a snippet of the text around it."""

    path: bytes
    title: str
    identity: str
    comment_id: str
    author: str
    timestamp: datetime | None
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    """(start, end) offsets into `snippet` of the words that matched."""
    score: float


@dataclass(frozen=True, slots=True)
class GoneComment:
    """A comment an earlier save of the thread had and a later save lacks, with its text."""

    comment_id: str
    author: str
    timestamp: datetime | None
    body: str


@dataclass(slots=True)
class ScanReport:
    """What one scan did: counts by outcome (`parsed` counts files read and parsed)."""

    indexed: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    removed: int = 0
    parsed: int = 0
    failures: list[FailedFile] = field(default_factory=list)
