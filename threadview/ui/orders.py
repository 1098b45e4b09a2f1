"""Every sort order of the comments, prepared once off the UI thread, so `s` swaps and never sorts.

After a thread is on screen a worker flattens and measures it in each other order the
forest can give (oldest, newest, and score where the comments carry scores); `s` then
installs the one it needs, at the cost of a jump. The orders after the first are derived
from the one already measured: the index-backed forest reads each node's height through
its record number instead of estimating every body again. A forest of plain nodes, which
would be rebuilt to re-sort, is sorted on the first `s` instead, and kept from then on.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable
from typing import TYPE_CHECKING

from threadview.model import SortOrder, Thread, has_scores
from threadview.parsing.views import PreorderNodes
from threadview.ui.widgets.comment_view import PreparedForest, comments_before, prepare_forest
from threadview.ui.widgets.forest_index import FlatForest, line_sums

if TYPE_CHECKING:
    from threadview.model import Forest

ORDERS: tuple[SortOrder, ...] = ("oldest", "newest", "score")


def reachable_orders(thread: Thread) -> tuple[SortOrder, ...]:
    """The orders worth preparing for `thread`: "score" only where some comment has one."""
    return ORDERS if has_scores(thread) else ORDERS[:2]


class PreparedOrders:
    """The prepared forests of one thread, one per order (thread-safe). The comment pane
    measures the one on screen again when its width changes; the others then no longer
    count as ready, and are prepared again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread: Thread | None = None
        self._ready: dict[str, PreparedForest] = {}

    def get(self, thread: Thread, order: str, width: int) -> PreparedForest | None:
        """The forest of `thread` prepared in `order` at `width`, if it is ready."""
        with self._lock:
            prepared = self._ready.get(order) if thread is self._thread else None
            return prepared if prepared is not None and prepared.width == width else None

    def put(self, thread: Thread, order: str, prepared: PreparedForest) -> None:
        """Keep a prepared forest; one of another thread replaces them all."""
        with self._lock:
            if thread is not self._thread:
                self._thread, self._ready = thread, {}
            self._ready[order] = prepared

    def missing(self, thread: Thread, width: int) -> list[SortOrder]:
        """The reachable orders of `thread` not yet prepared at `width`."""
        return [
            order for order in reachable_orders(thread) if self.get(thread, order, width) is None
        ]


def worth_preparing(prepared: PreparedForest) -> bool:
    """Whether to prepare the other orders before any `s`: yes for an index-backed forest
    (a few arrays each); plain nodes are rebuilt to re-sort (new comments for every one with
    replies), so those are sorted on the first `s` and kept from then on."""
    return isinstance(prepared.flat.nodes, PreorderNodes)


def prepare_order(forest: Forest, width: int, like: PreparedForest | None = None) -> PreparedForest:
    """`forest` flattened and measured at `width`; the heights are read from `like` (the
    same thread in another order) when both are index-backed, instead of estimated again."""
    prepared = None
    if like is not None and like.width == width and len(like.heights) == len(like.flat):
        prepared = _derived(like, like.heights, FlatForest(forest), width)
    if prepared is None:
        prepared = prepare_forest(forest, width)
    nodes = prepared.flat.nodes
    if isinstance(nodes, PreorderNodes):
        nodes.record_positions()  # what `s` finds the selection and folds by, made here
    return prepared


def _derived(
    like: PreparedForest, measured: array[int], flat: FlatForest, width: int
) -> PreparedForest | None:
    """`flat` measured by permuting `like`'s heights (None unless both are index-backed
    views of the same index)."""
    old, new = like.flat.nodes, flat.nodes
    if not (isinstance(old, PreorderNodes) and isinstance(new, PreorderNodes)):
        return None
    if old.comment_index is not new.comment_index:
        return None
    pick: Callable[[int], int] = old.record_positions().__getitem__
    heights = array(measured.typecode, map(measured.__getitem__, map(pick, new.records)))
    before = comments_before(len(flat), new.stub_positions())
    return PreparedForest(flat, before, heights, width, like.first_time, line_sums(heights))
