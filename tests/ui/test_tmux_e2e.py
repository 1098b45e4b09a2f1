"""End to end: the real `threadview` command in a tmux pane, driven by keys, read off the screen."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from threadview.samples import default_sample_path

TMUX = shutil.which("tmux")
COMMAND = Path(sys.executable).with_name("threadview")

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed on this machine")


SOCKET = f"threadview-test-{os.getpid()}"


def tmux(*args: str) -> str:
    """Run tmux on a private server (own socket, no user config), so tests can't collide."""
    done = subprocess.run([TMUX, "-L", SOCKET, "-f", os.devnull, *args],
                          capture_output=True, text=True, timeout=20)
    return done.stdout


class Pane:
    """One detached tmux session running a command at 160x48."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.name = f"tv-{uuid.uuid4().hex[:8]}"
        exports = " ".join(shlex.quote(f"{key}={value}") for key, value in env.items())
        program = " ".join(shlex.quote(part) for part in command)
        # COLUMNS/LINES from the test runner would override the pane's real size.
        shell = f"env -u COLUMNS -u LINES {exports} {program}; echo EXITED=$?; sleep 30"
        tmux("new-session", "-d", "-s", self.name, "-x", "160", "-y", "48", shell)

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def wait_until_gone(self, text: str, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        screen = self.screen()
        while time.monotonic() < deadline and text in screen:
            time.sleep(0.1)
            screen = self.screen()
        return screen

    def keys(self, *keys: str) -> None:
        for key in keys:
            tmux("send-keys", "-t", self.name, key)
            time.sleep(0.15)

    def close(self) -> None:
        tmux("kill-session", "-t", self.name)


@pytest.fixture
def pane(tmp_path):
    opened: list[Pane] = []

    def start(*args: str) -> Pane:
        env = {"TERM": "xterm-256color", "THREADVIEW_DATA_DIR": str(tmp_path / "data"),
               "HOME": os.environ.get("HOME", str(tmp_path))}
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
    screen = view.wait_for("matches")
    assert "1/2 matches" in screen or "2/2 matches" in screen
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
