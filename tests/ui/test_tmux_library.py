"""End to end: `threadview DIR` in a tmux pane: the library of threads we generate, a search,
a hit opened at its comment, back to the library, a second library on the same index at
the same time, quit."""

from __future__ import annotations

import os
import time
from datetime import datetime, timezone

import pytest

from tests.library_helpers import comment, thread, write
from tests.tmuxpane import COMMAND, Pane, needs_tmux, tmux
from threadview.store.library import LibraryStore

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
        started = Pane([str(COMMAND), *args], env, width=120, height=30)
        opened.append(started)
        return started

    yield start
    for started in opened:
        started.close()
    tmux("kill-server")


def make_library(folder) -> None:
    write(
        folder / "ferry.txt",
        thread(
            "Night ferry timetable",
            comment("ann", 1, "The ferry schedule is a disgrace."),
            comment("bob", 2, "I take the lantern bus instead."),
        ),
    )
    write(
        folder / "harbour.txt",
        thread("Harbour silt report", comment("dee", 30, "The harbourmaster said nothing.")),
    )
    many = [comment(f"user{n}", 40 + n, f"Filler comment number {n}.") for n in range(30)]
    many.append(comment("zed", 90, "Down here the breakwater cracked."))
    write(folder / "deep" / "long.txt", thread("A long quay thread", *many))
    (folder / "broken.json").write_text('{"kind": "Listing", "data": {"children": [')


def test_library_search_open_a_hit_return_and_quit(pane, tmp_path):
    assert COMMAND.exists(), f"{COMMAND} is missing: install the package into the venv"
    folder = tmp_path / "saved"
    make_library(folder)
    view = pane(str(folder))
    view.wait_for("3 threads")  # the header first, the rows in the next frame
    screen = view.wait_for("Night ferry timetable")
    assert "Harbour silt report" in screen and "A long quay thread" in screen
    assert "broken.json" in screen and "1 not read" in screen
    view.keys("b", "r", "e", "a", "k", "w", "a", "t", "e", "r")
    screen = view.wait_for("1 match")
    assert "A long quay thread · zed" in screen and "Down here the breakwater cracked." in screen
    view.keys("Enter")
    screen = view.wait_for("matching")
    assert "1/1 matching" in screen and "Down here the breakwater cracked." in screen
    assert "zed" in screen, "the reader opened at the matching comment, far down the thread"
    other = pane(str(folder))  # a second library on the same index, at the same time
    other_screen = other.wait_for("Night ferry timetable")
    assert "Harbour silt report" in other_screen
    other.keys("q")
    other.wait_for("EXITED=0")
    view.keys("Escape")  # clears the reader's search
    view.keys("q")  # back to the library, the search kept
    screen = view.wait_for("1 match")
    assert "breakwater" in screen
    view.keys("Escape")  # clears the library's search
    screen = view.wait_for("Night ferry timetable")
    view.keys("q")
    view.wait_for("EXITED=0")


def _row(screen: str, title: str) -> list[str]:
    """Comments, new, bookmarks and last read of the library row for `title`."""
    return next(line for line in screen.splitlines() if title in line).split()[-4:]


def test_read_a_thread_come_back_to_its_last_read_then_a_new_save_shows_two_new(pane, tmp_path):
    from tests.ui.test_library_journey import FIRST, LATER, TITLE

    folder = tmp_path / "saved"
    write(folder / "chain.txt", thread(TITLE, *FIRST))
    write(folder / "other.txt", thread("Breakwater repairs", comment("zed", 5, "Cracked.")))
    view = pane(str(folder))
    screen = view.wait_for(TITLE)
    assert _row(screen, TITLE)[0] == "3" and _row(screen, TITLE)[3] == "never"
    view.keys("Enter")
    view.wait_for("harbourmaster's cousin")
    with LibraryStore.open(tmp_path / "data") as store:
        identity = next(row.identity for row in store.threads() if row.title == TITLE)
        for _ in range(200):  # on screen is seen: written within a second, then quit
            if len(store.seen_ids(identity)) == 3:
                break
            time.sleep(0.05)
    view.keys("q")
    day = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    screen = view.wait_for(day)
    assert _row(screen, TITLE)[1] == "0" and _row(screen, TITLE)[3] == day
    assert _row(screen, "Breakwater repairs")[3] == "never"
    view.keys("q")
    view.wait_for("EXITED=0")

    write(folder / "chain.txt", thread(TITLE, *FIRST, *LATER))
    again = pane(str(folder))
    screen = again.wait_for(TITLE)
    for _ in range(200):
        screen = again.screen()
        if TITLE in screen and "indexing" not in screen and _row(screen, TITLE)[0] == "5":
            break
        time.sleep(0.1)
    assert _row(screen, TITLE)[:2] == ["5", "2"], screen
    assert _row(screen, TITLE)[3] == day
    again.keys("q")
    again.wait_for("EXITED=0")
