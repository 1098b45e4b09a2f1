"""Bookmark actions for the App (placeholder until the bookmarks task lands).

The App mixes this class in; the later task replaces it with b / N / B and the
Bookmarks screen.
"""

from __future__ import annotations


class BookmarkActions:
    """Actions for keys b, N and B; for now each says it is not available yet."""

    def _bookmarks_not_yet(self) -> None:
        self.notify("Bookmarks: not available yet", markup=False)  # type: ignore[attr-defined]

    def action_toggle_bookmark(self) -> None:
        self._bookmarks_not_yet()

    def action_edit_note(self) -> None:
        self._bookmarks_not_yet()

    def action_show_bookmarks(self) -> None:
        self._bookmarks_not_yet()
