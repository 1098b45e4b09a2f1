"""The Sources panel (`L`): every cited host, how often, and which comments cite it.

Rows are built in a worker (`source_rows`, one pass over the thread) and drawn by
`SourceList` through the Line API, so a thread with 100,000 comments scrolls as fast as
one with ten: only the rows on screen become Text. Enter on a citing comment jumps to
it, `o` opens its link through the reader's confirmation flow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

from threadview.annotate import ARTICLE_ID, find_links, source_key, thread_sources
from threadview.model import Thread, iter_comments
from threadview.render.palette import DEFAULT_PALETTE, Palette
from threadview.render.safe import safe_text
from threadview.render.times import format_time
from threadview.ui.messages import CitationChosen, CitationOpen
from threadview.ui.palette_classes import PALETTE_CLASSES, ThemedPalette, palette_css
from threadview.ui.screens.dialog import BOX, Dialog
from threadview.ui.widgets.strips import text_strip

COUNT_STYLE = Style(dim=True)
META_STYLE = Style(dim=True)


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One line of the panel: a host (`comment_id` None) or one comment citing it.

    A citing row carries what the comment cited on that host (`cited`: URLs, or a domain
    as the text named it); a host row its citation count and where they are.
    """

    host: str
    comment_id: str | None = None
    author: str = ""
    timestamp: datetime | None = None
    cited: tuple[str, ...] = ()
    count: int = 0
    comments: int = 0
    in_article: bool = False

    @property
    def is_host(self) -> bool:
        return self.comment_id is None


def _cited_by_host(text: str, into: dict[str, list[str]]) -> None:
    """Add what `text` cites, per host key: a URL, or the domain as written."""
    for link in find_links(text):
        shown = text[link.start : link.end] if link.kind == "domain" else link.url
        found = into.setdefault(source_key(link.host), [])
        if shown not in found:
            found.append(shown)


def _article_cites(thread: Thread) -> dict[str, list[str]]:
    cites: dict[str, list[str]] = {}
    for value in (thread.source, thread.url):
        if value:
            _cited_by_host(value, cites)
    for block in thread.article:
        _cited_by_host(block.text, cites)
    return cites


def source_rows(thread: Thread, stop: Callable[[], bool] = lambda: False) -> list[SourceRow]:
    """Host rows (most cited first), each followed by its citing comments in thread order."""
    summaries = thread_sources(thread)
    cited = {cid for summary in summaries for cid in summary.comment_ids}
    who: dict[str, tuple[str, datetime | None, dict[str, list[str]]]] = {}
    for number, comment in enumerate(iter_comments(thread.comments)):
        if number % 4096 == 0 and stop():
            return []
        if comment.id in cited:
            cites: dict[str, list[str]] = {}
            _cited_by_host(comment.body, cites)
            who[comment.id] = (comment.author, comment.timestamp, cites)
    who[ARTICLE_ID] = ("", None, _article_cites(thread))
    rows: list[SourceRow] = []
    for summary in summaries:
        in_article = ARTICLE_ID in summary.comment_ids
        rows.append(
            SourceRow(
                summary.host,
                count=summary.count,
                in_article=in_article,
                comments=len(summary.comment_ids) - in_article,
            )
        )
        for cid in summary.comment_ids:
            author, stamp, cites = who.get(cid, ("", None, {}))
            rows.append(
                SourceRow(summary.host, cid, author, stamp, tuple(cites.get(summary.host, ())))
            )
    return rows


def _where(row: SourceRow) -> str:
    parts = ["the article"] if row.in_article else []
    if row.comments:
        parts.append(f"{row.comments} comment{'s' if row.comments != 1 else ''}")
    return " and ".join(parts)


def row_text(row: SourceRow, palette: Palette = DEFAULT_PALETTE) -> Text:
    """A row as a screen line: a host with its counts, or who cited it, when and what."""
    line = Text(end="")
    if row.is_host:
        line.append_text(safe_text(row.host, palette.source))
        noun = "citation" if row.count == 1 else "citations"
        line.append(f"  {row.count} {noun} in {_where(row)}", COUNT_STYLE)
        return line
    line.append("    ")
    if row.comment_id == ARTICLE_ID:
        line.append("the article", palette.citing_article)
    else:
        line.append_text(safe_text(row.author or "(unknown)", palette.citer))
        line.append(" · " + format_time(row.timestamp), META_STYLE)
    if row.comment_id == ARTICLE_ID and not row.cited:
        line.append("  (named in the byline)", META_STYLE)
    elif row.cited:
        line.append("  ")
        line.append_text(safe_text(row.cited[0], palette.cited))
        if len(row.cited) > 1:
            line.append(f" (+{len(row.cited) - 1} more)", META_STYLE)
    return line


class SourceList(ScrollView, can_focus=True):
    """The panel's rows with a cursor, drawn line by line."""

    BINDINGS = [
        Binding("j,down", "cursor(1)", "Down", show=False),
        Binding("k,up", "cursor(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("g,home", "edge(0)", "First", show=False),
        Binding("G,end", "edge(1)", "Last", show=False),
        Binding("enter", "choose", "Go to comment"),
    ]
    COMPONENT_CLASSES = {"source-list--cursor", *PALETTE_CLASSES}
    DEFAULT_CSS = """
    SourceList { height: 1fr; overflow-x: hidden; scrollbar-size-vertical: 1; }
    SourceList > .source-list--cursor { background: $accent 30%; }
    SourceList:focus > .source-list--cursor { background: $accent 50%; }
    """ + palette_css("SourceList")

    class Chosen(Message):
        """Enter was pressed on a row."""

        def __init__(self, row: SourceRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, rows: list[SourceRow], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows
        self.cursor = 0
        self._themed = ThemedPalette(self, self.refresh)

    @property
    def current(self) -> SourceRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def on_mount(self) -> None:
        self._themed.watch_theme()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows))

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows))

    def move_to(self, row: int) -> None:
        if not self.rows:
            return
        self.cursor = max(0, min(len(self.rows) - 1, row))
        self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, immediate=True)
        self.refresh()

    def action_cursor(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * max(1, self.scrollable_content_region.height - 1))

    def action_edge(self, end: int) -> None:
        self.move_to(len(self.rows) - 1 if end else 0)

    def action_choose(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))

    def on_click(self, event: events.Click) -> None:
        self.move_to(round(self.scroll_y) + event.y)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        number = round(self.scroll_y) + y
        if number >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        text = row_text(self.rows[number], self._themed.palette)
        text.truncate(width, overflow="ellipsis")
        strip = text_strip(text, self.app.console, width)
        if number == self.cursor:
            strip = strip.apply_style(self.get_component_rich_style("source-list--cursor"))
        return strip.apply_style(self.rich_style).apply_offsets(0, number)


def summary_content(rows: list[SourceRow]) -> Content:
    hosts = [row for row in rows if row.is_host]
    citations = sum(row.count for row in hosts)
    if not hosts:
        return Content("No links or cited sources in this thread.")
    host_noun = "host" if len(hosts) == 1 else "hosts"
    noun = "citation" if citations == 1 else "citations"
    return Content(f"{len(hosts)} {host_noun}, {citations} {noun}")


class SourcesScreen(Dialog["CitationChosen | None"]):
    """The panel. Reuses `rows` when given; otherwise builds them in a worker.

    Dismisses with the citation to go to (enter), or None; `o` posts `CitationOpen`."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("L", "close", "Close", show=False),
        Binding("o", "open", "Open link"),
    ]
    DEFAULT_CSS = """
    SourcesScreen > .dialog-box { width: 90%; max-width: 110; height: 85%; }
    SourcesScreen #sources-summary { height: 1; color: $text-muted; }
    SourcesScreen #sources-hint { height: 1; color: $text-muted; dock: bottom; }
    SourcesScreen #sources-loading { height: 1fr; content-align: center middle; }
    """

    def __init__(
        self,
        thread: Thread,
        rows: list[SourceRow] | None = None,
        on_rows: Callable[[Thread, list[SourceRow]], None] | None = None,
    ) -> None:
        super().__init__()
        self.thread = thread
        self.rows = rows
        self._on_rows = on_rows

    def compose(self) -> ComposeResult:
        with Vertical(classes=BOX) as box:
            box.border_title = "Sources and links"
            yield Static(Content("Collecting sources…"), id="sources-summary")
            yield Static(Content("Collecting the links of every comment…"), id="sources-loading")
            yield Static(
                Content("enter: go to the comment · o: open its link · esc: close"),
                id="sources-hint",
            )

    def on_mount(self) -> None:
        if self.rows is not None:
            self.call_after_refresh(self._show, self.rows)
            return
        self._build()

    @work(thread=True, exclusive=True, group="sources", exit_on_error=False)
    def _build(self) -> list[SourceRow]:
        """(A worker, cancelled when the panel closes.) The rows, from one pass."""
        worker = get_current_worker()
        return source_rows(self.thread, lambda: worker.is_cancelled)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "sources" or event.state != WorkerState.SUCCESS:
            return
        rows = worker.result
        if rows is None or worker.is_cancelled:
            return
        if self._on_rows is not None:
            self._on_rows(self.thread, rows)
        if self.is_attached:
            self._show(rows)

    def _show(self, rows: list[SourceRow]) -> None:
        self.rows = rows
        self.query_one("#sources-summary", Static).update(summary_content(rows))
        loading = self.query_one("#sources-loading", Static)
        if not rows:
            loading.update(
                Content("Nothing to list: no comment or article text cites a link or a domain.")
            )
            return
        listing = SourceList(rows, id="sources-list")
        self.query_one(Vertical).mount(listing, before=loading)
        loading.remove()
        listing.move_to(1 if len(rows) > 1 else 0)
        listing.focus()

    @property
    def source_list(self) -> SourceList | None:
        found = self.query(SourceList)
        return found.first() if found else None

    def _citer(self) -> tuple[str, str] | None:
        """(host, citing id) under the cursor; on a host row, its first citation."""
        listing = self.source_list
        rows = self.rows or []
        if listing is None or listing.current is None:
            return None
        row = listing.current
        if row.comment_id is not None:
            return row.host, row.comment_id
        follow = listing.cursor + 1
        citer = rows[follow].comment_id if follow < len(rows) else None
        return (row.host, citer) if citer is not None else None

    def on_source_list_chosen(self, event: SourceList.Chosen) -> None:
        event.stop()
        found = self._citer()
        if found is not None:
            self.dismiss(CitationChosen(*found))

    def action_open(self) -> None:
        found = self._citer()
        if found is not None:
            self.post_message(CitationOpen(*found))

    def action_close(self) -> None:
        self.dismiss()
