"""Search (`/`) on a big thread runs in a worker: the first hit shows at once, the rest
stream in (the counter grows), keys keep acting meanwhile, and a new query cancels it."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from big_threads import indexed_thread

from threadview.parsing.views import PreorderNodes
from threadview.ui.app import ThreadViewApp
from threadview.ui.screens import reader as reader_module

SIZE = (120, 40)


def author(app: ThreadViewApp) -> str | None:
    comment = app.reader.comment_pane.selected_comment
    return comment.author if comment else None


def status(app: ThreadViewApp) -> str:
    return str(app.query_one("#search-status").render())


def hold_after_first_chunk(monkeypatch, at_once: int = 0) -> threading.Event:
    """Let the search read its first chunk of comments (`at_once` of them read on the UI
    thread before any), then hold it until released."""
    gate = threading.Event()
    calls: list[object] = []
    real = PreorderNodes.matching_among

    def held(self, needle, positions):
        calls.append(positions)
        if len(calls) > 1:
            gate.wait(10)
        yield from real(self, needle, positions)

    monkeypatch.setattr(PreorderNodes, "matching_among", held)
    monkeypatch.setattr(reader_module, "SYNC_SEARCH_LIMIT", at_once)
    monkeypatch.setattr(reader_module, "SEARCH_CHUNK", 4)
    return gate


async def test_a_match_near_the_selection_shows_before_the_worker_reads_anything(
    tmp_path: Path, monkeypatch
):
    gate = hold_after_first_chunk(monkeypatch, at_once=10)
    app = ThreadViewApp(indexed_thread(tmp_path, 40))
    async with app.run_test(size=SIZE) as pilot:
        bar = app.reader.search_bar
        await pilot.press("j", "j", "j", "slash", *"harbour", "enter")
        assert author(app) == "user1", "shown from the comments read at once"
        assert bar.searching and "1/" in status(app)
        gate.set()
        await until(pilot, lambda: not bar.searching, "the search never ended")
        await pilot.pause()
        assert "2/40 matching (40 comments)" in status(app)


async def until(pilot, condition, what: str) -> None:
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(what)


async def test_first_hit_at_once_the_rest_streamed_and_keys_act_meanwhile(
    tmp_path: Path, monkeypatch
):
    gate = hold_after_first_chunk(monkeypatch)
    app = ThreadViewApp(indexed_thread(tmp_path, 40))
    async with app.run_test(size=SIZE) as pilot:
        bar = app.reader.search_bar
        await pilot.press("slash", *"harbour", "enter")
        await until(pilot, lambda: bar.matches, "the first hit never came")
        assert bar.searching
        assert author(app) == "user0"
        # the worker reads only the comments whose text holds the query: 4 a chunk
        assert "1/4+ matching (4 comments, searching…)" in status(app)
        await pilot.press("j")  # a key during the search acts at once
        assert author(app) == "reply0a"
        gate.set()
        await until(pilot, lambda: not bar.searching, "the search never ended")
        await pilot.pause()
        assert "1/40 matching (40 comments)" in status(app)
        await pilot.press("n")
        assert author(app) == "user1"
        await pilot.press("N", "N")
        assert author(app) == "user39"


async def test_hits_above_the_selection_come_before_it_in_the_count(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(reader_module, "SYNC_SEARCH_LIMIT", 0)
    app = ThreadViewApp(indexed_thread(tmp_path, 40))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.reader.comment_pane
        pane.select_position(pane.flat.position_of(comment_id(app, "user6")))
        await pilot.pause()
        await pilot.press("slash", *"harbour", "enter")
        bar = app.reader.search_bar
        await until(pilot, lambda: not bar.searching and bar.matches, "the search never ended")
        await pilot.pause()
        assert author(app) == "user6"
        assert "7/40 matching" in status(app)
        await pilot.press("N")
        assert author(app) == "user5"


async def test_a_new_query_cancels_the_search_under_way(tmp_path: Path, monkeypatch):
    gate = hold_after_first_chunk(monkeypatch)
    app = ThreadViewApp(indexed_thread(tmp_path, 40))
    async with app.run_test(size=SIZE) as pilot:
        bar = app.reader.search_bar
        await pilot.press("slash", *"harbour", "enter")
        await until(pilot, lambda: bar.matches, "the first hit never came")
        await pilot.press("slash", *["backspace"] * 7, *"another", "enter")
        gate.set()
        await until(
            pilot, lambda: bar.term == "another" and not bar.searching, "never searched again"
        )
        await pilot.pause(0.1)
        nodes = app.reader.comment_pane.flat.nodes
        found = {nodes[key].body for kind, key in bar.matches}
        assert found == {"Another."}
        assert "/14 matching (14 comments)" in status(app)


def comment_id(app: ThreadViewApp, name: str) -> str:
    return next(n.id for n in app.reader.comment_pane.flat.nodes if n.author == name)


async def test_counting_every_match_reads_only_the_comments_that_hold_the_query(
    tmp_path: Path, monkeypatch
):
    monkeypatch.setattr(reader_module, "SYNC_SEARCH_LIMIT", 0)
    app = ThreadViewApp(indexed_thread(tmp_path, 200))
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reader
        width = reader.comment_pane.content_width
        await until(
            pilot,
            lambda: (
                reader.sources.note_index_ready and not reader.orders.missing(reader.thread, width)
            ),
            "the background scans never ended",
        )
        await pilot.pause()
        nodes = reader.comment_pane.flat.nodes
        index = nodes.comment_index
        expected = len(nodes.matching("user17"))
        assert expected == 11  # user17 and user170 to user179
        decoded: list[int] = []
        real = index.syntax.decode

        def counting(data):
            decoded.append(1)
            return real(data)

        index.syntax = replace(index.syntax, decode=counting)
        bar = app.reader.search_bar
        await pilot.press("slash", *"user17", "enter")
        await until(pilot, lambda: not bar.searching and bar.matches, "the search never ended")
        await pilot.pause()
        assert f"1/{expected} matching ({expected} comments)" in status(app)
        assert len(decoded) < len(nodes) / 4, "comments without the query were read"


async def test_after_a_re_sort_the_count_follows_the_selected_match(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(reader_module, "SYNC_SEARCH_LIMIT", 0)
    app = ThreadViewApp(indexed_thread(tmp_path, 40))
    async with app.run_test(size=SIZE) as pilot:
        bar = app.reader.search_bar
        await pilot.press("slash", *"harbour", "enter")
        await until(pilot, lambda: not bar.searching and bar.matches, "the search never ended")
        await pilot.press("n", "n", "n")
        assert author(app) == "user3"
        assert "4/40 matching" in status(app)
        await pilot.press("s")  # newest first: the comments are searched again
        await until(pilot, lambda: not bar.searching, "the search never ended again")
        await pilot.pause()
        assert author(app) == "user3"
        assert "37/40 matching (40 comments)" in status(app), "user3 is 37th from the newest"
        await pilot.press("n")
        assert author(app) == "user2"
