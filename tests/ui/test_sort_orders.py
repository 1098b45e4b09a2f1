"""`s` swaps in an order prepared in the background instead of sorting, keeps the
selection, and a sort still under way says so in the header."""

from __future__ import annotations

import threading
from array import array
from pathlib import Path

import pytest
from big_threads import indexed_thread, loading_app
from ui_threads import long_thread

from threadview.model import Thread
from threadview.ui.app import ThreadViewApp
from threadview.ui.orders import PreparedOrders
from threadview.ui.screens import reader as reader_module
from threadview.ui.widgets.forest_index import line_sums

SIZE = (120, 40)


def header_text(app: ThreadViewApp) -> str:
    return str(app.reader.query_one("#header-stats").render())


def top_of_pane(app: ThreadViewApp) -> str:
    pane = app.reader.comment_pane
    return "\n".join(pane.render_line(y).text for y in range(3))


async def orders_ready(app: ThreadViewApp, pilot) -> None:
    for _ in range(200):
        reader = app.reader
        width = reader.comment_pane.content_width
        if not reader.loading and not reader.orders.missing(reader.thread, width):
            return
        await pilot.pause(0.02)
    raise AssertionError("the other orders were never prepared")


@pytest.mark.parametrize("kind", ["index-backed", "plain tuples"])
async def test_s_swaps_a_prepared_order_and_keeps_the_selection(kind, tmp_path: Path, monkeypatch):
    thread: Thread = indexed_thread(tmp_path, 40) if kind == "index-backed" else long_thread(40)
    app = ThreadViewApp(thread)
    async with app.run_test(size=SIZE) as pilot:
        if kind == "plain tuples":  # plain nodes are sorted on the first `s`, then kept
            await pilot.press("s", "s")
        await orders_ready(app, pilot)
        sorts: list[str] = []
        real = reader_module.forest_in_order

        def counting(thread: Thread, order: str):
            sorts.append(order)
            return real(thread, order)

        monkeypatch.setattr(reader_module, "forest_in_order", counting)
        pane = app.reader.comment_pane
        for _ in range(7):
            await pilot.press("j")
        await pilot.pause()
        chosen = pane.selected_comment
        await pilot.press("s")
        await pilot.pause()
        assert app.reader.comment_order == "newest"
        assert pane.selected_comment == chosen
        assert chosen.author in "\n".join(
            pane.render_line(y).text for y in range(pane.size.height)
        ), "the selection stays on screen"
        await pilot.press("g")
        await pilot.pause()
        assert "user39" in top_of_pane(app), "the newest top-level comment comes first"
        await pilot.press("s")
        await pilot.pause()
        assert app.reader.comment_order == "oldest"
        assert pane.selected_comment.author == "user39"
        await pilot.press("g")
        await pilot.pause()
        assert "user0" in top_of_pane(app)
        assert sorts == [], "a flip swaps in a prepared order; it never sorts"
        assert "sort: oldest first" in header_text(app)


async def test_a_sort_under_way_says_so_in_the_header(tmp_path: Path, monkeypatch):
    release = threading.Event()
    real = reader_module.prepare_forest

    def slow(forest, width):
        release.wait(10)
        return real(forest, width)

    monkeypatch.setattr(reader_module, "SYNC_SORT_LIMIT", 0)
    monkeypatch.setattr(reader_module, "prepare_forest", slow)
    monkeypatch.setattr(PreparedOrders, "missing", lambda self, thread, width: [])
    app = ThreadViewApp(indexed_thread(tmp_path, 40))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.reader.comment_pane
        await pilot.press("j", "j")
        chosen = pane.selected_comment
        await pilot.press("s")
        await pilot.pause()
        assert "sorting: newest first…" in header_text(app)
        await pilot.press("j")  # keys still answer while it sorts
        assert pane.selected_comment != chosen
        chosen = pane.selected_comment
        release.set()
        for _ in range(100):
            if not app.reader.sorting:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        assert "sort: newest first" in header_text(app)
        assert "sorting" not in header_text(app)
        assert pane.selected_comment == chosen


def held_load(monkeypatch) -> threading.Event:
    """Hold the background parse of the rest of the file until the event is set."""
    import threadview.parsing as parsing

    release = threading.Event()
    real = parsing.parse_document

    def held(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(parsing, "parse_document", held)
    return release


async def wait_loaded(app: ThreadViewApp, pilot) -> None:
    for _ in range(200):
        if not app.reader.loading:
            break
        await pilot.pause(0.05)
    await pilot.pause()
    assert not app.reader.loading


async def test_g_before_the_load_ends_lands_on_the_real_last_comment(tmp_path: Path, monkeypatch):
    app = loading_app(tmp_path, 401)
    release = held_load(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        assert app.reader.loading
        await pilot.press("G")
        preview_last = app.reader.comment_pane.selected_comment
        release.set()
        await wait_loaded(app, pilot)
        pane = app.reader.comment_pane
        assert pane.selected_comment != preview_last
        assert pane.selected_comment.author == "user400"
        assert pane.cursor_position == len(pane.flat) - 1
        screen = "\n".join(pane.render_line(y).text for y in range(pane.size.height))
        assert "Comment number 400 about the harbour." in screen


async def test_a_move_after_g_keeps_its_comment_when_the_load_ends(tmp_path: Path, monkeypatch):
    app = loading_app(tmp_path, 401)
    release = held_load(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "k")
        chosen = app.reader.comment_pane.selected_comment
        release.set()
        await wait_loaded(app, pilot)
        assert app.reader.comment_pane.selected_comment == chosen


class _NoScans(array):
    """An index's stamps that refuse to be searched: finding a comment by its time scans
    every comment, which `s` must not do."""

    def index(self, *args: object) -> int:
        raise AssertionError("the thread's stamps were scanned")


async def test_s_finds_the_selection_and_folds_without_scanning_the_thread(tmp_path: Path):
    app = ThreadViewApp(indexed_thread(tmp_path, 40))
    async with app.run_test(size=SIZE) as pilot:
        await orders_ready(app, pilot)
        pane = app.reader.comment_pane
        folded = next(p for p in range(len(pane.flat)) if pane.flat.has_children(p))
        pane.select_position(folded)
        await pilot.press("enter")  # fold it
        await pilot.press("j", "j")
        await pilot.pause()
        chosen, parent = pane.selected_comment, pane.flat.nodes[folded]
        index = pane.flat.nodes.comment_index
        index.stamps = _NoScans("q", index.stamps)
        await pilot.press("s")
        await pilot.pause()
        assert app.reader.comment_order == "newest"
        assert pane.selected_comment == chosen
        shown = "\n".join(pane.render_line(y).text for y in range(pane.size.height))
        assert chosen.author in shown, "the selection stays on screen"
        assert pane.is_collapsed(parent.id), "the fold follows its comment into the other order"


async def test_the_order_on_screen_holds_its_line_sums_once_and_gets_them_back_when_it_leaves(
    tmp_path: Path,
):
    app = ThreadViewApp(indexed_thread(tmp_path, 40))
    async with app.run_test(size=SIZE) as pilot:
        await orders_ready(app, pilot)
        pane = app.reader.comment_pane
        shown = pane.prepared
        assert shown.sums is None, "the pane's line index holds them, not a second copy"
        heights = list(shown.heights)
        await pilot.press("enter")  # a fold changes the index's sums, never the prepared's
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.reader.comment_order == "newest" and pane.prepared is not shown
        assert pane.prepared.sums is None
        assert shown.sums is not None and list(shown.sums) == list(line_sums(heights))
        await pilot.press("s")
        await pilot.pause()
        assert pane.prepared is shown and shown.sums is None
        assert list(shown.heights) == heights, "the index changed its own copy"
        await pilot.press("g")
        await pilot.pause()
        assert "user0" in top_of_pane(app)
