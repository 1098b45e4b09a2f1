"""The library screen (`threadview DIR`): every thread file found, sortable, searchable.

The first frame shows at once: a worker started at mount reads the page the screen shows
of what the index already knew (in the first frame when it is quick enough), then, once
those rows are on screen, all of it, and brings the index up to date; rows arrive as
messages while files are read. Typing searches the index in another worker; the newest
query wins. Enter asks the App to open the thread, at the matching comment for a search hit.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from threadview.commands.output import shown_path
from threadview.render.safe import safe_content, sanitize
from threadview.store.query import parse_query
from threadview.store.records import ARTICLE_ID, LibraryError, ScanReport
from threadview.store.walk import count_files
from threadview.ui.keys import bindings_for
from threadview.ui.library_feed import RowFeed, absolute, inside, relative
from threadview.ui.messages import LibraryListed, LibraryOpened, LibrarySearched
from threadview.ui.widgets.footer import ReaderFooter
from threadview.ui.widgets.library_list import LibraryList
from threadview.ui.widgets.library_results import LibraryResults

if TYPE_CHECKING:
    from textual.timer import Timer

    from threadview.bookmarks.store import BookmarkStore
    from threadview.store.library import LibraryStore
    from threadview.store.query import Query

SEARCH_DELAY = 0.15
"""Seconds typing must pause before the query runs (each run is a database query)."""
RESULTS = 50
PLACEHOLDER = 'Type to search: words, "phrases", harb*, author:, source:, before:, after:'
PAINT_WAIT = 2.0
"""Longest the scan waits for the first rows to be painted (seconds)."""


def reader_term(query: Query) -> str | None:
    """What the reader's own search looks for to highlight a hit: the first word or phrase
    (a prefix's stem), since the reader searches for one string."""
    if not query.terms:
        return None
    return " ".join(query.terms[0].words)


class LibraryHost(Protocol):
    """What the library screen asks of its App."""

    bookmark_store: BookmarkStore | None

    def open_thread(
        self, path: str, comment_id: str | None = None, query: str | None = None
    ) -> None: ...

    def library_shown(self) -> None: ...


class LibraryScreen(Screen[None]):
    """The library: a list of thread files (or, while a query is typed, its hits)."""

    BINDINGS = bindings_for("library")
    DEFAULT_CSS = """
    LibraryScreen #library-header { height: 1; background: $panel; padding: 0 1; }
    LibraryScreen #library-search { margin: 0 0; }
    LibraryScreen #library-results { display: none; }
    LibraryScreen.-searching #library-results { display: block; }
    LibraryScreen.-searching #library-list { display: none; }
    LibraryScreen #library-status { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, targets: Sequence[str | bytes | os.PathLike[str]], data_dir: Path) -> None:
        super().__init__()
        self.targets = [absolute(target) for target in targets]
        self.given = [os.fsdecode(target) for target in targets]
        """The targets as the user gave them, for the header."""
        self.data_dir = data_dir
        self.store: LibraryStore | None = None
        """The index, for searches (its own connection: the scan writes through another)."""
        self.problem: str | None = None
        self.progress: tuple[int, int] = (0, 0)
        self.indexing = False
        self.skipped = 0
        self.listed: int | None = None
        """How many threads the index lists while only the first page of them is shown."""
        self._timer: Timer | None = None
        self._searched = ""
        self._reload_pending = False
        self._rows_painted = threading.Event()
        """Set once the rows the index already held are on screen: then the scan starts."""

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="library-header")
        yield Input(
            placeholder=PLACEHOLDER,
            select_on_focus=False,
            compact=True,
            id="library-search",
        )
        yield LibraryList(id="library-list")
        yield LibraryResults(id="library-results")
        yield Static(Content(""), id="library-status")
        yield ReaderFooter()

    @property
    def host(self) -> LibraryHost:
        """The App, as far as the library needs it."""
        return cast(LibraryHost, self.app)

    @property
    def library_list(self) -> LibraryList:
        return self.query_one(LibraryList)

    @property
    def results(self) -> LibraryResults:
        return self.query_one(LibraryResults)

    @property
    def search_input(self) -> Input:
        return self.query_one("#library-search", Input)

    @property
    def searching(self) -> bool:
        """Whether a query is typed (the hits are shown instead of the list)."""
        return bool(self.search_input.value.strip())

    def on_mount(self) -> None:
        self.library_list.focus()
        self.indexing = True
        self._update_header()
        # Reading the first page (mostly SQLite, which lets the interpreter go) overlaps
        # the first frame, so its rows are often in it; the scan waits until they show.
        self._index()

    def stop(self) -> None:
        """Stop the scan and the searches (on quit): the scan ends after its file."""
        self.workers.cancel_group(self, "index")
        self.workers.cancel_group(self, "library-search")

    def on_unmount(self) -> None:
        self._rows_painted.set()  # a scan still waiting for it goes on to its end
        self.stop()
        if self.store is not None:
            self.store.close()
            self.store = None

    # ----- the index ----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _index(self) -> None:
        from threadview.store.library import LibraryStore

        worker = get_current_worker()
        try:
            reading = LibraryStore.open(self.data_dir)
        except LibraryError as error:
            self.post_message(LibraryOpened(None, str(error)))
            return
        with contextlib.suppress(LibraryError):  # the scan below lists them, or says why not
            self._feed(reading, 0).post_first(self.app.size.height)  # what the screen shows
        self.post_message(LibraryOpened(reading))
        # The rest of the list and the scan would compete with painting that page: wait.
        self._rows_painted.wait(PAINT_WAIT)
        with contextlib.suppress(LibraryError):
            self._feed(reading, 0).post(ScanReport(), finished=False)  # all it knew
        # Only now the parsers (the indexer's imports) and the scan's own connection.
        from threadview.store.indexer import Indexer

        try:
            writing = LibraryStore.open(self.data_dir)
        except LibraryError as error:
            self.post_message(LibraryOpened(None, str(error)))
            return
        try:
            feed = self._feed(writing, count_files(self.targets))
            indexer = Indexer(writing)

            def progress(report: ScanReport, path: bytes) -> None:
                if worker.is_cancelled:
                    indexer.cancel()
                    return
                feed.progress(report)

            indexer.progress = progress
            report = indexer.scan(self.targets)
            if not indexer.cancelled:
                feed.post(report, finished=True)
        except LibraryError as error:
            self.post_message(LibraryOpened(None, str(error)))
        finally:
            writing.close()

    def _feed(self, store: LibraryStore, total: int) -> RowFeed:
        return RowFeed(
            store, self.targets, total, self.post_message, lambda: self.host.bookmark_store
        )

    def reload(self) -> None:
        """Read the rows again (back from a thread: its new count and last read changed)."""
        if self.store is not None and not self.indexing:
            self._reload_pending = False
            self._reload(self.store)
        else:
            self._reload_pending = True  # once the scan is over

    @work(thread=True, exclusive=True, group="library-reload", exit_on_error=False)
    def _reload(self, store: LibraryStore) -> None:
        try:
            self._feed(store, self.progress[1]).post(
                ScanReport(), finished=True, skipped=self.skipped
            )
        except LibraryError:
            return  # the list on screen stays as it was

    @on(LibraryOpened)
    def _opened(self, event: LibraryOpened) -> None:
        if event.store is None:
            self.problem = event.problem
            self.indexing = False
            self._update_header()
            self._first_rows_painted()  # there will be none: show the keys now
            return
        if not self.is_attached:
            event.store.close()
            return
        self.store = event.store
        if self.searching:
            self._search_now()

    @on(LibraryList.Moved)
    def _moved(self, event: LibraryList.Moved) -> None:
        """Say which file the row under the cursor is (thread rows show no path)."""
        if not self.searching:
            entry = event.entry
            self._status(relative(entry.path) if entry is not None else "")

    def _first_rows_painted(self) -> None:
        if not self._rows_painted.is_set():
            self._rows_painted.set()
            self.host.library_shown()
            # The keys' line is a dozen widgets to mount: not while the first rows are read.
            self.query_one(ReaderFooter).painted()

    @on(LibraryListed)
    def _listed(self, event: LibraryListed) -> None:
        if not self._rows_painted.is_set():
            self.call_after_refresh(self._first_rows_painted)
        self.library_list.set_entries(event.entries)
        self.listed = event.threads
        self.progress = (event.done, event.total)
        self.skipped = event.skipped
        if event.finished:
            self.indexing = False
            if self._reload_pending:
                self.reload()
        self._update_header()

    def _update_header(self) -> None:
        listing = self.library_list
        rows = listing.threads
        failed = len(listing.entries) - rows
        threads = rows if self.listed is None else self.listed
        where = self.given[0] if len(self.given) == 1 else f"{len(self.targets)} files and folders"
        parts = [f"{threads:,} thread{'' if threads == 1 else 's'}"]
        if failed:
            parts.append(f"{failed:,} not read")
        if self.skipped:
            parts.append(f"{self.skipped:,} skipped")
        if self.indexing:
            done, total = self.progress
            parts.append(f"indexing {done:,}/{total:,}" if total else "indexing")
        if self.problem:
            parts.append(self.problem)
        arrow = "▼" if listing.reverse else "▲"
        parts.append(f"sort: {listing.sort} {arrow}")
        header = Content.assemble(
            Content.styled("Library ", "bold"),
            Content(shown_path(os.fsencode(where))),
            " · " + " · ".join(parts),
        )
        self.query_one("#library-header", Static).update(header, layout=False)

    # ----- search -------------------------------------------------------------------------

    @on(Input.Changed, "#library-search")
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        searching = bool(event.value.strip())
        self.set_class(searching, "-searching")
        if not searching:
            self._searched = ""
            self.results.show_hits([])
            entry = self.library_list.current
            self._status(relative(entry.path) if entry is not None else "")
            return
        self._status("searching…")
        self._timer = self.set_timer(SEARCH_DELAY, self._search_now)

    def _search_now(self) -> None:
        text = self.search_input.value
        if self.store is None:
            self._status("searching once the library is open…")
            return
        self._search(self.store, text)

    @work(thread=True, exclusive=True, group="library-search", exit_on_error=False)
    def _search(self, store: LibraryStore, text: str) -> None:
        worker = get_current_worker()
        try:
            query = parse_query(text)
            one_folder = len(self.targets) == 1 and os.path.isdir(self.targets[0])
            under = self.targets[0] if one_folder else None
            hits = store.search(query, limit=RESULTS if one_folder else RESULTS * 4, under=under)
        except LibraryError as error:
            if not worker.is_cancelled:
                self.post_message(LibrarySearched(text, [], str(error)))
            return
        if not one_folder:
            hits = [hit for hit in hits if inside(hit.path, self.targets)][:RESULTS]
        if not worker.is_cancelled:
            self.post_message(LibrarySearched(text, hits))

    @on(LibrarySearched)
    def _searched_hits(self, event: LibrarySearched) -> None:
        if event.text != self.search_input.value:
            return  # an earlier keystroke's answer
        if event.problem is not None:
            self._status(event.problem, error=True)
            return
        self._searched = event.text
        self.results.show_hits(event.hits)
        count = len(event.hits)
        more = "+" if count == RESULTS else ""
        self._status(
            f"{count}{more} match{'' if count == 1 else 'es'} · enter opens at the match"
            if count
            else "no matches"
        )

    def _status(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#library-status", Static)
        status.update(safe_content(message, "$error" if error else ""), layout=False)

    def on_key(self, event: Key) -> None:
        """A printable key types into the search (q quits while the list has the focus)."""
        if self.focused is self.search_input or not (event.is_printable and event.character):
            return
        if event.character == "q":
            return
        event.stop()
        event.prevent_default()
        field = self.search_input
        field.focus()
        field.insert_text_at_cursor(event.character)

    # ----- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_sort", "reverse_sort", "first", "last"):
            return not self.searching
        return True

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_page_down(self) -> None:
        self._move(self.library_list.page)

    def action_page_up(self) -> None:
        self._move(-self.library_list.page)

    def action_first(self) -> None:
        self.library_list.cursor = 0

    def action_last(self) -> None:
        self.library_list.cursor = len(self.library_list.entries) - 1

    def _move(self, step: int) -> None:
        if self.searching:
            self.results.move(step)
        else:
            self.library_list.move(step)

    def action_next_sort(self) -> None:
        self.library_list.next_sort()
        self._update_header()

    def action_reverse_sort(self) -> None:
        listing = self.library_list
        listing.reverse = not listing.reverse
        self._update_header()

    def action_close(self) -> None:
        if self.search_input.value:
            self.search_input.value = ""
            self.library_list.focus()
            return
        self.app.exit()

    def action_open(self) -> None:
        app = self.host
        if self.searching:
            hit = self.results.current
            if hit is None or self._searched != self.search_input.value:
                return
            try:
                term = reader_term(parse_query(self._searched))
            except LibraryError:
                term = None
            at = None if hit.comment_id == ARTICLE_ID else hit.comment_id
            app.open_thread(os.fsdecode(hit.path), comment_id=at, query=term)
            return
        entry = self.library_list.current
        if entry is None:
            return
        if entry.row is None:
            self.notify(
                sanitize(f"{entry.name}: not read: {entry.reason}"),
                severity="warning",
                markup=False,
            )
            return
        app.open_thread(os.fsdecode(entry.path))

    @on(LibraryResults.OptionSelected, "#library-results")
    def _hit_clicked(self, event: LibraryResults.OptionSelected) -> None:
        """A click on a hit opens it, as enter does (enter is the screen's own binding)."""
        event.stop()
        self.action_open()

    def on_screen_resume(self) -> None:
        self.reload()
