"""How the library's list is drawn: each column's sort and a page down show the right rows;
rows drawn again come from the kept strips, yet a theme, a width or a re-indexed title is
never shown stale; a cursor move lays nothing out again; the footer's keys wait for the
first rows; the library's start imports nothing of the reader."""

from __future__ import annotations

import threading
from pathlib import Path

from rich.segment import Segment
from textual.screen import Screen

from tests.imports_helpers import modules_after
from tests.library_helpers import comment, write
from tests.ui.test_library_ui import SIZE, indexed, library, library_of, screen_text, until
from threadview.bookmarks.records import resolve_data_dir
from threadview.model import Thread
from threadview.store.indexer import Indexer
from threadview.store.library import LibraryStore
from threadview.ui.widgets import library_list
from threadview.ui.widgets.library_list import SORT_NAMES

# title, source, minute of the first comment, number of comments
FRUIT = [
    ("Apple", "mid.example", 40, 2),
    ("Berry", "alpha.example", 30, 3),
    ("Cherry", "zulu.example", 1, 4),
    ("Damson", "kilo.example", 20, 1),
]
FIRST_BY_SORT = {
    "title": "Apple",
    "source": "Berry",  # alpha.example
    "date": "Cherry",  # the oldest first comment
    "comments": "Damson",  # one comment
    "new": "Apple",  # none read: all 0, then by title
    "bookmarks": "Apple",
    "read": "Apple",
}


def fruit_thread(title: str, source: str, minute: int, count: int) -> Thread:
    comments = tuple(comment("ann", minute + n, f"{title} remark {n}.") for n in range(count))
    return Thread("scraped", title, source, "poster", (), comments)


def fruit_library(folder: Path) -> Path:
    for number, spec in enumerate(FRUIT):
        write(folder / f"{number}.txt", fruit_thread(*spec))
    return folder


def rows_on_screen(app) -> list[str]:
    """The list's rows as shown (the lines of its region under the headings)."""
    region = library(app).library_list.region
    lines = screen_text(app).splitlines()[region.y + 1 : region.bottom]
    return [line.strip() for line in lines if line.strip()]


async def test_each_sort_shows_its_first_row_at_the_top(tmp_path):
    app = library_of(fruit_library(tmp_path / "lib"))
    async with app.run_test(size=SIZE) as pilot:
        await indexed(pilot)
        for name in SORT_NAMES:
            assert f"sort: {name} ▲" in screen_text(app)
            top = rows_on_screen(app)[0]
            assert top.startswith(FIRST_BY_SORT[name]), (name, rows_on_screen(app))
            await pilot.press("ctrl+s")
        assert "sort: title ▲" in screen_text(app), "round to the first column again"
        await pilot.press("ctrl+s", "ctrl+s")  # by date
        await pilot.press("ctrl+r")
        order = [row.split()[0] for row in rows_on_screen(app)]
        assert order == ["Apple", "Berry", "Damson", "Cherry"], "newest first comment first"


def row_threads(folder: Path, count: int) -> Path:
    for number in range(count):
        title = f"Row {number:02d}"
        write(folder / f"{number:02d}.txt", fruit_thread(title, "news.example", number, 1))
    return folder


async def test_page_down_shows_the_next_rows_and_drawn_again_they_come_from_the_cache(
    tmp_path, monkeypatch
):
    made: list[int] = []
    real = library_list.text_strip

    def counting(text, console, width):
        made.append(width)
        return real(text, console, width)

    monkeypatch.setattr(library_list, "text_strip", counting)
    app = library_of(row_threads(tmp_path / "lib", 80))
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        page = screen.library_list.page
        first = [f"Row {n:02d}" for n in range(page)]
        assert [row[:6] for row in rows_on_screen(app)] == first
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        cursor = 2 * page
        shown = [f"Row {n:02d}" for n in range(cursor - page + 1, cursor + 1)]
        assert [row[:6] for row in rows_on_screen(app)] == shown
        assert screen.library_list.current.row.title == f"Row {cursor:02d}"
        await pilot.press("home")
        await pilot.pause()
        before = len(made)
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert [row[:6] for row in rows_on_screen(app)] == shown
        await pilot.press("home")
        await pilot.pause()
        assert [row[:6] for row in rows_on_screen(app)] == first
        assert len(made) == before, "rows drawn before are not made again"


def segment_with(app, text: str) -> Segment:
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            if text in segment.text:
                return segment
    raise AssertionError(f"{text!r} not on screen")


async def test_a_theme_change_redraws_the_rows_in_its_colours(tmp_path):
    """The quiet columns are drawn in the theme's muted text colour, blended with its
    background (it used to be plain white in every theme: unreadable on a light one)."""
    app = library_of(fruit_library(tmp_path / "lib"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        listing = screen.library_list
        seen = []
        for theme in ("textual-dark", "textual-light", "nord"):
            app.theme = theme
            await pilot.pause()
            await pilot.pause()
            muted = listing.get_component_rich_style("library-list--dim").color
            assert segment_with(app, "alpha.example").style.color == muted, theme
            seen.append(muted)
        assert len(set(seen)) == 3, "the themes mute differently (else this means nothing)"


async def test_a_resize_redraws_the_rows_at_the_new_width(tmp_path):
    app = library_of(fruit_library(tmp_path / "lib"))
    async with app.run_test(size=SIZE) as pilot:
        await indexed(pilot)
        assert "alpha.example" in screen_text(app)
        await pilot.resize_terminal(80, 30)
        await until(pilot, lambda: "alpha.example" not in screen_text(app), "narrow rows")
        assert rows_on_screen(app)[0].startswith("Apple")
        assert all(len(line) <= 80 for line in screen_text(app).splitlines())
        await pilot.resize_terminal(*SIZE)
        await until(pilot, lambda: "alpha.example" in screen_text(app), "wide rows again")


async def test_a_title_changed_by_a_re_index_is_shown_not_the_old_one(tmp_path):
    folder = fruit_library(tmp_path / "lib")
    app = library_of(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        assert "Berry" in screen_text(app)
        write(folder / "1.txt", fruit_thread("Blackcurrant", "alpha.example", 30, 3))
        with LibraryStore.open(resolve_data_dir(None)) as store:
            assert Indexer(store).scan([folder]).indexed == 1
        screen.reload()
        await until(pilot, lambda: "Blackcurrant" in screen_text(app), "the new title")
        assert "Berry" not in screen_text(app)


async def test_a_cursor_move_lays_nothing_out_again(tmp_path, monkeypatch):
    """The status line names the file under the cursor; updating it used to lay out the
    whole screen (every widget, the scrollbar too) on each key."""
    app = library_of(row_threads(tmp_path / "lib", 40))
    async with app.run_test(size=SIZE) as pilot:
        await indexed(pilot)
        await pilot.pause()
        layouts: list[object] = []
        real = Screen._refresh_layout

        def counted(self, *args, **kwargs):
            layouts.append(self)
            return real(self, *args, **kwargs)

        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        await pilot.press("down", "down", "up")
        await pilot.pause()
        assert library(app).library_list.current.row.title == "Row 01"
        assert "01.txt" in screen_text(app), "the status line follows the cursor"
        assert layouts == []


async def test_the_keys_show_once_the_first_rows_do(tmp_path, monkeypatch):
    """The footer's keys are a dozen widgets to mount: they wait for the first rows, so
    they don't compete with them."""
    folder = fruit_library(tmp_path / "lib")
    with LibraryStore.open(resolve_data_dir(None)) as store:
        Indexer(store).scan([folder])
    gate = threading.Event()
    first_page = LibraryStore.first_threads

    def held(self, *args, **kwargs):
        gate.wait(10)
        return first_page(self, *args, **kwargs)

    monkeypatch.setattr(LibraryStore, "first_threads", held)
    app = library_of(folder)
    try:
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(10):
                await pilot.pause(0.02)
            assert "Apple" not in screen_text(app)
            assert "Sort" not in screen_text(app), "no keys before the rows"
            gate.set()
            await until(pilot, lambda: "Sort" in screen_text(app), "the keys")
            assert "Apple" in screen_text(app)
    finally:
        gate.set()


def test_the_library_imports_nothing_of_the_reader_before_its_first_frame():
    """The reader's screen, panes and comment view are 35-55 ms of imports the library's
    first frame has no use for; they come when a thread is opened."""
    loaded = modules_after("import threadview.ui.app, threadview.ui.screens.library")
    reader = {
        "threadview.ui.screens.reader",
        "threadview.ui.widgets.comment_pane",
        "threadview.ui.widgets.comment_view",
    }
    assert not loaded & reader
