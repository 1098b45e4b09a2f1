"""Bookmarks in the reader: `b` toggles (`u` undoes), `N` edits the note, `B` lists; markers.

A plain helper the reader screen owns. The store is the App's (it opens in a worker after
the first paint); b / N / B pressed before it has opened wait for it and then run, so no
early bookmark is lost. If it can't open (read-only directory, damaged file, ...) the
reader says so once and keeps working, and b / N / B explain instead of failing. Every
store call here is wrapped in `StoreError`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.notifications import SeverityLevel

from threadview.bookmarks.records import (
    ARTICLE,
    Bookmark,
    StoreError,
    StoreReadOnly,
    thread_key,
)
from threadview.model import Comment
from threadview.ui.keys import spec_for_action
from threadview.ui.messages import JumpResolved, ThreadInstalled

if TYPE_CHECKING:
    from threadview.bookmarks.jump import Jump
    from threadview.bookmarks.store import BookmarkStore
    from threadview.parsing import Document
    from threadview.ui.reader_view import ReaderView
    from threadview.ui.widgets.comment_view import PreparedForest

MARKER = "★"
_NO_TARGET = object()


def cant_save(message: str) -> str:
    """A store problem as one sentence that starts by saying bookmarks can't be saved."""
    prefix = "bookmarks can't be saved"
    if message.casefold().startswith(prefix):
        return "B" + message[1:]
    return f"Bookmarks can't be saved: {message}"


def _undo_key() -> str:
    """The key a toast names for undoing a removal, from the key table (so they agree)."""
    spec = spec_for_action("undo_bookmark")
    assert spec is not None, "ui/keys.py binds undo_bookmark"
    return spec.keys[0]


def document_path(document: Document | None) -> Path | None:
    """The file a document was read from (None for standard input or a test thread)."""
    name = document.name if document is not None else ""
    if not name or name in ("-", "standard input"):
        return None
    path = Path(name)
    return path.absolute() if path.is_file() else None


class BookmarkActions:
    """b / N / B / u for the reader screen, the bookmark marker, and jumping to a bookmark."""

    def __init__(self, reader: ReaderView) -> None:
        self.reader = reader
        self.bookmarked_ids: frozenset[str] = frozenset()
        self._waiting: list[Callable[[], None]] = []
        self._removed_marks: list[Bookmark] = []
        """What `b` removed in this reader, newest last, for `u` to put back."""

    def mount(self) -> None:
        """Put the marker on bookmarked comments' headers."""
        self.reader.badge_providers.append(self._bookmark_badge)

    def store_opened(self, ids: frozenset[str]) -> None:
        """The App's store has opened (or failed to): mark, then run the waiting keys."""
        self._set_marked(ids)
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            action()

    def _later(self, action: Callable[[], None]) -> bool:
        """While the store is still opening, keep `action` to run once it has; True if kept."""
        if self.reader.host.store_opening:
            self._waiting.append(action)
            return True
        return False

    # ----- markers ----------------------------------------------------------------------

    def current_thread_key(self) -> str:
        """The bookmark identity of the thread on screen (a hash of three short fields)."""
        return thread_key(self.reader.thread)

    def _bookmark_badge(self, comment: Comment) -> Text | None:
        if comment.id not in self.bookmarked_ids:
            return None
        return Text(MARKER, style=self.reader.comment_pane.palette.bookmark)

    def _set_marked(self, ids: set[str] | frozenset[str]) -> None:
        old, self.bookmarked_ids = self.bookmarked_ids, frozenset(ids)
        self.reader.article_pane.set_bookmarked(ARTICLE in self.bookmarked_ids)
        if old != self.bookmarked_ids:
            pane = self.reader.comment_pane
            for comment_id in old ^ self.bookmarked_ids:
                pane.invalidate(comment_id)

    def refresh_bookmark_marks(self) -> None:
        """Read the current thread's bookmarked ids again (after the B screen changed them)."""
        store = self.reader.host.bookmark_store
        if store is None:
            return
        try:
            ids = store.ids_for_thread(self.current_thread_key())
        except StoreError as error:
            self._store_failed(error)
            return
        self._set_marked(ids)

    # ----- b and N ----------------------------------------------------------------------

    def _writable_store(self) -> BookmarkStore | None:
        """The store if bookmarks can be saved now; else says why and returns None."""
        host = self.reader.host
        store = host.bookmark_store
        if store is not None and not store.readonly:
            return store
        if host.bookmark_problem:
            self._say(cant_save(host.bookmark_problem), "warning")
        else:
            self._say("Bookmarks could not be opened")
        return None

    def _bookmark_target(self) -> Comment | object | None:
        """The selected comment, None for the article (article pane focused), or _NO_TARGET."""
        from threadview.ui.widgets.article_pane import ArticlePane

        reader = self.reader
        focused = reader.app.focused
        if isinstance(focused, ArticlePane) or (focused is None and reader.last_pane == "article"):
            return None
        comment = reader.comment_pane.selected_comment
        if comment is None:
            self._say("Select a comment first")
            return _NO_TARGET
        return comment

    def toggle_bookmark(self) -> None:
        """`b`: bookmark the selection (or the article), or remove its bookmark."""
        self._for_target(self._toggle)

    def edit_note(self) -> None:
        """`N`: edit the note of the selection's (or the article's) bookmark."""
        self._for_target(self._edit_note)

    def _for_target(self, act: Callable[[object], None]) -> None:
        """Run `act` on the selection now or, for a key pressed before the store opened,
        once it has (with the selection taken now): an early b or N is never lost."""
        target = self._bookmark_target()
        if target is _NO_TARGET:
            return
        if not self._later(lambda: act(target)):
            act(target)

    def _toggle(self, target: Comment | object | None) -> None:
        """Bookmark `target` (a comment, or None for the article), or remove its bookmark.

        Decided by what this reader shows, not by what the store holds: another reader may
        have bookmarked the comment (and written a note) since this one last looked, and its
        `b` must not delete that. A removal can always be undone (`u`), note and all.
        """
        store = self._writable_store()
        if store is None:
            return
        comment = target if isinstance(target, Comment) else None
        cid = comment.id if comment else ARTICLE
        what = "Comment" if comment else "Article"
        adding = cid not in self.bookmarked_ids
        removed = None
        try:
            if adding:
                store.add(self.reader.thread, comment, self.reader.host.bookmark_path)
            else:
                shown = store.find(self.current_thread_key(), cid)
                removed = store.remove(shown.id) if shown is not None else None
        except StoreError as error:
            self._store_failed(error)
            return
        if adding:
            self._set_marked(self.bookmarked_ids | {cid})
            self._say(f"{what} bookmarked")
            return
        self._set_marked(self.bookmarked_ids - {cid})
        if removed is None:
            self._say(f"{what} bookmark removed")
            return
        self._removed_marks.append(removed)
        note = " and its note" if removed.note.strip() else ""
        self._say(f"{what} bookmark{note} removed: {_undo_key()} undoes it")

    def undo_bookmark(self) -> None:
        """`u`: put back the bookmark (with its note) that `b` removed last in this reader."""
        if not self._removed_marks:
            self._say("No removed bookmark to restore")
            return
        store = self._writable_store()
        if store is None:
            return
        mark = self._removed_marks[-1]
        try:
            store.restore(mark)
        except StoreError as error:
            self._store_failed(error)
            return
        self._removed_marks.pop()
        if mark.thread_key == self.current_thread_key():
            self._set_marked(self.bookmarked_ids | {mark.comment_id})
        self._say("Bookmark restored" + (" with its note" if mark.note.strip() else ""))

    def _edit_note(self, target: Comment | object | None) -> None:
        from threadview.ui.screens.bookmark_note import BookmarkNoteScreen

        store = self._writable_store()
        if store is None:
            return
        comment = target if isinstance(target, Comment) else None
        cid = comment.id if comment else ARTICLE
        try:
            existing = store.find(self.current_thread_key(), cid)
        except StoreError as error:
            self._store_failed(error)
            return
        about = (
            f"Note on {comment.author or '(no author)'}'s comment"
            if comment
            else "Note on the article"
        )
        screen = BookmarkNoteScreen(about, existing.note if existing else "")
        self.reader.app.push_screen(screen, lambda note: self._save_note(comment, note))

    def _save_note(self, comment: Comment | None, note: str | None) -> None:
        store = self.reader.host.bookmark_store
        if note is None or store is None:
            return
        cid = comment.id if comment else ARTICLE
        try:
            existing = store.find(self.current_thread_key(), cid)
            saved = store.set_note(existing.id, note) if existing else None
            if saved is None:
                store.add(self.reader.thread, comment, self.reader.host.bookmark_path, note=note)
        except StoreError as error:
            self._store_failed(error)
            return
        self._set_marked(self.bookmarked_ids | {cid})
        self._say("Note saved" if note else "Note cleared")

    # ----- B: the bookmarks screen and jumping ------------------------------------------

    def show_bookmarks(self) -> None:
        """`B`: list every bookmark; choosing one jumps to it."""
        from threadview.ui.screens.bookmarks import BookmarksScreen

        app = self.reader.app
        if isinstance(app.screen, BookmarksScreen) or self._later(self.show_bookmarks):
            return
        store = self.reader.host.bookmark_store
        if store is None:
            self._writable_store()
            return
        app.push_screen(BookmarksScreen(store), self._bookmarks_closed)

    def _bookmarks_closed(self, mark: Bookmark | None) -> None:
        self.refresh_bookmark_marks()
        if mark is not None:
            self.jump_to_bookmark(mark)

    def jump_to_bookmark(self, mark: Bookmark) -> None:
        """Show a bookmark: here if it is this thread, else its file, else its saved copy."""
        reader = self.reader
        if mark.thread_key == self.current_thread_key():
            if self._select_mark(mark):
                return
            if not reader.loading:
                reason = (
                    "this thread has no article any more"
                    if mark.is_article
                    else "the comment is no longer in this thread"
                )
                self._show_saved_copy(mark, reason)
                return
        if reader.loading:
            self._say("The file is still loading; try again when it has finished")
            return
        store = reader.host.bookmark_store
        paths: list[Path] = []
        if store is not None:
            with contextlib.suppress(StoreError):
                paths = store.paths(mark.thread_key)
        order, width = reader.comment_order, reader.comment_pane.content_width
        reader.run_worker(
            lambda: self._resolve_jump(mark, paths, order, width),
            thread=True,
            exclusive=True,
            group="bookmarks-jump",
            exit_on_error=False,
        )

    def _select_mark(self, mark: Bookmark) -> bool:
        reader = self.reader
        if mark.is_article:
            if not reader.thread.article:
                return False
            reader.article_pane.focus()
            reader.article_pane.scroll_home(animate=False)
            return True
        if reader.comment_pane.select_comment_id(mark.comment_id):
            reader.comment_pane.focus()
            return True
        return False

    def _resolve_jump(self, mark: Bookmark, paths: list[Path], order: str, width: int) -> None:
        """(A worker's thread) load the bookmark's file and prepare its forest."""
        from threadview.bookmarks.jump import resolve
        from threadview.parsing import load_or_reason
        from threadview.ui.widgets.comment_view import forest_in_order, prepare_forest

        jump = resolve(mark, load_or_reason, paths=paths)
        prepared = None
        if jump.thread is not None:
            prepared = prepare_forest(forest_in_order(jump.thread, order), width)
        self.reader.post_message(JumpResolved(jump, prepared, order))

    def jump_resolved(self, jump: Jump, prepared: PreparedForest | None, order: str) -> None:
        """Show the bookmark's thread (or its saved copy when it could not be loaded)."""
        reader = self.reader
        if jump.thread is None or prepared is None:
            self._show_saved_copy(jump.bookmark, jump.reason or "it could not be found")
            return
        if reader.loading:
            self._say("The file is still loading; try again when it has finished")
            return
        reader.drop_first_minutes()  # the filter was the old thread's
        # The reader's own "install a fully parsed thread" step: pane, article, header, search.
        reader.install_thread(ThreadInstalled(jump.thread, prepared, order))
        reader.host.bookmark_path = jump.path
        self.refresh_bookmark_marks()
        self._select_mark(jump.bookmark)

    def _show_saved_copy(self, mark: Bookmark, reason: str) -> None:
        from threadview.ui.screens.bookmarks import SavedCopyScreen

        self.reader.app.push_screen(SavedCopyScreen(mark, reason))

    # ----- messages ---------------------------------------------------------------------

    def _store_failed(self, error: StoreError) -> None:
        if isinstance(error, StoreReadOnly):
            self.reader.host.bookmark_problem = str(error)
        self._say(cant_save(str(error)), "error")

    def _say(self, message: str, severity: SeverityLevel = "information") -> None:
        self.reader.app.notify(message, severity=severity, markup=False)
