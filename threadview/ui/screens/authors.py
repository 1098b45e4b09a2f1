"""The `A` panel: every author with their comment count, first and last time, and [op].

Type to filter; enter spotlights the highlighted author and closes. The stats are counted
in a worker (`facts.author_stats`: one pass over the thread's rows), so the panel opens at
once on a 100k-comment thread. Author names are thread text: `safe_content`, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from threadview.facts import AuthorStats, author_stats
from threadview.model import Thread
from threadview.render.safe import safe_content
from threadview.ui.screens.dialog import BOX
from threadview.ui.screens.filter_list import FilterListDialog

MAX_SHOWN = 500
"""Rows listed at most: a thread with tens of thousands of authors is narrowed by typing."""


def _when(stamp: datetime | None) -> str:
    return stamp.strftime("%Y-%m-%d %H:%M UTC") if stamp else "undated"


def _span(first: datetime | None, last: datetime | None) -> str:
    """`first … · last …`, or one word when the author's comments carry no time."""
    if first is None and last is None:
        return "no dated comments"
    return f"first {_when(first)} · last {_when(last)}"


def author_row(stats: AuthorStats) -> Content:
    """An author as the panel lists them: name, [op], count; then first and last time."""
    noun = "comment" if stats.comments == 1 else "comments"
    head = safe_content(stats.author).stylize_before("bold $accent")
    if stats.submitter:
        head += Content.styled(" [op]", "bold $warning")
    head += Content.styled(f" · {stats.comments:,} {noun}", "")
    span = _span(stats.first, stats.last)
    return Content("\n").join([head, Content.styled(span, "dim")])


class AuthorsScreen(FilterListDialog["str | None"]):
    """Every author of the thread, most comments first; dismisses with the author chosen
    (None when closed). The filter has the focus: every printable key types into it."""

    NAME = "authors"
    BINDINGS = [
        Binding("enter", "choose", "Spotlight", priority=True),
        Binding("escape", "close", "Close"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]
    DEFAULT_CSS = """
    AuthorsScreen > .dialog-box { height: 80%; padding: 0; }
    AuthorsScreen #authors-filter { margin: 0 1; }
    AuthorsScreen #authors-list { height: 1fr; border: none; }
    AuthorsScreen #authors-list > .option-list--option { padding: 0 1; }
    AuthorsScreen #authors-status { height: auto; padding: 0 2; color: $text-muted; }
    """

    @dataclass
    class Counted(Message):
        """The worker counted every author's comments."""

        stats: list[AuthorStats]

    def __init__(self, thread: Thread) -> None:
        super().__init__()
        self.thread = thread
        self.stats: list[AuthorStats] | None = None
        self.shown: list[AuthorStats] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes=BOX) as box:
            box.border_title = "Authors"
            yield self.filter_field("Type to filter authors")
            yield self.list_widget()
            yield Static(Content("Counting comments…"), id="authors-status")

    def on_mount(self) -> None:
        self.filter_input.focus()
        self._count(self.thread)

    @work(thread=True, exclusive=True, group="authors")
    def _count(self, thread: Thread) -> None:
        self.post_message(self.Counted(author_stats(thread)))

    @on(Counted)
    def _counted(self, event: Counted) -> None:
        self.stats = event.stats
        self._show()

    @on(Input.Changed, "#authors-filter")
    def _filter_changed(self) -> None:
        self._show()

    def _show(self) -> None:
        if self.stats is None:
            return
        needle = self.filter_input.value.strip().casefold()
        found = [s for s in self.stats if needle in s.author.casefold()] if needle else self.stats
        self.shown = found[:MAX_SHOWN]
        listing = self.option_list
        listing.set_options(Option(author_row(stats)) for stats in self.shown)
        if self.shown:
            listing.highlighted = 0
        self._status(needle, len(found))

    def _status(self, needle: str, found: int) -> None:
        total = len(self.stats or ())
        noun = "author" if total == 1 else "authors"
        if not total:
            message = "No comments here, so no authors."
        elif not found:
            message = "No author matches that."
        elif needle:
            message = f"{found:,} of {total:,} {noun} match"
        else:
            message = f"{total:,} {noun}"
        if found > len(self.shown):
            message += f" · the first {len(self.shown):,} shown: type to narrow"
        if found:
            message += " · enter spotlights"
        self.query_one("#authors-status", Static).update(Content(message))

    def action_move(self, step: int) -> None:
        self.move_highlight(step)

    @on(OptionList.OptionSelected, "#authors-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose()

    def action_choose(self) -> None:
        index = self.option_list.highlighted
        if index is not None and index < len(self.shown):
            self.dismiss(self.shown[index].author)

    def action_close(self) -> None:
        if not self.clear_filter():
            self.dismiss(None)
