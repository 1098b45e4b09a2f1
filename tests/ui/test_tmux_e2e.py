"""End to end: the real `threadview` command in a tmux pane, driven by keys, read off the screen."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

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
            "THREADVIEW_CONFIG_DIR": str(tmp_path / "config"),
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


def field_holds(view: Pane, text: str) -> str:
    """Wait until the search field (a line of its own at the foot) holds exactly `text`."""
    deadline = time.monotonic() + 10
    while True:
        screen = view.screen()
        if any(line.strip() == text for line in screen.splitlines()):
            return screen
        assert time.monotonic() < deadline, f"the field never held {text!r}:\n{screen}"
        time.sleep(0.1)


def test_a_query_typed_straight_after_slash_goes_into_the_search_field(pane):
    """ "/Fresnel" typed in one burst: every letter lands in the field, none runs as a key
    (s would sort, h fold, a spotlight, i open the facts) before the field has the focus."""
    view = pane(str(default_sample_path()))
    view.wait_for("quietkeel")
    view.burst("/Fresnel")
    screen = field_holds(view, "Fresnel")
    assert "oldest first" in screen  # no `s` ran
    view.keys("Enter")
    screen = view.wait_for("matching")
    assert "1/2 matching" in screen or "2/2 matching" in screen
    view.keys("Escape")
    view.burst("/hai")  # a second search, as fast
    screen = field_holds(view, "hai")
    assert "Thread facts" not in screen and "oldest first" in screen
    view.keys("Escape", "Escape", "q")
    view.wait_for("EXITED=0")


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


HARBOUR = """Harbour notes

Authored by example.org and submitted by tester
image for Harbour notes

The article of Harbour notes.

alice on November 8th, 2019 at 02:00 UTC »

Alice writes about the lighthouse.

  bob on November 8th, 2019 at 02:05 UTC »

  Bob replies to alice.

carol on November 8th, 2019 at 02:10 UTC »

Carol has the last word.
"""


def test_journey_bookmarks_filter_delete_undo_and_export(tmp_path):
    """Bookmark three comments, note one, filter with letters that are also keys, delete
    with the delete key, undo, and find all three (and the note) in the export."""
    thread = tmp_path / "harbour.txt"
    thread.write_text(HARBOUR, encoding="utf-8")
    env = {
        "TERM": "xterm-256color",
        "THREADVIEW_DATA_DIR": str(tmp_path / "data"),
        "THREADVIEW_CONFIG_DIR": str(tmp_path / "config"),
        "HOME": os.environ.get("HOME", str(tmp_path)),
    }
    view = Pane([str(COMMAND), str(thread)], env, width=80, height=24)
    try:
        view.wait_for("Carol has the last word.")
        view.keys("b")
        view.wait_for("Comment bookmarked")
        view.keys("j", "b", "j", "b")
        view.wait_for("+10m ★")
        view.keys("k", "N")
        view.wait_for("Bookmark note")
        view.keys("ask bob")
        assert "ask bob" in view.wait_for("ask bob"), "the note shows while typed"
        view.keys("Enter")
        view.wait_for("Note saved")
        view.keys("B")
        view.wait_for("3 bookmarks")
        for key in "dqujk":
            view.keys(key)
        screen = view.wait_for("No bookmark matches")
        assert "dqujk" in screen and "Bookmarks" in screen, "typed into the filter, still open"
        view.keys("Escape")
        screen = view.wait_for("3 bookmarks")
        assert "dqujk" not in screen and "✎ ask bob" in screen
        view.keys("Down", "DC")
        screen = view.wait_for("2 bookmarks")
        assert "ctrl+z" in screen and "✎ ask bob" not in screen
        view.keys("C-z")
        screen = view.wait_for("3 bookmarks")
        assert "✎ ask bob" in screen
        view.keys("Escape", "q")
        view.wait_for("EXITED=0")
    finally:
        view.close()
        tmux("kill-server")
    out = tmp_path / "saved.md"
    # The export is a plain command: run it directly rather than in a second tmux server
    # started while the first one is still shutting down (that raced under load).
    done = subprocess.run(
        [str(COMMAND), "bookmarks", "--export", "markdown", "-o", str(out)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Exported 3 bookmark(s)" in done.stdout + done.stderr
    text = out.read_text(encoding="utf-8")
    for who in ("alice", "bob", "carol"):
        assert f"> **{who}**" in text
    assert "> Note: ask bob" in text


NIGHT_FERRY = Path(__file__).resolve().parents[2] / "sample_threads" / "night-ferry.txt"
SELECTED_HEADER_BG = "\x1b[48;5;58m"
"""The focused pane's selected header background (`$accent 40%`) in 256 colours."""
ESCAPES = re.compile(r"\x1b\[[0-9;]*m")


def selected_headers(view: Pane) -> list[str]:
    """The comment headers drawn on the selection's background, as plain text."""
    coloured = tmux("capture-pane", "-p", "-e", "-t", view.name).splitlines()
    return [
        ESCAPES.sub("", line)
        for line in coloured
        if SELECTED_HEADER_BG in line and " UTC" in ESCAPES.sub("", line)
    ]


def test_journey_spotlight_an_author_and_step_through_their_comments(pane):
    view = pane(str(NIGHT_FERRY))
    view.wait_for("deckchair_dan [op]")
    view.keys("a")
    screen = view.wait_for("Spotlight on deckchair_dan: 4 comments")
    assert "◆ deckchair_dan [op] · 2024-09-02 07:10 UTC" in screen
    assert "◆ nurse_on_nights" not in screen, "only the spotlit author is marked"
    view.keys(".")
    screen = view.wait_for("deckchair_dan: comment 2 of 4")
    [header] = selected_headers(view)
    assert "◆ deckchair_dan [op] · 2024-09-02 07:40 UTC" in header
    view.keys(".")
    screen = view.wait_for("deckchair_dan: comment 3 of 4")
    [header] = selected_headers(view)
    assert "◆ deckchair_dan [op] · 2024-09-03 16:45 UTC" in header
    view.keys("q")
    view.wait_for("EXITED=0")
