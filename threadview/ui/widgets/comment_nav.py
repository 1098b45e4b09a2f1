"""Cursor movement and folding actions for the comment pane (its keys).

Every move is O(log n) on the line index (or O(depth) walking parents), so keys cost
the same on a thread of 100 comments and one of 100,000.
"""

from __future__ import annotations

from textual.geometry import Size

from threadview.render.comment import SEPARATOR_LINES
from threadview.ui.widgets.comment_view import CommentView


class CommentNavigation(CommentView):
    """Actions bound from the key table's "comments" context."""

    # ----- selection and scrolling ------------------------------------------------------

    def _select(
        self,
        position: int,
        *,
        offset: int | None = None,
        scroll: bool = True,
        from_end: bool = False,
    ) -> None:
        """Move the cursor; keep it on screen (at `offset` rows from the top if given)."""
        self.at_end = False
        self.cursor = position
        if scroll:
            self._scroll_to_position(position, offset=offset, from_end=from_end)
        self._after_change()

    def _after_change(self) -> None:
        """Settle what is on screen (repainting it all only if lines moved)."""
        self._settle()

    def _scroll_to_position(
        self, position: int, *, offset: int | None = None, from_end: bool = False
    ) -> None:
        """Scroll so the node at `position` shows, its top first if it is tall (its last
        page if `from_end`: reading upwards reaches a tall comment from below).

        Rendering the rows above it can correct their estimated heights and push it down,
        so this repeats until the node stays put (two or three rounds at most).
        """
        index = self._index
        index.set_height(position, len(self._lines(position)))
        rows = max(1, self.scrollable_content_region.height)
        for _ in range(4):
            start, height = index.line_of(position), index.height(position)
            top = round(self.scroll_y)
            if offset is not None:
                target = start - max(0, min(offset, rows - 1))
            elif start < top and from_end and height > rows:
                target = top if start + height > top else start + height - rows
            elif start < top:
                target = start
            elif start + height > top + rows:
                target = min(start, start + height - rows)
            else:
                target = top
            self._settle_virtual_size()
            target = max(0, min(target, index.total - rows))
            if target == top:
                break
            self.set_scroll(None, target)
            self._settle()

    def _settle_virtual_size(self) -> None:
        size = Size(self._width, self._index.total)
        if self.virtual_size != size:
            self.virtual_size = size

    def _cursor_screen_offset(self) -> int | None:
        """Rows between the viewport's top and the cursor, when the cursor is on screen."""
        if self.cursor < 0 or not self._index.is_visible(self.cursor):
            return None
        offset = self._index.line_of(self.cursor) - round(self.scroll_y)
        return offset if 0 <= offset < self.scrollable_content_region.height else None

    def _cursor_span(self) -> tuple[int, int] | None:
        """The cursor's first line and the line after its last, when it is in the view
        (any of its lines on screen, not only its header)."""
        if self.cursor < 0 or not self._index.is_visible(self.cursor):
            return None
        start = self._index.line_of(self.cursor)
        end = start + self._index.height(self.cursor)
        top = round(self.scroll_y)
        if start < top + self.scrollable_content_region.height and end > top:
            return start, end
        return None

    def _scroll_lines(self, lines: int) -> bool:
        """Scroll the view by `lines` (clamped); False when it cannot move that way."""
        rows = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        target = max(0, min(top + lines, self._index.total - rows))
        if target == top:
            return False
        self.set_scroll(None, target)
        self._after_change()
        return True

    def _next_visible(self, position: int) -> int | None:
        hit = self._index.at_line(self._index.line_of(position) + self._index.height(position))
        return hit[0] if hit else None

    def _previous_visible(self, position: int) -> int | None:
        hit = self._index.at_line(self._index.line_of(position) - 1)
        return hit[0] if hit else None

    def _first_on_screen(self) -> int | None:
        hit = self._index.at_line(round(self.scroll_y))
        if hit is None:
            return None
        position, within = hit
        if within and (following := self._next_visible(position)) is not None:
            start = self._index.line_of(following)
            if start < self.scroll_y + self.scrollable_content_region.height:
                return following
        return position

    # ----- actions ----------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        """Scroll on through a comment with unseen lines below, else select the next one."""
        span = self._cursor_span()
        if span is None:
            self._select_first_on_screen()
            return
        shown_end = round(self.scroll_y) + self.scrollable_content_region.height
        if span[1] - SEPARATOR_LINES > shown_end:  # the blank separator needs no key
            self._scroll_lines(1)
        elif (following := self._next_visible(self.cursor)) is not None:
            self._select(following)

    def action_cursor_up(self) -> None:
        """Scroll back through a comment whose top is above the view, else select the
        previous one (showing its end, if it is taller than the pane)."""
        span = self._cursor_span()
        if span is None:
            self._select_first_on_screen()
            return
        if span[0] < round(self.scroll_y):
            self._scroll_lines(-1)
        elif (previous := self._previous_visible(self.cursor)) is not None:
            self._select(previous, from_end=True)

    def _select_first_on_screen(self) -> None:
        """The cursor was scrolled away (mouse wheel): pick up where the view is."""
        if self.cursor >= 0 and (first := self._first_on_screen()) is not None:
            self._select(first)

    def action_next_sibling(self) -> None:
        if self.cursor >= 0 and (sibling := self.flat.next_sibling(self.cursor)) is not None:
            self._select(sibling)

    def action_previous_sibling(self) -> None:
        if self.cursor >= 0 and (sibling := self.flat.previous_sibling(self.cursor)) is not None:
            self._select(sibling)

    def action_parent(self) -> None:
        if self.cursor >= 0 and (up := self.flat.parent[self.cursor]) >= 0:
            self._select(up)

    def action_next_thread(self) -> None:
        if self.cursor < 0:
            return
        following = self.flat.end[self.flat.top_level(self.cursor)]
        if following < len(self.flat):
            self._select(following)

    def action_previous_thread(self) -> None:
        if self.cursor < 0:
            return
        top = self.flat.top_level(self.cursor)
        if top != self.cursor:
            self._select(top)
        elif (previous := self.flat.previous_sibling(top)) is not None:
            self._select(previous)

    def action_collapse(self) -> None:
        """Fold the selected comment; on a folded one or a leaf, go to the parent."""
        position = self.cursor
        if position < 0:
            return
        if self.flat.has_children(position) and position not in self._collapsed:
            self._fold(position)
            self._select(position)
        else:
            self.action_parent()

    def action_expand(self) -> None:
        """Unfold the selected comment; on an open one, go to its first reply."""
        position = self.cursor
        if position < 0:
            return
        if position in self._collapsed:
            self._unfold(position)
            self._select(position)
        elif self.flat.has_children(position):
            self._select(position + 1)

    def action_toggle_fold(self) -> None:
        position = self.cursor
        if position < 0 or not self.flat.has_children(position):
            return
        if position in self._collapsed:
            self._unfold(position)
        else:
            self._fold(position)
        self._select(position)

    def action_first(self) -> None:
        if len(self.flat):
            self._select(0)

    def action_last(self) -> None:
        hit = self._index.at_line(self._index.total - 1)
        if hit is not None:
            self._select(hit[0])
            self.at_end = True  # a thread still loading keeps it at its real end

    def _page(self, lines: int) -> None:
        """Scroll the view by `lines`, as a pager does; the cursor stays while any of it is
        in view, else it goes to the first comment on screen. At either end of the pane,
        where the view cannot move, the cursor goes to the last (or first) comment shown."""
        if self.cursor < 0:
            return
        if self._scroll_lines(lines):
            if self._cursor_span() is None and (first := self._first_on_screen()) is not None:
                self._select(first, scroll=False)
            return
        top, rows = round(self.scroll_y), max(1, self.scrollable_content_region.height)
        edge = min(top + rows, self._index.total) - 1 if lines > 0 else top
        hit = self._index.at_line(edge)
        if hit is not None and hit[0] != self.cursor:
            self._select(hit[0], scroll=False)

    def action_page_down(self) -> None:
        self._page(max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self._page(-max(1, self.scrollable_content_region.height - 1))

    def action_half_page_down(self) -> None:
        self._page(max(1, self.scrollable_content_region.height // 2))

    def action_half_page_up(self) -> None:
        self._page(-max(1, self.scrollable_content_region.height // 2))

    # ----- folding many at once: 1-9, 0, C, x -------------------------------------------

    def action_show_depth(self, levels: int) -> None:
        """Show `levels` levels of comments: those at the last shown level are folded.
        Only the shown levels are walked (a folded subtree is skipped whole)."""
        if self.cursor < 0 or levels < 1:
            return
        offset = self._cursor_screen_offset()
        self._fold_level(levels - 1)
        self._keep_cursor_in_view(offset)

    def action_expand_all(self) -> None:
        if self.cursor >= 0:
            offset = self._cursor_screen_offset()
            self._unfold_all()
            self._keep_cursor_in_view(offset)

    def action_collapse_all(self) -> None:
        self.action_show_depth(1)

    def action_fold_and_next(self) -> None:
        """Fold the selected comment's top-level thread and go to the next one (or stay
        on the folded one when it is the last)."""
        if self.cursor < 0:
            return
        top = self.flat.top_level(self.cursor)
        self._fold(top)
        following = self.flat.end[top]
        self._select(following if following < len(self.flat) else top)

    def _keep_cursor_in_view(self, offset: int | None) -> None:
        """After folds: the selected comment stays `offset` rows from the top (when it
        was on screen); folded away, its nearest shown ancestor is selected instead."""
        target = self.cursor
        while not self._index.is_visible(target) and self.flat.parent[target] >= 0:
            target = self.flat.parent[target]
        if target != self.cursor:
            offset = None
        self._select(target, offset=offset)
