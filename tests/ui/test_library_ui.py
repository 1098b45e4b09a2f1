"""The library screen (`threadview DIR`): rows while indexing, sorting, typed search, opening a
thread or a hit and coming back, broken files and hostile names, two libraries at once.

The folder is `tests/fixtures/library` (threads we wrote) or one made in `tmp_path`; the
index lives in the per-test data dir that `tests/conftest.py` sets.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.worker import get_current_worker

from tests.library_helpers import comment, thread, write
from threadview.bookmarks.records import resolve_data_dir
from threadview.store import indexer
from threadview.store.library import LibraryStore
from threadview.ui.app import ThreadViewApp
from threadview.ui.screens.library import LibraryScreen
from threadview.ui.screens.reader import ReaderScreen
from threadview.ui.widgets.library_list import LibraryList

LIBRARY = Path(__file__).resolve().parent.parent / "fixtures" / "library"
SIZE = (120, 30)


def screen_text(app: ThreadViewApp) -> str:
    """Everything on the terminal, as the person sees it."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def until(pilot, condition: Callable[[], object], what: str) -> None:
    """Let the workers' messages arrive until `condition` holds (bounded, no timing)."""
    for _ in range(500):
        if condition():
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never happened: {what}\n{screen_text(pilot.app)}")


def library_of(*targets: str | Path) -> ThreadViewApp:
    return ThreadViewApp(library=[str(target) for target in targets])


def library(app: ThreadViewApp) -> LibraryScreen:
    assert app.library is not None
    return app.library


async def indexed(pilot) -> LibraryScreen:
    screen = library(pilot.app)
    await until(pilot, lambda: screen.progress[1] and not screen.indexing, "indexing finished")
    return screen


async def counted(pilot) -> LibraryScreen:
    """Indexed, and the bookmark counts read (they come from the bookmark store)."""
    screen = await indexed(pilot)
    entries = screen.library_list.entries
    await until(
        pilot,
        lambda: all(e.bookmarks is not None for e in screen.library_list.entries if e.row),
        "bookmark counts",
    )
    assert entries
    return screen


def titles_on_screen(app: ThreadViewApp, names: list[str]) -> list[str]:
    """The given titles in the order they are on screen."""
    text = screen_text(app)
    return sorted((name for name in names if name in text), key=text.index)


TITLES = ["Night ferry timetable", "Harbour silt report", "A quiet quay"]


async def test_rows_appear_while_the_folder_is_indexed(tmp_path, monkeypatch):
    folder = tmp_path / "lib"
    for number, title in enumerate(("Alpha", "Bravo", "Charlie")):
        write(folder / f"{number}.txt", thread(title, comment("ann", number, f"{title} text.")))
    gate = threading.Event()
    real = indexer._classify

    def slow_third(data: bytes, name: str):
        if name.endswith("2.txt"):
            gate.wait(10)
        return real(data, name)

    monkeypatch.setattr(indexer, "_classify", slow_third)
    app = library_of(folder)
    try:
        async with app.run_test(size=SIZE) as pilot:
            library(app)
            await until(pilot, lambda: "Bravo" in screen_text(app), "the first rows")
            text = screen_text(app)
            assert "Alpha" in text and "Charlie" not in text
            assert "indexing 2/3" in text, "the header counts the files looked at"
            gate.set()
            await indexed(pilot)
            text = screen_text(app)
            assert "Charlie" in text and "indexing" not in text
            assert "3 threads" in text
    finally:
        gate.set()


async def test_quitting_cancels_the_scan_after_the_file_it_is_reading(tmp_path, monkeypatch):
    folder = tmp_path / "lib"
    for number, title in enumerate(("Alpha", "Bravo", "Charlie")):
        write(folder / f"{number}.txt", thread(title, comment("ann", number, f"{title} text.")))
    real = indexer._classify
    reading_second = threading.Event()

    def held_until_cancelled(data: bytes, name: str):
        if name.endswith("1.txt"):
            reading_second.set()
            worker = get_current_worker()
            for _ in range(1000):  # the quit cancels the worker
                if worker.is_cancelled:
                    break
                time.sleep(0.01)
        return real(data, name)

    monkeypatch.setattr(indexer, "_classify", held_until_cancelled)
    app = library_of(folder)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, reading_second.is_set, "the scan reading the second file")
        await pilot.press("q")
    with LibraryStore.open(resolve_data_dir(None)) as store:
        titles = sorted(row.title for row in store.threads())
    assert titles == ["Alpha", "Bravo"], "the file being read is finished, the rest is not"


async def test_ctrl_s_sorts_by_the_next_column_and_ctrl_r_reverses_it(tmp_path):
    app = library_of(LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await indexed(pilot)
        assert titles_on_screen(app, TITLES) == sorted(TITLES, key=str.casefold)
        assert "Title ▲" in screen_text(app) and "sort: title ▲" in screen_text(app)
        await pilot.press("ctrl+s", "ctrl+s")  # title -> source -> first comment's date
        text = screen_text(app)
        assert "First comment ▲" in text and "sort: date ▲" in text
        assert titles_on_screen(app, TITLES) == TITLES, "oldest first comment first"
        await pilot.press("ctrl+r")
        assert titles_on_screen(app, TITLES) == TITLES[::-1]
        assert "sort: date ▼" in screen_text(app)
        last = screen_text(app).splitlines()
        broken = next(n for n, line in enumerate(last) if "cut-off.json" in line)
        ferry = next(n for n, line in enumerate(last) if "Night ferry" in line)
        assert broken > ferry, "files that failed stay below the threads either way"


async def test_cursor_keys_move_page_and_keep_the_file_under_the_cursor_across_sorts():
    app = library_of(LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        listing = screen.library_list
        await pilot.press("down")
        chosen = listing.current
        assert chosen is not None and chosen.row is not None
        assert chosen.row.title == "Harbour silt report"
        assert os.fsdecode(chosen.path).endswith("harbour.txt") and "harbour.txt" in screen_text(
            app
        ), "the status line names the file under the cursor"
        await pilot.press("ctrl+s", "ctrl+s", "ctrl+r")
        assert listing.current == chosen, "sorting keeps the cursor on the same file"
        await pilot.press("end")
        assert listing.cursor == len(listing.entries) - 1
        await pilot.press("home")
        assert listing.cursor == 0
        await pilot.press("pagedown")
        assert listing.cursor == len(listing.entries) - 1, "a page is more than four rows"


async def test_keys_that_move_the_cursor_off_screen_scroll_the_rows_with_it(tmp_path):
    folder = tmp_path / "lib"
    for number in range(80):
        write(folder / f"{number:02d}.txt", thread(f"Row {number:02d}", comment("ann", 1, "x")))
    app = library_of(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        await pilot.press("end")
        await until(pilot, lambda: "Row 79" in screen_text(app), "the last row on screen")
        assert "Row 55" in screen_text(app) and "Row 54" not in screen_text(app)
        await pilot.press("home")
        await until(pilot, lambda: "Row 00" in screen_text(app), "the first row again")
        await pilot.press("pagedown", "pagedown")
        await until(pilot, lambda: "Row 50" in screen_text(app), "two pages down")
        assert screen.library_list.current.row.title == "Row 50"
        assert "Row 24" not in screen_text(app)


async def test_typing_searches_and_shows_ranked_hits_with_a_marked_snippet():
    app = library_of(LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        await pilot.press(*"lantern")
        await until(pilot, lambda: screen.results.hits, "search hits")
        text = screen_text(app)
        assert "lantern" in screen.search_input.value
        assert "I take the lantern bus instead." in text
        assert "Night ferry timetable · bob" in text, "each hit says its thread and author"
        assert "2 matches" in text
        assert "A quiet quay" not in text, "the list gives way to the hits"
        assert screen.results.hits[0].highlights, "the store marks the match"
        await pilot.press("escape")
        assert screen.search_input.value == "" and "A quiet quay" in screen_text(app)


async def test_a_query_that_cannot_be_read_says_why_in_one_line():
    app = library_of(LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        await pilot.press(*'"night fer')
        await until(pilot, lambda: "unbalanced double quote" in screen_text(app), "an error")
        assert not screen.results.hits


async def test_letters_type_into_the_search_and_q_too_once_typing():
    app = library_of(LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        await pilot.press(*"walls quay")
        assert screen.search_input.value == "walls quay"
        assert app.is_running
        await until(pilot, lambda: screen.results.hits, "hits for quay")
        assert "Quay walls need repair" in screen_text(app)


async def test_enter_on_a_hit_opens_the_thread_at_the_matching_comment_highlighted():
    app = library_of(LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        await pilot.press(*"harbourmaster")
        await until(pilot, lambda: screen.results.hits, "search hits")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        reader = app.reader
        selected = reader.comment_pane.selected_comment
        assert selected is not None and selected.author == "eve"
        assert reader.search_bar.term == "harbourmaster"
        assert reader.comment_pane.query_text == "harbourmaster", "the match is highlighted"
        text = screen_text(app)
        assert "Harbour silt report" in text and "1/1 matching" in text


async def test_a_click_on_a_hit_opens_it():
    app = library_of(LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        await pilot.press(*"harbourmaster")
        await until(pilot, lambda: screen.results.hits, "search hits")
        await pilot.click("#library-results", offset=(4, 0))
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        assert app.reader.comment_pane.selected_comment.author == "eve"


async def test_q_and_escape_in_the_thread_return_to_the_library_with_its_place_kept():
    app = library_of(LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        await pilot.press("down", "down")
        place = screen.library_list.current.path
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        assert "Night ferry timetable" in screen_text(app)
        await pilot.press("q")
        assert app.screen is screen and app.is_running
        assert screen.library_list.current.path == place
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader again")
        await pilot.press("slash", *"walls", "enter")
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen), "escape clears the reader's search first"
        await pilot.press("escape")
        assert app.screen is screen
        assert screen.library_list.current.path == place
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_escape_clears_the_search_then_quits_the_library():
    app = library_of(LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        await pilot.press(*"ferry", "escape")
        assert screen.search_input.value == "" and app.is_running
        await pilot.press("escape")
        await pilot.pause()
        assert not app.is_running


async def test_a_broken_file_is_listed_with_its_reason_and_skipped_files_are_counted():
    app = library_of(LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await indexed(pilot)
        text = screen_text(app)
        row = next(line for line in text.splitlines() if "cut-off.json" in line)
        assert "not read: starts like JSON but is not valid JSON" in row
        assert "3 threads · 1 not read · 1 skipped" in text
        await pilot.press("end", "enter")
        assert isinstance(app.screen, LibraryScreen), "a broken file is not opened"
        assert any("not valid JSON" in str(n.message) for n in app._notifications)


async def test_a_file_gone_since_indexing_is_a_notification_not_a_crash(tmp_path):
    folder = tmp_path / "lib"
    shutil.copytree(LIBRARY, folder)
    app = library_of(folder)
    async with app.run_test(size=SIZE) as pilot:
        await indexed(pilot)
        (folder / "more" / "quay.txt").unlink()
        await pilot.press("enter")  # the first row: "A quiet quay"
        await until(pilot, lambda: app._notifications, "a notification")
        assert isinstance(app.screen, LibraryScreen) and app.is_running
        assert "Could not open the thread" in str(list(app._notifications)[-1].message)


async def test_hostile_file_names_are_listed_safely(tmp_path):
    folder = os.fsencode(tmp_path / "lib")
    hostile = folder + b"/evil\nname\x1b[31m\x07\xff.txt"
    write(hostile, thread("Hostile names", comment("ann", 1, "ordinary text")))
    broken = folder + b"/cut\x1b]0;pwned\x07\r\xfe.json"
    os.makedirs(folder, exist_ok=True)
    with open(broken, "wb") as handle:
        handle.write(b'{"kind": "Listing", "data": {"children": [')
    app = library_of(os.fsdecode(folder))
    async with app.run_test(size=SIZE) as pilot:
        await indexed(pilot)
        text = screen_text(app)
        assert "\x1b" not in text and "\x07" not in text and "\r" not in text
        row = next(line for line in text.splitlines() if "cut" in line and "not read" in line)
        assert "\ufffd" in row, "bytes that are not UTF-8 show as U+FFFD"
        assert "pwned" in row, "the name is shown, its escape sequence made visible"
        await pilot.press("home")
        status = str(library(app).query_one("#library-status").render())
        assert "evil\u240aname" in status and "\x1b" not in status and "\ufffd" in status


async def test_two_libraries_open_on_one_index_at_once(tmp_path):
    first, second = library_of(LIBRARY), library_of(LIBRARY / "more")
    async with first.run_test(size=SIZE) as one, second.run_test(size=SIZE) as two:
        await indexed(one)
        await indexed(two)
        assert "3 threads" in screen_text(first)
        assert "1 thread " in screen_text(second)
        await two.press(*"walls")
        await until(two, lambda: library(second).results.hits, "hits in the second")


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_library_snapshot(snap_compare, size, monkeypatch):
    monkeypatch.chdir(LIBRARY.parent)

    async def wait(pilot) -> None:
        await counted(pilot)

    assert snap_compare(library_of("library"), run_before=wait, terminal_size=size)


def test_library_search_snapshot(snap_compare, monkeypatch):
    monkeypatch.chdir(LIBRARY.parent)

    async def typed(pilot) -> None:
        screen = await counted(pilot)
        await pilot.press(*"lantern")
        await until(pilot, lambda: screen.results.hits, "search hits")

    assert snap_compare(library_of("library"), run_before=typed, terminal_size=(100, 24))


async def test_the_first_screen_reads_one_page_then_the_whole_list_in_the_same_order(
    tmp_path, monkeypatch
):
    """The first screen is a page from the index (in the list's order, which is not
    SQLite's: case folded, "éclair" after "Zebra"), with the full count in the header;
    the rest of the list comes after, and the rows on screen stay as they were."""
    folder = tmp_path / "lib"
    names = [
        f"{word} {n:02d}" for word in ("Zebra", "apple", "éclair", "Banana") for n in range(20)
    ]
    for number, name in enumerate(names):
        write(folder / f"{number:02d}.txt", thread(name, comment("ann", number, f"{name} text.")))
    with LibraryStore.open(resolve_data_dir(None)) as store:
        indexer.Indexer(store).scan([folder])
    gate = threading.Event()
    whole_list = LibraryStore.threads

    def held(self: LibraryStore):
        gate.wait(10)
        return whole_list(self)

    monkeypatch.setattr(LibraryStore, "threads", held)
    shown: list[int] = []
    set_entries = LibraryList.set_entries

    def counted_entries(self: LibraryList, entries) -> None:
        shown.append(len(entries))
        set_entries(self, entries)

    monkeypatch.setattr(LibraryList, "set_entries", counted_entries)
    app = library_of(folder)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: "apple 00" in screen_text(app), "the first page")
            assert shown == [SIZE[1]], "one page, as tall as the terminal, not 80 rows"
            assert "80 threads" in screen_text(app), "the header counts the whole library"
            first = titles_on_screen(app, names)
            expected = sorted(names, key=str.casefold)
            assert len(first) >= 20 and first == expected[: len(first)]
            gate.set()
            screen = await indexed(pilot)
            assert shown[-1] == 80
            assert titles_on_screen(app, names) == first
            assert len(screen.library_list.shown()) == 80
    finally:
        gate.set()
