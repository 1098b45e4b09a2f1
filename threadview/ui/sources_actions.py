"""Translation notes and sources in the reader (an App mixin): `t`, `L`, badges.

Comments are annotated lazily, one at a time, when drawn or asked about (`NotesCache`);
the set of comments with translation notes is found on a daemon thread so `t` can jump
with a set lookup, and until then `t` searches forward itself. Opening and copying links
(`o`, `y`) are in `link_actions`.
"""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING

from threadview.annotate import ARTICLE_ID, Link, find_links, find_translations, source_key
from threadview.model import Comment, Thread
from threadview.ui.notes import NotesCache, note_ids, unique_links

if TYPE_CHECKING:
    from threadview.ui.app import ThreadViewApp
    from threadview.ui.screens.sources import SourceRow

    _Base = ThreadViewApp
else:
    _Base = object

RESCAN_CHECK = 0.5


class SourcesActions(_Base):
    """t / L for the App, and the translation and link badges on comment headers."""

    _notes_cache: NotesCache | None = None
    _note_index: tuple[Thread, frozenset[str]] | None = None
    _note_scan: tuple[Thread, threading.Event] | None = None
    _source_rows: tuple[Thread, list[SourceRow]] | None = None

    # ----- setup ------------------------------------------------------------------------

    def on_mount(self) -> None:
        """Textual calls every class's on_mount in the MRO, so this runs after the App's.

        The scan starts after the first paint, so its thread doesn't compete with it; `t`
        pressed before then searches on its own."""
        self.badge_providers.append(self.notes.badges)
        self.call_after_refresh(self._start_note_scans)

    async def action_quit(self) -> None:
        """Stop the background notes scan first: its thread would slow the shutdown."""
        if self._note_scan is not None:
            self._note_scan[1].set()
        await super().action_quit()  # type: ignore[misc]

    def _start_note_scans(self) -> None:
        self._ensure_note_scan()
        # The full thread replaces a preview after loading: notice it and rescan.
        self.set_interval(RESCAN_CHECK, self._ensure_note_scan)

    @property
    def notes(self) -> NotesCache:
        """Per-comment annotations and badges, computed on first use."""
        if self._notes_cache is None:
            self._notes_cache = NotesCache()
        return self._notes_cache

    # ----- translation notes: t ---------------------------------------------------------

    def _ensure_note_scan(self) -> None:
        """Scan the current thread for notes on a daemon thread, unless already done or
        under way (a thread swapped in after loading gets a fresh scan)."""
        thread = self.thread
        if self._note_index is not None and self._note_index[0] is thread:
            return
        if self._note_scan is not None:
            if self._note_scan[0] is thread:
                return
            self._note_scan[1].set()
        stop = threading.Event()
        self._note_scan = (thread, stop)
        threading.Thread(
            target=self._scan_notes, args=(thread, stop), name="threadview-notes", daemon=True
        ).start()

    def _scan_notes(self, thread: Thread, stop: threading.Event) -> None:
        found = frozenset(note_ids(thread.comments, stop.is_set))
        if not stop.is_set():
            with contextlib.suppress(RuntimeError):
                self.call_from_thread(self._notes_scanned, thread, found)

    def _notes_scanned(self, thread: Thread, found: frozenset[str]) -> None:
        if thread is self.thread:
            self._note_index = (thread, found)
            self._note_scan = None

    @property
    def note_index_ready(self) -> bool:
        """Whether the background scan of the current thread has finished."""
        return self._note_index is not None and self._note_index[0] is self.thread

    def _has_note(self, comment: Comment) -> bool:
        cached = self.notes.peek(comment.id)
        if cached is not None:
            return cached.has_translation
        return bool(comment.body) and bool(find_translations(comment.body))

    def action_next_translation(self) -> None:
        """Select the next comment with a translation note, wrapping at the end."""
        self._ensure_note_scan()
        pane = self.comment_pane
        nodes = pane.flat.nodes
        total = len(nodes)
        index = self._note_index[1] if self.note_index_ready else None  # type: ignore[index]
        start = pane.cursor_position
        for step in range(1, total + 1):
            position = (start + step) % total
            node = nodes[position]
            if not isinstance(node, Comment):
                continue
            if node.id in index if index is not None else self._has_note(node):
                pane.select_comment_id(node.id)
                pane.focus()
                if position <= start:
                    self.notify("Wrapped around to the first translation note", markup=False)
                return
        self.notify("No translation notes in this thread", markup=False)

    # ----- sources panel: L -------------------------------------------------------------

    def action_show_sources(self) -> None:
        from threadview.ui.screens.sources import SourcesScreen

        if isinstance(self.screen, SourcesScreen) or len(self.screen_stack) > 1:
            return  # already open, or another dialog is on top
        rows = (
            self._source_rows[1]
            if (self._source_rows is not None and self._source_rows[0] is self.thread)
            else None
        )
        self.push_screen(SourcesScreen(self.thread, rows, on_rows=self._keep_source_rows))

    def _keep_source_rows(self, thread: Thread, rows: list[SourceRow]) -> None:
        self._source_rows = (thread, rows)

    def jump_to_citation(self, comment_id: str, host: str | None = None) -> None:
        """Select a citing comment ("article": show the article pane at the citation)."""
        if comment_id == ARTICLE_ID:
            article = self.article_pane
            block = self._article_block_citing(host) if host else None
            if block is not None:
                article.scroll_to_block(block)
            else:
                article.scroll_home(animate=False)
            article.focus()
            return
        if self.comment_pane.select_comment_id(comment_id):
            self.comment_pane.focus()
        else:
            self.notify(
                "That comment is not in the reader yet (still loading?)",
                severity="warning",
                markup=False,
            )

    def _article_block_citing(self, host: str) -> int | None:
        for number, block in enumerate(self.thread.article):
            if any(source_key(link.host) == host for link in find_links(block.text)):
                return number
        return None

    def _comment_by_id(self, comment_id: str) -> Comment | None:
        flat = self.comment_pane.flat
        position = flat.position_of(comment_id)
        node = flat.nodes[position] if position is not None else None
        return node if isinstance(node, Comment) else None

    def citation_links(self, host: str, cited_by: str) -> list[Link]:
        """The links to `host` in one comment, or in the article and its byline."""
        if cited_by == ARTICLE_ID:
            links = [link for block in self.thread.article for link in find_links(block.text)]
            for value in (self.thread.url, self.thread.source):
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
            self.choose_and_open(links)
        else:
            self.notify("No link to open for that citation", markup=False)
