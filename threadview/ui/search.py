"""The search bar (`/`): the query, its matches and where n/N stand among them.

Matches are the article blocks first, then comments in display order (one match per
block or comment, however many hits it holds; the counter says so); n/N walk them,
unfolding collapsed ancestors to reach a comment. Highlights follow the query as typed.
The bar holds the search's state; the reader screen (`ui/screens/reader.py`) acts on it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import var
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

    term: var[str] = var("")
    """The submitted query ("" when no search is active)."""
    matches: var[list[tuple[str, int]]] = var(list)
    """("article", block number) and ("comment", position) pairs, in display order."""
    current: var[int] = var(-1)
    """The index in `matches` that n/N last showed (-1: none)."""

    def compose(self) -> ComposeResult:
        # Compact: Textual's own one-row Input, whose rule outranks the focused border
        # (a plain `border: none` here loses to `Input:focus`, hiding the query).
        yield Input(
            placeholder="Search comments and article (enter: find, esc: clear)",
            id="search-input",
            compact=True,
        )
        yield Static(Content(""), id="search-status")


def match_status(current: int, matches: list[tuple[str, int]]) -> str:
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
