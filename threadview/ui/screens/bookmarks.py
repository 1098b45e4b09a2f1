"""The `B` screen: every bookmark, newest first, filtered as you type; and the saved-copy modal.

Bookmarked text came from thread files, so it reaches the screen only as `Content` built by
`safe_content`, never as markup. Every store call is wrapped: a failing store shows a
message in the screen and never closes the reader.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from threadview.bookmarks import Bookmark, StoreError
from threadview.clip import clip
from threadview.render.markdown import markdown_plain
from threadview.render.safe import safe_content
from threadview.render.times import format_time
from threadview.ui.keys import bindings_for
from threadview.ui.screens.dialog import BOX, Dialog
from threadview.ui.screens.filter_list import FilterListDialog

if TYPE_CHECKING:
    from collections.abc import Callable

    from threadview.bookmarks.store import BookmarkStore

PREVIEW_CHARS = 160
NOTE_CHARS = 200


def one_line(text: str, limit: int) -> str:
    """`text` with its whitespace collapsed, cut to `limit` characters with an ellipsis."""
    return clip(" ".join(text.split()), limit)


@lru_cache(maxsize=4096)
def preview(body: str) -> str:
    """The start of a body as text (Markdown rendered, then flattened to one line). Cached:
    the list is rebuilt on every key typed into the filter, and parsing costs milliseconds.
    Only the start is parsed; the preview never shows more."""
    return one_line(markdown_plain(body[: PREVIEW_CHARS * 3]), PREVIEW_CHARS)


def styled(text: str, style: str) -> Content:
    """Thread text made safe, then given a Textual style (theme variables allowed)."""
    return safe_content(text).stylize_before(style)


def bookmark_row(mark: Bookmark) -> Content:
    """A bookmark as the list shows it: thread, author and times; note; start of the text."""
    title = styled(mark.thread_title or "(untitled thread)", "bold")
    who = "the article" if mark.is_article else (mark.author or "(no author)")
    head = Content.assemble(
        title,
        " · ",
        styled(who, "$accent"),
        Content.styled(f" · {format_time(mark.timestamp)}" if not mark.is_article else "", "dim"),
        Content.styled(f" · saved {format_time(mark.saved_at)}", "dim"),
    )
    lines = [head]
    if mark.note:
        lines.append(Content("✎ ") + styled(one_line(mark.note, NOTE_CHARS), "italic"))
    lines.append(styled(preview(mark.body) or "(no text)", "$text-muted"))
    return Content("\n").join(lines)


def _rows(marks: list[Bookmark]) -> list[Option | None]:
    """Options for the list, a divider between each (dividers don't count as options)."""
    rows: list[Option | None] = []
    for mark in marks:
        if rows:
            rows.append(None)
        rows.append(Option(bookmark_row(mark), id=str(mark.id)))
    return rows


class BookmarksScreen(FilterListDialog["Bookmark | None"]):
    """All bookmarks; dismisses with the one to jump to, or None when closed.

    The filter has the focus and every printable key types into it, so a filter can hold
    any word (`dredge`, `quay`, `junk`); the screen's own keys (`ui/keys.py`, "bookmarks")
    are ones no filter holds: up/down move, delete or ctrl+d deletes, ctrl+z undoes.
    """

    NAME = "bookmarks"
    BINDINGS = bindings_for("bookmarks")
    DEFAULT_CSS = """
    BookmarksScreen { background: $background 85%; align: left top; }
    BookmarksScreen > .dialog-box { width: 1fr; height: 1fr; padding: 0; }
    BookmarksScreen #bookmarks-filter { margin: 0 1; }
    BookmarksScreen #bookmarks-list { height: 1fr; border: none; }
    BookmarksScreen #bookmarks-list > .option-list--option { padding: 0 1; }
    BookmarksScreen #bookmarks-status { height: auto; padding: 0 2; color: $text-muted; }
    """

    def __init__(self, store: BookmarkStore) -> None:
        super().__init__()
        self.store = store
        self.marks: list[Bookmark] = []
        self.deleted: list[Bookmark] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes=BOX) as box:
            box.border_title = "Bookmarks"
            yield self.filter_field("Type to filter: thread, author, note or text")
            yield self.list_widget()
            yield Static(Content(""), id="bookmarks-status")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.filter_input.focus()

    # ----- the list ---------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        """Read the bookmarks again with the current filter; highlight `keep` (an id) if shown."""
        listing = self.option_list
        index = listing.highlighted
        words = self.filter_input.value
        try:
            self.marks = self.store.list(words)
        except StoreError as error:
            self.marks = []
            listing.clear_options()
            self._status(f"Bookmarks can't be read: {error}", error=True)
            return
        listing.set_options(_rows(self.marks))
        if self.marks:
            ids = [m.id for m in self.marks]
            index = ids.index(keep) if keep in ids else min(index or 0, len(self.marks) - 1)
            listing.highlighted = index
        self._status(self._summary(words))

    def _summary(self, words: str) -> str:
        total = len(self.marks)
        noun = "bookmark" if total == 1 else "bookmarks"
        undo = f" · ctrl+z restores {len(self.deleted)} deleted" if self.deleted else ""
        if not total:
            empty = (
                f"No bookmark matches “{one_line(words, 40)}”."
                if words.strip()
                else "No bookmarks yet: press b on a comment to save it."
            )
            return empty + undo
        shown = f"{total} {noun}" + (" match" if words.strip() else "")
        return shown + " · enter opens · delete removes" + undo

    def _status(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#bookmarks-status", Static)
        status.update(styled(message, "$error" if error else ""))

    @property
    def highlighted_mark(self) -> Bookmark | None:
        index = self.option_list.highlighted
        return self.marks[index] if index is not None and index < len(self.marks) else None

    # ----- filtering --------------------------------------------------------------------

    @on(Input.Changed, "#bookmarks-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.reload()

    # ----- actions ----------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.move_highlight(1)

    def action_cursor_up(self) -> None:
        self.move_highlight(-1)

    def action_page_down(self) -> None:
        page: Callable[[], None] = self.option_list.action_page_down  # untyped in Textual
        page()

    def action_page_up(self) -> None:
        page: Callable[[], None] = self.option_list.action_page_up  # untyped in Textual
        page()

    @on(OptionList.OptionSelected, "#bookmarks-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """A click on a bookmark opens it (enter is the screen's own binding)."""
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        mark = self.highlighted_mark
        if mark is not None:
            self.dismiss(mark)

    def action_close(self) -> None:
        if not self.clear_filter():
            self.dismiss(None)

    def action_delete(self) -> None:
        mark = self.highlighted_mark
        if mark is None:
            return
        try:
            gone = self.store.remove(mark.id)
        except StoreError as error:
            self._status(f"Could not delete the bookmark: {error}", error=True)
            return
        if gone is not None:
            self.deleted.append(gone)
            self.changed = True
        self.reload()
        self.notify("Bookmark deleted: ctrl+z undoes it while this screen is open", markup=False)

    def action_undo(self) -> None:
        if not self.deleted:
            self.notify("Nothing to undo", markup=False)
            return
        mark = self.deleted[-1]
        try:
            back = self.store.restore(mark)
        except StoreError as error:
            self._status(f"Could not restore the bookmark: {error}", error=True)
            return
        self.deleted.pop()
        self.changed = True
        self.reload(keep=back.id)
        self.notify("Bookmark restored", markup=False)


class SavedCopyScreen(Dialog[None]):
    """A bookmark's saved text, shown when its thread can't be opened, with the reason."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("enter", "close", "Close", show=False),
    ]
    DEFAULT_CSS = """
    SavedCopyScreen > .dialog-box { width: 90; max-height: 85%; border: round $warning; }
    SavedCopyScreen #saved-reason { color: $warning; margin-bottom: 1; }
    SavedCopyScreen #saved-meta { margin-bottom: 1; }
    SavedCopyScreen #saved-hint { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, mark: Bookmark, reason: str) -> None:
        super().__init__()
        self.mark = mark
        self.reason = reason

    def compose(self) -> ComposeResult:
        mark = self.mark
        with VerticalScroll(classes=BOX) as box:
            box.border_title = "Saved copy"
            yield Static(safe_content(f"Can't open the thread: {self.reason}."), id="saved-reason")
            meta = [styled(mark.thread_title or "(untitled thread)", "bold")]
            if mark.source:
                meta.append(styled(mark.source, "italic"))
            who = "the article" if mark.is_article else mark.author or "(no author)"
            meta.append(
                styled(who, "$accent")
                + Content.styled(
                    f" · {format_time(mark.timestamp)} · saved {format_time(mark.saved_at)}", "dim"
                )
            )
            if mark.note:
                meta.append(Content("✎ ") + styled(mark.note, "italic"))
            yield Static(Content("\n").join(meta), id="saved-meta")
            yield Static(safe_content(mark.body or "(no text)"), id="saved-body")
            yield Static(Content("escape closes"), id="saved-hint")

    def action_close(self) -> None:
        self.dismiss(None)
