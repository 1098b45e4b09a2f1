"""The `N` dialog: one Input for a bookmark's short note; enter saves, escape cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from threadview.render.safe import safe_content, sanitize
from threadview.ui.screens.dialog import BOX, Dialog

MAX_NOTE = 500


class BookmarkNoteScreen(Dialog["str | None"]):
    """Asks for a note; dismisses with the text (stripped; "" clears it) or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]
    DEFAULT_CSS = """
    BookmarkNoteScreen #note-about {
        color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis;
    }
    BookmarkNoteScreen #note-hint { color: $text-muted; }
    """

    def __init__(self, about: str, note: str = "") -> None:
        super().__init__()
        self.about = about
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes=BOX) as box:
            box.border_title = "Bookmark note"
            yield Static(safe_content(self.about), id="note-about")
            # The Input shows its value as plain text; sanitising keeps old control characters
            # out of the terminal when an existing note is edited.
            yield Input(
                sanitize(self.note),
                placeholder="A short note",
                max_length=MAX_NOTE,
                id="note-input",
            )
            yield Static(
                Content("enter saves · escape cancels · empty clears the note"), id="note-hint"
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
