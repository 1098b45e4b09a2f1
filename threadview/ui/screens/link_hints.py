"""The `f` overlay: a short label over every link on screen; typing one picks that link.

A see-through modal over the reader: the labels sit where the links start, and a bar at
the bottom says what to do. It only ever shows labels it made (never thread text), and it
hands back a URL and whether to copy it; opening and copying stay with `LinkActions`, so
the confirmation and the clipboard gate apply as for `o` and `y`.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


@dataclass(frozen=True, slots=True)
class Hint:
    """A label to type, where it is drawn (screen cells) and the URL it stands for."""

    label: str
    x: int
    y: int
    url: str


@dataclass(frozen=True, slots=True)
class HintChoice:
    """The link picked: open it, or (the hint typed in capitals) copy it."""

    url: str
    copy: bool


@dataclass(frozen=True, slots=True)
class NoHint:
    """A key that is no hint was typed: what it was, for the notification."""

    typed: str


class LinkHints(ModalScreen["HintChoice | NoHint | None"]):
    """Labels over the links; dismisses with the choice, `NoHint`, or None on escape."""

    DEFAULT_CSS = """
    LinkHints { background: transparent; }
    LinkHints .link-hint {
        position: absolute; width: auto; height: 1;
        background: $warning; color: $background; text-style: bold;
    }
    LinkHints #hints-bar {
        dock: bottom; height: 1; width: 1fr; padding: 0 1;
        background: $panel; color: $text;
    }
    """

    def __init__(self, hints: list[Hint]) -> None:
        super().__init__()
        self.hints = hints
        self.typed = ""

    def compose(self) -> ComposeResult:
        for number, hint in enumerate(self.hints):
            label = Static(Content(hint.label), classes="link-hint", id=f"hint-{number}")
            label.styles.offset = (hint.x, hint.y)
            yield label
        yield Static(
            Content.assemble(
                ("Link hints", "bold"),
                ": type a label to open its link, in capitals to copy it; escape cancels",
            ),
            id="hints-bar",
        )

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        if event.key == "escape":
            self.dismiss(None)
            return
        character = event.character or ""
        if len(character) != 1 or not character.isprintable():
            self.dismiss(NoHint(event.key))
            return
        copy = (self.typed[:1] or character).isupper()
        self.typed += character.lower()
        matching = [hint for hint in self.hints if hint.label.startswith(self.typed)]
        if not matching:
            self.dismiss(NoHint(self.typed))
        elif len(matching) == 1 and matching[0].label == self.typed:
            self.dismiss(HintChoice(matching[0].url, copy))
        else:
            self._narrow()

    def _narrow(self) -> None:
        """Show only the labels that still match, their typed part set apart."""
        for number, hint in enumerate(self.hints):
            label = self.query_one(f"#hint-{number}", Static)
            keep = hint.label.startswith(self.typed)
            label.display = keep
            if keep:
                rest = hint.label[len(self.typed) :]
                label.update(Content.assemble((self.typed, "dim"), rest))
