"""`t` answers from the notes index built in the background: it says so while the scan of a
big thread runs, jumps by position once it is done (in either order), and makes no comment
to find out that there are none."""

from __future__ import annotations

import threading
from pathlib import Path

from big_threads import indexed_thread

from threadview.parsing.textindex import CommentIndex
from threadview.ui import sources_actions
from threadview.ui.app import ThreadViewApp

SIZE = (120, 40)


def author(app: ThreadViewApp) -> str | None:
    comment = app.reader.comment_pane.selected_comment
    return comment.author if comment else None


def messages(app: ThreadViewApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def scan_done(app: ThreadViewApp, pilot) -> None:
    for _ in range(200):
        if app.reader.sources.note_index_ready:
            return
        await pilot.pause(0.02)
    raise AssertionError("the notes scan never finished")


async def test_t_says_it_is_still_scanning_a_big_thread_then_jumps(tmp_path: Path, monkeypatch):
    release = threading.Event()
    real = sources_actions.note_keys

    def held(nodes, stop):
        release.wait(10)
        return real(nodes, stop)

    monkeypatch.setattr(sources_actions, "note_keys", held)
    monkeypatch.setattr(sources_actions, "SYNC_NOTES_LIMIT", 10)
    app = ThreadViewApp(indexed_thread(tmp_path, 40, note_every=10))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert author(app) == "user0", "t does not wait for the scan"
        assert sources_actions.STILL_SCANNING in messages(app)
        await pilot.press("j")  # other keys answer meanwhile
        assert author(app) == "reply0a"
        release.set()
        await scan_done(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        assert author(app) == "user9"


async def test_t_walks_the_index_wraps_and_follows_the_sort(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(sources_actions, "SYNC_NOTES_LIMIT", 0)
    app = ThreadViewApp(indexed_thread(tmp_path, 40, note_every=10))
    async with app.run_test(size=SIZE) as pilot:
        await scan_done(app, pilot)
        visited = []
        for _ in range(5):
            await pilot.press("t")
            await pilot.pause()
            visited.append(author(app))
        assert visited == ["user9", "user19", "user29", "user39", "user9"]
        assert any("Wrapped" in message for message in messages(app))
        screen = "\n".join(app.reader.comment_pane.render_line(y).text for y in range(SIZE[1] - 3))
        assert "El puerto cierra mañana" in screen
        await pilot.press("s", "g")
        await pilot.pause()
        assert author(app) == "user39"
        await pilot.press("t")
        await pilot.pause()
        assert author(app) == "user29", "newest first, the next note is the older one"


async def test_t_with_no_notes_makes_no_comment_to_say_so(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(sources_actions, "SYNC_NOTES_LIMIT", 0)
    app = ThreadViewApp(indexed_thread(tmp_path, 900))  # more than the made-node cache
    async with app.run_test(size=SIZE) as pilot:
        await scan_done(app, pilot)
        await pilot.pause()
        made: list[int] = []
        real = CommentIndex.fields

        def counting(self, record):
            made.append(record)
            return real(self, record)

        monkeypatch.setattr(CommentIndex, "fields", counting)
        await pilot.press("t")
        await pilot.pause()
        assert author(app) == "user0"
        assert any("No translation notes" in message for message in messages(app))
        assert made == [], "the answer comes from the index, not from reading every comment"
