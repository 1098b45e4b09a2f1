"""threadview: a terminal reader for saved discussion threads."""

from __future__ import annotations

__version__ = "0.1.0"
