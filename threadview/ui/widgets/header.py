"""The one-line header: title, source and submitter on the left; count and sort on the right."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from threadview.model import Thread
from threadview.render.safe import safe_content

SORT_NAMES = {"oldest": "oldest first", "newest": "newest first", "score": "best score first"}


def title_content(thread: Thread) -> Content:
    """Title · source · submitter; thread text goes through `safe_content`, never markup."""
    parts: list[Content] = [safe_content(thread.title or "(untitled thread)", "bold")]
    if thread.source:
        parts.append(safe_content(thread.source, "italic"))
    if thread.submitter:
        parts.append(Content("by ") + safe_content(thread.submitter))
    return Content(" · ").join(parts)


def stats_content(
    count: int,
    order: str,
    *,
    loading: bool = False,
    sorting: bool = False,
    place: int | None = None,
    minutes: int = 0,
    notes: Sequence[str] = (),
) -> Content:
    """Where the selected comment is (`place` of `count`), how many comments (in the first
    `minutes` minutes, when filtered), `notes` (reading memory's "12 new", ...), and the
    sort (and whether it is still under way)."""
    noun = "comment" if count == 1 else "comments"
    counted = f"{count:,}+ {noun}, loading…" if loading else f"{count:,} {noun}"
    where = f"{place:,}/" if place is not None else ""
    told = "".join(f" · {note}" for note in notes)
    named = SORT_NAMES.get(order, order)
    sort = f"sorting: {named}…" if sorting else f"sort: {named}"
    if not minutes:
        return Content(f"{where}{counted}{told} · {sort}")
    window = (f"first {minutes_text(minutes)} only", "bold $warning")
    return Content.assemble(f"{where}{counted}{told} · ", window, f" · {sort}")


def minutes_text(minutes: int) -> str:
    """`45 min`, `3 h`, `2 days`."""
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 1440:
        return f"{minutes // 60} h"
    days = minutes // 1440
    return f"{days} day{'s' if days != 1 else ''}"


class ThreadHeader(Horizontal):
    """Shows the thread's title line and its stats; updated when the selection, the sort
    or the loading state changes."""

    DEFAULT_CSS = """
    ThreadHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $text;
    }
    ThreadHeader > #header-title {
        width: 1fr; min-width: 24; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    ThreadHeader > #header-stats { width: auto; padding: 0 1; color: $text-muted; }
    """

    _thread: Thread | None = None
    _stats: Content | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="header-title")
        yield Static(Content(""), id="header-stats")

    def show(
        self,
        thread: Thread,
        count: int,
        order: str,
        *,
        loading: bool = False,
        sorting: bool = False,
        place: int | None = None,
        minutes: int = 0,
        notes: Sequence[str] = (),
    ) -> None:
        """Show `thread`'s title and stats; `place` is the selected comment's number. On a
        narrow screen the title keeps a little room and the stats are cut at the right."""
        if thread is not self._thread:
            self._thread = thread
            self.query_one("#header-title", Static).update(title_content(thread))
        if thread.stories:
            noun = "story" if len(thread.stories) == 1 else "stories"
            stats = Content(f"{len(thread.stories):,} {noun}")
        else:
            stats = stats_content(
                count,
                order,
                loading=loading,
                sorting=sorting,
                place=place,
                minutes=minutes,
                notes=notes,
            )
        if stats != self._stats:  # an update lays the header out again
            self._stats = stats
            self.query_one("#header-stats", Static).update(stats)
