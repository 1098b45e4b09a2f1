"""What the reader screen's helpers may ask of the screen, and what the screen asks of its App.

Bookmarks, links and sources (`ui/*_actions.py`) are plain objects the `ReaderScreen` owns;
they depend on these Protocols, not on the screen, so no import runs back up to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from pathlib import Path

    from rich.text import Text
    from textual.app import App
    from textual.message import Message
    from textual.widget import Widget
    from textual.worker import Worker

    from threadview.annotate import Link
    from threadview.bookmarks.store import BookmarkStore
    from threadview.model import Comment, Thread
    from threadview.render.notes import NotesCache
    from threadview.ui.keymap import UserKeys
    from threadview.ui.messages import ThreadInstalled
    from threadview.ui.widgets.article_pane import ArticlePane
    from threadview.ui.widgets.comment_pane import CommentPane

BadgeProvider = Callable[["Comment"], "Sequence[Text] | Text | None"]
"""Gives a comment's header its badges (bookmark marker, translation, links)."""

_Result = TypeVar("_Result")


class ReaderHost(Protocol):
    """What the reader screen may ask of its App: the app-wide state it reads and writes."""

    thread: Thread
    bookmark_store: BookmarkStore | None
    bookmark_problem: str | None
    bookmark_path: Path | None
    data_dir: Path | None
    url_opener: Callable[[str], object] | None
    user_keys: UserKeys

    @property
    def store_opening(self) -> bool: ...

    def remember_sort(self, order: str) -> None: ...

    def replace_thread(self, thread: Thread) -> None: ...


class ReaderView(Protocol):
    """What the reader screen's helpers may ask of it (`ReaderScreen` is the one)."""

    thread: Thread
    badge_providers: list[BadgeProvider]
    last_pane: str
    """"comments" or "article": the pane that had the focus last."""
    first_minutes: int
    """Only the comments of the thread's first this-many minutes are shown (0: all)."""

    @property
    def app(self) -> App[object]: ...
    @property
    def host(self) -> ReaderHost: ...
    @property
    def on_top(self) -> bool:
        """Whether no dialog is open over the reader."""
        ...

    @property
    def loading(self) -> bool: ...
    @property
    def comment_order(self) -> str: ...
    @property
    def comment_pane(self) -> CommentPane: ...
    @property
    def article_pane(self) -> ArticlePane: ...
    @property
    def notes(self) -> NotesCache:
        """Per-comment annotations (links, translation notes), made on first use."""
        ...

    def open_links(self, links: list[Link]) -> None:
        """Ask which of `links` to open (none asked for one), then confirm and open it."""
        ...

    @property
    def maximized(self) -> Widget | None:
        """The pane filling the screen (`z`), if any."""
        ...

    @property
    def focused(self) -> Widget | None: ...

    def install_thread(self, event: ThreadInstalled) -> None: ...

    def drop_first_minutes(self) -> None:
        """Show every comment again (the timeline's "first N minutes" filter is off)."""
        ...

    def post_message(self, message: Message) -> bool: ...

    def call_after_refresh(self, callback: Callable[[], object]) -> bool: ...

    def run_worker(
        self,
        work: Callable[[], _Result],
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        start: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> Worker[_Result]: ...
