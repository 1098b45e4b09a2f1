"""Turn a rich `Text` line into a Textual `Strip`, base style included."""

from __future__ import annotations

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.strip import Strip


def text_strip(text: Text, console: Console, width: int) -> Strip:
    """One screen line of exactly `width` cells.

    `Text.render` leaves out the Text's own base style when it has no spans, so the base
    style is applied here, under the spans.
    """
    strip = Strip(list(text.render(console)), text.cell_len)
    if text.style:
        base = text.style if isinstance(text.style, Style) else console.get_style(text.style)
        strip = strip.apply_style(base)
    return strip.crop_extend(0, width, None)
