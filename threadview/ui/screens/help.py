"""The `?` help screen, generated from the key table so it can never disagree with it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from threadview.render.decorate import LINK_MARK, TRANSLATION_MARK
from threadview.ui.keymap import UserKeys
from threadview.ui.keys import help_rows
from threadview.ui.screens.dialog import BOX, Dialog

SIGNS: tuple[tuple[str, str], ...] = (
    ("▾ / ▸", "a comment with replies, open / folded"),
    ("•", "a comment with no replies"),
    ("↳5", "nested deeper than the pane can indent (here, level 5)"),
    ("[op]", "the thread's submitter (also [moderator], [admin], [stickied])"),
    ("★", "bookmarked"),
    (f"{TRANSLATION_MARK} [es→en]", "holds a translation note, with its languages"),
    (f"{LINK_MARK} 2", "holds links or cited sources (L lists them)"),
    ("▌", "quoted text"),
)
"""What the signs on comment header lines and in the text mean."""


def help_content(user_keys: UserKeys | None = None) -> Content:
    """Every key (the user's, when given) with its description, one section per pane,
    then what the signs mean."""
    lines: list[Content] = []
    for title, entries in help_rows(None if user_keys is None else user_keys.display):
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(title, "bold"))
        width = max(len(keys) for keys, _ in entries)
        for keys, description in entries:
            lines.append(
                Content.assemble(("  " + keys.ljust(width), "bold $accent"), "  ", description)
            )
    lines += [Content(""), Content.styled("Signs on comment headers and in the text", "bold")]
    width = max(len(sign) for sign, _ in SIGNS)
    for sign, meaning in SIGNS:
        lines.append(Content.assemble(("  " + sign.ljust(width), "bold $accent"), "  ", meaning))
    lines += [Content(""), Content.styled("Press escape, q or ? to close.", "dim")]
    return Content("\n").join(lines)


class HelpScreen(Dialog[None]):
    """All keys, scrollable; closes on escape, q or ?."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", show=True),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]
    DEFAULT_CSS = """
    HelpScreen > .dialog-box { height: 80%; }
    """

    def __init__(self, user_keys: UserKeys | None = None) -> None:
        super().__init__()
        self.user_keys = user_keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes=BOX) as scroll:
            scroll.border_title = "threadview keys"
            yield Static(help_content(self.user_keys), id="help-text")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
