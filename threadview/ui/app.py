"""The reader App: header, article pane beside the comment pane, search bar and footer.

`run_app` is what the CLI calls. A preview thread (the first comments only) paints at
once; the rest of the file is parsed in a thread worker and swapped in, keeping the
selected comment.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Footer

from threadview.model import Comment, Thread, sorted_forest
from threadview.render.markdown import markdown_parser
from threadview.render.safe import sanitize
from threadview.settings import Settings, load_settings, save_settings
from threadview.ui.bookmark_actions import BookmarkActions
from threadview.ui.keys import KEYS, bindings_for
from threadview.ui.link_actions import LinkActions
from threadview.ui.search import SearchActions, SearchBar
from threadview.ui.sources_actions import SourcesActions
from threadview.ui.widgets.article_pane import ArticlePane
from threadview.ui.widgets.comment_pane import CommentPane, prepare_forest
from threadview.ui.widgets.header import ThreadHeader
from threadview.ui.widgets.story_list import StoryList

NARROW_WIDTH = 100
SYNC_SORT_LIMIT = 5_000
MAX_WARNING_TOASTS = 3
BENCH_ENV = "THREADVIEW_BENCH_REPORT"
BENCH_EXIT_ENV = "THREADVIEW_BENCH_EXIT"

BadgeProvider = Callable[[Comment], "Sequence[Text] | Text | None"]


def side_pane_id(thread: Thread) -> str:
    """The pane beside the article, focused first: an edition digest's story list, else
    the comments. The one place that decides it."""
    return "stories" if thread.stories else "comments"


def thread_has_side_pane(thread: Thread) -> bool:
    """Whether there is anything to show beside the article (comments, or a digest's
    stories); with nothing there, the article takes the whole width and the focus."""
    return bool(thread.comments) or bool(thread.stories)


class ReaderFooter(Footer):
    """Textual's Footer, laid out once the first frame is painted, then once per burst of
    binding changes.

    Textual's Footer rebuilds its keys after every binding change, and start-up has
    several (mount, focus, the screen's own refreshes): each rebuild mounts a dozen
    widgets, and the first was queued before the reader's first paint. The keys are never
    in the first frame either way; this only spares the work that no frame shows.
    """

    _painted = False
    _pending = False

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not (self._painted and screen.app.app_focus):
            return  # `painted` lays the keys out
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._rebuild)

    def painted(self) -> None:
        """The first frame is out: show the keys."""
        self._painted = True
        # From the footer's own queue: its keys must be composed in its own context.
        self.call_later(self.bindings_changed, self.screen)

    async def _rebuild(self) -> None:
        self._pending = False
        await self.recompose()


class ThreadViewApp(SourcesActions, LinkActions, BookmarkActions, SearchActions, App[int]):
    """Reads one thread. Pane widgets own their keys; the App owns the global ones."""

    CSS_PATH = "threadview.tcss"
    BINDINGS = bindings_for("global", "search")
    TITLE = "threadview"

    def __init__(
        self,
        thread: Thread,
        *,
        document: object | None = None,
        from_name: str | None = None,
        data_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        super().__init__()
        self.thread = thread
        self.document = document
        self.from_name = from_name
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self.settings, self._settings_warning = load_settings()
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        elif self.settings.theme is not None:
            self._settings_warning = (
                f"the saved theme {self.settings.theme!r} is not known here; using the default"
            )
        self.sort_order = self.settings.sort
        self._settings_lock = threading.Lock()
        self.loading = bool(thread.extra.get("partial")) and document is not None
        self.badge_providers: list[BadgeProvider] = []
        self.search_matches = []
        self._last_pane = "comments"
        self._bench_report = os.environ.get(BENCH_ENV)
        self.resume_gc = False
        """Set by `run_app`: the CLI paused the garbage collector; resume it once painted."""

    # ----- composition ------------------------------------------------------------------

    @property
    def comment_pane(self) -> CommentPane:
        return self.query_one(CommentPane)

    @property
    def article_pane(self) -> ArticlePane:
        return self.query_one(ArticlePane)

    @property
    def side_pane(self) -> CommentPane | StoryList:
        """The comment pane, or a digest's story list in its place."""
        if side_pane_id(self.thread) == "stories":
            return self.query_one(StoryList)
        return self.comment_pane

    def get_default_screen(self) -> Screen:
        """The main screen, focusing the side pane as it is composed: Textual would
        focus the first focusable widget (the article pane), and each change of focus
        restyles every widget before the first frame."""
        screen = super().get_default_screen()
        screen.AUTO_FOCUS = (
            f"#{side_pane_id(self.thread)}" if thread_has_side_pane(self.thread) else "#article"
        )
        return screen

    def compose(self) -> ComposeResult:
        yield ThreadHeader(id="header")
        with Container(id="panes"):
            yield ArticlePane(self.thread, id="article")
            comments = CommentPane(id="comments")
            if side_pane_id(self.thread) == "stories":
                comments.display = False
                yield StoryList(self.thread.stories, id="stories")
            yield comments
        yield SearchBar(id="search")
        yield ReaderFooter()

    def on_mount(self) -> None:
        self._apply_layout(self.size.width)
        self.comment_pane.load(self._forest(self.thread))
        _freeze_heap()
        self._apply_side_pane()
        self._update_header()
        self._notify_warnings(self.thread.warnings)
        if self._settings_warning:
            self.notify(sanitize(self._settings_warning), severity="warning", markup=False)
        self.call_after_refresh(self._first_paint)

    def _first_paint(self) -> None:
        """After the first frame: start parsing the rest (not before, so the parse
        thread doesn't compete with the first paint for the interpreter)."""
        self._bench("paint")
        if self.resume_gc:
            self.resume_gc = False
            _freeze_heap()  # all of start-up: otherwise the first collection walks it all
            gc.enable()
        self.query_one(ReaderFooter).painted()
        # The first body beyond plain Markdown would pay for importing markdown-it; pay
        # it now, off the UI thread, while the reader is idle.
        threading.Thread(target=markdown_parser, name="threadview-markdown", daemon=True).start()
        if self.loading:
            self._finish_parsing()
        else:
            self._bench("full")
        if os.environ.get(BENCH_EXIT_ENV) == "paint" or (
            os.environ.get(BENCH_EXIT_ENV) == "full" and not self.loading
        ):
            self.exit(0)

    def _bench(self, event: str) -> None:
        if self._bench_report:
            with open(self._bench_report, "a", encoding="utf-8") as report:
                report.write(f"{event} {time.time():.6f}\n")

    def _forest(self, thread: Thread):
        if self.sort_order == "oldest":
            return thread.comments
        return sorted_forest(thread.comments, self.sort_order)

    def _update_header(self) -> None:
        count = self.comment_pane.comment_count()
        self.query_one(ThreadHeader).show(self.thread, count, self.sort_order, loading=self.loading)

    # ----- background parsing -----------------------------------------------------------

    def _finish_parsing(self) -> None:
        """Parse the whole file on a daemon thread, then install it on the UI thread.

        Not a Textual thread worker: those run on asyncio's default executor, which the
        interpreter joins at exit, so quitting during a long parse would wait for it.
        """
        width = self.comment_pane.content_width
        threading.Thread(
            target=self._parse_rest, args=(width,), name="threadview-parse", daemon=True
        ).start()

    def _parse_rest(self, width: int) -> None:
        from threadview.parsing import ParseError, parse_document

        order = self.sort_order
        try:
            full = parse_document(self.document, self.from_name)  # type: ignore[arg-type]
            forest = full.comments if order == "oldest" else sorted_forest(full.comments, order)
            prepared = prepare_forest(forest, width)
        except ParseError as error:
            self._from_thread(self._parse_failed, str(error))
            return
        except Exception as error:  # a bug must not print a traceback over the screen
            self._from_thread(self._parse_failed, f"{type(error).__name__}: {error}")
            return
        self._from_thread(self.install_thread, full, prepared, order)

    def _from_thread(self, callback: Callable[..., object], *args: object) -> None:
        """Hand a result to the UI thread; drop it quietly if the app has already quit."""
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(callback, *args)

    def _parse_failed(self, message: str) -> None:
        self.loading = False
        self._update_header()
        self.notify(
            sanitize("Could not read the rest of the file: " + message),
            severity="error",
            markup=False,
        )

    def install_thread(self, full: Thread, prepared, order: str) -> None:
        """Show `full` (its forest already prepared off the UI thread for `order`)."""
        self.thread, self.document, self.loading = full, None, False
        if order != self.sort_order:
            self._resort()
        else:
            self.comment_pane.install(prepared)
        self.article_pane.set_thread(full)
        if full.stories:
            self.query_one(StoryList).set_stories(full.stories)
        self._apply_side_pane()
        _freeze_heap()
        self._update_header()
        self.refresh_search()
        self._notify_warnings(full.warnings)
        self._bench("full")
        if os.environ.get(BENCH_EXIT_ENV) == "full":
            self.call_after_refresh(self.exit, 0)

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

    # ----- badges (bookmarks and translation markers plug in here) ----------------------

    def comment_badges(self, comment: Comment) -> list[Text]:
        """Badges for a comment's header line, from every provider in `badge_providers`."""
        badges: list[Text] = []
        for provider in self.badge_providers:
            found = provider(comment)
            if isinstance(found, Text):
                badges.append(found)
            elif found:
                badges.extend(found)
        return badges

    # ----- global actions ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_match", "previous_match", "clear_search"):
            return self.search_active or (
                action == "clear_search" and self.query_one(SearchBar).has_class("-active")
            )
        if action == "switch_pane" and len(self.screen_stack) > 1:
            return False  # over a dialog, tab moves focus inside the dialog
        return not (action == "edit_note" and self.search_active)

    @property
    def home_pane(self) -> CommentPane | StoryList | ArticlePane:
        """The pane a reader starts in: the comments (or a digest's stories), or the
        article when it is alone."""
        return self.side_pane if thread_has_side_pane(self.thread) else self.article_pane

    def _apply_side_pane(self) -> None:
        """Give the article the whole screen when there is nothing to show beside it."""
        alone = not thread_has_side_pane(self.thread)
        if self.screen.has_class("-article-only") != alone:
            self.screen.set_class(alone, "-article-only")
        if self.focused is None or (alone and isinstance(self.focused, (CommentPane, StoryList))):
            self.home_pane.focus()

    def action_switch_pane(self) -> None:
        """Focus the other pane; when one is maximised, show the other one instead."""
        if not thread_has_side_pane(self.thread):
            return
        maximized = self.screen.maximized is not None
        if maximized:
            self.screen.minimize()
        beside = isinstance(self.focused, (CommentPane, StoryList))
        target = self.article_pane if beside else self.side_pane
        target.focus()
        if maximized:
            self.screen.maximize(target)

    def action_toggle_maximize(self) -> None:
        if self.screen.maximized is not None:
            self.screen.minimize()
            return
        panes = (CommentPane, StoryList, ArticlePane)
        pane = self.focused if isinstance(self.focused, panes) else None
        self.screen.maximize(pane or self.home_pane)

    def action_toggle_sort(self) -> None:
        self.sort_order = "newest" if self.sort_order == "oldest" else "oldest"
        self._resort()
        self._remember(replace(self.settings, sort=self.sort_order))

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
            self._from_thread(self._settings_not_saved, problem)

    def _settings_not_saved(self, problem: str) -> None:
        self.notify(sanitize(problem), severity="warning", markup=False)

    def _resort(self) -> None:
        if self.comment_pane.comment_count() <= SYNC_SORT_LIMIT:
            self.comment_pane.load(self._forest(self.thread))
            self._sorted()
        else:
            self._sort_in_background(self.sort_order)

    @work(thread=True, exclusive=True, group="sort")
    def _sort_in_background(self, order: str) -> None:
        forest = (
            self.thread.comments
            if order == "oldest"
            else sorted_forest(self.thread.comments, order)
        )
        prepared = prepare_forest(forest, self.comment_pane.content_width)
        self.call_from_thread(self._install_sorted, prepared, order)

    def _install_sorted(self, prepared, order: str) -> None:
        if order == self.sort_order:
            self.comment_pane.install(prepared)
            self._sorted()

    def _sorted(self) -> None:
        self._update_header()
        self.refresh_search()

    def action_show_help(self) -> None:
        from threadview.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette lists every action of the key table."""
        seen: set[str] = set()
        for spec in KEYS:
            if not spec.palette or spec.action in seen:
                continue
            seen.add(spec.action)
            target = None if spec.context in ("global", "search") or spec.later else spec.context
            yield SystemCommand(
                spec.description,
                f"Key: {spec.display}",
                self._palette_callback(spec.action, target),
            )
        yield from super().get_system_commands(screen)

    def _palette_callback(self, action: str, pane: str | None) -> Callable[[], None]:
        def run() -> None:
            namespace = {"comments": self.comment_pane, "article": self.article_pane}.get(
                pane or "", self
            )
            self.call_later(self.run_action, action, namespace)

        return run

    # ----- layout -----------------------------------------------------------------------

    def on_resize(self, event) -> None:
        self._apply_layout(event.size.width)

    def _apply_layout(self, width: int) -> None:
        narrow = width < NARROW_WIDTH
        if self.screen.has_class("-narrow") != narrow:  # a class change restyles everything
            self.screen.set_class(narrow, "-narrow")

    def on_story_list_chosen(self, event: StoryList.Chosen) -> None:
        self.article_pane.show_story(event.story)

    def on_descendant_focus(self, event) -> None:
        if isinstance(event.widget, CommentPane) and not event.widget.display:
            # Search, bookmarks and sources hand focus back to "the comments"; in a
            # digest the story list stands in their place.
            self.side_pane.focus()
        elif isinstance(event.widget, (CommentPane, StoryList)):
            self._last_pane = "comments"
        elif isinstance(event.widget, ArticlePane):
            self._last_pane = "article"


def _freeze_heap() -> None:
    """Move the loaded thread out of the garbage collector's sight.

    A 100k-comment thread is millions of long-lived objects; without this every full
    collection walks them all, and keys get slower the bigger the thread.
    """
    gc.freeze()


def run_app(
    document,
    thread: Thread,
    *,
    from_name: str | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    resume_gc: bool = False,
) -> int:
    """Run the reader on a (possibly preview) thread; returns the exit code.

    `resume_gc`: the caller paused the garbage collector for start-up; the reader turns it
    back on right after its first frame.

    The app drops the document once the whole file is parsed; so that its text can be
    freed, this function lets go of it too (callers should not keep a reference either).
    """
    app = ThreadViewApp(thread, document=document, from_name=from_name, data_dir=data_dir)
    app.resume_gc = resume_gc
    del document
    result = app.run()
    if app._exception is not None:  # a crash: the CLI logs it and says one line
        raise app._exception
    code = app.return_code
    if code is None:
        code = result if isinstance(result, int) else 0
    return code
