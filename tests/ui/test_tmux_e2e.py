"""End to end: the real `threadview` command in a tmux pane, driven by keys, read off the screen."""

from __future__ import annotations

import os

import pytest

from tests.tmuxpane import COMMAND, Pane, needs_tmux, tmux
from threadview.samples import default_sample_path

pytestmark = needs_tmux


@pytest.fixture
def pane(tmp_path):
    opened: list[Pane] = []

    def start(*args: str) -> Pane:
        env = {
            "TERM": "xterm-256color",
            "THREADVIEW_DATA_DIR": str(tmp_path / "data"),
            "HOME": os.environ.get("HOME", str(tmp_path)),
        }
        started = Pane([str(COMMAND), *args], env)
        opened.append(started)
        return started

    yield start
    for started in opened:
        started.close()
    tmux("kill-server")


def test_threadview_opens_navigates_searches_and_quits(pane):
    assert COMMAND.exists(), f"{COMMAND} is missing: install the package into the venv"
    view = pane(str(default_sample_path()))
    screen = view.wait_for("quietkeel")
    assert "Harbour town votes" in screen
    assert "16 comments" in screen and "oldest first" in screen
    view.keys("J", "J")
    view.keys("h")
    screen = view.wait_for("replies hidden")
    assert "lamp_and_lens" in screen and "— 3 replies hidden" in screen
    view.keys("s")
    screen = view.wait_for("newest first")
    assert screen.index("lamp_and_lens") < screen.index("BrineAndBiscuits"), "newest on top"
    view.keys("/")
    view.keys("Fresnel", "Enter")
    screen = view.wait_for("matching")
    assert "1/2 matching" in screen or "2/2 matching" in screen
    view.keys("Escape", "?")
    screen = view.wait_for("threadview keys")
    assert "Next sibling" in screen
    view.keys("Escape", "q")
    screen = view.wait_for("EXITED=0")


def test_threadview_with_no_argument_opens_the_bundled_sample(pane):
    view = pane()
    view.wait_for("Harbour town votes")
    view.keys("q")
    view.wait_for("EXITED=0")


def test_a_missing_file_is_a_one_line_error_not_a_tui(pane, tmp_path):
    view = pane(str(tmp_path / "nope.txt"))
    screen = view.wait_for("EXITED=")
    assert "Traceback" not in screen
    assert "nope.txt" in screen
