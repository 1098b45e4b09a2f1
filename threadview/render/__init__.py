"""Rendering: the only place thread text becomes something a terminal sees.

`safe` sanitises raw text (controls, escape sequences, invisible characters become dim
symbols); `markdown` turns comment bodies into wrapped screen lines. Nothing here parses
markup from thread text, and no link style (OSC 8) is ever emitted.
"""

from __future__ import annotations

from threadview.render.safe import safe_content, safe_text, sanitize

__all__ = ["safe_content", "safe_text", "sanitize"]
