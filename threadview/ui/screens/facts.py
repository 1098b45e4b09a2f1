"""The `i` dialog: the thread's facts at a glance, counted in a worker while it shows."""

from __future__ import annotations

import contextlib
from datetime import datetime

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from threadview.facts import Facts, thread_facts
from threadview.model import Thread
from threadview.render.safe import safe_content
from threadview.render.times import format_elapsed
from threadview.ui.screens.dialog import BOX, Dialog

LABEL_WIDTH = 14


def _when(moment: datetime | None) -> str:
    return "-" if moment is None else moment.strftime("%Y-%m-%d %H:%M UTC")


def _counted(pairs: tuple[tuple[str, int], ...]) -> Content:
    """`es 2, de 1` from thread text (languages, hosts): sanitised, never markup."""
    if not pairs:
        return Content("none")
    parts = [Content.assemble(safe_content(name), f" {count:,}") for name, count in pairs]
    return Content(", ").join(parts)


def facts_content(facts: Facts) -> Content:
    """The facts as aligned lines: a label, then its value."""
    span = "-"
    if facts.first is not None and facts.last is not None:
        took = format_elapsed((facts.last - facts.first).total_seconds()).lstrip("+")
        span = f"{_when(facts.first)} to {_when(facts.last)} ({took})"
    busiest = _when(facts.busiest_hour)
    if facts.busiest_hour is not None:
        busiest += f" ({facts.busiest_count:,} comments)"
    depth = "-" if facts.max_depth is None else f"{facts.max_depth} (0 = top level)"
    bookmarks = "not known yet" if facts.bookmarks is None else f"{facts.bookmarks:,}"
    rows: list[tuple[str, Content]] = [
        ("Comments", Content(f"{facts.comments:,}")),
        ("Authors", Content(f"{facts.authors:,}")),
        ("Deepest reply", Content(depth)),
        ("Time span", Content(span)),
        ("Busiest hour", Content(busiest)),
        ("Translations", _counted(facts.languages)),
        ("Most cited", _counted(facts.sources)),
        ("Bookmarks", Content(bookmarks)),
    ]
    lines = [
        Content.assemble((label.ljust(LABEL_WIDTH), "bold $accent"), value) for label, value in rows
    ]
    return Content("\n").join(lines)


class FactsDialog(Dialog[None]):
    """Counts, time span, busiest hour, languages, sources and bookmarks of one thread."""

    BINDINGS = [
        Binding("escape", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
        Binding("i", "close", "Close", show=False),
    ]
    DEFAULT_CSS = """
    FactsDialog #facts-hint { color: $text-muted; margin: 1 0 0 0; }
    """

    def __init__(self, thread: Thread, bookmarks: int | None) -> None:
        super().__init__()
        self.thread = thread
        self.bookmarks = bookmarks

    def compose(self) -> ComposeResult:
        with Vertical(classes=BOX) as box:
            box.border_title = "Thread facts"
            yield Static(Content("Counting…"), id="facts-text")
            yield Static(Content("Press escape to close."), id="facts-hint")

    def on_mount(self) -> None:
        self._count(self.thread, self.bookmarks)

    @work(thread=True, exclusive=True, group="facts", exit_on_error=False)
    def _count(self, thread: Thread, bookmarks: int | None) -> None:
        """Every body is read for languages and sources: off the UI thread."""
        facts = thread_facts(thread, bookmarks)
        with contextlib.suppress(RuntimeError):  # the app has quit meanwhile
            self.app.call_from_thread(self._show, facts)

    def _show(self, facts: Facts) -> None:
        if self.is_attached:
            self.query_one("#facts-text", Static).update(facts_content(facts))

    def action_close(self) -> None:
        self.dismiss(None)
