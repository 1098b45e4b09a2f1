"""Reading memory in the reader: resume, new and edited marks, `>` `<` `M` `D`, seen tracking.

A plain helper the reader screen owns (as `BookmarkActions`). The library store opens in a
worker once the first frame is out and the whole thread is parsed, so the reader's start
imports neither sqlite3 nor `threadview.store`. "Seen" means on screen: the comments in
the pane's visible range are recorded in batches, off the UI thread. On the first visit
nothing is marked new (everything would be); on later visits the comments never on screen
before are new, and those whose text changed since an earlier save are marked edited. The
marks are those of the moment the thread was opened: reading a comment does not take its
mark away (it would vanish as it appears); `M` does. A store that cannot open gives one
warning and the reader goes on without memory.

The first visit writes the whole thread into the library. That is done from the thread the
reader already parsed (the file is hashed, not parsed again), on a worker that gives the
interpreter to the UI thread between slices of a few dozen comments while keys are being
answered, so a key costs about what it costs when the reader is idle.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Set
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from rich.text import Text

from threadview.bookmarks.records import resolve_data_dir
from threadview.model import Comment, Thread, iter_comments
from threadview.render.safe import sanitize
from threadview.ui.messages import MemoryFailed, MemoryOpened

if TYPE_CHECKING:
    from collections.abc import Sequence

    from textual.app import App
    from textual.message import Message
    from textual.timer import Timer

    from threadview.store.memory import ReadingMemory, Recall
    from threadview.ui.widgets.comment_pane import CommentPane
    from threadview.ui.widgets.forest_index import FlatForest

T = TypeVar("T")

NEW_MARK = "●"
EDITED_MARK = "Δ edited"
SEEN_DELAY = 0.5
"""Seconds of comments on screen gathered into one write."""
POSITION_DELAY = 1.0
"""Seconds the selection must rest before it is saved (and it is saved on quit)."""
ACTIVE_FOR = 0.5
"""Seconds after the selection or the scroll moved during which the indexing gives way."""
GIVE_WAY = 0.004
"""Seconds the indexing sleeps between slices while the reader is in use: a slice is about
a millisecond, so the UI thread waits on the interpreter for a fraction of one at most."""


class ReaderGone(Exception):
    """Raised into the indexing when the reader has closed: stop, and write nothing."""


class MemoryHost(Protocol):
    """What the reading memory reads of the App."""

    @property
    def data_dir(self) -> Path | None: ...

    @property
    def bookmark_path(self) -> Path | None: ...


class MemoryReader(Protocol):
    """What the reading memory needs of the reader screen (`ui/screens/reader.py`)."""

    thread: Thread
    path: Path | None
    badge_providers: list[Callable[[Comment], Sequence[Text] | Text | None]]

    @property
    def app(self) -> App[object]: ...

    @property
    def host(self) -> MemoryHost: ...

    @property
    def loading(self) -> bool: ...

    @property
    def comment_pane(self) -> CommentPane: ...

    def memory_changed(self) -> None: ...

    def post_message(self, message: Message) -> bool: ...


def gone_note(count: int) -> str:
    noun = "comment" if count == 1 else "comments"
    return f"{count} {noun} no longer in this save"


def _news(thread: Thread, recall: Recall) -> tuple[Set[str], Set[str]]:
    """(new ids, edited ids) of `thread`: nothing on a first visit. The ids never seen come
    from the index when it has them (making every comment again would hold the interpreter
    for as long as indexing did), as a compact set: 100,000 ids as strings in Python sets
    added about 15 MB to the reader's peak."""
    if recall.first_visit:
        return frozenset(), frozenset()
    from threadview.store.idset import IdSet
    from threadview.store.unseen import Unseen

    unseen: IdSet | Unseen | None = recall.unseen
    if unseen is None:
        made = iter_comments(thread.comments)
        unseen = IdSet(comment.id for comment in made if comment.id not in recall.seen)
    edited = frozenset(cid for cid in recall.edited if cid in unseen)
    return unseen.without(edited), edited


def _stat(path: Path | None) -> tuple[int, int] | None:
    """(size, mtime_ns) of the file a thread is read from, or None."""
    if path is None:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class ReadingMemoryActions:
    """The reader's reading memory: the store's service, the marks and the keys."""

    def __init__(self, reader: MemoryReader) -> None:
        self.reader = reader
        self.state = "waiting"
        """waiting (for the first paint and the whole thread), opening, open, off, closed."""
        self.memory: ReadingMemory | None = None
        self.recall: Recall | None = None
        self.new_ids: Set[str] = frozenset()
        self.edited_ids: Set[str] = frozenset()
        self._positions: tuple[FlatForest, list[int]] | None = None
        self._painted = False
        self._pending: set[str] = set()
        """Seen ids gathered and not yet handed to a worker."""
        self._unsaved: set[str] = set()
        """Seen ids handed to a worker and not yet written (guarded by `_lock`): quitting
        writes them itself, so a batch caught between the two is never lost."""
        self._lock = threading.Lock()
        self._seen_before: Set[str] = frozenset()
        """Seen on earlier visits, as recalled (a compact set: it may hold every comment)."""
        self._recorded: set[str] = set()
        """Seen ids handed to a worker during this visit."""
        self._position: str | None = None
        self._position_dirty = False
        self._seen_timer: Timer | None = None
        self._position_timer: Timer | None = None
        self._read_stat = _stat(reader.path)
        """The file's stat as the reader read it: indexing writes the parsed thread under it."""
        self._active = 0.0
        """When (monotonic) the selection or the scroll last moved."""

    # ----- the reader's hooks -----------------------------------------------------------

    def mount(self) -> None:
        self.reader.badge_providers.append(self._badge)
        self.reader.app.watch(self.reader.comment_pane, "scroll_y", self._scrolled, init=False)
        self.reader.app.call_after_refresh(self._first_frame)

    def _first_frame(self) -> None:
        self._painted = True
        self.note_visible()
        self.loading_changed()

    def loading_changed(self) -> None:
        """Open the memory once painted and the whole thread is in (preview ids would do
        for nothing: the marks and the resume need every comment)."""
        if self.state == "waiting" and self._painted and not self.reader.loading:
            self.state = "opening"
            host = self.reader.host
            data_dir = resolve_data_dir(str(host.data_dir) if host.data_dir else None)
            self._run(self._open_work, data_dir, self.reader.thread, self.reader.path)

    def thread_changed(self) -> None:
        """Another thread (a bookmark's other file) is on screen: write what belongs to
        the one before, and recall this one before writing anything for it."""
        if self.state == "open":
            self._flush_seen()
            self._save_position()
            self.state = "opening"
            # The last thread's marks say nothing of this one (its new comments are held
            # as "not seen there", which every comment here would match).
            self.new_ids = self.edited_ids = frozenset()
            self._positions = None
            self.reader.memory_changed()
            self.reader.app.call_later(self._reopen)

    def _reopen(self) -> None:
        memory = self.memory
        if self.state == "opening" and memory is not None:
            self._run(
                self._refresh_work, memory, self.reader.thread, self.reader.host.bookmark_path
            )

    def selected(self, comment: Comment | None) -> None:
        """The selection moved: save it once it rests, and note what is on screen."""
        self._active = time.monotonic()
        self.note_visible()
        if comment is None or comment.id == self._position:
            return
        self._position, self._position_dirty = comment.id, True
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.reader.app.set_timer(POSITION_DELAY, self._save_position)

    def _scrolled(self) -> None:
        self._active = time.monotonic()
        self.note_visible()

    def note_visible(self) -> None:
        """Gather the comments on screen now; they are written in one batch shortly."""
        pane = self.reader.comment_pane
        if self.state in ("off", "closed") or not pane.display:
            return
        fresh = [
            cid
            for cid in pane.visible_comment_ids()
            if cid not in self._recorded and cid not in self._seen_before
        ]
        if not fresh:
            return
        self._pending.update(fresh)
        if self._seen_timer is None:
            self._seen_timer = self.reader.app.set_timer(SEEN_DELAY, self._flush_seen)

    def header_notes(self) -> list[str]:
        """What the header says about the memory: new comments, and those gone."""
        notes = [f"{len(self.new_ids):,} new"] if self.new_ids else []
        if self.recall is not None and self.recall.gone:
            notes.append(gone_note(len(self.recall.gone)))
        return notes

    def close(self) -> None:
        """The reader is going: save the position and what was seen, then close."""
        for timer in (self._seen_timer, self._position_timer):
            if timer is not None:
                timer.stop()
        memory, self.memory = self.memory, None
        self.state = "closed"
        if memory is not None:
            self._write_last(memory)

    # ----- opening (in a worker) --------------------------------------------------------

    def _run(self, work: Callable[..., None], *args: object) -> None:
        self.reader.app.run_worker(
            lambda: work(*args), thread=True, group="memory", exit_on_error=False
        )

    def _open_work(self, data_dir: Path, thread: Thread, path: Path | None) -> None:
        try:
            from threadview.store.memory import ReadingMemory

            memory, recall = ReadingMemory.open(
                data_dir, thread, path, self._read_stat, self._give_way
            )
        except Exception as error:  # whatever the store does, the reader goes on
            self.reader.post_message(MemoryFailed(_reason(error)))
            return
        try:
            news = _news(thread, recall)
        except Exception as error:
            memory.close()
            self.reader.post_message(MemoryFailed(_reason(error)))
            return
        if not self.reader.post_message(MemoryOpened(memory, recall, *news)):
            self._write_last(memory)  # the reader went meanwhile: keep what it saw

    def _give_way(self) -> None:
        """Between slices of indexing: while the reader is in use, let the UI thread run;
        once it has closed, stop (quitting would otherwise wait for the whole index)."""
        if self.state == "closed":
            raise ReaderGone
        if time.monotonic() - self._active < ACTIVE_FOR:
            time.sleep(GIVE_WAY)

    def _write_last(self, memory: ReadingMemory) -> None:
        """Write the seen ids no worker has written and the position, then close."""
        with self._lock:
            unsaved = self._pending | self._unsaved
        with contextlib.suppress(Exception):  # quitting must not fail over the memory
            if unsaved:
                memory.record_seen(unsaved)
            if self._position is not None:
                memory.set_position(self._position)
        with contextlib.suppress(Exception):
            memory.close()

    def _refresh_work(self, memory: ReadingMemory, thread: Thread, path: Path | None) -> None:
        """The same thread again (its full parse) keeps its recall; another is recalled."""
        try:
            from threadview.store.identity import thread_identity

            recall = self.recall
            if thread_identity(thread) != memory.identity or recall is None:
                memory, recall = memory.other(thread, path)
            news = _news(thread, recall)
        except Exception as error:
            self.reader.post_message(MemoryFailed(_reason(error)))
            return
        self.reader.post_message(MemoryOpened(memory, recall, *news))

    def opened(self, event: MemoryOpened) -> None:
        """The memory is open: mark, count, resume, and write what was seen meanwhile."""
        if self.state not in ("opening", "open"):
            event.memory.close()
            return
        again = self.memory is not None and event.memory.identity == self.memory.identity
        self.state, self.memory, self.recall = "open", event.memory, event.recall
        self.new_ids, self.edited_ids = event.new_ids, event.edited_ids
        self._positions = None
        if not again:
            self._seen_before, self._recorded = event.recall.seen, set()
            self._pending = {cid for cid in self._pending if cid not in self._seen_before}
        self.reader.memory_changed()
        if not again:
            self._resume(event.recall)
        self.note_visible()
        if self._pending and self._seen_timer is None:
            self._flush_seen()
        if self._position_dirty and self._position_timer is None:
            self._save_position()

    def failed(self, event: MemoryFailed) -> None:
        if self.state == "closed":
            return  # a write that lost the race with quitting: `close` wrote it
        self.state, self._pending = "off", set()
        self.reader.app.notify(
            sanitize(f"Reading memory is off: {event.reason}"),
            severity="warning",
            timeout=10,
            markup=False,
        )

    def _resume(self, recall: Recall) -> None:
        """Back to the comment the reader was on, unless the user has moved already. It is
        looked for by its time (a few comments compared); by id only when undated, which
        works out every comment's id the first time."""
        pane, position = self.reader.comment_pane, recall.position
        if position is None or pane.cursor_position > 0:
            return
        where = None
        if recall.position_time is not None:
            like = Comment(position, "", recall.position_time, "")
            where = pane.flat.locate(like)
        if pane.select_position(where) if where is not None else pane.select_comment_id(position):
            self._position = position

    # ----- writing (in workers) ---------------------------------------------------------

    def _flush_seen(self) -> None:
        self._seen_timer = None
        memory = self.memory
        if memory is None or not self._pending or self.state != "open":
            return
        batch, self._pending = frozenset(self._pending), set()
        self._recorded |= batch
        with self._lock:
            self._unsaved |= batch
        self._run(self._write_seen, memory, batch)

    def _write_seen(self, memory: ReadingMemory, batch: frozenset[str]) -> None:
        self._write(memory.record_seen, batch)
        with self._lock:
            self._unsaved -= batch

    def _save_position(self) -> None:
        self._position_timer = None
        memory = self.memory
        if memory is None or not self._position_dirty or self.state != "open":
            return
        self._position_dirty = False
        self._run(self._write, memory.set_position, self._position)

    def _write(self, call: Callable[[T], None], value: T) -> None:
        try:
            call(value)
        except Exception as error:
            self.reader.post_message(MemoryFailed(_reason(error)))

    # ----- keys: > < M D ----------------------------------------------------------------

    def _badge(self, comment: Comment) -> Text | None:
        palette = self.reader.comment_pane.palette
        if comment.id in self.new_ids:
            return Text(NEW_MARK, style=palette.new_mark)
        if comment.id in self.edited_ids:
            return Text(EDITED_MARK, style=palette.edited_mark)
        return None

    def _new_positions(self) -> list[int]:
        """Pane positions of the new comments, sorted (kept until the forest changes)."""
        flat = self.reader.comment_pane.flat
        if self._positions is None or self._positions[0] is not flat:
            found = (flat.position_of(cid) for cid in self.new_ids)
            self._positions = (flat, sorted(p for p in found if p is not None))
        return self._positions[1]

    def jump(self, step: int) -> None:
        """Select the next (`step` 1) or previous (-1) new comment, wrapping round."""
        positions = self._new_positions()
        if not positions:
            self.reader.app.notify("No new comments", markup=False)
            return
        pane = self.reader.comment_pane
        here = pane.cursor_position
        if step > 0:
            target = next((p for p in positions if p > here), positions[0])
        else:
            target = next((p for p in reversed(positions) if p < here), positions[-1])
        pane.select_position(target)
        pane.focus()

    def mark_read(self) -> None:
        """Every comment seen; the new and edited marks go."""
        if self.state != "open" or self.memory is None:
            self.reader.app.notify("Reading memory is not open", severity="warning", markup=False)
            return
        count = len(self.new_ids) + len(self.edited_ids)
        self.new_ids = self.edited_ids = frozenset()
        self._positions = None
        self.reader.memory_changed()
        self._run(self._mark_read_work, self.memory, self.reader.thread)
        noun = "comment" if count == 1 else "comments"
        self.reader.app.notify(f"Thread marked read ({count:,} {noun} were new)", markup=False)

    def _mark_read_work(self, memory: ReadingMemory, thread: Thread) -> None:
        ids = frozenset(comment.id for comment in iter_comments(thread.comments))
        self._write(memory.mark_read, ids)

    def show_gone(self) -> None:
        """`D`: the comments earlier saves had and this one lacks."""
        gone = self.recall.gone if self.recall is not None else ()
        if not gone:
            self.reader.app.notify("No comments are missing from this save", markup=False)
            return
        from threadview.ui.screens.gone import GoneScreen

        self.reader.app.push_screen(GoneScreen(gone))


def _reason(error: Exception) -> str:
    from threadview.store.records import LibraryError

    if isinstance(error, LibraryError):
        return str(error)
    if isinstance(error, OSError):
        return f"{error.strerror or error}"
    return f"{type(error).__name__}: {error}"
