"""The comment pane: a virtualised tree of comments on Textual's Line API.

Only comments on screen are rendered (Markdown, wrapping), cached per (comment, width) in
an LRU; unrendered comments carry a cheap estimated height that is corrected when they
come into view. Folding covers a range in the `LineIndex`, so it costs O(log n) whatever
the subtree's size, and nothing is rebuilt per comment.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterator, MutableSequence, Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from threadview.model import Comment, Node
from threadview.ui.keys import bindings_for
from threadview.ui.widgets import comment_render as cr
from threadview.ui.widgets.comment_nav import CommentNavigation
from threadview.ui.widgets.forest_index import FlatForest, LineIndex, line_sums
from threadview.ui.widgets.strips import text_strip

CACHE_SIZE = 512


@dataclass(slots=True)
class PreparedForest:
    """A forest flattened and measured, ready to install (built off the UI thread)."""

    flat: FlatForest
    comments_before: Sequence[int]
    """Comments before each position (a range when there are no more-stubs)."""
    heights: MutableSequence[int]
    width: int
    first_time: datetime | None
    sums: array[int] | None = None
    """`line_sums(heights)`, worked out with them off the UI thread: installing copies
    them (in C) instead of summing every height again."""


def prepare_forest(forest: Sequence[Node], width: int) -> PreparedForest:
    """Flatten a forest and estimate every node's height at `width` (no Textual calls)."""
    flat = FlatForest(forest)
    nodes = flat.nodes
    if hasattr(nodes, "body_sizes"):  # index-backed: answered without making comments
        stubs: set[int] = nodes.stub_positions()  # type: ignore[attr-defined]
        first: datetime | None = nodes.first_time()  # type: ignore[attr-defined]
    else:
        stubs = {p for p, node in enumerate(nodes) if not isinstance(node, Comment)}
        stamps = [node.timestamp for node in nodes if isinstance(node, Comment)]
        first = min((stamp for stamp in stamps if stamp is not None), default=None)
    before = comments_before(len(flat), stubs)
    heights = _estimates(flat, width, before)
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


def _estimates(
    flat: FlatForest, width: int, comments_before: Sequence[int]
) -> MutableSequence[int]:
    """A cheap height guess per node, corrected once the node is rendered."""
    depth = flat.depth
    sizes = getattr(flat.nodes, "body_sizes", None)
    if sizes is None:
        estimate = cr.estimate_height
        return [estimate(node, depth[p], width) for p, node in enumerate(flat.nodes)]
    stub_height = 1 + cr.SEPARATOR_LINES
    by_depth: dict[int, Callable[[int, int], int]] = {}
    heights = array("i")
    add = heights.append
    for position, (size, breaks) in enumerate(sizes()):
        if comments_before[position + 1] == comments_before[position]:  # a more-stub
            add(stub_height)
            continue
        guess = by_depth.get(depth[position])
        if guess is None:  # `estimate_lines` with its depth and width settled once
            guess = by_depth[depth[position]] = estimator(depth[position], width)
        add(guess(size, breaks))
    return heights


def estimator(depth: int, width: int) -> Callable[[int, int], int]:
    """`cr.estimate_lines` at one depth and width, as a function of size and breaks: the
    same formula with the body's width worked out once, not once per comment."""
    avail, extra = cr.body_width(depth, width), 1 + cr.SEPARATOR_LINES
    return lambda size, breaks: extra + max(1, (size + avail - 1) // avail + breaks)


class CommentPane(CommentNavigation, ScrollView, can_focus=True):
    """The thread's comments as a tree: one selected comment, folds, search highlights.

    Unfocused, the selection is a quiet grey (a tint of the theme's foreground): the
    accent tint it has when focused turns dark red in 256 colours, which reads as an error.
    """

    BINDINGS = bindings_for("comments")
    COMPONENT_CLASSES = {
        "comment-pane--selected",
        "comment-pane--selected-body",
        "comment-pane--match",
    }
    DEFAULT_CSS = """
    CommentPane {
        scrollbar-gutter: stable;
        overflow-x: hidden;
    }
    CommentPane > .comment-pane--selected { background: $foreground 12%; }
    CommentPane:focus > .comment-pane--selected { background: $accent 40%; }
    CommentPane > .comment-pane--selected-body { background: $foreground 4%; }
    CommentPane:focus > .comment-pane--selected-body { background: $accent 10%; }
    CommentPane > .comment-pane--match { background: $warning 60%; color: $text; }
    """

    cursor: var[int] = var(-1, init=False)
    """The selected node's pre-order position (-1 when the pane is empty)."""

    @dataclass
    class Selected(Message):
        """The selected comment changed (None when the pane is empty or on a stub)."""

        comment: Comment | None

    def __init__(
        self,
        *,
        badges: Callable[[Comment], Sequence[Text]] = lambda comment: (),
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.badges = badges
        """The badges for a comment's header (bookmark marker, translation, links)."""
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
        self._cache: OrderedDict[tuple[int, int, bool], Sequence[Text]] = OrderedDict()
        self.query_text = ""

    # ----- public API -------------------------------------------------------------------

    @property
    def flat(self) -> FlatForest:
        return self._prepared.flat

    @property
    def prepared(self) -> PreparedForest:
        """The forest on screen, as it was installed."""
        return self._prepared

    @property
    def first_time(self) -> datetime | None:
        """The earliest comment time: elapsed times are measured from it."""
        return self._prepared.first_time

    @property
    def cursor_position(self) -> int:
        """The cursor's pre-order position (-1 when the pane is empty)."""
        return self.cursor

    def validate_cursor(self, position: int) -> int:
        return max(-1, min(position, len(self.flat) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        """Repaint only the comments that gained and lost the cursor, and say so."""
        for position in (old, new):
            if 0 <= position < len(self.flat) and self._index.is_visible(position):
                start = self._index.line_of(position)
                self.refresh_lines(start, self._index.height(position))
        self.post_message(self.Selected(self.selected_comment))

    @property
    def selected_comment(self) -> Comment | None:
        """The comment under the cursor (None for an empty pane or a stub)."""
        if 0 <= self.cursor < len(self.flat):
            node = self.flat.nodes[self.cursor]
            return node if isinstance(node, Comment) else None
        return None

    def load(self, forest: Sequence[Node]) -> None:
        """Show a forest (flattened here, on the calling thread)."""
        self.install(prepare_forest(forest, self._width or 80))

    def install(
        self, prepared: PreparedForest, keep_id: str | None = None, *, follow_end: bool = False
    ) -> None:
        """Swap in a prepared forest, keeping folds and the selection by comment id;
        with `follow_end` (more of the same thread), a cursor put on the last comment by
        `G` goes to the new last one."""
        old_flat = self.flat
        keep = self.selected_comment
        folded = [old_flat.nodes[p] for p in self._collapsed]
        offset = self._cursor_screen_offset()
        self._cache.clear()  # reply counts, guides and elapsed times may all differ now
        self._prepared = prepared
        self._collapsed = set()
        # The line index copies the heights: `prepared` stays whole, to be installed again.
        self._rebuild_index(
            prepared.heights if prepared.width == self._width else None, prepared.sums
        )
        for node in folded:
            position = self.flat.locate(node)
            if position is not None and self.flat.has_children(position):
                self._fold(position)
        if keep_id:
            target = self.flat.position_of(keep_id)
        else:
            target = self.flat.locate(keep) if keep is not None else None
        self.set_reactive(CommentPane.cursor, -1)
        if target is None and len(self.flat):
            target = 0
        if follow_end and self.at_end and not keep_id:
            self.action_last()
        elif target is not None:
            self._select(target, offset=offset)
        else:
            self._after_change()

    def comment_ids_in_order(self) -> list[str]:
        """Ids of every comment, in display (pre-)order, folded ones included."""
        return [node.id for node in self.flat.nodes if isinstance(node, Comment)]

    def select_comment_id(self, comment_id: str) -> bool:
        """Select a comment by id, unfolding its ancestors and scrolling it into view."""
        position = self.flat.position_of(comment_id)
        return position is not None and self.select_position(position)

    def select_position(self, position: int) -> bool:
        """Select the node at a pre-order position, unfolding its ancestors."""
        if not 0 <= position < len(self.flat):
            return False
        self._reveal(position)
        self._select(position)
        return True

    def invalidate(self, comment_id: str | None = None) -> None:
        """Drop cached renderings (of one comment, or all) and repaint."""
        if comment_id is None:
            self._cache.clear()
        else:
            position = self.flat.position_of(comment_id)
            for key in [key for key in self._cache if key[0] == position]:
                del self._cache[key]
        self._settle()
        self.refresh()

    def set_query(self, query: str) -> None:
        """Highlight `query` (case-insensitive) in visible comments; "" clears."""
        self.query_text = query
        self.refresh()

    def is_collapsed(self, comment_id: str) -> bool:
        position = self.flat.position_of(comment_id)
        return position is not None and position in self._collapsed

    def visible_line_count(self) -> int:
        return self._index.total

    def comment_count(self) -> int:
        """Comments in the pane (stubs not counted)."""
        return self._prepared.comments_before[len(self.flat)]

    @property
    def content_width(self) -> int:
        """The width comments are wrapped to."""
        return self._width or 80

    # ----- folding and layout -----------------------------------------------------------

    def _rebuild_index(
        self, heights: MutableSequence[int] | None = None, sums: array[int] | None = None
    ) -> None:
        """A fresh line index at the current width (from `sums`, the sums of `heights`,
        when given); exact heights kept from the cache."""
        width = self._width or self._prepared.width
        measured = heights is None
        if heights is None:
            heights, sums = _estimates(self.flat, width, self._prepared.comments_before), None
        for (position, cached_width, collapsed), lines in self._cache.items():
            if cached_width == width and not collapsed:
                if sums is not None:
                    heights, sums = array("i", heights), None  # `sums` no longer match
                heights[position] = len(lines)
        if measured:  # measured again for this width: what `s` re-installs it with
            sums = line_sums(heights)
            prepared = self._prepared
            prepared.heights, prepared.width, prepared.sums = heights, width, sums
        self._index = LineIndex(heights, sums)
        self._index_generation += 1
        folded, self._collapsed = self._collapsed, set()
        for position in sorted(folded):
            self._fold(position)

    def _fold(self, position: int) -> None:
        if position in self._collapsed or not self.flat.has_children(position):
            return
        self._collapsed.add(position)
        self._index.fold(position + 1, self.flat.end[position], +1)
        self._index.set_height(position, cr.COLLAPSED_HEIGHT)

    def _unfold(self, position: int) -> None:
        if position not in self._collapsed:
            return
        self._collapsed.discard(position)
        self._index.fold(position + 1, self.flat.end[position], -1)
        self._index.set_height(position, len(self._lines(position)))

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
            return cr.stub_lines(node, depth, width)
        collapsed = position in self._collapsed
        key = (position, width, collapsed)
        lines = self._cache.get(key)
        if lines is not None:
            self._cache.move_to_end(key)
            return lines
        header = self._header(node, position, collapsed=collapsed)
        if collapsed:
            lines = [header, *cr.separator(depth, width)]
        else:
            has_children = self.flat.has_children(position)
            lines = cr.comment_lines(header, node, depth, width, has_children)
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

    def _visible_positions(self) -> Iterator[int]:
        top, rows = round(self.scroll_y), self.scrollable_content_region.height
        line = top
        while line < top + rows:
            hit = self._index.at_line(line)
            if hit is None:
                return
            yield hit[0]
            line = self._index.line_of(hit[0]) + self._index.height(hit[0])

    # ----- Textual hooks ----------------------------------------------------------------

    def on_mount(self) -> None:
        self._width = self.scrollable_content_region.width or 80

    def on_resize(self, event: events.Resize) -> None:
        self._sync_width()
        self._settle()
        if self.cursor >= 0:
            self._scroll_to_position(self.cursor)

    def _sync_width(self) -> bool:
        """Re-measure for a new width, keeping the cursor (or the top row) in place."""
        width = self.scrollable_content_region.width
        if not width or width == self._width:
            return False
        anchor = self._anchor()
        self._width = width
        self._rebuild_index()
        if anchor is not None:
            position, within = anchor
            self._settle()
            self.set_scroll(None, self._index.line_of(position) + within)
        return True

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self._settle()

    def _anchor(self) -> tuple[int, int] | None:
        if self.cursor >= 0 and self._index.is_visible(self.cursor):
            start = self._index.line_of(self.cursor)
            if self.scroll_y <= start < self.scroll_y + self.scrollable_content_region.height:
                return self.cursor, 0
        return self._index.at_line(round(self.scroll_y))

    def render_line(self, y: int) -> Strip:
        if self._sync_width():  # the first frame can come before the first Resize
            self._settle()
            self.refresh()
        width = self.scrollable_content_region.width
        base = self.rich_style
        hit = self._index.at_line(round(self.scroll_y) + y)
        if hit is None:
            if y == 1 and not len(self.flat):
                return text_strip(
                    Text("  No comments in this file.", style="dim italic"), self.app.console, width
                ).apply_style(base)
            return Strip.blank(width, base)
        position, within = hit
        lines = self._lines(position)
        if within >= len(lines):
            self.call_after_refresh(self._settle)
            return Strip.blank(width, base)
        text = lines[within]
        if len(lines) != self._index.height(position):  # a giant body measured a chunk
            self.call_after_refresh(self._settle)
        if self.query_text:
            text = text.copy()
            text.highlight_words(
                [self.query_text],
                self.get_component_rich_style("comment-pane--match"),
                case_sensitive=False,
            )
        strip = text_strip(text, self.app.console, width)
        if position == self.cursor:
            part = "comment-pane--selected" if within == 0 else "comment-pane--selected-body"
            strip = strip.apply_style(self.get_component_rich_style(part))
        return strip.apply_style(base).apply_offsets(0, round(self.scroll_y) + y)

    async def on_click(self, event: events.Click) -> None:
        hit = self._index.at_line(round(self.scroll_y) + event.y)
        if hit is None:
            return
        position, within = hit
        self.focus()
        if within == 0 and position == self.cursor and self.flat.has_children(position):
            self.action_toggle()
        else:
            self._select(position, scroll=False)
