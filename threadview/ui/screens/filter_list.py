"""The base of the dialogs that are a filter field over a list (authors, bookmarks)."""

from __future__ import annotations

from typing import ClassVar

from textual.events import Key
from textual.widgets import Input, OptionList

from threadview.ui.screens.dialog import Dialog, ResultType


class FilterListDialog(Dialog[ResultType]):
    """A dialog whose `#NAME-filter` field filters its `#NAME-list`: the field keeps the
    focus, a printable key pressed on the list (after a click or tab) types into it, and
    escape empties a filter before it closes the dialog."""

    NAME: ClassVar[str]
    """The prefix of the field's and the list's ids."""

    def filter_field(self, placeholder: str) -> Input:
        """The filter field, to compose."""
        return Input(placeholder=placeholder, select_on_focus=False, id=f"{self.NAME}-filter")

    def list_widget(self) -> OptionList:
        """The list, to compose."""
        return OptionList(id=f"{self.NAME}-list")

    @property
    def filter_input(self) -> Input:
        return self.query_one(f"#{self.NAME}-filter", Input)

    @property
    def option_list(self) -> OptionList:
        return self.query_one(f"#{self.NAME}-list", OptionList)

    def on_key(self, event: Key) -> None:
        """A printable key pressed on the list types into the filter."""
        if self.focused is self.filter_input:
            return
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            field = self.filter_input
            field.focus()
            field.insert_text_at_cursor(event.character)

    def move_highlight(self, step: int) -> None:
        """Highlight the row `step` rows down (up when negative), kept within the list."""
        listing = self.option_list
        if listing.option_count:
            current = listing.highlighted if listing.highlighted is not None else -step
            listing.highlighted = max(0, min(listing.option_count - 1, current + step))

    def clear_filter(self) -> bool:
        """Empty the filter and focus it; False when it was empty already."""
        field = self.filter_input
        if not field.value:
            return False
        field.value = ""
        field.focus()
        return True
