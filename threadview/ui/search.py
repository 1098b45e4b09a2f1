"""The search bar (`/`): the query, its matches and where n/N stand among them.

Matches are the article blocks first, then comments in display order (one match per
block or comment, however many hits it holds; the counter says so); n/N walk them,
unfolding collapsed ancestors to reach a comment. Highlights follow the query as typed.
The bar holds the search's state (a reactive query, its matches, whether comments are
still being searched) and says what the reader asked for in messages (`Submitted`,
`Cleared`, `Step`); the reader screen (`ui/screens/reader.py`) handles them, and searches
the comments in a worker that streams its hits back.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive, var
from textual.widgets import Input, Static

HIGHLIGHT_DELAY = 0.15


class SearchBar(Horizontal):
    """The input line for a search and a match counter beside it."""

    DEFAULT_CSS = """
    SearchBar { height: 1; display: none; background: $panel; }
    SearchBar.-active { display: block; }
    SearchBar > Input { width: 1fr; padding: 0 1; }
    SearchBar > #search-status { width: auto; padding: 0 1; color: $text-muted; }
    """

    term: reactive[str] = reactive("", init=False)
    """The submitted query ("" when no search is active; not `query`, which would hide
    `DOMNode.query`)."""
    matches: var[list[tuple[str, int]]] = var(list, init=False)
    """("article", block number) and ("comment", position) pairs, in display order."""
    articles: var[int] = var(0, init=False)
    """How many of `matches` are article blocks (they come first)."""
    current: var[int] = var(-1, init=False)
    """The index in `matches` that n/N last showed (-1: none)."""
    searching: var[bool] = var(False, init=False)
    """Whether the comments are still being searched (more matches may come)."""

    @dataclass
    class Submitted(Message):
        """Enter with a query in the field: search for it."""

        bar: SearchBar
        query: str

        @property
        def control(self) -> SearchBar:
            return self.bar

    @dataclass
    class Cleared(Message):
        """Enter on an empty field: the search is over."""

        bar: SearchBar

        @property
        def control(self) -> SearchBar:
            return self.bar

    @dataclass
    class Step(Message):
        """n (+1) or N (-1): show the next or previous match."""

        bar: SearchBar
        step: int

        @property
        def control(self) -> SearchBar:
            return self.bar

    def compose(self) -> ComposeResult:
        # Compact: Textual's own one-row Input, whose rule outranks the focused border
        # (a plain `border: none` here loses to `Input:focus`, hiding the query).
        yield Input(
            placeholder="Search comments and article (enter: find, esc: clear)",
            id="search-input",
            compact=True,
        )
        yield Static(Content(""), id="search-status")

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        query = event.value.strip()
        self.post_message(self.Submitted(self, query) if query else self.Cleared(self))

    def step(self, step: int) -> None:
        """Ask for the next (+1) or previous (-1) match."""
        self.post_message(self.Step(self, step))

    def clear(self) -> None:
        """Forget the query and its matches."""
        self.term, self.matches, self.current, self.searching = "", [], -1, False
        self.articles = 0

    def watch_matches(self) -> None:
        self._show_status()

    def watch_current(self) -> None:
        self._show_status()

    def watch_searching(self) -> None:
        self._show_status()

    def _show_status(self) -> None:
        status = match_status(
            self.current, len(self.matches), self.articles, searching=self.searching
        )
        self.query_one("#search-status", Static).update(Content(status if self.term else ""))


def match_status(current: int, total: int, paragraphs: int, *, searching: bool = False) -> str:
    """Where n/N stand among the `total` matches (`paragraphs` of them in the article),
    saying what is counted: the article paragraphs and comments that contain the query (a
    comment with three hits is one match); while the comments are still searched, the
    count says it may grow."""
    if not total:
        return "searching…" if searching else "no matches"
    comments = total - paragraphs
    parts = [
        f"{count} {noun if count == 1 else noun + 's'}"
        for count, noun in ((paragraphs, "paragraph"), (comments, "comment"))
        if count
    ]
    if searching:
        parts.append("searching…")
    more = "+" if searching else ""
    return f"{current + 1}/{total}{more} matching ({', '.join(parts)}) · n/N: next/previous"
