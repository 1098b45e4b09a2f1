"""End to end: opening a link with a $BROWSER that runs in the terminal and fails.

The real program in tmux, `o` then "Open": the browser gets the terminal, fails, and the
reader must come back, say why in a toast, answer keys and quit with 0.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tmuxpane import COMMAND, Pane, needs_tmux, tmux

pytestmark = needs_tmux

LINKS = Path(__file__).resolve().parent.parent / "fixtures" / "ui" / "notes-and-links.txt"


@pytest.mark.parametrize(
    ("browser", "said"),
    [
        ("false", "'false' exited with status 1"),
        ("/nonexistent/threadview-browser", "was not found"),
    ],
)
def test_a_failing_browser_hands_the_terminal_back(tmp_path, browser, said):
    env = {
        "TERM": "xterm-256color",
        "THREADVIEW_DATA_DIR": str(tmp_path / "data"),
        "BROWSER": browser,
        "DISPLAY": "",
        "WAYLAND_DISPLAY": "",
    }
    pane = Pane([str(COMMAND), str(LINKS)], env, width=120, height=40)
    try:
        pane.wait_for("Quit", timeout=60)
        pane.keys("j")  # deckhand_lu, whose comment has one link
        pane.keys("o")
        pane.wait_for("Open this link")
        pane.keys("Enter")
        screen = pane.wait_for("Could not open", timeout=20)
        flat = " ".join(screen.split())
        assert "www.heraldo-puerto.es" in flat and said in flat
        assert "Quit" in screen  # the reader is drawn again, footer and all
        pane.keys("q")
        assert "EXITED=0" in pane.wait_for("EXITED=", timeout=20)
    finally:
        pane.close()
        tmux("kill-server")
