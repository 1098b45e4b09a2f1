"""The reader App: what is app-wide (the thread, the document, settings, the bookmark store).

`run_app` is what the CLI calls for one thread. A preview thread (the first comments only)
paints at once; the rest of the file is parsed in the background and swapped in, keeping
the selected comment. The panes, their keys and their messages live on the `ReaderScreen`
(`ui/screens/reader.py`). `run_library` opens the library (`ui/screens/library.py`)
instead; `open_thread` pushes a reader over it, and q or escape there comes back.

Background work is a Textual worker (`@work(thread=True, exclusive=True, group=...)`)
whose result comes back as a message, with one documented exception: the full-file parse
runs on a daemon thread (`_parse_rest`), because Textual's thread workers run on
asyncio's default executor, which the interpreter joins at exit, so quitting during a
long parse would wait for it.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.screen import Screen

from threadview.bookmarks.records import StoreError, StoreReadOnly, resolve_data_dir, thread_key
from threadview.gcpause import freeze_heap, resume_collector
from threadview.model import Thread
from threadview.render.markdown import markdown_parser
from threadview.render.outgoing import clipboard_text
from threadview.render.safe import sanitize
from threadview.settings import Settings, load_settings, save_settings
from threadview.ui.bookmark_actions import cant_save, document_path
from threadview.ui.keymap import load_user_keys
from threadview.ui.keys import APP_ACTIONS, KEYS, bindings_for
from threadview.ui.messages import CitationOpen, ParseFailed, ThreadInstalled

if TYPE_CHECKING:
    from threadview.bookmarks.store import BookmarkStore
    from threadview.parsing.load import Document
    from threadview.parsing.splitscan import Child
    from threadview.ui.screens.library import LibraryScreen
    from threadview.ui.screens.reader import ReaderScreen

MAX_WARNING_TOASTS = 3
STORE_TIMEOUT = 5.0
PAINT_WAIT = 2.0
"""Longest the store waits for the first paint before opening anyway (seconds)."""
SWITCH_INTERVAL = 0.001
"""How long a thread that wants the interpreter waits for a busy one to let go (Python's
default is 5 ms): with the load, sort and notes scan busy in the background, a key waited
that long each time the UI thread took the interpreter back."""


class ThreadViewApp(App[int]):
    """Reads one thread. The reader screen owns the panes and their keys; the App owns
    the app-wide state and quitting."""

    CSS_PATH = "threadview.tcss"
    TITLE = "threadview"
    BINDINGS = bindings_for("from-library")

    url_opener: Callable[[str], object] | None = None
    """Called with the normalised URL once the user confirms; None means webbrowser.open."""
    milestone: Callable[[str], object] | None = None
    """Called with "paint" after the first frame and "full" once the whole thread (or the
    library's first rows) is on screen. Only `bench/` sets it (`bench/reader_entry.py`)."""

    def __init__(
        self,
        thread: Thread | None = None,
        *,
        document: Document | None = None,
        from_name: str | None = None,
        data_dir: str | os.PathLike[str] | None = None,
        library: Sequence[str | bytes | os.PathLike[str]] = (),
        split_child: Child | None = None,
    ) -> None:
        """One `thread` (a reader), or the `library` of these folders and files.
        `split_child`: a process already scanning the second half of the document's file
        for the full parse (`parsing.splitscan`)."""
        super().__init__()
        self.thread = thread
        self.document = document
        self.split_child = split_child
        self.from_name = from_name
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self.settings, self._settings_warning = load_settings()
        self.user_keys = load_user_keys()
        """The user's keys (`keys.toml`), checked; the rest keep their defaults."""
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        elif self.settings.theme is not None:
            self._settings_warning = (
                f"the saved theme {self.settings.theme!r} is not known here; using the default"
            )
        self._settings_lock = threading.Lock()
        self._switch_interval = sys.getswitchinterval()
        self.resume_gc = False
        """Set by `run_app`: the CLI paused the garbage collector; resume it once painted."""
        self.bookmark_store: BookmarkStore | None = None
        self.bookmark_problem: str | None = None
        self.bookmark_path: Path | None = document_path(document)
        self._store_opening = True
        self._painted = threading.Event()
        self._reader: ReaderScreen | None = None
        self.library: LibraryScreen | None = None
        """The library screen, under any reader opened from it (None: one thread)."""
        if library:
            from threadview.ui.screens.library import LibraryScreen

            self.library = LibraryScreen(library, self._data_dir())
        elif thread is not None:
            from threadview.ui.screens.reader import ReaderScreen  # not for the library

            self._reader = ReaderScreen(
                thread,
                comment_order=self.settings.sort,
                loading=bool(thread.extra.get("partial")) and document is not None,
                path=self.bookmark_path,
            )
        else:
            raise ValueError("ThreadViewApp needs a thread or a library")

    @property
    def reader(self) -> ReaderScreen:
        """The reader screen (the panes, their keys and messages) of the open thread."""
        if self._reader is None:
            raise LookupError("no thread is open")
        return self._reader

    def get_default_screen(self) -> Screen[None]:
        return self.library if self.library is not None else self.reader

    def _data_dir(self) -> Path:
        return resolve_data_dir(str(self.data_dir) if self.data_dir is not None else None)

    def on_mount(self) -> None:
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        freeze_heap()
        if self.thread is not None:
            self._notify_warnings(self.thread.warnings)
        if self.user_keys.keys:
            self.set_keymap(self.user_keys.textual_keymap())
        self._notify_warnings(self.user_keys.warnings)
        if self._settings_warning:
            self.notify(sanitize(self._settings_warning), severity="warning", markup=False)
        if self.library is None:  # the library says when its first rows are painted
            self.call_after_refresh(self._painted.set)
        key = thread_key(self.thread) if self.thread is not None else None
        self._open_store(self._data_dir(), key, self.bookmark_path)
        self.call_after_refresh(self._first_paint)

    def _first_paint(self) -> None:
        """After the first frame: start parsing the rest (not before, so the parse
        thread doesn't compete with the first paint for the interpreter)."""
        self.reached("paint")
        if self.resume_gc:
            self.resume_gc = False
            resume_collector()
        if self.library is not None:
            return  # it reads its first rows from mount on, and says "full" once they show
        self.reader.painted()
        # The first body beyond plain Markdown would pay for importing markdown-it; pay
        # it now, off the UI thread, while the reader is idle (the library's thread
        # opener pays it on its own thread).
        self.run_worker(markdown_parser, thread=True, group="warm-up", exit_on_error=False)
        if self.reader.loading:
            self._finish_parsing()
        else:
            self.reached("full")

    def library_shown(self) -> None:
        """The library's first rows are on screen: now the bookmark store may open (it
        would compete with them for the interpreter), and the bench hears "full"."""
        self._painted.set()
        self.reached("full")

    def reached(self, milestone: str) -> None:
        """Report a milestone to the benchmarks' hook (`milestone`), when one is set."""
        if self.milestone is not None:
            self.milestone(milestone)

    def replace_thread(self, thread: Thread) -> None:
        """The reader now shows `thread` (the full parse, or a bookmark's other file)."""
        self.thread, self.document = thread, None
        freeze_heap()
        self._notify_warnings(thread.warnings)
        self.reached("full")

    def remember_sort(self, order: str) -> None:
        """Keep a sort order chosen with `s` for the next run."""
        self._remember(replace(self.settings, sort=order))

    # ----- background parsing -----------------------------------------------------------

    def _finish_parsing(self) -> None:
        """Parse the whole file on a daemon thread, then install it on the UI thread.

        Not a Textual thread worker: see the module's docstring."""
        width = self.reader.comment_pane.content_width
        order = self.reader.comment_order
        threading.Thread(
            target=self._parse_rest, args=(width, order), name="threadview-parse", daemon=True
        ).start()

    def _parse_rest(self, width: int, order: str) -> None:
        from threadview.parsing import ParseError, parse_document
        from threadview.parsing.splitscan import helped
        from threadview.ui.widgets.comment_view import forest_in_order, prepare_forest

        document, child, self.split_child = self.document, self.split_child, None
        if document is None:
            return
        message: ThreadInstalled | ParseFailed
        try:
            with helped(document, child) as whole:
                full = parse_document(whole, self.from_name)
            prepared = prepare_forest(forest_in_order(full, order), width)
            message = ThreadInstalled(full, prepared, order)
        except ParseError as error:
            message = ParseFailed(str(error))
        except Exception as error:  # a bug must not print a traceback over the screen
            message = ParseFailed(f"{type(error).__name__}: {error}")
        finally:
            if child is not None:  # done with it (it may have been finding duplicates)
                child.close()
        self.reader.post_message(message)

    def on_parse_failed(self, event: ParseFailed) -> None:
        self.reader.loading = False
        self.notify(
            sanitize("Could not read the rest of the file: " + event.reason),
            severity="error",
            markup=False,
        )

    def _notify_warnings(self, warnings: Sequence[str]) -> None:
        """A toast for each of the first few different warnings, then one for the rest:
        a toast each for 100,000 would freeze the reader for a minute."""
        counts: dict[str, int] = {}
        for warning in warnings:
            counts[warning] = counts.get(warning, 0) + 1
        shown = list(counts.items())[:MAX_WARNING_TOASTS]
        for warning, count in shown:
            repeated = f" (x{count:,})" if count > 1 else ""
            self.notify(sanitize(warning) + repeated, severity="warning", markup=False)
        rest = len(warnings) - sum(count for _, count in shown)
        if rest:
            more = f"{rest:,} more warning{'s' if rest > 1 else ''}: `threadview dump` lists them"
            self.notify(more, severity="warning", markup=False)

    def _print_error_renderables(self) -> None:
        """Textual prints a crash's traceback (locals and all) here as the app exits; ours
        is logged by the CLI and summarised in one line instead (`run_app` re-raises)."""
        self._exit_renderables.clear()

    # ----- the bookmark store -----------------------------------------------------------

    @property
    def store_opening(self) -> bool:
        """Whether the bookmark store is still opening (b / N / B wait for it)."""
        return self._store_opening

    @work(thread=True, exclusive=True, group="bookmarks-open", exit_on_error=False)
    def _open_store(self, data_dir: Path, key: str | None, path: Path | None) -> None:
        """Open the store once the first frame is out (so opening it, and importing
        sqlite3, doesn't delay it). If it can't open, the reader says so and goes on."""
        self._painted.wait(PAINT_WAIT)  # set by the first paint, or by unmount
        if not self._store_opening:
            return  # the app is gone: open nothing that no one would close
        store, problem, ids = None, None, set()
        try:
            from threadview.bookmarks.store import BookmarkStore

            store = BookmarkStore.open(data_dir, timeout=STORE_TIMEOUT)
        except StoreReadOnly as error:
            problem = str(error)
            with contextlib.suppress(StoreError, OSError):
                store = BookmarkStore.open(data_dir, readonly=True, timeout=STORE_TIMEOUT)
        except (StoreError, OSError) as error:
            problem = str(error)
        except Exception as error:  # reading must go on whatever the store does
            problem = f"the store could not be opened ({type(error).__name__}: {error})"
        if store is not None:
            try:
                if key is not None and path is not None and not store.readonly:
                    store.update_path(key, path)
                ids = store.ids_for_thread(key) if key is not None else set()
            except StoreError as error:
                problem = problem or str(error)
            except Exception as error:  # as above: the reader goes on, and says why
                problem = problem or f"the store could not be read ({type(error).__name__})"
        try:
            self.call_from_thread(self._store_opened, store, problem, frozenset(ids))
        except RuntimeError:  # the app has quit meanwhile: nobody else will close it
            if store is not None:
                with contextlib.suppress(StoreError):
                    store.close()

    def _store_opened(
        self, store: BookmarkStore | None, problem: str | None, ids: frozenset[str]
    ) -> None:
        self.bookmark_store, self.bookmark_problem = store, problem
        self._store_opening = False
        if problem:
            self.notify(cant_save(problem), severity="warning", timeout=10, markup=False)
        if self.library is None:
            self.reader.bookmarks.store_opened(ids)
            return
        self.library.reload()  # the bookmark counts
        if self._reader is not None:  # opened from the library before the store was
            self._reader.bookmarks.store_opened(frozenset())
            self._reader.bookmarks.refresh_bookmark_marks()

    def on_unmount(self) -> None:
        sys.setswitchinterval(self._switch_interval)
        self._store_opening = False
        self._painted.set()  # a worker still waiting for the first paint gives up
        if self.bookmark_store is not None:
            with contextlib.suppress(StoreError):
                self.bookmark_store.close()

    def on_citation_open(self, event: CitationOpen) -> None:
        """`o` in the Sources panel (a dialog over the reader, so the message comes here)."""
        self.reader.sources.open_citation(event.host, event.cited_by)

    # ----- app-wide actions -------------------------------------------------------------

    async def action_quit(self) -> None:
        """Stop the background scans first: their threads would slow the shutdown. In a
        thread opened from the library, go back to the library instead."""
        if self._reader is not None:
            self._reader.sources.stop_scan()
        if self.library is not None and self._reader is not None and self.screen is self._reader:
            self.action_back_to_library()
            return
        if self.library is not None:
            self.library.stop()
        await super().action_quit()

    def action_back_to_library(self) -> None:
        """Leave the thread opened from the library; the library is as it was left."""
        if self.library is None or self._reader is None or self.screen is not self._reader:
            return
        self._reader.sources.stop_scan()
        self._reader = None
        self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back_to_library":
            return self.library is not None and self.screen is self._reader
        return True

    # ----- the library opens threads ----------------------------------------------------

    def open_thread(
        self, path: str, comment_id: str | None = None, query: str | None = None
    ) -> None:
        """Read the thread at `path` off the UI thread, then show it in a reader over the
        library: on `comment_id` when given, with `query` searched for and highlighted.
        A file that can't be read is a one-line notification."""
        self._load_thread(path, comment_id, query)

    @work(thread=True, exclusive=True, group="open-thread", exit_on_error=False)
    def _load_thread(self, path: str, comment_id: str | None, query: str | None) -> None:
        from threadview.parsing import ParseError, load_path

        try:
            thread = load_path(path)
            markdown_parser()  # imported here, not on the UI thread at the first body
        except ParseError as error:
            self.call_from_thread(self._cannot_open, str(error))
            return
        except Exception as error:  # a bug in a parser must not end the library
            self.call_from_thread(self._cannot_open, f"{type(error).__name__}: {error}")
            return
        ids: set[str] = set()
        store = self.bookmark_store
        if store is not None:
            key = thread_key(thread)
            try:
                if not store.readonly:
                    store.update_path(key, Path(path).absolute())
                ids = store.ids_for_thread(key)
            except StoreError:
                ids = set()
        self.call_from_thread(self._show_thread, path, thread, comment_id, query, frozenset(ids))

    def _cannot_open(self, reason: str) -> None:
        message = sanitize(f"Could not open the thread: {reason}")
        self.notify(message, severity="error", markup=False)

    def _show_thread(
        self,
        path: str,
        thread: Thread,
        comment_id: str | None,
        query: str | None,
        ids: frozenset[str],
    ) -> None:
        if self._reader is not None or self.library is None:
            return  # a reader is already open (two enters in a row)
        self.thread, self.document = thread, None
        self.bookmark_path = Path(path).absolute()
        from threadview.ui.screens.reader import ReaderScreen

        reader = ReaderScreen(
            thread,
            comment_order=self.settings.sort,
            loading=False,
            path=self.bookmark_path,
            select=comment_id,
            search=query,
        )
        self._reader = reader
        self.push_screen(reader)
        freeze_heap()
        self._notify_warnings(thread.warnings)
        reader.call_after_refresh(self._reader_shown, reader, ids)

    def _reader_shown(self, reader: ReaderScreen, ids: frozenset[str]) -> None:
        reader.painted()
        if not self._store_opening:
            reader.bookmarks.store_opened(ids)

    def copy_to_clipboard(self, text: str) -> None:
        """Every copy, ours or Textual's, passes the clipboard gate before it leaves."""
        super().copy_to_clipboard(clipboard_text(text).text)

    def watch_theme(self, theme: str) -> None:
        """A theme chosen (from the palette) is kept for the next run."""
        self._remember(replace(self.settings, theme=theme))

    def _remember(self, settings: Settings) -> None:
        if settings != self.settings:
            self.settings = settings
            self._save_settings()

    @work(thread=True, group="settings", exit_on_error=False)
    def _save_settings(self) -> None:
        # Each save writes the settings current when it takes the lock, so of two quick
        # changes the file always ends with the last.
        with self._settings_lock:
            problem = save_settings(self.settings)
        if problem:
            with contextlib.suppress(RuntimeError):
                self.call_from_thread(self._settings_not_saved, problem)

    def _settings_not_saved(self, problem: str) -> None:
        self.notify(sanitize(problem), severity="warning", markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette lists every action of the key table."""
        seen: set[str] = set()
        for spec in KEYS:
            if not spec.palette or spec.action in seen:
                continue
            seen.add(spec.action)
            target = None if spec.context in ("global", "search") or spec.later else spec.context
            yield SystemCommand(
                spec.description,
                f"Key: {self.user_keys.display(spec)}",
                self._palette_callback(spec.action, target),
            )
        yield from super().get_system_commands(screen)

    def _palette_callback(self, action: str, pane: str | None) -> Callable[[], None]:
        def run() -> None:
            if self._reader is None:
                if action in APP_ACTIONS:
                    self.call_later(self.run_action, action, self)
                return
            reader = self._reader
            namespace = {"comments": reader.comment_pane, "article": reader.article_pane}.get(
                pane or "", self if action in APP_ACTIONS else reader
            )
            self.call_later(self.run_action, action, namespace)

        return run


def run_app(
    document: Document,
    thread: Thread,
    *,
    from_name: str | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    resume_gc: bool = False,
    split_child: Child | None = None,
) -> int:
    """Run the reader on a (possibly preview) thread; returns the exit code.

    `resume_gc`: the caller paused the garbage collector for start-up; the reader turns it
    back on right after its first frame. `split_child`: see `ThreadViewApp`.

    The app drops the document once the whole file is parsed; so that its text can be
    freed, this function lets go of it too (callers should not keep a reference either).
    """
    app = ThreadViewApp(
        thread,
        document=document,
        from_name=from_name,
        data_dir=data_dir,
        split_child=split_child,
    )
    app.resume_gc = resume_gc
    del document
    result = app.run()
    if app._exception is not None:  # a crash: the CLI logs it and says one line
        raise app._exception
    code = app.return_code
    if code is None:
        code = result if isinstance(result, int) else 0
    return code


def run_library(
    targets: Sequence[str],
    *,
    data_dir: str | os.PathLike[str] | None = None,
    resume_gc: bool = False,
) -> int:
    """Run the library of these folders and files; returns the exit code."""
    app = ThreadViewApp(library=targets, data_dir=data_dir)
    app.resume_gc = resume_gc
    app.run()
    if app._exception is not None:
        raise app._exception
    return app.return_code or 0
