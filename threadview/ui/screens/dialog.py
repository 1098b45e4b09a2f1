"""The base of every dialog over the reader: a box with a rounded border, centred."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")

BOX = "dialog-box"
"""The class of a dialog's outer container (its border and background)."""


class Dialog(ModalScreen[ResultType]):
    """A modal screen whose container of class `BOX` is the box; subclasses restyle its
    size (`MyDialog > .dialog-box { width: 90; }`) and keep the look."""

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > .dialog-box {
        width: 72; max-width: 100%; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """
