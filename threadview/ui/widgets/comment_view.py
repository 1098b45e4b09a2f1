"""The comment pane's layout core: a forest flattened and measured, its line index with
the folds, and each comment's screen lines, cached.

`prepare_forest` makes no Textual call, so a big forest is prepared off the UI thread.
`CommentView` holds what the pane's navigation and the pane itself both work on; the
keys are in `comment_nav.py`, the public API and painting in `comment_pane.py`.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import compress, count, repeat
from operator import add, eq, floordiv, neg, sub

from rich.text import Text
from textual.geometry import Size
from textual.reactive import var
from textual.scroll_view import ScrollView

from threadview.annotate import TranslationNote
from threadview.model import Comment, Forest, Siblings, SortOrder, Thread, has_scores, ordered
from threadview.render import comment as cr
from threadview.render.palette import Palette
from threadview.ui.palette_classes import ThemedPalette
from threadview.ui.widgets.forest_index import (
    FlatForest,
    LevelFolds,
    LineIndex,
    compact_heights,
    level_folds,
    line_sums,
)

CACHE_SIZE = 512


@dataclass(slots=True, repr=False)
class PreparedForest:
    """A forest flattened and measured, ready to install (built off the UI thread).

    No dataclass repr: a worker handed one (`@work`) names itself with its arguments'
    reprs, and a million heights printed took 0.4 s of the UI thread."""

    flat: FlatForest
    comments_before: Sequence[int]
    """Comments before each position (a range when there are no more-stubs)."""
    heights: array[int]
    """Each node's height in lines at `width` (`compact_heights`): kept whole, to install
    the forest again; the line index on screen changes a copy."""
    width: int
    first_time: datetime | None
    sums: array[int] | None = None
    """`line_sums(heights)`, worked out off the UI thread: installing hands them to the
    line index instead of summing every height again."""


def prepare_forest(forest: Forest | Siblings, width: int) -> PreparedForest:
    """Flatten a forest and estimate every node's height at `width` (no Textual calls)."""
    flat = FlatForest(forest)
    stubs = flat.nodes.stub_positions()  # an index-backed forest makes no comment for these
    before = comments_before(len(flat), stubs)
    heights = estimate_heights(flat, width, before)
    first = flat.nodes.first_time()
    return PreparedForest(flat, before, heights, width, first, line_sums(heights))


def comments_before(count: int, stubs: set[int]) -> Sequence[int]:
    """How many comments come before each of `count` positions (and after the last),
    given the positions of the more-stubs."""
    if not stubs:
        return range(count + 1)  # no stubs: nothing to store
    counts = array("i", [0]) * (count + 1)
    running = 0
    for position in range(count):
        counts[position] = running
        running += position not in stubs
    counts[count] = running
    return counts


def estimate_heights(flat: FlatForest, width: int, comments_before: Sequence[int]) -> array[int]:
    """A cheap height guess per node (`cr.estimate_lines`), corrected once the node is
    rendered. Worked out in bulk, by C loops (`map`) over arrays: the body width per depth
    is settled once, and a million comments cost no Python step each."""
    sizes, breaks = flat.nodes.body_sizes()
    deepest = max(flat.depth, default=0)
    avails = [cr.body_width(depth, width) for depth in range(deepest + 1)]
    # ceil(size / avail) is -(-size // avail); plus the breaks, at least one line.
    wrapped = map(floordiv, map(neg, sizes), map(avails.__getitem__, flat.depth))
    lines = map(max, repeat(1), map(sub, breaks, wrapped))
    heights = array("i", map(add, repeat(1 + cr.SEPARATOR_LINES), lines))
    if not isinstance(comments_before, range):  # a range: no more-stubs
        stub_height = 1 + cr.SEPARATOR_LINES
        ahead = iter(comments_before)
        next(ahead, None)
        for position in compress(count(), map(eq, ahead, comments_before)):
            heights[position] = stub_height
    return compact_heights(heights)


def forest_in_order(thread: Thread, order: str) -> Forest:
    """The thread's comment forest in `order` ("oldest" is the file's own order; "score"
    is oldest first where the site gave no scores)."""
    known: SortOrder = "newest" if order == "newest" else "oldest"
    if order == "score" and has_scores(thread):
        known = "score"
    return ordered(thread.comments, known)


class CommentView(ScrollView):
    """A scrolling view of a prepared forest: the cursor, folds, and cached lines."""

    cursor: var[int] = var(-1, init=False)
    """The selected node's pre-order position (-1 when the pane is empty)."""

    def __init__(
        self,
        *,
        badges: Callable[[Comment], Sequence[Text]] = lambda comment: (),
        notes: Callable[[Comment], Sequence[TranslationNote] | None] = lambda comment: None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.badges = badges
        """The badges for a comment's header (bookmark marker, translation, links)."""
        self.notes = notes
        """A comment's translation notes, if already found (its body reuses them)."""
        self._prepared = prepare_forest((), 80)
        self._index = LineIndex(())
        self._width = 0
        self._index_generation = 0
        self._layout_painted = (-1, -1, -1)
        """The layout (index generation, its changes, scroll) the last full repaint drew."""
        self._collapsed: set[int] = set()
        self.at_end = False
        """Whether the cursor was put on the last comment (`G`) and has not moved since:
        a forest installed later (the rest of the file) moves it to its own last."""
        self._open_heights: dict[int, int] = {}
        """A folded comment's height while open, so unfolding many needs no rendering."""
        self._level_folds: dict[int, LevelFolds] = {}
        """What folds each depth (`1`-`9`), worked out on first use for this forest."""
        self._fold_base: int | None = None
        """The depth folded last (`1`-`9`): the folds are that depth's, give or take
        those made by hand since."""
        self.submitter: str | None = None
        """The thread's submitter: their comments are marked ``[op]`` in every layout."""
        self._spotlight: str | None = None
        self._cache: OrderedDict[tuple[int, int, bool], Sequence[Text]] = OrderedDict()
        self.query_text = ""
        self._themed = ThemedPalette(self, self._palette_changed)

    @property
    def flat(self) -> FlatForest:
        return self._prepared.flat

    @property
    def prepared(self) -> PreparedForest:
        """The forest on screen, as it was installed."""
        return self._prepared

    @property
    def palette(self) -> Palette:
        """The comment look's colours, from the theme (see `ui/palette_classes.py`)."""
        return self._themed.palette

    def _palette_changed(self) -> None:
        """The theme changed: every comment is drawn again in its colours."""
        self._cache.clear()
        self._settle()
        self.refresh()

    @property
    def first_time(self) -> datetime | None:
        """The earliest comment time: elapsed times are measured from it."""
        return self._prepared.first_time

    def _fold(self, position: int) -> None:
        if position in self._collapsed or not self.flat.has_children(position):
            return
        self._collapsed.add(position)
        self._open_heights[position] = self._index.height(position)
        self._index.fold(position + 1, self.flat.end[position], +1)
        self._index.set_height(position, cr.COLLAPSED_HEIGHT)

    def _unfold(self, position: int, *, render: bool = True) -> None:
        """Open a folded comment; without `render` it takes back its height from before
        the fold (corrected when it comes on screen), so opening many renders none."""
        if position not in self._collapsed:
            return
        self._collapsed.discard(position)
        opened = self._open_heights.pop(position, cr.COLLAPSED_HEIGHT)
        self._index.fold(position + 1, self.flat.end[position], -1)
        self._index.set_height(position, len(self._lines(position)) if render else opened)

    def _unfold_all(self) -> None:
        """Open every folded comment at its height from before the fold (none rendered)."""
        collapsed, index = self._collapsed, self._index
        self._fold_base = None
        if not collapsed:
            return
        opened = self._open_heights  # its keys are the folded positions
        same = next((f for f in self._level_folds.values() if f.positions == collapsed), None)
        self._collapsed, self._open_heights = set(), {}
        if same is not None:
            index.fold_nodes(same.nodes, -1, opened)
        else:
            end = self.flat.end
            index.fold_many([(p + 1, end[p]) for p in collapsed], -1, opened)

    def _fold_level(self, level: int) -> None:
        """Fold every comment at depth `level` that has replies, and nothing else. What
        to fold is worked out once per forest and depth, then only covers are placed."""
        folds = self._level_folds.get(level)
        if folds is None:
            folds = self._level_folds[level] = level_folds(self.flat, self._index, level)
        self._unfold_all()
        index, positions = self._index, folds.positions
        self._collapsed = set(positions)
        self._open_heights = dict(zip(positions, map(index.height, positions), strict=True))
        index.fold_nodes(folds.nodes, +1, dict.fromkeys(positions, cr.COLLAPSED_HEIGHT))
        self._fold_base = level

    def _reveal(self, position: int) -> None:
        """Unfold every folded ancestor of a position."""
        up = self.flat.parent[position]
        while up >= 0:
            if up in self._collapsed:
                self._unfold(up)
            up = self.flat.parent[up]

    def hidden_comments(self, position: int) -> int:
        before = self._prepared.comments_before
        return before[self.flat.end[position]] - before[position + 1]

    def _lines(self, position: int) -> Sequence[Text]:
        """A node's screen lines at the current width (cached per comment, width, fold)."""
        node, depth = self.flat.nodes[position], self.flat.depth[position]
        width = self._width or 80
        if not isinstance(node, Comment):
            return cr.stub_lines(node, depth, width, palette=self.palette)
        collapsed = position in self._collapsed
        key = (position, width, collapsed)
        lines = self._cache.get(key)
        if lines is not None:
            self._cache.move_to_end(key)
            return lines
        header = self._header(node, position, collapsed=collapsed)
        if collapsed:
            lines = [header, *cr.separator(depth, width, palette=self.palette)]
        else:
            has_children = self.flat.has_children(position)
            notes = self.notes(node)
            lines = cr.comment_lines(
                header, node, depth, width, has_children, notes=notes, palette=self.palette
            )
        self._cache[key] = lines
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return lines

    def _header(self, node: Comment, position: int, *, collapsed: bool) -> Text:
        return cr.header_line(
            node,
            self.flat.depth[position],
            self._width or 80,
            first=self.first_time,
            collapsed=collapsed,
            has_children=self.flat.has_children(position),
            hidden=self.hidden_comments(position) if collapsed else 0,
            badges=self.badges(node),
            spotlight=self._spotlight is not None and node.author == self._spotlight,
            submitter=bool(self.submitter) and node.author == self.submitter,
            palette=self.palette,
        )

    def _settle(self) -> None:
        """Render what is on screen, correct its heights, and update the virtual size."""
        index, top, rows = self._index, round(self.scroll_y), self.scrollable_content_region.height
        for _ in range(4):
            changed = False
            line = top
            while line < top + max(rows, 1):
                hit = index.at_line(line)
                if hit is None:
                    break
                position = hit[0]
                height = len(self._lines(position))
                if index.height(position) != height:
                    index.set_height(position, height)
                    changed = True
                line = index.line_of(position) + height
            if not changed:
                break
        size = Size(self._width, index.total)
        if self.virtual_size != size:
            self.virtual_size = size
        self._repaint_if_moved()

    def _repaint_if_moved(self) -> None:
        """Repaint the whole pane only if lines moved (heights, folds, the scroll) since it
        was last repainted whole: a cursor move alone repaints its two comments."""
        stamp = (self._index_generation, self._index.changes, round(self.scroll_y))
        if stamp != self._layout_painted:
            self._layout_painted = stamp
            self.refresh()
