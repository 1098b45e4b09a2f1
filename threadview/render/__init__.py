"""Rendering: the only place thread text becomes something a terminal sees.

`safe` sanitises raw text (controls, escape sequences, invisible characters become dim
symbols); `markdown` turns comment bodies into wrapped screen lines; `wrap` wraps any
styled text to a width in cells; `comment` and `notes` are how a comment looks (header,
guides, body, badges, translation notes), in the colours of a `palette.Palette`;
`outgoing` gates what leaves by other ways (the clipboard, JSON and text output). Nothing
here parses markup from thread text, and no link style (OSC 8) is ever emitted.
"""

from __future__ import annotations

from threadview.render.markdown import render_markdown
from threadview.render.safe import safe_content, safe_text, sanitize
from threadview.render.wrap import render_plain_lines, truncate, wrap_text

__all__ = [
    "render_markdown",
    "render_plain_lines",
    "safe_content",
    "safe_text",
    "sanitize",
    "truncate",
    "wrap_text",
]
