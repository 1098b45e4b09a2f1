"""Modals for links: pick one of a comment's links, and confirm (or refuse) opening one.

The confirmation shows the URL that would be opened in full and its real host (punycode
for an international name), plus any warning `ValidUrl` raises; a refused URL gets the
reason instead and no way to open it. Every piece of thread text is sanitised Content,
never markup, and no URL is ever given a terminal hyperlink style.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from threadview.annotate import Link
from threadview.render.safe import safe_content
from threadview.ui.screens.dialog import BOX, Dialog
from threadview.urls import UnsafeUrl, ValidUrl

_MODAL_CSS = """
{name} > .dialog-box {{ width: 84; max-height: 90%; }}
{name} .field {{ height: auto; margin: 1 0 0 0; }}
{name} #url-box {{ height: auto; max-height: 8; margin: 1 0 0 0; }}
{name} #url-box > Static {{ margin: 0; }}
{name} .hint {{ color: $text-muted; height: auto; margin: 1 0 0 0; }}
{name} .warning {{ color: $warning; height: auto; margin: 1 0 0 0; }}
{name} Horizontal {{ height: auto; margin: 1 0 0 0; align-horizontal: right; }}
{name} Button {{ margin: 0 0 0 2; }}
"""


def link_option(link: Link) -> Content:
    """One row of the picker: the host, then the URL as the text wrote it."""
    return Content.assemble(safe_content(link.host, "bold"), "  ", safe_content(link.url, "dim"))


class LinkPicker(Dialog["Link | str | None"]):
    """Choose one of several links; dismisses with the link, or None on escape.

    With `text_choice` (a label such as "The article text"), that comes first and
    choosing it dismisses with the label instead of a link.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("q", "cancel", "Cancel", show=False)]
    DEFAULT_CSS = (
        _MODAL_CSS.format(name="LinkPicker")
        + """
    LinkPicker OptionList { height: auto; max-height: 20; border: none; }
    """
    )

    def __init__(
        self, links: list[Link], purpose: str = "open", text_choice: str | None = None
    ) -> None:
        super().__init__()
        self.links = links
        self.choices: list[Link | str] = [text_choice] if text_choice else []
        self.choices += links
        self.purpose = purpose

    def compose(self) -> ComposeResult:
        options = [
            Option(link_option(choice) if isinstance(choice, Link) else Content(choice))
            for choice in self.choices
        ]
        with Vertical(classes=BOX) as box:
            box.border_title = (
                f"Which link to {self.purpose}?"
                if all(isinstance(choice, Link) for choice in self.choices)
                else f"What to {self.purpose}?"
            )
            yield OptionList(*options, id="link-options")
            yield Static(Content(f"enter: {self.purpose} · esc: cancel"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmOpen(Dialog[bool]):
    """Show where a link really goes and ask before opening it.

    Given a `ValidUrl`, it offers Open and Cancel (`o` or enter on Open opens; escape,
    `n` or `q` cancels). Given an `UnsafeUrl`, it only says why the URL is refused.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("n", "cancel", "Cancel", show=False),
        Binding("q", "cancel", "Cancel", show=False),
        Binding("o", "confirm", "Open", show=False),
    ]
    DEFAULT_CSS = _MODAL_CSS.format(name="ConfirmOpen")

    def __init__(self, raw_url: str, checked: ValidUrl | UnsafeUrl) -> None:
        super().__init__()
        self.raw_url = raw_url
        self.checked = checked

    @property
    def refused(self) -> bool:
        return isinstance(self.checked, UnsafeUrl)

    def compose(self) -> ComposeResult:
        checked = self.checked
        with Vertical(classes=BOX) as box:
            if isinstance(checked, UnsafeUrl):
                box.border_title = "This link will not be opened"
                yield Static(
                    Content.assemble(("Reason: ", "bold"), safe_content(checked.reason)),
                    classes="field",
                    id="reason",
                )
                with VerticalScroll(id="url-box"):
                    yield Static(
                        Content.assemble(("URL: ", "bold"), safe_content(self.raw_url)), id="url"
                    )
                with Horizontal():
                    yield Button("Close", id="cancel", variant="primary")
                return
            box.border_title = "Open this link in your browser?"
            yield Static(
                Content.assemble(("Host: ", "bold"), (checked.display_host, "bold $accent")),
                classes="field",
                id="host",
            )
            with VerticalScroll(id="url-box"):
                yield Static(Content.assemble(("URL:  ", "bold"), Content(checked.url)), id="url")
            for warning in checked.warnings:
                yield Static(safe_content("Careful: " + warning), classes="warning")
            yield Static(Content("o / enter: open · esc / n: cancel"), classes="hint")
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Open", id="open", variant="primary")

    def on_mount(self) -> None:
        button = "#cancel" if self.refused else "#open"
        self.query_one(button, Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "open" and not self.refused)

    def action_confirm(self) -> None:
        if not self.refused:
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
