"""The one-line header: title, source and submitter on the left; count and sort on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from threadview.model import Thread
from threadview.render.safe import safe_content

SORT_NAMES = {"oldest": "oldest first", "newest": "newest first"}


def title_content(thread: Thread) -> Content:
    """Title · source · submitter; thread text goes through `safe_content`, never markup."""
    parts: list[Content] = [safe_content(thread.title or "(untitled thread)", "bold")]
    if thread.source:
        parts.append(safe_content(thread.source, "italic"))
    if thread.submitter:
        parts.append(Content("by ") + safe_content(thread.submitter))
    return Content(" · ").join(parts)


def stats_content(
    count: int, order: str, *, loading: bool = False, sorting: bool = False
) -> Content:
    """How many comments, and the current sort (and whether it is still under way)."""
    noun = "comment" if count == 1 else "comments"
    counted = f"{count:,}+ {noun}, loading…" if loading else f"{count:,} {noun}"
    sort = "sorting: " if sorting else "sort: "
    return Content(f"{counted} · {sort}{SORT_NAMES.get(order, order)}{'…' if sorting else ''}")


class ThreadHeader(Horizontal):
    """Shows the thread's title line and its stats; updated on sort and full load."""

    DEFAULT_CSS = """
    ThreadHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $text;
    }
    ThreadHeader > #header-title {
        width: 1fr; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    ThreadHeader > #header-stats { width: auto; padding: 0 1; color: $text-muted; }
    """

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
    ) -> None:
        self.query_one("#header-title", Static).update(title_content(thread))
        if thread.stories:
            noun = "story" if len(thread.stories) == 1 else "stories"
            stats = Content(f"{len(thread.stories):,} {noun}")
        else:
            stats = stats_content(count, order, loading=loading, sorting=sorting)
        self.query_one("#header-stats", Static).update(stats)
