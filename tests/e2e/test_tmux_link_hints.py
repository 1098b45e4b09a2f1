"""End to end: link hints in the real program in tmux. `f` labels the links, a label
asks to open its link (the confirmation shows the URL), a label in capitals copies it
(tmux turns the clipboard escape into a buffer, which must hold exactly the URL)."""

from __future__ import annotations

from pathlib import Path

from tests.tmuxpane import COMMAND, Pane, needs_tmux, tmux

pytestmark = needs_tmux

LINKS = Path(__file__).resolve().parent.parent / "fixtures" / "ui" / "notes-and-links.txt"


def test_link_hints_open_through_the_confirmation_and_copy_in_capitals(tmp_path):
    keeper = Pane(["sleep", "600"], {})
    tmux("set-option", "-g", "set-clipboard", "on")
    env = {
        "TERM": "xterm-256color",
        "THREADVIEW_DATA_DIR": str(tmp_path / "data"),
        "THREADVIEW_CONFIG_DIR": str(tmp_path / "config"),
        "BROWSER": "false",
    }
    pane = Pane([str(COMMAND), str(LINKS)], env, width=120, height=40)
    try:
        pane.wait_for("Quit", timeout=60)
        pane.keys("f")
        screen = pane.wait_for("Link hints:")
        assert "Two good write-ups: sttps://portnews.example/pilots-strike" in screen
        assert "Authored by gortnews.example" in screen
        pane.keys("s")
        screen = pane.wait_for("Open this link")
        assert "https://portnews.example/pilots-strike" in screen
        pane.keys("Escape")
        pane.wait_for("Quit")
        assert tmux("list-buffers") == ""
        pane.keys("g", "f")  # back to the top, where the first labels were
        pane.wait_for("Link hints:")
        pane.keys("G")
        pane.wait_for("Copied https://portnews.example")
        assert tmux("show-buffer") == "https://portnews.example"
        pane.keys("f")
        pane.wait_for("Link hints:")
        pane.keys("z")
        pane.wait_for("No link hint 'z'")
        pane.keys("q")
        assert "EXITED=0" in pane.wait_for("EXITED=", timeout=20)
    finally:
        pane.close()
        keeper.close()
        tmux("kill-server")
