"""The timeline in the reader (a helper the reader screen owns): `T`, its count, its jump.

The histogram is counted on the UI thread for a small thread and in a worker (group
"timeline") for a big one, then kept per thread and width: opening it again, or moving
along it, costs nothing more. Its rows are kept too: the first-N-minutes filter reads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from threadview.model import Comment, Thread, sorted_forest, walk
from threadview.ui.messages import TimelineCounted
from threadview.ui.widgets.header import minutes_text

if TYPE_CHECKING:
    from threadview.facts import Rows, Timeline
    from threadview.ui.reader_view import ReaderView
    from threadview.ui.screens.timeline import TimelineJump

SYNC_LIMIT = 5_000
"""Comments up to which the histogram is counted on the UI thread."""
DIALOG_MARGIN = 8
"""Columns the dialog's border and padding take from the screen's width."""


class TimelineActions:
    """`T` for the reader screen."""

    def __init__(self, reader: ReaderView) -> None:
        self.reader = reader
        self._counted: tuple[Thread, int, Rows, Timeline] | None = None
        """The last count: its thread, most bars, the thread's rows and the histogram."""

    def limit(self) -> int:
        """The most bars the dialog can show at the screen's width."""
        from threadview.facts import MAX_BUCKETS

        return max(10, min(MAX_BUCKETS, self.reader.app.size.width - DIALOG_MARGIN))

    def show_timeline(self) -> None:
        # Imported on first use, not at the reader's start.
        from threadview import facts
        from threadview.ui.screens.timeline import TimelineScreen

        reader = self.reader
        selected = reader.comment_pane.selected_comment
        screen = TimelineScreen(
            reader.first_minutes,
            selected.timestamp if selected is not None else None,
            self.set_minutes,
        )
        reader.app.push_screen(screen, self._closed)
        thread, limit = reader.thread, self.limit()
        kept = self._counted
        counted = kept[3] if kept and kept[0] is thread and kept[1] == limit else None
        if counted is None and reader.comment_pane.comment_count() <= SYNC_LIMIT:
            rows = facts.thread_rows(thread)
            counted = facts.timeline(thread, rows, limit)
            self._counted = (thread, limit, rows, counted)
        if counted is not None:
            screen.call_after_refresh(screen.show_timeline, counted)
        else:
            reader.run_worker(
                lambda: self._count(thread, limit),
                thread=True,
                exclusive=True,
                group="timeline",
                exit_on_error=False,
            )

    def _count(self, thread: Thread, limit: int) -> None:
        """(In the worker's thread.)"""
        from threadview import facts

        rows = facts.thread_rows(thread)
        line = facts.timeline(thread, rows, limit)
        self.reader.post_message(TimelineCounted(thread, limit, rows, line))

    def counted(self, event: TimelineCounted) -> None:
        """The worker's histogram: keep it, and show it if the dialog still waits."""
        from threadview.ui.screens.timeline import TimelineScreen

        if event.thread is not self.reader.thread:
            return
        self._counted = (event.thread, event.limit, event.rows, event.timeline)
        screen = self.reader.app.screen
        if isinstance(screen, TimelineScreen) and screen.timeline is None:
            screen.show_timeline(event.timeline)

    def rows(self) -> Rows | None:
        """The current thread's rows, when already counted."""
        kept = self._counted
        return kept[2] if kept is not None and kept[0] is self.reader.thread else None

    def set_minutes(self, minutes: int) -> None:
        self.reader.first_minutes = minutes

    def _closed(self, jump: TimelineJump | None) -> None:
        if jump is not None:
            self.jump(jump.position)

    def jump(self, position: int) -> None:
        """Select the comment at an oldest-first position, whatever the pane's order."""
        reader = self.reader
        pane = reader.comment_pane
        if reader.comment_order == "oldest" and not reader.first_minutes:
            pane.select_position(position)
        else:
            node = _nth_node(reader.thread, position)
            if not isinstance(node, Comment) or not pane.select_comment_id(node.id):
                window = minutes_text(reader.first_minutes)
                reader.app.notify(
                    f"That comment is not within the first {window}: escape shows all",
                    markup=False,
                )
                return
        pane.focus()


def _nth_node(thread: Thread, position: int) -> object:
    for at, (_, node) in enumerate(walk(sorted_forest(thread.comments, "oldest"))):
        if at == position:
            return node
    return None
