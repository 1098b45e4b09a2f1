"""End to end: reading memory across two runs of the real `threadview` in tmux: read a
thread, quit, re-save it with two more comments, reopen: resumed, "2 new", `>` finds them."""

from __future__ import annotations

import os
import re
from dataclasses import replace

from tests.library_helpers import comment, thread, write
from tests.tmuxpane import COMMAND, Pane, needs_tmux, tmux
from threadview.model import Comment

pytestmark = needs_tmux


def comments(count: int) -> list[Comment]:
    return [comment(f"user{n}", n, f"Comment {n} on the harbour wall.") for n in range(count)]


def resaved() -> list[Comment]:
    """The same 30 comments with two new replies in the middle of the thread."""
    made = comments(30)
    for n, (parent, minute) in enumerate([(5, 40), (12, 41)]):
        reply = comment(f"fresh{n}", minute, f"A reply added after the first save ({n}).")
        made[parent] = replace(made[parent], replies=(reply,))
    return made


def test_journey_resume_and_new_comments_after_a_resave(tmp_path):
    path = tmp_path / "harbour.txt"
    write(path, thread("Harbour wall", *comments(30)))
    env = {
        "TERM": "xterm-256color",
        "THREADVIEW_DATA_DIR": str(tmp_path / "data"),
        "THREADVIEW_CONFIG_DIR": str(tmp_path / "config"),
        "HOME": os.environ.get("HOME", str(tmp_path)),
    }
    try:
        view = Pane([str(COMMAND), str(path)], env, width=160, height=40)
        screen = view.wait_for("Comment 0 on the harbour wall.")
        assert not re.search(r"\d+ new\b", screen.splitlines()[0]), "a first visit: none new"
        for last in (15, 27, 29):  # read it all, a page at a time
            view.keys("NPage")
            view.wait_for(f"Comment {last} on the harbour wall.")
        view.keys("G")
        view.keys("k", "k")
        view.keys("q")
        view.wait_for("EXITED=0")
        view.close()

        write(path, thread("Harbour wall", *resaved()))  # re-saved with two more
        view = Pane([str(COMMAND), str(path)], env, width=160, height=40)
        assert "32 comments" in view.wait_for("2 new")
        screen = view.wait_for("Comment 27 on the harbour wall.")  # resumed where it was left
        assert "Comment 0 on the harbour wall." not in screen
        # `b` shows which comment is selected: its header gets the bookmark star.
        view.keys(">", "b")
        view.wait_for("fresh0 · 2024-09-02 07:40 UTC · +40m ★ ●")
        view.keys(">", "b")
        view.wait_for("fresh1 · 2024-09-02 07:41 UTC · +41m ★ ●")
        view.keys(">", "b")  # past the last new one, round to the first: its star goes
        screen = view.wait_for("bookmark removed")
        assert "+40m ★" not in screen and "fresh0 · 2024-09-02 07:40 UTC · +40m ●" in screen
        view.keys("M")
        screen = view.wait_for("marked read")
        assert not re.search(r"\d+ new\b", screen.splitlines()[0]) and "●" not in screen
        view.keys("q")
        view.wait_for("EXITED=0")
    finally:
        view.close()
        tmux("kill-server")
