"""The comment pane: a virtualised tree of comments on Textual's Line API.

Only comments on screen are rendered (Markdown, wrapping), cached per (comment, width) in
an LRU; unrendered comments carry a cheap estimated height that is corrected when they
come into view. Folding covers a range in the `LineIndex`, so it costs O(log n) whatever
the subtree's size, and nothing is rebuilt per comment.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events, on, work
from textual.message import Message
from textual.strip import Strip

from threadview.model import Comment, Forest, Siblings
from threadview.ui.keys import bindings_for
from threadview.ui.messages import SumsWorkedOut
from threadview.ui.palette_classes import PALETTE_CLASSES, palette_css
from threadview.ui.widgets.comment_nav import CommentNavigation
from threadview.ui.widgets.comment_view import PreparedForest, estimate_heights, prepare_forest
from threadview.ui.widgets.forest_index import LineIndex, line_sums, with_height
from threadview.ui.widgets.strips import text_strip


class CommentPane(CommentNavigation, can_focus=True):
    """The thread's comments as a tree: one selected comment, folds, search highlights.

    Unfocused, the selection is a quiet grey (a tint of the theme's foreground): the
    accent tint it has when focused turns dark red in 256 colours, which reads as an error.
    """

    BINDINGS = bindings_for("comments")
    COMPONENT_CLASSES = {
        "comment-pane--selected",
        "comment-pane--selected-body",
        "comment-pane--match",
        *PALETTE_CLASSES,
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
    """ + palette_css("CommentPane")

    @dataclass
    class Selected(Message):
        """The selection changed, or the pane got a new forest (`comment` is None when the
        pane is empty or on a stub)."""

        comment: Comment | None
        number: int | None
        """The comment's place among the pane's comments, 1 for the first shown."""

    # ----- public API -------------------------------------------------------------------

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
        self._post_selected()

    def _post_selected(self) -> None:
        self.post_message(self.Selected(self.selected_comment, self.selected_number))

    @property
    def selected_number(self) -> int | None:
        """The selected comment's place among the pane's comments (1 for the first shown),
        None for an empty pane or a stub."""
        if self.selected_comment is None:
            return None
        return self._prepared.comments_before[self.cursor] + 1

    @property
    def selected_comment(self) -> Comment | None:
        """The comment under the cursor (None for an empty pane or a stub)."""
        if 0 <= self.cursor < len(self.flat):
            node = self.flat.nodes[self.cursor]
            return node if isinstance(node, Comment) else None
        return None

    def load(self, forest: Forest | Siblings) -> None:
        """Show a forest (flattened here, on the calling thread)."""
        self.install(prepare_forest(forest, self._width or 80))

    def install(
        self, prepared: PreparedForest, keep_id: str | None = None, *, follow_end: bool = False
    ) -> None:
        """Swap in a prepared forest, keeping folds and the selection by comment id;
        with `follow_end` (more of the same thread), a cursor put on the last comment by
        `G` goes to the new last one."""
        old_flat, keep = self.flat, self.cursor
        # Folds by depth are made again by depth; only the ones made by hand since are
        # looked for comment by comment (a depth can fold tens of thousands).
        level = self._fold_base
        base = self._level_folds[level].positions if level is not None else frozenset()
        folded = self._collapsed - base
        opened = base - self._collapsed
        offset = self._cursor_screen_offset()
        self._cache.clear()  # reply counts, guides and elapsed times may all differ now
        left, self._prepared = self._prepared, prepared
        if left is not prepared and left.sums is None and len(left.heights):
            self._sum_again(left, left.heights)
        self._collapsed = set()
        self._open_heights = {}
        self._level_folds = {}
        self._fold_base = None
        # The line index changes a copy of the heights: `prepared` stays whole, to be
        # installed again. Its sums are handed over instead (held once while on screen),
        # and worked out again off the UI thread when it leaves the screen.
        sums, prepared.sums = prepared.sums, None
        self._rebuild_index(prepared.heights if prepared.width == self._width else None, sums)
        if level is not None:
            self._fold_level(level)
        for old in opened:
            position = self.flat.locate_from(old_flat, old)
            if position is not None:
                self._unfold(position, render=False)
        for old in folded:
            position = self.flat.locate_from(old_flat, old)
            if position is not None and self.flat.has_children(position):
                self._fold(position)
        if keep_id:
            target = self.flat.position_of(keep_id)
        else:
            in_old = 0 <= keep < len(old_flat)
            target = self.flat.locate_from(old_flat, keep) if in_old else None
        self.set_reactive(CommentPane.cursor, -1)
        if target is None and len(self.flat):
            target = 0
        if follow_end and self.at_end and not keep_id:
            self.action_last()
        elif target is not None:
            self._select(target, offset=offset)
        else:
            self._after_change()
            self._post_selected()  # nothing to select: the count changed all the same

    @work(thread=True, group="line-sums", exit_on_error=False)
    def _sum_again(self, prepared: PreparedForest, heights: Sequence[int]) -> None:
        """(In a worker's thread.) The sums of a forest that left the screen, so that
        installing it again copies nothing and sums nothing on the UI thread."""
        self.post_message(SumsWorkedOut(prepared, heights, line_sums(heights)))

    @on(SumsWorkedOut)
    def _sums_worked_out(self, event: SumsWorkedOut) -> None:
        event.stop()
        prepared = event.prepared
        if prepared is not self._prepared and prepared.heights is event.heights:
            prepared.sums = event.sums

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

    def spotlight(self) -> str | None:
        """The author whose comments stand out (None: nobody)."""
        return self._spotlight

    def set_spotlight(self, author: str | None) -> None:
        """Make `author`'s comments stand out (None: nobody); only their cached lines
        and those of the author before are made again."""
        old, self._spotlight = self._spotlight, author
        if old == author:
            return
        stale = {old, author}
        nodes = self.flat.nodes
        for key in list(self._cache):
            node = nodes[key[0]]
            if isinstance(node, Comment) and node.author in stale:
                del self._cache[key]
        self._settle()
        self.refresh()

    def author_positions(self, author: str) -> list[int]:
        """Positions of `author`'s comments, in display order (folded ones included)."""
        return self.flat.authored_by(author)

    def visible_lines(self) -> list[tuple[int, int, Text]]:
        """(row, node position, text) of each line on screen now (link hints read them)."""
        shown: list[tuple[int, int, Text]] = []
        top = round(self.scroll_y)
        for row in range(self.scrollable_content_region.height):
            hit = self._index.at_line(top + row)
            if hit is None:
                break
            lines = self._lines(hit[0])
            if hit[1] < len(lines):
                shown.append((row, hit[0], lines[hit[1]]))
        return shown

    def _visible_positions(self) -> Iterator[int]:
        """Positions of the nodes with a line on screen now, top to bottom."""
        top, rows = round(self.scroll_y), self.scrollable_content_region.height
        line = top
        while line < top + rows:
            hit = self._index.at_line(line)
            if hit is None:
                return
            yield hit[0]
            line = self._index.line_of(hit[0]) + self._index.height(hit[0])

    def visible_comment_ids(self) -> list[str]:
        """Ids of the comments with a line on screen now (reading memory's "seen")."""
        nodes = self.flat.nodes
        return [
            node.id
            for position in self._visible_positions()
            if isinstance(node := nodes[position], Comment)
        ]

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
        self, heights: array[int] | None = None, sums: array[int] | None = None
    ) -> None:
        """A fresh line index at the current width (from `sums`, the sums of `heights`,
        when given); exact heights kept from the cache."""
        width = self._width or self._prepared.width
        measured = heights is None
        if heights is None:
            heights, sums = estimate_heights(self.flat, width, self._prepared.comments_before), None
        own = array(heights.typecode, heights)  # the index changes its own copy
        for (position, cached_width, collapsed), lines in self._cache.items():
            if cached_width == width and not collapsed:
                own, sums = with_height(own, position, len(lines)), None  # `sums` no longer match
        if measured:  # measured again for this width: what `s` re-installs it with
            prepared = self._prepared
            prepared.heights, prepared.width, prepared.sums = array(own.typecode, own), width, None
        self._index = LineIndex(own, sums)
        self._index_generation += 1
        folded, self._collapsed = self._collapsed, set()
        self._open_heights = {}
        level = self._fold_base
        if level is not None:  # fold that depth at once, then the few made by hand
            base = self._level_folds[level].positions
            self._fold_level(level)
            for position in base - folded:
                self._unfold(position, render=False)
            folded -= base
        for position in sorted(folded):
            self._fold(position)

    # ----- Textual hooks ----------------------------------------------------------------

    def on_mount(self) -> None:
        self._width = self.scrollable_content_region.width or 80
        self._themed.watch_theme()

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
            self.action_toggle_fold()
        else:
            self._select(position, scroll=False)
