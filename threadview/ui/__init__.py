"""The Textual reader. Import `threadview.ui.app` for the App; this package stays light.

Nothing here imports Textual, so `threadview.ui.keys` (the key table) can be read by the
README generator and the CLI without paying Textual's start-up cost.
"""

from __future__ import annotations
