"""Search over comments and article for the App (a mixin): `/`, n/N, esc.

Matches are the article blocks first, then comments in display order (one match per
block or comment, however many hits it holds; the counter says so); n/N walk them,
unfolding collapsed ancestors to reach a comment. Highlights follow the query as typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Static

from threadview.render.safe import sanitize

if TYPE_CHECKING:
    from threadview.ui.app import ThreadViewApp

    _Base = ThreadViewApp
else:
    _Base = object


HIGHLIGHT_DELAY = 0.15


class SearchBar(Horizontal):
    """The input line for a search and a match counter beside it."""

    DEFAULT_CSS = """
    SearchBar { height: 1; display: none; background: $panel; }
    SearchBar.-active { display: block; }
    SearchBar > Input { width: 1fr; padding: 0 1; }
    SearchBar > #search-status { width: auto; padding: 0 1; color: $text-muted; }
    """

    def compose(self):
        # Compact: Textual's own one-row Input, whose rule outranks the focused border
        # (a plain `border: none` here loses to `Input:focus`, hiding the query).
        yield Input(
            placeholder="Search comments and article (enter: find, esc: clear)",
            id="search-input",
            compact=True,
        )
        yield Static(Content(""), id="search-status")


def match_status(current: int, matches: list[tuple[str, object]]) -> str:
    """Where n/N stand among the matches, saying what is counted: the article paragraphs
    and comments that contain the query (a comment with three hits is one match)."""
    if not matches:
        return "no matches"
    paragraphs = sum(1 for kind, _ in matches if kind == "article")
    comments = len(matches) - paragraphs
    parts = [
        f"{count} {noun if count == 1 else noun + 's'}"
        for count, noun in ((paragraphs, "paragraph"), (comments, "comment"))
        if count
    ]
    return f"{current + 1}/{len(matches)} matching ({', '.join(parts)}) · n/N: next/previous"


class SearchActions(_Base):
    """The search keys of the key table ("/" and the "search" context)."""

    search_query: str = ""
    search_matches: list[tuple[str, object]]
    search_current: int = -1

    @property
    def search_active(self) -> bool:
        return bool(self.search_query)

    def action_start_search(self) -> None:
        bar = self.query_one(SearchBar)
        bar.add_class("-active")
        field = bar.query_one(Input)
        field.value = self.search_query
        field.focus()

    def action_clear_search(self) -> None:
        self.search_query = ""
        self.search_matches = []
        self.search_current = -1
        self.comment_pane.set_query("")
        self.article_pane.set_query("")
        bar = self.query_one(SearchBar)
        bar.remove_class("-active")
        bar.query_one(Input).value = ""
        if self.focused is None or isinstance(self.focused, Input):
            self.home_pane.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Highlight as the user types, once typing pauses (each repaint is a full frame)."""
        if event.input.id != "search-input":
            return
        timer = getattr(self, "_highlight_timer", None)
        if timer is not None:
            timer.stop()
        self._highlight_timer = self.set_timer(HIGHLIGHT_DELAY, self._highlight_typed)

    def _highlight_typed(self) -> None:
        # The timer can fire while the app is closing and the bar is already gone.
        bar = next(iter(self.query(SearchBar)), None)
        if bar is None or not bar.has_class("-active"):
            return
        value = bar.query_one("#search-input", Input).value
        self.comment_pane.set_query(value)
        self.article_pane.set_query(value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "search-input":
            return
        query = event.value.strip()
        if not query:
            self.action_clear_search()
            return
        self.search_query = query
        self._collect_matches()
        target = self.comment_pane if not self._search_from_article else self.article_pane
        target.focus()
        self.search_current = self._first_match_index()
        self._show_match()

    def refresh_search(self) -> None:
        """Recompute matches after the comments changed (sort, full thread arrived)."""
        if self.search_query:
            self._collect_matches()
            self.search_current = min(self.search_current, len(self.search_matches) - 1)
            self._update_status()

    def _collect_matches(self) -> None:
        query = self.search_query
        pane = self.comment_pane
        self.search_matches = [
            ("article", block) for block in self.article_pane.matching_blocks(query)
        ]
        # Positions, not ids: matches are collected again whenever the forest changes
        # (sort, the full thread arriving), and a 100k thread needs no comment made here.
        self.search_matches += [("comment", p) for p in pane.matching_positions(query)]
        self.comment_pane.set_query(query)
        self.article_pane.set_query(query)

    @property
    def _search_from_article(self) -> bool:
        return self._last_pane == "article"

    def _first_match_index(self) -> int:
        """The first article match from the article pane, else the first comment match at
        or after the selected comment."""
        if not self.search_matches:
            return -1
        if self._search_from_article:
            return 0
        pane = self.comment_pane
        here = max(0, pane.cursor_position)
        for number, (kind, key) in enumerate(self.search_matches):
            if kind == "comment" and key >= here:  # type: ignore[operator]
                return number
        return 0

    def action_next_match(self) -> None:
        self._step_match(+1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        if not self.search_matches:
            self.notify(sanitize(f"No matches for {self.search_query!r}"), markup=False)
            return
        self.search_current = (self.search_current + step) % len(self.search_matches)
        self._show_match()

    def _show_match(self) -> None:
        self._update_status()
        if self.search_current < 0:
            self.notify("No matches", markup=False)
            return
        kind, key = self.search_matches[self.search_current]
        if kind == "article":
            self.article_pane.scroll_to_block(key)  # type: ignore[arg-type]
            self.article_pane.focus()
        else:
            self.comment_pane.select_position(key)  # type: ignore[arg-type]
            self.comment_pane.focus()

    def _update_status(self) -> None:
        self.query_one("#search-status", Static).update(
            Content(match_status(self.search_current, self.search_matches))
        )
