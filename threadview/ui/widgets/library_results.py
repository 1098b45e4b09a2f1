"""The library's search results: thread, author and time, then a snippet with the match marked.

Snippets are thread text: each piece passes the sanitising gate on its own, so the match
offsets the store gives stay true, and nothing is ever read as markup.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from threadview.commands.output import shown_path
from threadview.render.safe import safe_content
from threadview.store.records import ARTICLE_ID, SearchHit

MATCH_STYLE = "bold reverse"


def _when(stamp: datetime | None) -> str:
    return stamp.strftime("%Y-%m-%d %H:%M") if stamp is not None else "undated"


def marked_snippet(text: str, spans: Sequence[tuple[int, int]]) -> Content:
    """The snippet, each (start, end) span styled as a match, every piece made safe."""
    pieces: list[Content] = []
    at = 0
    for start, end in sorted(spans):
        if start < at:
            continue
        pieces.append(safe_content(text[at:start]))
        pieces.append(safe_content(text[start:end], MATCH_STYLE))
        at = end
    pieces.append(safe_content(text[at:]))
    return Content("").join(pieces)


def hit_prompt(hit: SearchHit) -> Content:
    """A hit as the list shows it: two lines."""
    title = " ".join(hit.title.splitlines()) or shown_path(os.path.basename(hit.path))
    where = "the article" if hit.comment_id == ARTICLE_ID else (hit.author or "(no author)")
    head = Content.assemble(
        safe_content(title, "bold"),
        " · ",
        safe_content(where, "$accent"),
        Content.styled(f" · {_when(hit.timestamp)}", "dim"),
    )
    return head + Content("\n  ") + marked_snippet(hit.snippet, hit.highlights)


class LibraryResults(OptionList):
    """The hits of the library's search, best first; the screen moves and opens them."""

    DEFAULT_CSS = """
    LibraryResults { height: 1fr; border: none; padding: 0 1; }
    LibraryResults:focus { border: none; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: list[SearchHit] = []

    def show_hits(self, hits: list[SearchHit]) -> None:
        self.hits = hits
        options: list[Option | None] = []
        for hit in hits:
            if options:
                options.append(None)
            options.append(Option(hit_prompt(hit)))
        self.set_options(options)
        if hits:
            self.highlighted = 0

    @property
    def current(self) -> SearchHit | None:
        index = self.highlighted
        return self.hits[index] if index is not None and index < len(self.hits) else None

    def move(self, step: int) -> None:
        if self.hits:
            here = self.highlighted if self.highlighted is not None else -step
            self.highlighted = max(0, min(len(self.hits) - 1, here + step))
