"""Drive the real `threadview` command in a private tmux server, for end-to-end tests."""

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

TMUX = shutil.which("tmux")
COMMAND = Path(sys.executable).with_name("threadview")
SOCKET = f"threadview-test-{os.getpid()}"
needs_tmux = pytest.mark.skipif(TMUX is None, reason="tmux is not installed on this machine")


def tmux(*args: str) -> str:
    """Run tmux on a private server (own socket, no user config), so tests can't collide."""
    assert TMUX is not None
    done = subprocess.run(
        [TMUX, "-L", SOCKET, "-f", os.devnull, *args], capture_output=True, text=True, timeout=20
    )
    return done.stdout


class Pane:
    """One detached tmux session running a command; the shell reports its exit code."""

    def __init__(
        self, command: list[str], env: dict[str, str], width: int = 160, height: int = 48
    ) -> None:
        self.name = f"tv-{uuid.uuid4().hex[:8]}"
        exports = " ".join(shlex.quote(f"{key}={value}") for key, value in env.items())
        program = " ".join(shlex.quote(part) for part in command)
        # COLUMNS/LINES from the test runner would override the pane's real size.
        shell = f"env -u COLUMNS -u LINES {exports} {program}; echo EXITED=$?; sleep 60"
        tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), shell)

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.name)

    def title(self) -> str:
        return tmux("display-message", "-p", "-t", self.name, "#{pane_title}").strip()

    def wait_for(self, *texts: str, timeout: float = 20.0) -> str:
        """Wait until one of `texts` is on screen; return the screen."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if any(text in screen for text in texts):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"none of {texts!r} appeared; the screen was:\n{screen}")

    def keys(self, *keys: str) -> None:
        for key in keys:
            tmux("send-keys", "-t", self.name, key)
            time.sleep(0.15)

    def burst(self, text: str) -> None:
        """Type `text` in one write, as a fast typist or a paste does (keys arrive together)."""
        tmux("send-keys", "-t", self.name, "-l", text)

    def close(self) -> None:
        tmux("kill-session", "-t", self.name)
