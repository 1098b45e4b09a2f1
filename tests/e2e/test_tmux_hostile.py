"""End to end: every hostile file opened by the real program in tmux, with the clipboard
escape enabled. Nothing may change the window title, fill a tmux buffer (OSC 52), or reach
the screen as anything but harmless symbols; every file opens (or is refused in one line),
can be walked to its end and quit cleanly.

Run one case by hand with `pytest tests/e2e -k NAME`.
"""

from __future__ import annotations

import importlib.util
import json
import time
from pathlib import Path

import pytest

from tests.tmuxpane import COMMAND, Pane, needs_tmux, tmux

HOSTILE = Path(__file__).resolve().parent.parent / "hostile"
MANIFEST = json.loads((HOSTILE / "MANIFEST.json").read_text(encoding="utf-8"))
FILES = MANIFEST["files"]
GENERATED = MANIFEST["generated"]

pytestmark = needs_tmux


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _generate(name: str, params: dict[str, int]) -> bytes:
    spec = importlib.util.spec_from_file_location("hostile_generate", HOSTILE / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(name, params)


@pytest.fixture(scope="module")
def server():
    """A private tmux server that turns OSC 52 into buffers and lets programs rename it."""
    keeper = Pane(["sleep", "600"], {})
    tmux("set-option", "-g", "set-clipboard", "on")
    tmux("set-option", "-g", "allow-rename", "on")
    yield keeper
    keeper.close()
    tmux("kill-server")


def _open_walk_and_quit(path: Path, case: dict, data_dir: Path) -> None:
    env = {"TERM": "xterm-256color", "THREADVIEW_DATA_DIR": str(data_dir)}
    pane = Pane([str(COMMAND), str(path)], env, width=120, height=40)
    try:
        title = pane.title()
        if case.get("expect") == "refused":
            screen = pane.wait_for("EXITED=")
            assert "EXITED=2" in screen and "threadview: error:" in screen
        else:
            screen = pane.wait_for("Quit", "EXITED=", timeout=60)
            assert "EXITED=" not in screen, screen
            flat = _squeezed(screen)
            for needle in case.get("screen", []):
                assert _squeezed(needle) in flat, f"{needle!r} not on screen:\n{screen}"
            pane.keys("G", "tab", "G", "q")
            screen = pane.wait_for("EXITED=", timeout=60)
            assert "EXITED=0" in screen, screen
        assert pane.title() == title
        assert tmux("list-buffers") == ""
        assert "\x1b" not in screen
    finally:
        pane.close()


@pytest.mark.parametrize("case", FILES, ids=[case["file"] for case in FILES])
def test_hostile_file_in_the_real_program(server, case, tmp_path):
    _open_walk_and_quit(HOSTILE / case["file"], case, tmp_path / "data")


@pytest.mark.parametrize("case", GENERATED, ids=[case["name"] for case in GENERATED])
def test_giant_generated_input_in_the_real_program(server, case, tmp_path):
    suffix = ".json" if "json" in case["name"] else ".txt"
    path = tmp_path / f"{case['name']}{suffix}"
    path.write_bytes(_generate(case["name"], case["params"]))
    _open_walk_and_quit(path, {"expect": "opens"}, tmp_path / "data")


def _clear_buffers() -> None:
    while tmux("list-buffers"):
        tmux("delete-buffer")


def _paste_into_a_shell(workdir: Path, buffer: str) -> str:
    """Paste a tmux buffer into a fresh interactive bash in `workdir` as a terminal pastes
    (bracketed: bash asks for it), without pressing enter; the shell's screen after."""
    workdir.mkdir()
    script = f"cd {workdir} && exec bash --norc --noprofile -i"
    shell = Pane(["sh", "-c", script], {"PS1": "ready$ ", "INPUTRC": "/dev/null"}, 100, 20)
    try:
        shell.wait_for("ready$")
        tmux("paste-buffer", "-p", "-b", buffer, "-t", shell.name)
        time.sleep(1.0)
        return shell.screen()
    finally:
        shell.close()


PASTE_CASES = [case for case in FILES if "paste_creates" in case]


@pytest.mark.parametrize("case", PASTE_CASES, ids=[case["file"] for case in PASTE_CASES])
def test_what_y_copies_pastes_into_a_shell_without_running(server, case, tmp_path):
    """`y` on the first comment, then paste what the terminal got (OSC 52, kept by tmux
    as a buffer) into bash: nothing may run. The same text pasted raw shows the test can
    tell: there the command does run."""
    _clear_buffers()
    created = case["paste_creates"]
    env = {"TERM": "xterm-256color", "THREADVIEW_DATA_DIR": str(tmp_path / "data")}
    app = Pane([str(COMMAND), str(HOSTILE / case["file"])], env, width=120, height=40)
    try:
        app.wait_for("Quit", timeout=60)
        app.keys("y")
        app.wait_for("Copied", timeout=20)
        copied = tmux("show-buffer")
        app.keys("q")
        app.wait_for("EXITED=0")
    finally:
        app.close()
    assert "\x1b" not in copied and "␛" in copied, repr(copied)
    tmux("set-buffer", "-b", "copied", copied)
    screen = _paste_into_a_shell(tmp_path / "gated", "copied")
    assert not (tmp_path / "gated" / created).exists(), screen
    assert created in screen  # pasted, sitting on the command line, not run

    tmux("set-buffer", "-b", "raw", copied.replace("␛", "\x1b"))
    _paste_into_a_shell(tmp_path / "raw", "raw")
    assert (tmp_path / "raw" / created).exists(), "the raw text should have run the command"
    _clear_buffers()
