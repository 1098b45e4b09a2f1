"""Reading memory in the reader: resume, new marks (seen = on screen), > < M, re-saved threads
(edited marks, the gone count and the D dialog), and a store that cannot open.

Threads are files we write in the text layout, opened the way the CLI opens them; the
data directory is a fresh one per test (tests/conftest.py).
"""

from __future__ import annotations

import threading
from pathlib import Path

from tests.imports_helpers import modules_after, store_modules
from tests.library_helpers import comment, thread, write
from threadview.bookmarks import BookmarkStore, resolve_data_dir
from threadview.model import Comment, Thread
from threadview.parsing import parse_document, read_document
from threadview.store.identity import thread_identity
from threadview.store.library import LibraryStore
from threadview.store.memory import ReadingMemory
from threadview.store.records import LIBRARY_DB_NAME
from threadview.ui.app import ThreadViewApp
from threadview.ui.screens.gone import GoneScreen

SIZE = (120, 40)
NEW = "●"
EDITED = "Δ edited"


def numbered(count: int) -> list[Comment]:
    return [comment(f"user{n}", n, f"Body of comment number {n}.") for n in range(count)]


def open_app(path: Path, data_dir: Path | None = None) -> ThreadViewApp:
    """The reader on a file, as `threadview FILE` builds it."""
    document = read_document(path)
    return ThreadViewApp(parse_document(document), document=document, data_dir=data_dir)


async def settled(app: ThreadViewApp, pilot) -> None:
    """Wait until the reading memory has opened (or given up) and the screen caught up."""
    for _ in range(200):
        await pilot.pause()
        await app.workers.wait_for_complete()
        if app.reader.memory.state in ("open", "off"):
            break
    await app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
    await pilot.pause()


def pane_lines(app: ThreadViewApp) -> list[str]:
    """The comment pane as rendered, one string per screen row."""
    pane = app.reader.comment_pane
    return [pane.render_line(y).text for y in range(pane.scrollable_content_region.height)]


def header_of(app: ThreadViewApp, author: str) -> str | None:
    """The header row of `author`'s comment as on screen, or None when it is not on screen."""
    return next((line for line in pane_lines(app) if f" {author} · " in line), None)


def stats(app: ThreadViewApp) -> str:
    return str(app.reader.query_one("#header-stats").render())


def notifications(app: ThreadViewApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def selected(app: ThreadViewApp) -> str | None:
    found = app.reader.comment_pane.selected_comment
    return found.author if found else None


def seen_in_store(made: Thread) -> set[str]:
    with LibraryStore.open(resolve_data_dir(None)) as store:
        return store.seen_ids(thread_identity(made))


async def test_reopening_returns_to_the_comment_you_were_on(tmp_path):
    made = thread("Resume me", *numbered(40))
    write(tmp_path / "t.txt", made)
    app = open_app(tmp_path / "t.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await press(pilot, *["j"] * 25)
        assert selected(app) == "user25"
        await press(pilot, "q")  # the position is saved on quit, debounce or not

    again = open_app(tmp_path / "t.txt")
    async with again.run_test(size=SIZE) as pilot:
        await settled(again, pilot)
        assert selected(again) == "user25"
        assert header_of(again, "user25") is not None, "the resumed comment is on screen"
        assert header_of(again, "user0") is None


async def test_new_marks_are_comments_never_on_screen_and_none_on_the_first_visit(tmp_path):
    made = thread("What is new", *numbered(40))
    write(tmp_path / "t.txt", made)
    app = open_app(tmp_path / "t.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        assert not any(NEW in line for line in pane_lines(app)), "first visit: nothing new"
        assert "new" not in stats(app)
        shown = {line.split(" · ")[0].split()[-1] for line in pane_lines(app) if " · " in line}
        await press(pilot, "q")
    seen = seen_in_store(made)
    on_screen = {c.id for c in made.comments if c.author in shown}
    assert seen == on_screen, "seen is exactly what was on screen"
    assert 5 < len(seen) < 40

    again = open_app(tmp_path / "t.txt")
    async with again.run_test(size=SIZE) as pilot:
        await settled(again, pilot)
        assert f"{40 - len(seen)} new" in stats(again)
        assert NEW not in (header_of(again, "user0") or "?"), "seen last time: not new"
        await press(pilot, "G")
        assert NEW in (header_of(again, "user39") or ""), "never on screen: new"


async def test_next_and_previous_new_move_between_new_comments_and_wrap(tmp_path):
    write(tmp_path / "t.txt", thread("Jumping", *numbered(40)))
    app = open_app(tmp_path / "t.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await press(pilot, ">")
        assert "No new comments" in notifications(app), "the first visit has none"
        await press(pilot, "q")
    seen_authors = {c.author for c in numbered(40) if c.id in seen_in_store(thread("Jumping"))}
    first_new = next(f"user{n}" for n in range(40) if f"user{n}" not in seen_authors)

    again = open_app(tmp_path / "t.txt")
    async with again.run_test(size=SIZE) as pilot:
        await settled(again, pilot)
        await press(pilot, "greater_than_sign")
        assert selected(again) == first_new
        assert NEW in (header_of(again, first_new) or "")
        await press(pilot, "less_than_sign")
        assert selected(again) == "user39", "before the first new one it wraps to the last"
        await press(pilot, "greater_than_sign")
        assert selected(again) == first_new, "after the last it wraps to the first"


async def test_m_marks_the_thread_read_and_the_marks_stay_gone(tmp_path):
    made = thread("Mark me", *numbered(40))
    write(tmp_path / "t.txt", made)
    app = open_app(tmp_path / "t.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await press(pilot, "q")
    app = open_app(tmp_path / "t.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await press(pilot, "G")
        assert NEW in (header_of(app, "user39") or "")
        assert " new" in stats(app)
        await press(pilot, "M")
        assert not any(NEW in line for line in pane_lines(app))
        assert " new" not in stats(app)
        await press(pilot, ">")
        assert "No new comments" in notifications(app)
        await app.workers.wait_for_complete()
        await press(pilot, "q")
    assert seen_in_store(made) == {c.id for c in made.comments}
    app = open_app(tmp_path / "t.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await press(pilot, "G")
        assert not any(NEW in line for line in pane_lines(app))
        assert " new" not in stats(app)


A = comment("ann", 1, "Ann opens the discussion about the ferry.")
B = comment("bob", 2, "Bob says the ferry is late.")
B_EDITED = comment("bob", 2, "Bob says the ferry is late, and edited this later.")
C = comment("cy", 3, "Cy wrote something that was later removed.")
E = comment("eve", 5, "Eve arrived after the first save.")


async def test_a_resaved_thread_shows_new_edited_and_gone_comments(tmp_path):
    path = tmp_path / "saves" / "ferry.txt"
    write(path, thread("Ferry talk", A, B, C))
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await press(pilot, "D")
        assert "No comments are missing from this save" in notifications(app)
        await press(pilot, "q")

    write(path, thread("Ferry talk", A, B_EDITED, E))  # re-saved over the old file
    again = open_app(path)
    async with again.run_test(size=SIZE) as pilot:
        await settled(again, pilot)
        assert NEW in (header_of(again, "eve") or "")
        assert EDITED in (header_of(again, "bob") or "")
        assert NEW not in (header_of(again, "bob") or NEW), "edited, not new"
        assert NEW not in (header_of(again, "ann") or NEW)
        assert "1 new" in stats(again)
        assert "1 comment no longer in this save" in stats(again)
        await press(pilot, "D")
        assert isinstance(again.screen, GoneScreen)
        text = " ".join(str(s.render()) for s in again.screen.query("Static"))
        assert "cy" in text and "Cy wrote something that was later removed." in text
        assert "Bob says" not in text, "an edited comment is not listed as removed"
        await press(pilot, "escape")
        assert not isinstance(again.screen, GoneScreen)


async def test_the_gone_dialog_shows_hostile_text_safely(tmp_path):
    path = tmp_path / "t.txt"
    hostile = comment(
        "mal\x1b[31mlory", 4, "Gone text with \x1b]52;c;AAAA\x07 and [bold]markup[/]."
    )
    write(path, thread("Hostile", A, hostile))
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await press(pilot, "q")
    write(path, thread("Hostile", A, E))
    again = open_app(path)
    async with again.run_test(size=SIZE) as pilot:
        await settled(again, pilot)
        await press(pilot, "D")
        text = " ".join(str(s.render()) for s in again.screen.query("Static"))
        assert "[bold]markup[/]" in text, "shown as text, never as markup"
        assert "\x1b" not in text and "\x07" not in text


async def test_an_unusable_data_dir_still_reads_with_one_warning(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    write(tmp_path / "t.txt", thread("No memory", *numbered(10)))
    app = open_app(tmp_path / "t.txt", data_dir=blocker / "data")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        assert app.reader.memory.state == "off"
        warnings = [n for n in notifications(app) if n.startswith("Reading memory is off")]
        assert len(warnings) == 1
        await press(pilot, "j", "j", ">")
        assert selected(app) == "user2"
        assert "No new comments" in notifications(app)
        await press(pilot, "q")
    assert app.return_code in (0, None)


async def test_a_damaged_library_leaves_memory_off_and_bookmarks_working(tmp_path):
    data = resolve_data_dir(None)
    data.mkdir(parents=True)
    (data / LIBRARY_DB_NAME).write_bytes(b"this is not a database" * 100)
    write(tmp_path / "t.txt", thread("Broken memory", *numbered(5)))
    app = open_app(tmp_path / "t.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        assert app.reader.memory.state == "off"
        assert any(n.startswith("Reading memory is off") for n in notifications(app))
        await press(pilot, "j", "b")
        await app.workers.wait_for_complete()
        await press(pilot, "q")
    with BookmarkStore.open(data) as bookmarks:
        assert [mark.author for mark in bookmarks.list()] == ["user1"]


def test_importing_the_reader_imports_no_sqlite_or_store():
    """The memory opens in a worker after the first paint: the reader's modules must not
    pull sqlite3 or the library store in when they are imported."""
    loaded = modules_after(
        "import threadview.ui.app, threadview.ui.screens.reader, threadview.ui.reading_memory"
    )
    assert store_modules(loaded) == []


async def test_a_bookmark_jump_to_another_thread_recalls_that_thread(tmp_path):
    alpha = thread("Alpha", *numbered(40))
    beta = thread("Beta", *[comment(f"beta{n}", n, f"Beta says {n}.") for n in range(5)])
    write(tmp_path / "a.txt", alpha)
    write(tmp_path / "b.txt", beta)
    app = open_app(tmp_path / "a.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await press(pilot, "G", "b", "q")  # seen: the first and the last screen
    unseen = len(alpha.comments) - len(seen_in_store(alpha))

    app = open_app(tmp_path / "b.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await press(pilot, "B", *"user39", "enter")
        await settled(app, pilot)
        assert app.thread.title == "Alpha" and selected(app) == "user39"
        assert f"{unseen} new" in stats(app), "Alpha's memory, not Beta's"
        await press(pilot, ">")
        assert NEW in (header_of(app, selected(app) or "?") or "")
        await press(pilot, "q")
    assert seen_in_store(beta) <= {c.id for c in beta.comments}, "nothing of Alpha under Beta"
    with LibraryStore.open(resolve_data_dir(None)) as store:
        assert store.position(thread_identity(beta)) == beta.comments[0].id
        assert store.position(thread_identity(alpha)) not in {c.id for c in beta.comments}


async def test_a_preview_waits_for_the_whole_file_then_resumes_beyond_it(tmp_path):
    """A big file opens on its first comments (as the CLI opens it); the memory opens once
    the whole file is in, so the comment to resume at is there."""
    write(tmp_path / "t.txt", thread("Long one", *numbered(300)))

    def preview_app() -> ThreadViewApp:
        document = read_document(tmp_path / "t.txt")
        return ThreadViewApp(parse_document(document, limit=20), document=document)

    app = preview_app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        assert not app.reader.loading
        assert app.reader.comment_pane.select_comment_id(numbered(300)[250].id)
        await press(pilot, "q")

    again = preview_app()
    assert again.reader.loading, "the test opens a preview"
    again._finish_parsing = lambda: None  # held back: the test lets it go below
    async with again.run_test(size=SIZE) as pilot:
        for _ in range(20):
            await pilot.pause()
        await again.workers.wait_for_complete()
        assert again.reader.memory.state == "waiting", "not opened on the preview"
        ThreadViewApp._finish_parsing(again)  # the rest of the file arrives now
        await settled(again, pilot)
        assert selected(again) == "user250"
        assert header_of(again, "user250") is not None


async def test_memory_indexes_the_parsed_thread_and_marks_new_without_making_comments(
    tmp_path, monkeypatch
):
    """The first visit writes the thread the reader parsed (no second parse); a later one
    finds its new comments from the index's ids (no walk making every comment) and resumes
    by the comment's time (no table of every comment's id)."""
    from threadview.parsing.views import PreorderNodes
    from threadview.store import indexer
    from threadview.ui import reading_memory

    def refuse(*args: object) -> None:
        raise AssertionError("whole-thread work the index makes unneeded")

    monkeypatch.setattr(indexer, "parse_document", refuse)
    write(tmp_path / "t.txt", thread("Indexed once", *numbered(40)))
    app = open_app(tmp_path / "t.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        assert app.reader.memory.state == "open"
        await press(pilot, *["j"] * 5, "q")
    monkeypatch.setattr(reading_memory, "iter_comments", refuse)
    monkeypatch.setattr(PreorderNodes, "_build_id_table", refuse)
    again = open_app(tmp_path / "t.txt")
    async with again.run_test(size=SIZE) as pilot:
        await settled(again, pilot)
        assert again.reader.memory.state == "open"
        assert selected(again) == "user5"
        assert header_of(again, "user5") is not None
        assert "new" in stats(again)
        await press(pilot, "G")
        assert NEW in (header_of(again, "user39") or "")


async def test_a_jump_to_another_thread_shows_none_of_the_last_ones_new_comments(
    tmp_path, monkeypatch
):
    """Until the other thread's memory is recalled, the reader marks nothing as new: the
    last thread's new comments are held as "not seen there", which any other thread's
    comments would match."""
    alpha = thread("Alpha", *numbered(40))
    beta = thread("Beta", *[comment(f"beta{n}", n, f"Beta says {n}.") for n in range(60)])
    write(tmp_path / "a.txt", alpha)
    write(tmp_path / "b.txt", beta)
    for path, keys in ((tmp_path / "a.txt", ("G", "b", "q")), (tmp_path / "b.txt", ("q",))):
        app = open_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settled(app, pilot)
            await press(pilot, *keys)
    release = threading.Event()
    recall_other = ReadingMemory.other

    def held(self, *args, **kwargs):
        release.wait(10)
        return recall_other(self, *args, **kwargs)

    monkeypatch.setattr(ReadingMemory, "other", held)
    app = open_app(tmp_path / "b.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await press(pilot, ">")
        assert " new" in stats(app) and any(NEW in line for line in pane_lines(app))
        await press(pilot, "B", *"user39", "enter")
        for _ in range(100):
            await pilot.pause()
            if app.thread.title == "Alpha" and app.reader.memory.state == "opening":
                break
        try:
            assert app.thread.title == "Alpha" and app.reader.memory.state == "opening"
            assert " new" not in stats(app)
            assert not any(NEW in line for line in pane_lines(app)), "Beta's marks on Alpha"
        finally:
            release.set()
        await settled(app, pilot)
        assert app.reader.memory.state == "open" and " new" in stats(app)
        await press(pilot, "q")
