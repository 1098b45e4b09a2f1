"""The `D` dialog: comments earlier saves of the thread had and this save lacks, with their text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from threadview.clip import clip
from threadview.render.safe import safe_content
from threadview.ui.screens.dialog import BOX, Dialog

if TYPE_CHECKING:
    from threadview.store.records import GoneComment

MAX_BODY = 2_000
"""Characters of each comment's last known text shown (the dialog is a reminder)."""


def gone_heading(comment: GoneComment) -> Content:
    """Author · time (UTC), thread text through the sanitising gate."""
    when = comment.timestamp.strftime("%Y-%m-%d %H:%M UTC") if comment.timestamp else "no time"
    return Content.assemble(safe_content(comment.author or "(no author)", "bold"), f" · {when}")


class GoneScreen(Dialog[None]):
    """Lists the removed comments, oldest first; escape (or q, or D) closes it."""

    BINDINGS = [
        Binding("escape", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
        Binding("D", "close", "Close", show=False),
    ]
    DEFAULT_CSS = """
    GoneScreen > .dialog-box { width: 90; max-height: 90%; }
    GoneScreen #gone-list { height: auto; max-height: 100%; }
    GoneScreen .gone-body { padding: 0 0 1 2; }
    GoneScreen #gone-hint { color: $text-muted; }
    """

    def __init__(self, gone: Sequence[GoneComment]) -> None:
        super().__init__()
        self.gone = gone

    def compose(self) -> ComposeResult:
        noun = "comment" if len(self.gone) == 1 else "comments"
        with Vertical(classes=BOX) as box:
            box.border_title = f"{len(self.gone):,} {noun} no longer in this save"
            with VerticalScroll(id="gone-list"):
                for comment in self.gone:
                    body = clip(comment.body, MAX_BODY + 1)
                    yield Static(gone_heading(comment), classes="gone-heading")
                    yield Static(safe_content(body.strip() or "(empty)"), classes="gone-body")
            yield Static(Content("Their last known text · escape closes"), id="gone-hint")

    def on_mount(self) -> None:
        self.query_one("#gone-list").focus()

    def action_close(self) -> None:
        self.dismiss(None)
