"""Journeys: the real `threadview` in tmux, driven as a person reads, the screen read at
every step (a long comment with `j`, a search typed and stepped, a plain text paged with
`space`, each pane zoomed).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.tmuxpane import COMMAND, Pane, needs_tmux, tmux

pytestmark = needs_tmux

READING = Path(__file__).resolve().parent.parent / "fixtures" / "reading"
PARAGRAPH = re.compile(r"Paragraph (\d\d) of the long comment")
SECTION = re.compile(r"Section (\d\d) (?:begins|ends) here")
HATCH = "╱"
"""What Textual draws around a maximised widget that does not fill the screen."""


@pytest.fixture
def reader(tmp_path):
    opened: list[Pane] = []

    def start(name: str, width: int = 80, height: int = 24) -> Pane:
        assert COMMAND.exists(), f"{COMMAND} is missing: install the package into the venv"
        env = {
            "TERM": "xterm-256color",
            "THREADVIEW_DATA_DIR": str(tmp_path / "data"),
            "HOME": os.environ.get("HOME", str(tmp_path)),
        }
        pane = Pane([str(COMMAND), str(READING / name)], env, width, height)
        opened.append(pane)
        pane.wait_for("q Quit")  # the footer comes after the first frame: keys from now on
        return pane

    yield start
    for pane in opened:
        pane.close()
    tmux("kill-server")


def press(view: Pane, key: str, *, literal: bool = False) -> str:
    """Send one key and return the screen once it has changed and stopped changing."""
    before = view.screen()
    tmux("send-keys", "-t", view.name, *(["-l", key] if literal else [key]))
    deadline = time.monotonic() + 3.0
    screen = view.screen()
    while screen == before and time.monotonic() < deadline:
        time.sleep(0.03)
        screen = view.screen()
    while True:
        time.sleep(0.12)
        again = view.screen()
        if again == screen:
            return screen
        screen = again


def wait_until(view: Pane, ok: Callable[[str], bool], timeout: float = 10.0) -> str:
    """The screen, once `ok` holds for it."""
    deadline = time.monotonic() + timeout
    screen = view.screen()
    while not ok(screen) and time.monotonic() < deadline:
        time.sleep(0.05)
        screen = view.screen()
    assert ok(screen), f"the screen never changed as expected:\n{screen}"
    return screen


def numbers(pattern: re.Pattern[str], screen: str) -> list[int]:
    return [int(found) for found in pattern.findall(screen)]


def test_reading_a_long_comment_to_its_end_with_j_only(reader):
    view = reader("long-comment.txt")
    screen = view.wait_for("A short first comment.")
    assert "Paragraph 01" in screen
    screen = press(view, "j")
    assert "wordy" in screen and "Paragraph 01" in screen
    seen = set(numbers(PARAGRAPH, screen))
    lowest = min(seen)
    for _ in range(150):
        if 60 in seen:
            break
        screen = press(view, "j")
        shown = numbers(PARAGRAPH, screen)
        assert shown, f"no paragraph on screen:\n{screen}"
        assert min(shown) >= lowest, f"j went back up:\n{screen}"
        assert "The comment after the long one." not in screen or 60 in shown
        lowest = min(shown)
        seen.update(shown)
    assert seen == set(range(1, 61)), f"never shown: {sorted(set(range(1, 61)) - seen)}"
    screen = press(view, "j")
    assert "The comment after the long one." in screen
    view.keys("q")
    view.wait_for("EXITED=0")


def test_search_shows_the_query_while_typing_steps_through_hits_and_clears(reader):
    view = reader("long-comment.txt")
    view.wait_for("A short first comment.")
    press(view, "/")
    for count in range(1, len("comment") + 1):
        screen = press(view, "comment"[count - 1], literal=True)
        bar = screen.rstrip("\n").split("\n")[-2]
        assert "comment"[:count] in bar, f"typed {'comment'[:count]!r}, bar shows {bar!r}"
    view.keys("Enter")
    screen = view.wait_for("2/5 matching")
    assert "2/5 matching (1 paragraph, 4 comments)" in screen
    view.keys("n")
    screen = view.wait_for("3/5 matching")
    assert "wordy" in screen
    view.keys("N")
    view.wait_for("2/5 matching")
    view.keys("N")
    screen = view.wait_for("1/5 matching")
    assert "The article is short" in screen
    view.keys("Escape")
    screen = wait_until(view, lambda screen: "matching" not in screen)
    assert not any(line.startswith("comment") for line in screen.split("\n")), "bar gone"
    view.keys("q")
    view.wait_for("EXITED=0")


def test_a_plain_text_with_no_comments_is_read_to_its_end_with_space(reader):
    view = reader("long-notes.txt")
    screen = view.wait_for("Section 01 begins here.")
    assert "Field notes from the quay" in screen
    assert "No comments in this file" not in screen, "no empty pane beside the text"
    seen = set(numbers(SECTION, screen))
    for _ in range(40):
        if "THE END OF THE NOTES" in screen:
            break
        top = min(numbers(SECTION, screen))
        screen = press(view, "Space")
        assert min(numbers(SECTION, screen)) > top, f"space did not page on:\n{screen}"
        seen.update(numbers(SECTION, screen))
    assert "THE END OF THE NOTES" in screen
    assert seen == set(range(1, 31)), f"never shown: {sorted(set(range(1, 31)) - seen)}"
    view.keys("q")
    view.wait_for("EXITED=0")


@pytest.mark.parametrize(("width", "height"), [(80, 24), (160, 48)])
def test_zooming_each_pane_fills_the_screen_and_z_restores(reader, width, height):
    view = reader("long-comment.txt", width, height)
    screen = view.wait_for("A short first comment.")
    assert "The article is short" in screen
    view.keys("Tab")
    wait_until(view, lambda screen: "Scroll" in screen)  # the article's keys in the footer
    view.keys("z")
    screen = wait_until(view, lambda screen: "A short first comment." not in screen)
    assert "The article is short" in screen
    assert HATCH not in screen, f"nothing left of the screen around the article:\n{screen}"
    rule = max(len(line.strip()) for line in screen.split("\n") if line.strip().startswith("─"))
    assert rule >= width - 4, "the zoomed article is as wide as the screen"
    view.keys("z")
    screen = wait_until(view, lambda screen: "A short first comment." in screen)
    assert "The article is short" in screen
    view.keys("Tab")
    wait_until(view, lambda screen: "Move" in screen)  # the comments' keys in the footer
    view.keys("z")
    screen = wait_until(view, lambda screen: "The article is short" not in screen)
    assert "A short first comment." in screen, "the comments fill the screen"
    assert HATCH not in screen, f"nothing left of the screen around the comments:\n{screen}"
    screen = press(view, "j")
    shown = numbers(PARAGRAPH, screen)
    assert len(shown) >= (height - 10) // 2, "the zoomed pane shows a screenful of the comment"
    for _ in range(3):
        screen = press(view, "j")
    assert min(numbers(PARAGRAPH, screen)) > min(shown), "j reads on in the zoomed pane"
    view.keys("z")
    wait_until(view, lambda screen: "The article is short" in screen)
    view.keys("q")
    view.wait_for("EXITED=0")
