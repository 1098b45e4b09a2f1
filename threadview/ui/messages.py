"""Every message the reader's widgets, screens and App send each other, in one place.

Dataclass-style (as toolong's): a message is its fields. Widgets talk upward with these;
the `ReaderScreen` is the hub that handles them.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from threadview.bookmarks.jump import Jump
    from threadview.model import Thread
    from threadview.ui.widgets.comment_pane import PreparedForest


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
    """A forest sorted and prepared in the background for `order`."""

    prepared: PreparedForest
    order: str


@dataclass
class OrderPrepared(Message):
    """`thread`'s comments prepared in `order` in the background, ready for `s`."""

    thread: Thread
    order: str
    prepared: PreparedForest


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
