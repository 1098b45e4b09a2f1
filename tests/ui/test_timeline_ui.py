"""`T`: the timeline of comment times: its bars and marks on screen, moving along it,
enter to go to a bar's first comment, + / - for the first-N-minutes filter, escape to
clear it, and the count done in a worker for a big thread."""

from __future__ import annotations

import threading

from notes_links_app import make_app, press
from ui_threads import nested_thread

from threadview import facts
from threadview.ui import timeline_actions
from threadview.ui.app import ThreadViewApp
from threadview.ui.screens.timeline import TimelineScreen

SIZE = (80, 24)


def whole_screen(app: ThreadViewApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def author(app: ThreadViewApp) -> str | None:
    comment = app.reader.comment_pane.selected_comment
    return comment.author if comment else None


async def test_t_shows_the_bars_with_the_selected_comments_bar_marked():
    app = ThreadViewApp(nested_thread())  # a comment every 7 minutes from 12:07
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "j", "T")
        assert isinstance(app.screen, TimelineScreen)
        text = whole_screen(app)
        assert "Timeline: a bar per minute · 8 dated comments" in text
        assert "Bar 8 of 50: 2024-05-01 12:14 UTC · 1 comment" in text  # bob, selected
        assert "● marks the selected comment's bar" in text
        lines = text.splitlines()
        cursor = next(line for line in lines if "^" in line)
        mark, bars = lines[lines.index(cursor) - 1], lines[lines.index(cursor) - 2]
        bob = bars.index("█", bars.index("█") + 1)
        assert mark.index("●") == bob, "the mark shows under bob's bar as the dialog opens"
        assert cursor.index("^") == bob, "and the cursor below it"
        await press(pilot, "right")
        assert "Bar 9 of 50: 2024-05-01 12:15 UTC · 0 comments" in whole_screen(app)
        lines = whole_screen(app).splitlines()
        cursor = next(line for line in lines if "^" in line)
        mark = lines[lines.index(cursor) - 1]
        assert cursor.index("^") == mark.index("●") + 1, "the mark stays as the cursor moves"


async def test_enter_goes_to_the_first_comment_of_the_bar_and_closes():
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "T", *["right"] * 21)
        assert "Bar 22 of 50: 2024-05-01 12:28 UTC · 1 comment" in whole_screen(app)
        await press(pilot, "enter")
        assert not isinstance(app.screen, TimelineScreen)
        assert author(app) == "dave"
        await press(pilot, "s", "T", *["left"] * 7)  # newest first: found by its id
        assert "Bar 15 of 50: 2024-05-01 12:21 UTC · 1 comment" in whole_screen(app)
        await press(pilot, "enter")
        assert author(app) == "carol"
        await press(pilot, "T", "left", "enter")
        assert isinstance(app.screen, TimelineScreen), "an empty bar has nowhere to go"


async def test_plus_shows_only_the_first_minutes_and_escape_shows_all_again():
    app, _ = make_app()  # comments at 09:00, 09:12, 09:20, 10:05, ...
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await press(pilot, "T", "plus", "plus")
        assert "Showing only the first 10 min" in whole_screen(app)
        await press(pilot, "plus")
        await press(pilot, "escape")
        assert not isinstance(app.screen, TimelineScreen)
        text = whole_screen(app)
        assert "2 comments · first 15 min only" in text.splitlines()[0]
        assert "deckhand_lu" in text and "harbour_historian" not in text
        assert "escape Clear" in text.splitlines()[-1]
        await press(pilot, "escape")
        text = whole_screen(app)
        assert "8 comments · sort: oldest first" in text.splitlines()[0]
        assert "harbour_historian" in text


async def test_minus_below_the_smallest_window_removes_the_filter():
    app, _ = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await press(pilot, "T", "plus")
        assert "1 comment · first 5 min only" in whole_screen(app).splitlines()[0]
        await press(pilot, "minus")
        assert "All comments shown" in whole_screen(app)
        assert "8 comments · sort: oldest first" in whole_screen(app).splitlines()[0]


async def test_a_big_thread_is_counted_in_a_worker_while_the_dialog_answers(monkeypatch):
    monkeypatch.setattr(timeline_actions, "SYNC_LIMIT", 0)
    release = threading.Event()
    real = facts.timeline

    def slow_timeline(*args, **kwargs):
        assert release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(facts, "timeline", slow_timeline)
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "T")
        assert isinstance(app.screen, TimelineScreen)
        assert "Counting comment times…" in whole_screen(app)
        await press(pilot, "plus")  # the dialog answers while the worker counts
        assert "Showing only the first 5 min" in whole_screen(app)
        release.set()
        await app.reader.workers.wait_for_complete()
        await pilot.pause()
        assert "Bar 1 of 50: 2024-05-01 12:07 UTC · 1 comment" in whole_screen(app)
        await press(pilot, "escape", "T")  # a second look is kept: no worker
        assert app.screen.timeline is not None


async def test_a_bookmark_jump_to_another_thread_drops_the_filter(tmp_path):
    from test_bookmarks_ui import FERRY, HARBOUR, open_app, ready, write_thread

    ferry = write_thread(tmp_path / "ferry.txt", "Night ferry", FERRY)
    first = open_app(ferry)
    async with first.run_test(size=(120, 40)) as pilot:
        await ready(first, pilot)
        await press(pilot, "j", "b")  # erin, four minutes after dave
    app = open_app(write_thread(tmp_path / "h.txt", "Harbour notes", HARBOUR))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await press(pilot, "T", "plus", "escape")
        assert "first 5 min only" in whole_screen(app).splitlines()[0]
        await press(pilot, "B", *"erin", "enter")
        await ready(app, pilot)
        assert app.thread.title == "Night ferry"
        assert author(app) == "erin"
        assert "2 comments · sort: oldest first" in whole_screen(app).splitlines()[0]
