"""The reader's main screen: header, article beside comments, search bar, footer.

It composes the panes and is the hub of their messages; the keys of the "global" and
"search" contexts are its actions. Bookmarks, links, sources, the timeline and reading
memory are plain helper objects it owns (`ui/bookmark_actions.py`, `ui/link_actions.py`,
`ui/sources_actions.py`, `ui/timeline_actions.py`, `ui/reading_memory.py`); what is
app-wide (the thread, the document, settings, the bookmark store) stays on the App, seen
here through the `ReaderHost` contract; the helpers see this screen through `ReaderView`
(both in `ui/reader_view.py`).
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import events, on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.containers import Container
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import get_current_worker

from threadview.model import Comment, FlatNodes, Forest, SortOrder, Thread, has_scores, ordered
from threadview.render.safe import sanitize
from threadview.turns import Turns
from threadview.ui.bookmark_actions import BookmarkActions
from threadview.ui.keys import bindings_for
from threadview.ui.link_actions import LinkActions
from threadview.ui.messages import (
    ForestSorted,
    JumpResolved,
    MemoryFailed,
    MemoryOpened,
    NotesScanned,
    OrderPrepared,
    SearchHits,
    SpotlightFound,
    ThreadInstalled,
    TimelineCounted,
)
from threadview.ui.orders import PreparedOrders, prepare_order, worth_preparing
from threadview.ui.reader_view import BadgeProvider, ReaderHost
from threadview.ui.reading_memory import ReadingMemoryActions
from threadview.ui.search import HIGHLIGHT_DELAY, SearchBar
from threadview.ui.sources_actions import SourcesActions
from threadview.ui.timeline_actions import TimelineActions
from threadview.ui.widgets.article_pane import ArticlePane
from threadview.ui.widgets.comment_pane import CommentPane
from threadview.ui.widgets.comment_view import PreparedForest, forest_in_order, prepare_forest
from threadview.ui.widgets.footer import ReaderFooter
from threadview.ui.widgets.forest_index import FlatForest
from threadview.ui.widgets.header import ThreadHeader
from threadview.ui.widgets.story_list import StoryList

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from textual.timer import Timer

    from threadview.annotate import Link
    from threadview.facts import Rows
    from threadview.render.notes import NotesCache

NARROW_WIDTH = 100
SYNC_SORT_LIMIT = 5_000
SYNC_SEARCH_LIMIT = 2_000
"""Comments a search reads at once, from the selection on (in bounded time); the rest are
searched in a worker."""
SEARCH_CHUNK = 16
"""Comments a search reads between checks for cancellation and turns for the UI thread."""
SEARCH_POST_EVERY = 0.25
"""Seconds between batches of hits a search posts (its first hit is posted at once): each
batch lays the screen out again for the counter (about 20 ms at 160x48), which at 0.1 s
took a quarter of the time counting a million matches, the worker waiting on the GIL."""


def side_pane_id(thread: Thread) -> str:
    """The pane beside the article, focused first: an edition digest's story list, else
    the comments. The one place that decides it."""
    return "stories" if thread.stories else "comments"


def thread_has_side_pane(thread: Thread) -> bool:
    """Whether there is anything to show beside the article (comments, or a digest's
    stories); with nothing there, the article takes the whole width and the focus."""
    return bool(thread.comments) or bool(thread.stories)


class ReaderScreen(Screen[None]):
    """Reads one thread: the hub of the panes' messages and the home of the reader's keys."""

    BINDINGS = bindings_for("global", "search")

    comment_order: reactive[str] = reactive("oldest", init=False)
    """The order of the comments; a change re-sorts them (in the background when big)."""
    loading: reactive[bool] = reactive(False, init=False)
    """Whether the rest of the file is still being parsed (the header says so)."""
    spotlight: reactive[str | None] = reactive(None, init=False)
    """The author whose comments stand out (`a`); `.` and `,` step through them."""
    first_minutes: reactive[int] = reactive(0, init=False)
    """Show only the comments of the thread's first this-many minutes (0: all); set from
    the timeline (`T`), cleared by escape."""
    sorting: reactive[bool] = reactive(False, init=False)
    """Whether a sort is under way in the background (the header says so)."""

    def __init__(
        self,
        thread: Thread,
        *,
        comment_order: str,
        loading: bool,
        path: Path | None = None,
        select: str | None = None,
        search: str | None = None,
    ) -> None:
        """`path`: the file the thread was read from (reading memory indexes it); `select`:
        a comment id to start on; `search`: a query to start with, its matches highlighted
        (the library opens a search hit this way)."""
        super().__init__()
        self.thread = thread
        self.path = path
        """The file the thread was read from (None: standard input)."""
        self._start_at = (select, search)
        self.set_reactive(ReaderScreen.comment_order, comment_order)
        self.set_reactive(ReaderScreen.loading, loading)
        self.badge_providers: list[BadgeProvider] = []
        self.last_pane = "comments"
        self._place: int | None = None
        """The selected comment's number, as the pane last said (`CommentPane.Selected`)."""
        self._highlight_timer: Timer | None = None
        self._scored: bool | None = None
        self._spotlit: tuple[FlatForest, list[int]] | None = None
        """The spotlit author's positions, and the flattening they are positions in."""
        self._hits_before = 0
        """Comment matches above where the running search began (found after the rest)."""
        self._jump_pending = False
        """Whether the running search shows its first match when it comes."""
        self.bookmarks = BookmarkActions(self)
        self.links = LinkActions(self)
        self.sources = SourcesActions(self)
        self.timeline = TimelineActions(self)
        self.total_comments = 0
        """Comments in the whole thread (the pane may show fewer: the minutes filter)."""
        self.memory = ReadingMemoryActions(self)
        self.orders = PreparedOrders()
        """The comments prepared in each order, so `s` swaps them instead of sorting."""
        # Focus the side pane as it is composed: Textual would focus the first focusable
        # widget (the article pane), and each change of focus restyles every widget
        # before the first frame.
        self.AUTO_FOCUS = (  # type: ignore[misc]  # Textual reads it per screen; ours per thread
            f"#{side_pane_id(thread)}" if thread_has_side_pane(thread) else "#article"
        )

    @property
    def on_top(self) -> bool:
        """Whether no dialog is open over the reader."""
        return self.app.screen is self

    @property
    def host(self) -> ReaderHost:
        """The App, as far as the reader needs it."""
        return cast(ReaderHost, self.app)

    # ----- composition ------------------------------------------------------------------

    @property
    def comment_pane(self) -> CommentPane:
        return self.query_one(CommentPane)

    @property
    def article_pane(self) -> ArticlePane:
        return self.query_one(ArticlePane)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def side_pane(self) -> CommentPane | StoryList:
        """The comment pane, or a digest's story list in its place."""
        if side_pane_id(self.thread) == "stories":
            return self.query_one(StoryList)
        return self.comment_pane

    @property
    def home_pane(self) -> CommentPane | StoryList | ArticlePane:
        """The pane a reader starts in: the comments (or a digest's stories), or the
        article when it is alone."""
        return self.side_pane if thread_has_side_pane(self.thread) else self.article_pane

    def compose(self) -> ComposeResult:
        yield ThreadHeader(id="header")
        with Container(id="panes"):
            yield ArticlePane(self.thread, id="article")
            comments = CommentPane(
                id="comments", badges=self.comment_badges, notes=self.sources.notes.body_notes
            )
            if side_pane_id(self.thread) == "stories":
                comments.display = False
                yield StoryList(self.thread.stories, id="stories")
            yield comments
        yield SearchBar(id="search")
        yield ReaderFooter()

    def on_mount(self) -> None:
        self._apply_layout(self.app.size.width)
        self.comment_pane.submitter = self.thread.submitter
        self.comment_pane.load(self._forest(self.thread))
        self._apply_side_pane()
        # The first frame is painted before the pane's Selected is handled: fill it now.
        self._update_header(self.comment_pane.selected_number)
        self.bookmarks.mount()
        self.sources.mount()
        select, search = self._start_at
        if select is not None or search:
            self._open_at(select, search)
        self.memory.mount()

    def painted(self) -> None:
        """The first frame is out (called by the App)."""
        self.query_one(ReaderFooter).painted()
        if not self.loading:
            self._keep_order()

    def _forest(self, thread: Thread) -> Forest:
        return reader_forest(thread, self.comment_order, self.first_minutes, self.timeline.rows())

    @on(CommentPane.Selected)
    def _selection_changed(self, event: CommentPane.Selected) -> None:
        """The header follows the selection; the pane says so after every new forest too
        (the full thread, a sort, a bookmark's file), so the count and order follow."""
        self._update_header(event.number)
        self.memory.selected(event.comment)

    def _update_header(self, place: int | None) -> None:
        self._place = place
        count = self.comment_pane.comment_count()
        order = self.comment_order
        if order == "score":  # only then is it worth asking (a JSON forest walks for it)
            order = shown_order(order, self.thread_has_scores)
        if not self.first_minutes:
            self.total_comments = count
        self.query_one(ThreadHeader).show(
            self.thread,
            count,
            order,
            loading=self.loading,
            sorting=self.sorting,
            place=place,
            minutes=self.first_minutes,
            notes=self.memory.header_notes(),
        )

    @property
    def thread_has_scores(self) -> bool:
        """Whether the thread carries the site's scores (worked out once per thread)."""
        if self._scored is None:
            self._scored = has_scores(self.thread)
        return self._scored

    def watch_loading(self) -> None:
        self._update_header(self._place)
        self.memory.loading_changed()

    def watch_sorting(self) -> None:
        self._update_header(self._place)

    # ----- a new thread -----------------------------------------------------------------

    @on(ThreadInstalled)
    def install_thread(self, event: ThreadInstalled) -> None:
        """Show a fully parsed thread (its forest prepared off the UI thread)."""
        full = event.thread
        self.thread = full
        self._scored = None
        self.comment_pane.submitter = full.submitter
        if event.order != self.comment_order or self.first_minutes:
            self._resort()
        else:
            self.comment_pane.install(event.prepared, follow_end=True)
            self._find_spotlit()
        self.article_pane.set_thread(full)
        if full.stories:
            self.query_one(StoryList).set_stories(full.stories)
        self._apply_side_pane()
        self.loading = False
        if event.order == self.comment_order and not self.first_minutes:
            self._keep_order()
        self.refresh_search()
        self.host.replace_thread(full)
        self.sources.thread_changed()
        self.memory.thread_changed()

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

    # ----- panes and layout -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_match", "previous_match", "clear_search"):
            return self.search_active or (
                action == "clear_search"
                and (self.search_bar.has_class("-active") or bool(self.first_minutes))
            )
        if action == "switch_pane" and not self.on_top:
            return False  # over a dialog, tab moves focus inside the dialog
        return not (action == "edit_note" and self.search_active)

    def _apply_side_pane(self) -> None:
        """Give the article the whole screen when there is nothing to show beside it."""
        alone = not thread_has_side_pane(self.thread)
        if self.has_class("-article-only") != alone:
            self.set_class(alone, "-article-only")
        if self.focused is None or (alone and isinstance(self.focused, (CommentPane, StoryList))):
            self.home_pane.focus()

    def action_switch_pane(self) -> None:
        """Focus the other pane; when one is maximised, show the other one instead."""
        if not thread_has_side_pane(self.thread):
            return
        maximized = self.maximized is not None
        if maximized:
            self.minimize()
        beside = isinstance(self.focused, (CommentPane, StoryList))
        target: Widget = self.article_pane if beside else self.side_pane
        target.focus()
        if maximized:
            self.maximize(target)

    def action_toggle_maximize(self) -> None:
        if self.maximized is not None:
            self.minimize()
            return
        focused = self.focused
        pane = focused if isinstance(focused, (CommentPane, StoryList, ArticlePane)) else None
        self.maximize(pane or self.home_pane)

    def action_show_help(self) -> None:
        from threadview.ui.screens.help import HelpScreen

        if not isinstance(self.app.screen, HelpScreen):
            self.app.push_screen(HelpScreen(self.host.user_keys))

    def action_show_facts(self) -> None:
        """`i`: the thread's facts (bookmarks counted once the store has opened)."""
        from threadview.ui.screens.facts import FactsDialog

        host = self.host
        known = host.bookmark_store is not None and not host.store_opening
        count = len(self.bookmarks.bookmarked_ids) if known else None
        self.app.push_screen(FactsDialog(self.thread, count))

    def on_resize(self, event: events.Resize) -> None:
        self._apply_layout(event.size.width)

    def _apply_layout(self, width: int) -> None:
        narrow = width < NARROW_WIDTH
        if self.has_class("-narrow") != narrow:  # a class change restyles everything
            self.set_class(narrow, "-narrow")

    def on_story_list_chosen(self, event: StoryList.Chosen) -> None:
        self.article_pane.show_story(event.story)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, CommentPane) and not event.widget.display:
            # Search, bookmarks and sources hand focus back to "the comments"; in a
            # digest the story list stands in their place.
            self.side_pane.focus()
        elif isinstance(event.widget, (CommentPane, StoryList)):
            self.last_pane = "comments"
        elif isinstance(event.widget, ArticlePane):
            self.last_pane = "article"

    # ----- sorting ----------------------------------------------------------------------

    def action_toggle_sort(self) -> None:
        scored = self.thread_has_scores
        self.comment_order = next_order(shown_order(self.comment_order, scored), scored)

    def watch_comment_order(self, order: str) -> None:
        self._resort()
        self.host.remember_sort(order)

    def watch_first_minutes(self) -> None:
        self._resort()
        self.refresh_bindings()  # escape clears the filter: the footer shows it

    def drop_first_minutes(self) -> None:
        """Forget the first-minutes filter without re-sorting (another thread comes next)."""
        self.set_reactive(ReaderScreen.first_minutes, 0)
        self.refresh_bindings()

    def _resort(self) -> None:
        pane = self.comment_pane
        ready = None
        if not self.first_minutes:  # the prepared orders are the whole thread's
            ready = self.orders.get(self.thread, self.comment_order, pane.content_width)
        if ready is not None:  # prepared in the background: a swap, not a sort
            pane.install(ready)
            self._sorted()
        elif max(pane.comment_count(), self.total_comments) <= SYNC_SORT_LIMIT:
            pane.load(self._forest(self.thread))
            self._sorted()
        else:
            self.sorting = True
            self._sort_in_background(self.thread, self.comment_order, self.first_minutes)

    @work(thread=True, exclusive=True, group="sort")
    def _sort_in_background(self, thread: Thread, order: str, minutes: int) -> None:
        forest = reader_forest(thread, order, minutes, self.timeline.rows())
        prepared = prepare_forest(forest, self.comment_pane.content_width)
        self.post_message(ForestSorted(prepared, order, minutes))

    @on(ForestSorted)
    def _install_sorted(self, event: ForestSorted) -> None:
        if event.order == self.comment_order and event.minutes == self.first_minutes:
            self.sorting = False
            self.comment_pane.install(event.prepared)
            self._sorted()

    def _sorted(self) -> None:
        """The comments were re-sorted: the search's matches and the spotlit author's
        comments are found again in the new order (the header follows `Selected`)."""
        if not self.first_minutes:
            self._keep_order()
        self.refresh_search()
        self._find_spotlit()

    # ----- the author spotlight: a, ".", "," (the positions found off the UI thread) ---

    def action_spotlight(self) -> None:
        """Spotlight the selected comment's author; on one already spotlit, turn it off."""
        comment = self.comment_pane.selected_comment
        if comment is None:
            self.notify("No comment selected", markup=False)
        elif comment.author == self.spotlight:
            self.spotlight = None
            self.notify(sanitize(f"Spotlight off {comment.author}"), markup=False)
        else:
            self.spotlight = comment.author

    def watch_spotlight(self, author: str | None) -> None:
        self.comment_pane.set_spotlight(author)
        self._find_spotlit(announce=True)

    def _find_spotlit(self, *, announce: bool = False) -> None:
        """Find the spotlit author's comments in the pane's order (again after a re-sort):
        here when the thread is small, else in a worker (the first `.` waits for it)."""
        self._spotlit = None
        author, pane = self.spotlight, self.comment_pane
        if author is None:
            return
        if pane.comment_count() <= SYNC_SORT_LIMIT:
            positions = pane.author_positions(author)
            self._spotlit_found(SpotlightFound(author, pane.flat, positions, announce))
        else:
            self._spotlight_in_background(pane.flat, author, announce)

    @work(thread=True, exclusive=True, group="spotlight")
    def _spotlight_in_background(self, flat: FlatForest, author: str, announce: bool) -> None:
        self.post_message(SpotlightFound(author, flat, flat.authored_by(author), announce))

    @on(SpotlightFound)
    def _spotlit_found(self, event: SpotlightFound) -> None:
        if event.author != self.spotlight or event.flat is not self.comment_pane.flat:
            return  # another author, or the comments were re-sorted meanwhile
        self._spotlit = (event.flat, event.positions)
        if not event.announce:
            return
        count = len(event.positions)
        noun = "comment" if count == 1 else "comments"
        self.notify(
            sanitize(f"Spotlight on {event.author}: {count} {noun} (. next, , previous)"),
            markup=False,
        )

    def action_next_by_author(self) -> None:
        self._step_author(+1)

    def action_previous_by_author(self) -> None:
        self._step_author(-1)

    def _step_author(self, step: int) -> None:
        author, pane = self.spotlight, self.comment_pane
        if author is None:
            self.notify("No author spotlit: press a on one of their comments", markup=False)
            return
        if self._spotlit is not None and self._spotlit[0] is not pane.flat:
            self._find_spotlit()  # the comments changed under it (a bookmark's jump)
        if self._spotlit is None:
            self.notify(sanitize(f"Still finding {author}'s comments…"), markup=False)
            return
        found, here = self._spotlit[1], pane.cursor_position
        if not found or found == [here]:
            self.notify(sanitize(f"No other comments by {author}"), markup=False)
            return
        if step > 0:
            at = bisect_right(found, here)
            target = found[at] if at < len(found) else found[0]
        else:
            at = bisect_left(found, here) - 1
            target = found[at] if at >= 0 else found[-1]
        number = bisect_left(found, target) + 1
        place = f"{author}: comment {number} of {len(found)}"
        if (target > here) != (step > 0):
            place += f" (back to the {'first' if step > 0 else 'last'})"
        self.notify(sanitize(place), markup=False)
        pane.select_position(target)
        pane.focus()

    def action_show_authors(self) -> None:
        from threadview.ui.screens.authors import AuthorsScreen

        if not isinstance(self.app.screen, AuthorsScreen) and not self.thread.stories:
            self.app.push_screen(AuthorsScreen(self.thread), self._author_chosen)

    def _author_chosen(self, author: str | None) -> None:
        if author is None:
            return
        self.spotlight = author
        if self._spotlit is not None and self._spotlit[1]:
            self.comment_pane.select_position(self._spotlit[1][0])
        self.comment_pane.focus()

    def action_cite(self) -> None:
        self.links.copy_citation()

    def _keep_order(self) -> None:
        """Keep the forest on screen for its order, and prepare the other orders of a
        fully loaded thread in the background."""
        pane = self.comment_pane
        self.orders.put(self.thread, self.comment_order, pane.prepared)
        if (
            not self.loading
            and worth_preparing(pane.prepared)
            and self.orders.missing(self.thread, pane.content_width)
        ):
            self._prepare_orders(self.thread, pane.prepared)

    @work(thread=True, exclusive=True, group="orders", exit_on_error=False)
    def _prepare_orders(self, thread: Thread, like: PreparedForest) -> None:
        """(In a worker's thread.) Prepare each order `s` may ask for, one by one."""
        worker = get_current_worker()
        for order in self.orders.missing(thread, like.width):
            if worker.is_cancelled:
                return
            prepared = prepare_order(forest_in_order(thread, order), like.width, like)
            self.post_message(OrderPrepared(thread, order, prepared))

    @on(OrderPrepared)
    def _order_prepared(self, event: OrderPrepared) -> None:
        self.orders.put(event.thread, event.order, event.prepared)

    # ----- search: "/", n/N, esc (the query and matches live in the SearchBar) ----------

    @property
    def search_active(self) -> bool:
        return bool(self.search_bar.term)

    def action_start_search(self) -> None:
        if isinstance(self.focused, Input):
            raise SkipAction()  # "/" is a priority key: in a field it is typed, not a search
        bar = self.search_bar
        bar.add_class("-active")
        field = bar.query_one(Input)
        field.value = bar.term
        # Focus now, not after the queue (`field.focus()` defers it): keys typed in the same
        # burst as "/" are already queued and would otherwise run as reader keys.
        self.set_focus(field)

    def action_clear_search(self) -> None:
        self.first_minutes = 0
        self.workers.cancel_group(self, "search")
        bar = self.search_bar
        bar.clear()
        self.comment_pane.set_query("")
        self.article_pane.set_query("")
        bar.remove_class("-active")
        bar.query_one(Input).value = ""
        if self.focused is None or isinstance(self.focused, Input):
            self.home_pane.focus()

    @on(SearchBar.Cleared)
    def _search_cleared(self) -> None:
        self.action_clear_search()

    @on(Input.Changed, "#search-input")
    def _search_typed(self) -> None:
        """Highlight as the user types, once typing pauses (each repaint is a full frame)."""
        if self._highlight_timer is not None:
            self._highlight_timer.stop()
        self._highlight_timer = self.set_timer(HIGHLIGHT_DELAY, self.highlight_typed)

    def highlight_typed(self) -> None:
        """Highlight what the search field holds now."""
        # The timer can fire while the app is closing and the bar is already gone.
        bar = next(iter(self.query(SearchBar)), None)
        if bar is None or not bar.has_class("-active"):
            return
        value = bar.query_one("#search-input", Input).value
        self.comment_pane.set_query(value)
        self.article_pane.set_query(value)

    @on(SearchBar.Submitted)
    def _search_submitted(self, event: SearchBar.Submitted) -> None:
        from_article = self.last_pane == "article"
        target: Widget = self.article_pane if from_article else self.comment_pane
        target.focus()
        self._search(event.query, jump=True, from_article=from_article)

    def _open_at(self, comment_id: str | None, query: str | None) -> None:
        """Start on a comment (the article when None), with `query` searched for."""
        if comment_id is not None and self.comment_pane.select_comment_id(comment_id):
            self.comment_pane.focus()
        if not query:
            return
        bar = self.search_bar
        bar.add_class("-active")
        bar.query_one(Input).value = query
        # From the hit's comment the first match is that comment; without one, the first
        # match from the top (the article's, if it has one).
        self._search(query, jump=True, from_article=comment_id is None)

    def refresh_search(self) -> None:
        """Search again after the comments changed (sort, full thread arrived), without
        moving the selection."""
        if self.search_bar.term:
            self._search(self.search_bar.term, jump=False)

    def _search(self, query: str, *, jump: bool, from_article: bool = False) -> None:
        """Match the article at once, and the comments in a worker that streams its hits
        (from the selected comment on first, then from the top)."""
        bar = self.search_bar
        articles = [("article", block) for block in self.article_pane.matching_blocks(query)]
        bar.term, bar.articles, bar.current, bar.searching = query, len(articles), -1, True
        bar.matches = articles
        self.comment_pane.set_query(query)
        self.article_pane.set_query(query)
        self._hits_before = 0
        self._jump_pending = jump
        if jump and from_article and articles:
            bar.current = 0
            self._jump_pending = False
            self._show_match()
        here = max(0, self.comment_pane.cursor_position)
        nodes = self.comment_pane.flat.nodes
        self.workers.cancel_group(self, "search")
        # The first comments are searched here and now (bounded): a match near the
        # selection shows at once; the worker takes whatever is left.
        needle, budget = query.casefold(), SYNC_SEARCH_LIMIT
        spans = [(here, len(nodes), False), (0, here, True)]
        while spans:
            start, stop, wrapped = spans[0]
            until = min(stop, start + budget)
            budget -= until - start
            found = list(nodes.matching_in(needle, start, until)) if until > start else []
            if found or until == stop:
                self._search_hits(SearchHits(query, nodes, found, wrapped, done=until == stop))
            if until < stop:  # the budget is spent: the worker goes on from here
                spans[0] = (until, stop, wrapped)
                self._search_comments(query, nodes, spans)
                return
            del spans[0]

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search_comments(
        self, query: str, nodes: FlatNodes, spans: list[tuple[int, int, bool]]
    ) -> None:
        """(In a worker's thread.) Post the comments matching `query` in `spans` (start,
        stop, whether above where the search began) as they are found: the first at once,
        the rest in batches."""
        worker, turn = get_current_worker(), Turns()
        needle = query.casefold()

        def pause() -> bool:
            turn()  # keys answer during a search
            return not worker.is_cancelled

        # The comments worth reading, found in the file's text by C: counting every match
        # then reads those alone, not every comment.
        candidates = nodes.candidates(needle, pause)
        if worker.is_cancelled:
            return
        for start, stop, wrapped in spans:
            found: list[int] = []
            sent = 0.0  # nothing posted yet: the first hit goes at once
            if candidates is None:
                chunks: Iterable[Iterable[int]] = (
                    range(low, min(stop, low + SEARCH_CHUNK))
                    for low in range(start, stop, SEARCH_CHUNK)
                )
            else:
                low, high = bisect_left(candidates, start), bisect_left(candidates, stop)
                chunks = (
                    candidates[at : min(high, at + SEARCH_CHUNK)]
                    for at in range(low, high, SEARCH_CHUNK)
                )
            for chunk in chunks:
                if worker.is_cancelled:
                    return
                found.extend(nodes.matching_among(needle, chunk))
                now = time.monotonic()
                if found and (not sent or now - sent >= SEARCH_POST_EVERY):
                    self.post_message(SearchHits(query, nodes, found, wrapped, done=False))
                    found, sent = [], now
                turn()  # keys answer during a search
            self.post_message(SearchHits(query, nodes, found, wrapped, done=True))

    @on(SearchHits)
    def _search_hits(self, event: SearchHits) -> None:
        bar = self.search_bar
        if event.query != bar.term or event.nodes is not self.comment_pane.flat.nodes:
            return  # a search since replaced, or comments since re-sorted
        articles = bar.articles
        hits = [("comment", position) for position in event.positions]
        # In place: a copy (or a count) of every match so far for each batch would make
        # counting a million matches quadratic.
        matches = bar.matches
        if event.wrapped:  # hits above where the search began go before the others
            at = articles + self._hits_before
            matches[at:at] = hits
            self._hits_before += len(hits)
            if bar.current >= at:
                bar.current += len(hits)
        else:
            at = len(matches)
            matches += hits
        bar.mutate_reactive(SearchBar.matches)
        over = event.wrapped and event.done
        if over:
            bar.searching = False
        if self._jump_pending:
            # The first match at or after the selected comment; none there: the first.
            if hits:
                self._jump_to(articles)
            elif event.done and not event.wrapped and articles:
                self._jump_to(0)
            elif over:
                self._jump_pending = False
                self.notify("No matches", markup=False)
        elif bar.current < 0:
            self._pick_up_cursor(at, event.positions)

    def _jump_to(self, number: int) -> None:
        self._jump_pending = False
        self.search_bar.current = number
        self._show_match()

    def _pick_up_cursor(self, at: int, positions: list[int]) -> None:
        """After a refresh, `current` follows the selected comment when it is among the
        new hits (`positions`, ascending, now at `at` in the matches)."""
        here = self.comment_pane.cursor_position
        found = bisect_left(positions, here)
        if found < len(positions) and positions[found] == here:
            self.search_bar.current = at + found

    def action_next_match(self) -> None:
        self.search_bar.step(+1)

    def action_previous_match(self) -> None:
        self.search_bar.step(-1)

    @on(SearchBar.Step)
    def _step_match(self, event: SearchBar.Step) -> None:
        bar = self.search_bar
        if not bar.matches:
            if bar.searching:
                self.notify("Still searching…", markup=False)
            else:
                self.notify(sanitize(f"No matches for {bar.term!r}"), markup=False)
            return
        self._jump_pending = False
        bar.current = (bar.current + event.step) % len(bar.matches)
        self._show_match()

    def _show_match(self) -> None:
        bar = self.search_bar
        if bar.current < 0:
            self.notify("No matches", markup=False)
            return
        kind, key = bar.matches[bar.current]
        if kind == "article":
            self.article_pane.scroll_to_block(key)
            self.article_pane.focus()
        else:
            self.comment_pane.select_position(key)
            self.comment_pane.focus()

    # ----- the helpers' keys ------------------------------------------------------------

    def action_next_translation(self) -> None:
        self.sources.next_translation()

    def action_show_sources(self) -> None:
        self.sources.show_sources()

    @on(NotesScanned)
    def _notes_scanned(self, event: NotesScanned) -> None:
        self.sources.notes_scanned(event.thread, event.keys)

    @property
    def notes(self) -> NotesCache:
        return self.sources.notes

    def open_links(self, links: list[Link]) -> None:
        self.links.choose_and_open(links)

    def action_open_link(self) -> None:
        self.links.open_link()

    def action_open_article_link(self) -> None:
        self.links.open_article_link()

    def action_show_timeline(self) -> None:
        self.timeline.show_timeline()

    @on(TimelineCounted)
    def _timeline_counted(self, event: TimelineCounted) -> None:
        self.timeline.counted(event)

    def action_link_hints(self) -> None:
        self.links.show_hints()

    def action_copy(self) -> None:
        self.links.copy()

    def action_copy_article(self) -> None:
        self.links.copy_article()

    def action_toggle_bookmark(self) -> None:
        self.bookmarks.toggle_bookmark()

    def action_edit_note(self) -> None:
        self.bookmarks.edit_note()

    def action_undo_bookmark(self) -> None:
        self.bookmarks.undo_bookmark()

    def action_show_bookmarks(self) -> None:
        self.bookmarks.show_bookmarks()

    @on(JumpResolved)
    def _jump_resolved(self, event: JumpResolved) -> None:
        self.bookmarks.jump_resolved(event.jump, event.prepared, event.order)

    # ----- reading memory (ui/reading_memory.py) ----------------------------------------

    def memory_changed(self) -> None:
        """The reading memory's marks or counts changed: repaint them and the header."""
        self.comment_pane.invalidate()
        self._update_header(self._place)

    @on(MemoryOpened)
    def _memory_opened(self, event: MemoryOpened) -> None:
        self.memory.opened(event)

    @on(MemoryFailed)
    def _memory_failed(self, event: MemoryFailed) -> None:
        self.memory.failed(event)

    def on_unmount(self) -> None:
        self.memory.close()

    def action_next_new(self) -> None:
        self.memory.jump(+1)

    def action_previous_new(self) -> None:
        self.memory.jump(-1)

    def action_mark_read(self) -> None:
        self.memory.mark_read()

    def action_show_gone(self) -> None:
        self.memory.show_gone()


def next_order(order: str, scored: bool) -> str:
    """The order `s` goes to: oldest, newest, then best score first where the thread has
    scores; oldest and newest flip where it has none."""
    if order == "oldest":
        return "newest"
    return "score" if order == "newest" and scored else "oldest"


def shown_order(order: str, scored: bool) -> str:
    """The order the comments are really in: "score" without scores is oldest first."""
    return "oldest" if order == "score" and not scored else order


def reader_forest(thread: Thread, order: str, minutes: int, rows: Rows | None = None) -> Forest:
    """What the comment pane shows: the forest in `order`, only the first `minutes`
    minutes' comments when not 0 (`rows`: the thread's, when already read)."""
    if not minutes:
        return forest_in_order(thread, order)
    from threadview.facts import first_minutes_forest

    window = first_minutes_forest(thread, minutes, rows)
    known: SortOrder = "newest" if order == "newest" else "oldest"
    if order == "score" and has_scores(thread):
        known = "score"
    return ordered(window, known)
