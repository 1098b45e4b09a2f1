"""Every message the reader's widgets, screens and App send each other, in one place.

Dataclass-style (as toolong's): a message is its fields. Widgets talk upward with these;
the `ReaderScreen` is the hub that handles them.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence, Set
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from array import array

    from threadview.bookmarks.jump import Jump
    from threadview.facts import Rows, Timeline
    from threadview.model import Thread
    from threadview.store.library import LibraryStore
    from threadview.store.memory import ReadingMemory, Recall
    from threadview.store.records import SearchHit
    from threadview.ui.widgets.comment_view import PreparedForest
    from threadview.ui.widgets.forest_index import FlatForest
    from threadview.ui.widgets.library_list import Entry


@dataclass
class ThreadInstalled(Message):
    """A fully parsed thread (its forest prepared off the UI thread for `order`) replaces
    the one on screen: after the background parse, or a bookmark's jump to another file."""

    thread: Thread
    prepared: PreparedForest
    order: str


@dataclass
class ParseFailed(Message):
    """The background parse of the rest of the file failed; `reason` says why."""

    reason: str


@dataclass
class ForestSorted(Message):
    """A forest sorted and prepared in the background for `order` (and the first `minutes`
    minutes only, when not 0)."""

    prepared: PreparedForest
    order: str
    minutes: int = 0


@dataclass
class OrderPrepared(Message):
    """`thread`'s comments prepared in `order` in the background, ready for `s`."""

    thread: Thread
    order: str
    prepared: PreparedForest


@dataclass
class SumsWorkedOut(Message):
    """The line sums of a prepared forest that left the screen, worked out again off the UI
    thread (the pane on screen had taken them over), for `heights` as they were then."""

    prepared: PreparedForest
    heights: Sequence[int]
    sums: array[int]


@dataclass
class JumpResolved(Message):
    """A bookmark of another thread was looked for: its file loaded and its forest
    prepared for `order` (`prepared` None when it could not be loaded)."""

    jump: Jump
    prepared: PreparedForest | None
    order: str


@dataclass
class NotesScanned(Message):
    """The background scan found which comments of `thread` hold translation notes, by
    their order-free keys (`FlatNodes.keyed_bodies`)."""

    thread: Thread
    keys: frozenset[Hashable]


@dataclass
class SearchHits(Message):
    """Comments matching `query` in the flattening `nodes`, found by the search worker:
    `wrapped` hits lie above where it began; `done` says the whole pass is over (the
    last message has `wrapped` and `done`)."""

    query: str
    nodes: object
    positions: list[int]
    wrapped: bool
    done: bool


@dataclass
class CitationChosen(Message):
    """Enter on a citation in the Sources panel (its dismissal's result): show the citing
    comment (or the article)."""

    host: str
    cited_by: str


@dataclass
class CitationOpen(Message):
    """`o` on a citation in the Sources panel: open its link (through the confirmation)."""

    host: str
    cited_by: str


@dataclass
class SpotlightFound(Message):
    """The positions of `author`'s comments in the flattening `flat`, in order;
    `announce` when the user just chose the author (the count is then told)."""

    author: str
    flat: FlatForest
    positions: list[int]
    announce: bool = False


@dataclass
class TimelineCounted(Message):
    """The comment times of `thread` were counted in the background into `timeline` (of
    at most `limit` bars), from `rows`."""

    thread: Thread
    limit: int
    rows: Rows
    timeline: Timeline


@dataclass
class MemoryOpened(Message):
    """The reading memory opened in the background: what it recalled of the thread, and
    which of its comments are new and edited since the last visit."""

    memory: ReadingMemory
    recall: Recall
    new_ids: Set[str]
    edited_ids: Set[str]


@dataclass
class MemoryFailed(Message):
    """The reading memory could not open; `reason` is one line for the user."""

    reason: str


@dataclass
class LibraryOpened(Message):
    """The library's index is open (`store` answers searches), or could not be
    (`problem` says why in one line)."""

    store: LibraryStore | None
    problem: str | None = None


@dataclass
class LibraryListed(Message):
    """The library's rows as the index holds them now: `done` of `total` files looked at,
    `skipped` files that are not threads; `finished` once the scan is over. `threads`: how
    many threads the index lists when `entries` holds only the first of them (a first page)."""

    entries: list[Entry]
    done: int
    total: int
    skipped: int
    finished: bool
    threads: int | None = None


@dataclass
class LibrarySearched(Message):
    """Hits for `text`, typed in the library's search (or the one-line `problem`)."""

    text: str
    hits: list[SearchHit]
    problem: str | None = None
