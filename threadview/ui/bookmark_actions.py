"""Bookmarks in the reader: `b` toggles (`u` undoes), `N` edits the note, `B` lists; markers.

The App mixes this class in. The store opens in a worker started on mount, which waits
for the first paint so that opening (and importing sqlite3) doesn't delay it; b / N / B
pressed before it has opened wait for it and then run, so no early bookmark is lost. If
it can't open (read-only directory, damaged file, ...) the reader says so once and keeps
working, and b / N / B explain instead of failing. Every store call here is wrapped in
`StoreError`.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work

from threadview.bookmarks.records import (
    ARTICLE,
    Bookmark,
    StoreError,
    StoreReadOnly,
    resolve_data_dir,
    thread_key,
)
from threadview.model import Comment, sorted_forest
from threadview.ui.keys import spec_for_action

if TYPE_CHECKING:
    from threadview.bookmarks.jump import Jump
    from threadview.bookmarks.store import BookmarkStore
    from threadview.ui.widgets.comment_pane import PreparedForest

MARKER = Text("★", style="bold #d7af5f")
STORE_TIMEOUT = 5.0
PAINT_WAIT = 2.0
"""Longest the store waits for the first paint before opening anyway (seconds)."""
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


def document_path(document: object | None) -> Path | None:
    """The file a document was read from (None for standard input or a test thread)."""
    name = getattr(document, "name", None)
    if not isinstance(name, str) or not name or name in ("-", "standard input"):
        return None
    path = Path(name)
    return path.absolute() if path.is_file() else None


class BookmarkActions:
    """b / N / B for the App, the bookmark marker, and jumping to a bookmark."""

    # Set on mount; these class values only cover the moments before it.
    bookmark_store: BookmarkStore | None = None
    bookmark_problem: str | None = None
    bookmark_path: Path | None = None
    bookmarked_ids: frozenset[str] = frozenset()
    _store_opening = False
    _painted: threading.Event | None = None
    _waiting: list[Callable[[], None]]
    _removed_marks: list[Bookmark]
    """What `b` removed in this reader, newest last, for `u` to put back."""

    # ----- opening the store ------------------------------------------------------------

    def on_mount(self) -> None:
        """Textual calls every class's on_mount in the MRO, so this runs after the App's."""
        app: Any = self
        self.bookmark_path = document_path(app.document)
        app.badge_providers.append(self._bookmark_badge)
        self._store_opening, self._waiting, self._removed_marks = True, [], []
        self._painted = threading.Event()
        app.call_after_refresh(self._painted.set)
        self._open_store(
            resolve_data_dir(app.data_dir),
            self.current_thread_key(),
            self.bookmark_path,
            self._painted,
        )

    @work(thread=True, exclusive=True, group="bookmarks-open", exit_on_error=False)
    def _open_store(
        self, data_dir: Path, key: str, path: Path | None, painted: threading.Event
    ) -> None:
        painted.wait(PAINT_WAIT)  # set by the first paint, or by unmount
        if not self._store_opening:
            return  # the app is gone: open nothing that no one would close
        store, problem, ids = None, None, set()
        try:
            from threadview.bookmarks.store import BookmarkStore

            store = BookmarkStore.open(data_dir, timeout=STORE_TIMEOUT)
        except StoreReadOnly as error:
            problem = str(error)
            with contextlib.suppress(StoreError, OSError):
                store = BookmarkStore.open(data_dir, readonly=True, timeout=STORE_TIMEOUT)
        except (StoreError, OSError) as error:
            problem = str(error)
        except Exception as error:  # reading must go on whatever the store does
            problem = f"the store could not be opened ({type(error).__name__}: {error})"
        if store is not None:
            try:
                if path is not None and not store.readonly:
                    store.update_path(key, path)
                ids = store.ids_for_thread(key)
            except StoreError as error:
                problem = problem or str(error)
            except Exception as error:  # as above: the reader goes on, and says why
                problem = problem or f"the store could not be read ({type(error).__name__})"
        try:
            self.call_from_thread(self._store_opened, store, problem, ids)  # type: ignore[attr-defined]
        except RuntimeError:  # the app has quit meanwhile: nobody else will close it
            if store is not None:
                with contextlib.suppress(StoreError):
                    store.close()

    def _store_opened(
        self, store: BookmarkStore | None, problem: str | None, ids: set[str]
    ) -> None:
        self.bookmark_store, self.bookmark_problem = store, problem
        self._store_opening = False
        if problem:
            self.notify(
                cant_save(problem),
                severity="warning",
                timeout=10,  # type: ignore[attr-defined]
                markup=False,
            )
        self._set_marked(ids)
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            action()

    def _later(self, action: Callable[[], None]) -> bool:
        """While the store is still opening, keep `action` to run once it has; True if kept."""
        if self._store_opening:
            self._waiting.append(action)
            return True
        return False

    def on_unmount(self) -> None:
        self._store_opening = False
        if self._painted is not None:
            self._painted.set()  # a worker still waiting for the first paint gives up
        if self.bookmark_store is not None:
            with contextlib.suppress(StoreError):
                self.bookmark_store.close()

    # ----- markers ----------------------------------------------------------------------

    def current_thread_key(self) -> str:
        """The bookmark identity of the thread on screen (a hash of three short fields)."""
        return thread_key(self.thread)  # type: ignore[attr-defined]

    def _bookmark_badge(self, comment: Comment) -> Text | None:
        return MARKER if comment.id in self.bookmarked_ids else None

    def _set_marked(self, ids: set[str] | frozenset[str]) -> None:
        old, self.bookmarked_ids = self.bookmarked_ids, frozenset(ids)
        self.article_pane.set_bookmarked(ARTICLE in self.bookmarked_ids)  # type: ignore[attr-defined]
        if old != self.bookmarked_ids:
            pane = self.comment_pane  # type: ignore[attr-defined]
            for comment_id in old ^ self.bookmarked_ids:
                pane.invalidate(comment_id)

    def refresh_bookmark_marks(self) -> None:
        """Read the current thread's bookmarked ids again (after the B screen changed them)."""
        if self.bookmark_store is None:
            return
        try:
            ids = self.bookmark_store.ids_for_thread(self.current_thread_key())
        except StoreError as error:
            self._store_failed(error)
            return
        self._set_marked(ids)

    # ----- b and N ----------------------------------------------------------------------

    def _writable_store(self) -> BookmarkStore | None:
        """The store if bookmarks can be saved now; else says why and returns None."""
        store = self.bookmark_store
        if store is not None and not store.readonly:
            return store
        if self.bookmark_problem:
            self._say(cant_save(self.bookmark_problem), "warning")
        else:
            self._say("Bookmarks could not be opened")
        return None

    def _bookmark_target(self) -> Comment | object | None:
        """The selected comment, None for the article (article pane focused), or _NO_TARGET."""
        from threadview.ui.widgets.article_pane import ArticlePane

        app: Any = self
        if isinstance(app.focused, ArticlePane) or (
            app.focused is None and getattr(app, "_last_pane", "") == "article"
        ):
            return None
        comment = app.comment_pane.selected_comment
        if comment is None:
            self._say("Select a comment first")
            return _NO_TARGET
        return comment

    def action_toggle_bookmark(self) -> None:
        self._for_target(self._toggle)

    def action_edit_note(self) -> None:
        self._for_target(self._edit_note)

    def _for_target(self, act: Callable[[object], None]) -> None:
        """Run `act` on the selection now or, for a key pressed before the store opened,
        once it has (with the selection taken now): an early b or N is never lost."""
        target = self._bookmark_target()
        if target is _NO_TARGET:
            return
        if self._store_opening:
            self._later(lambda: act(target))
        else:
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
                store.add(self.thread, comment, self.bookmark_path)  # type: ignore[attr-defined]
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

    def action_undo_bookmark(self) -> None:
        """Put back the bookmark (with its note) that `b` removed last in this reader."""
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
        from threadview.ui.screens.note import NoteScreen

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
        screen = NoteScreen(about, existing.note if existing else "")
        self.push_screen(screen, lambda note: self._save_note(comment, note))  # type: ignore[attr-defined]

    def _save_note(self, comment: Comment | None, note: str | None) -> None:
        store = self.bookmark_store
        if note is None or store is None:
            return
        cid = comment.id if comment else ARTICLE
        try:
            existing = store.find(self.current_thread_key(), cid)
            saved = store.set_note(existing.id, note) if existing else None
            if saved is None:
                store.add(self.thread, comment, self.bookmark_path, note=note)  # type: ignore[attr-defined]
        except StoreError as error:
            self._store_failed(error)
            return
        self._set_marked(self.bookmarked_ids | {cid})
        self._say("Note saved" if note else "Note cleared")

    # ----- B: the bookmarks screen and jumping ------------------------------------------

    def action_show_bookmarks(self) -> None:
        from threadview.ui.screens.bookmarks import BookmarksScreen

        app: Any = self
        if isinstance(app.screen, BookmarksScreen) or self._later(self.action_show_bookmarks):
            return
        if self.bookmark_store is None:
            self._writable_store()
            return
        app.push_screen(BookmarksScreen(self.bookmark_store), self._bookmarks_closed)

    def _bookmarks_closed(self, mark: Bookmark | None) -> None:
        self.refresh_bookmark_marks()
        if mark is not None:
            self.jump_to_bookmark(mark)

    def jump_to_bookmark(self, mark: Bookmark) -> None:
        """Show a bookmark: here if it is this thread, else its file, else its saved copy."""
        app: Any = self
        if mark.thread_key == self.current_thread_key():
            if self._select_mark(mark):
                return
            if not app.loading:
                reason = (
                    "this thread has no article any more"
                    if mark.is_article
                    else "the comment is no longer in this thread"
                )
                self._show_saved_copy(mark, reason)
                return
        if app.loading:
            self._say("The file is still loading; try again when it has finished")
            return
        self._resolve_jump(mark, app.sort_order, app.comment_pane.content_width)

    def _select_mark(self, mark: Bookmark) -> bool:
        app: Any = self
        if mark.is_article:
            if not app.thread.article:
                return False
            app.article_pane.focus()
            app.article_pane.scroll_home(animate=False)
            return True
        if app.comment_pane.select_comment_id(mark.comment_id):
            app.comment_pane.focus()
            return True
        return False

    @work(thread=True, exclusive=True, group="bookmarks-jump", exit_on_error=False)
    def _resolve_jump(self, mark: Bookmark, order: str, width: int) -> None:
        from threadview.bookmarks.jump import resolve
        from threadview.parsing import load_or_reason
        from threadview.ui.widgets.comment_pane import prepare_forest

        paths: list[Path] = []
        if self.bookmark_store is not None:
            with contextlib.suppress(StoreError):
                paths = self.bookmark_store.paths(mark.thread_key)
        jump = resolve(mark, load_or_reason, paths=paths)
        prepared = None
        if jump.thread is not None:
            comments = jump.thread.comments
            forest = comments if order == "oldest" else sorted_forest(comments, order)
            prepared = prepare_forest(forest, width)
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(self._jump_resolved, jump, prepared, order)  # type: ignore[attr-defined]

    def _jump_resolved(self, jump: Jump, prepared: PreparedForest | None, order: str) -> None:
        app: Any = self
        if jump.thread is None or prepared is None:
            self._show_saved_copy(jump.bookmark, jump.reason or "it could not be found")
            return
        if app.loading:
            self._say("The file is still loading; try again when it has finished")
            return
        # The App's own "install a fully parsed thread" step: pane, article, header, search.
        app.install_thread(jump.thread, prepared, order)
        self.bookmark_path = jump.path
        self.refresh_bookmark_marks()
        self._select_mark(jump.bookmark)

    def _show_saved_copy(self, mark: Bookmark, reason: str) -> None:
        from threadview.ui.screens.bookmarks import SavedCopyScreen

        self.push_screen(SavedCopyScreen(mark, reason))  # type: ignore[attr-defined]

    # ----- messages ---------------------------------------------------------------------

    def _store_failed(self, error: StoreError) -> None:
        if isinstance(error, StoreReadOnly):
            self.bookmark_problem = str(error)
        self._say(cant_save(str(error)), "error")

    def _say(self, message: str, severity: str = "information") -> None:
        self.notify(message, severity=severity, markup=False)  # type: ignore[attr-defined]
