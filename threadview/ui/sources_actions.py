"""Translation notes and sources in the reader: `t`, `L`, and the notes badges.

A plain helper the reader screen owns. Comments are annotated lazily, one at a time, when
drawn or asked about (`NotesCache`); the set of comments with translation notes is found
by a cancellable thread worker (group "notes") after the first paint, and again when a
thread is installed (`ThreadInstalled`), as order-free keys; `t` turns them into the
positions of the order on screen once (a C-speed pass) and then jumps by bisection. Until
the scan is done `t` says so, except on a small thread, which it searches itself. Opening
and copying links (`o`, `y`) are in `link_actions`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.worker import Worker, get_current_worker

from threadview.annotate import ARTICLE_ID, Link, find_links, find_translations, source_key
from threadview.model import Comment, FlatNodes, Thread
from threadview.render.notes import NotesCache, note_keys, unique_links
from threadview.ui.messages import NotesScanned

if TYPE_CHECKING:
    from threadview.ui.messages import CitationChosen
    from threadview.ui.reader_view import ReaderView
    from threadview.ui.screens.sources import SourceRow

SYNC_NOTES_LIMIT = 2_000
"""Up to this many comments, `t` before the scan is done searches the thread itself."""
STILL_SCANNING = "Still scanning for notes…"


class SourcesActions:
    """t / L for the reader screen, and the translation and link badges on comment headers."""

    def __init__(self, reader: ReaderView) -> None:
        self.reader = reader
        self.notes = NotesCache()
        """Per-comment annotations and badges, computed on first use."""
        self._note_index: tuple[Thread, frozenset[Hashable]] | None = None
        """The comments with notes, by their order-free keys (`FlatNodes.keyed_bodies`)."""
        self._note_positions: tuple[object, Sequence[int]] | None = None
        """Those comments' positions in the order on screen, worked out on first use."""
        self._note_scan: tuple[Thread, Worker[None]] | None = None
        self._source_rows: tuple[Thread, list[SourceRow]] | None = None

    # ----- setup ------------------------------------------------------------------------

    def mount(self) -> None:
        """The scan starts after the first paint, so its thread doesn't compete with it;
        `t` pressed before then searches on its own."""
        self.reader.badge_providers.append(self._badges)
        self.reader.call_after_refresh(self.ensure_note_scan)

    def _badges(self, comment: Comment) -> tuple[Text, ...]:
        """A comment's translation and link badges, in the comment pane's colours."""
        return self.notes.badges(comment, palette=self.reader.comment_pane.palette)

    def thread_changed(self) -> None:
        """A new thread is on screen (the full parse, or a bookmark's file): scan it."""
        self.ensure_note_scan()

    def stop_scan(self) -> None:
        """Stop the background scan (quitting: its thread would slow the shutdown)."""
        if self._note_scan is not None:
            self._note_scan[1].cancel()

    # ----- translation notes: t ---------------------------------------------------------

    def ensure_note_scan(self) -> None:
        """Scan the current thread for notes in a worker, unless already done or under way
        (a thread swapped in after loading gets a fresh scan; the old one is cancelled)."""
        thread = self.reader.thread
        if self._note_index is not None and self._note_index[0] is thread:
            return
        if self._note_scan is not None and self._note_scan[0] is thread:
            return
        nodes = self.reader.comment_pane.flat.nodes
        worker = self.reader.run_worker(
            lambda: self._scan_notes(thread, nodes),
            name="notes",
            group="notes",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )
        self._note_scan = (thread, worker)

    def _scan_notes(self, thread: Thread, nodes: FlatNodes) -> None:
        """(In the worker's thread.) Find the comments with notes; say so unless cancelled."""
        worker = get_current_worker()
        found = note_keys(nodes, lambda: worker.is_cancelled)
        if found is not None and not worker.is_cancelled:
            self.reader.post_message(NotesScanned(thread, frozenset(found)))

    def notes_scanned(self, thread: Thread, found: frozenset[Hashable]) -> None:
        """The scan of `thread` has finished (kept only if it is still on screen)."""
        if thread is self.reader.thread:
            self._note_index = (thread, found)
            self._note_positions = None
            self._note_scan = None

    @property
    def note_index_ready(self) -> bool:
        """Whether the background scan of the current thread has finished."""
        return self._note_index is not None and self._note_index[0] is self.reader.thread

    def _has_note(self, comment: Comment) -> bool:
        cached = self.notes.peek(comment.id)
        if cached is not None:
            return cached.has_translation
        return bool(comment.body) and bool(find_translations(comment.body))

    def note_positions(self) -> Sequence[int] | None:
        """The positions, in the order on screen, of the comments with notes (None until
        the scan is done; a small thread is searched here instead)."""
        pane = self.reader.comment_pane
        nodes = pane.flat.nodes
        if self._note_positions is not None and self._note_positions[0] is nodes:
            return self._note_positions[1]
        if self._note_index is not None and self.note_index_ready:
            positions = nodes.positions_of_keys(self._note_index[1])
        elif pane.comment_count() <= SYNC_NOTES_LIMIT:
            positions = [
                position
                for position, node in enumerate(nodes)
                if isinstance(node, Comment) and self._has_note(node)
            ]
        else:
            return None
        self._note_positions = (nodes, positions)
        return positions

    def next_translation(self) -> None:
        """Select the next comment with a translation note, wrapping at the end; while
        the scan of a big thread runs, say so instead of waiting for it."""
        self.ensure_note_scan()
        positions = self.note_positions()
        if positions is None:
            self._say(STILL_SCANNING)
            return
        if not positions:
            self._say("No translation notes in this thread")
            return
        pane = self.reader.comment_pane
        start = pane.cursor_position
        after = bisect_right(positions, start)
        position = positions[after % len(positions)]
        pane.select_position(position)
        pane.focus()
        if after == len(positions):
            self._say("Wrapped around to the first translation note")

    # ----- sources panel: L -------------------------------------------------------------

    def show_sources(self) -> None:
        """`L`: the Sources panel (its rows kept for the next time on the same thread)."""
        from threadview.ui.screens.sources import SourcesScreen

        app, thread = self.reader.app, self.reader.thread
        if isinstance(app.screen, SourcesScreen) or not self.reader.on_top:
            return  # already open, or another dialog is on top
        rows = (
            self._source_rows[1]
            if (self._source_rows is not None and self._source_rows[0] is thread)
            else None
        )
        app.push_screen(
            SourcesScreen(thread, rows, on_rows=self._keep_source_rows), self._sources_closed
        )

    def _sources_closed(self, chosen: CitationChosen | None) -> None:
        if chosen is not None:
            self.jump_to_citation(chosen.cited_by, chosen.host)

    def _keep_source_rows(self, thread: Thread, rows: list[SourceRow]) -> None:
        self._source_rows = (thread, rows)

    def jump_to_citation(self, comment_id: str, host: str | None = None) -> None:
        """Select a citing comment ("article": show the article pane at the citation)."""
        reader = self.reader
        if comment_id == ARTICLE_ID:
            article = reader.article_pane
            block = self._article_block_citing(host) if host else None
            if block is not None:
                article.scroll_to_block(block)
            else:
                article.scroll_home(animate=False)
            article.focus()
            return
        if reader.comment_pane.select_comment_id(comment_id):
            reader.comment_pane.focus()
        else:
            reader.app.notify(
                "That comment is not in the reader yet (still loading?)",
                severity="warning",
                markup=False,
            )

    def _article_block_citing(self, host: str) -> int | None:
        for number, block in enumerate(self.reader.thread.article):
            if any(source_key(link.host) == host for link in find_links(block.text)):
                return number
        return None

    def _comment_by_id(self, comment_id: str) -> Comment | None:
        flat = self.reader.comment_pane.flat
        position = flat.position_of(comment_id)
        node = flat.nodes[position] if position is not None else None
        return node if isinstance(node, Comment) else None

    def citation_links(self, host: str, cited_by: str) -> list[Link]:
        """The links to `host` in one comment, or in the article and its byline."""
        thread = self.reader.thread
        if cited_by == ARTICLE_ID:
            links = [link for block in thread.article for link in find_links(block.text)]
            for value in (thread.url, thread.source):
                links += find_links(value or "")
            if not any(source_key(link.host) == host for link in links):
                links.append(Link(0, len(host), "https://" + host, host, "domain"))
        else:
            comment = self._comment_by_id(cited_by)
            links = list(self.notes.get(comment).links) if comment is not None else []
        return unique_links(link for link in links if source_key(link.host) == host)

    def open_citation(self, host: str, cited_by: str) -> None:
        """`o` in the Sources panel: open the selected citation's link."""
        links = self.citation_links(host, cited_by)
        if links:
            self.reader.open_links(links)
        else:
            self._say("No link to open for that citation")

    def _say(self, message: str) -> None:
        self.reader.app.notify(message, markup=False)
