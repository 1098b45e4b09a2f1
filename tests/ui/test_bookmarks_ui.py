"""Bookmarks inside the reader: b, N, B (filter, jump, delete/undo) and a store that can't open.

Threads are small files we write in the scraped text layout, opened the way the CLI opens
them, so bookmarks record real paths. THREADVIEW_DATA_DIR is a fresh directory per test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from threadview.bookmarks import (
    ARTICLE,
    DB_NAME,
    BookmarkStore,
    StoreError,
    resolve_data_dir,
    thread_key,
)
from threadview.parsing import parse_document, read_document
from threadview.ui.app import ThreadViewApp
from threadview.ui.screens.bookmark_note import BookmarkNoteScreen
from threadview.ui.screens.bookmarks import BookmarksScreen, SavedCopyScreen
from threadview.ui.widgets.article_pane import ArticlePane

SIZE = (120, 40)

HARBOUR = [
    ("alice", "02:00", "Alice writes about the lighthouse.", 0),
    ("bob", "02:05", "Bob replies to alice.", 1),
    ("carol", "02:10", "Carol has the last word.", 0),
]
FERRY = [
    ("dave", "03:00", "Dave timed the night ferry.", 0),
    ("erin", "03:04", "Erin missed it by a minute.", 0),
]


def write_thread(path: Path, title: str, comments: list[tuple[str, str, str, int]]) -> Path:
    """A thread file in the scraped layout: (author, HH:MM, body, depth) per comment."""
    lines = [
        title,
        "",
        "Authored by example.org and submitted by tester",
        f"image for {title}",
        "",
        f"The article of {title}.",
        "",
    ]
    for author, clock, body, depth in comments:
        pad = "  " * depth
        lines += [f"{pad}{author} on November 8th, 2019 at {clock} UTC »", "", pad + body, ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def open_app(path: Path, data_dir: Path | None = None) -> ThreadViewApp:
    """The reader on a file, as `threadview open` builds it."""
    document = read_document(path)
    return ThreadViewApp(parse_document(document), document=document, data_dir=data_dir)


def store() -> BookmarkStore:
    return BookmarkStore.open(resolve_data_dir(None))


async def ready(app: ThreadViewApp, pilot) -> None:
    """The stores have opened: bookmarks, and the reading memory (which may move the
    selection back to where the last visit left it)."""
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app.reader.memory.state != "waiting" and app.reader.memory.state != "opening":
            break


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
    await pilot.pause()


def pane_lines(app: ThreadViewApp) -> list[str]:
    """The comment pane as rendered, one string per screen row."""
    pane = app.reader.comment_pane
    return [pane.render_line(y).text for y in range(pane.scrollable_content_region.height)]


def header_of(app: ThreadViewApp, author: str) -> str:
    return next(line for line in pane_lines(app) if f" {author} · " in line)


def notifications(app: ThreadViewApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def selected(app: ThreadViewApp) -> str | None:
    comment = app.reader.comment_pane.selected_comment
    return comment.author if comment else None


async def test_the_mixin_mounts_alongside_the_app(tmp_path):
    app = open_app(write_thread(tmp_path / "h.txt", "Harbour notes", HARBOUR))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert selected(app) == "alice", "the App's own on_mount still ran"
        assert app.bookmark_store is not None and app.bookmark_problem is None
        assert app.reader.bookmarks._bookmark_badge in app.reader.badge_providers
        assert app.bookmark_path == (tmp_path / "h.txt").absolute()
        opened = app.bookmark_store
    with pytest.raises(StoreError):
        opened.count()  # the mixin's on_unmount closed it


async def test_b_marks_the_comment_and_the_marker_comes_back_next_time(tmp_path):
    path = write_thread(tmp_path / "h.txt", "Harbour notes", HARBOUR)
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert "★" not in header_of(app, "alice")
        await press(pilot, "j", "b")
        assert "★" in header_of(app, "bob")
        assert "★" not in header_of(app, "alice")
    with store() as saved:
        (mark,) = saved.list()
    assert (mark.author, mark.body, mark.path) == ("bob", "Bob replies to alice.", path.absolute())

    again = open_app(path)
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        assert "★" in header_of(again, "bob"), "the marker is read back from the store"
        assert selected(again) == "bob", "the reader resumed where it was left"
        await press(pilot, "b")
        assert "★" not in header_of(again, "bob")
    with store() as saved:
        assert saved.count() == 0


async def test_the_article_is_bookmarked_when_its_pane_is_focused(tmp_path):
    app = open_app(write_thread(tmp_path / "h.txt", "Harbour notes", HARBOUR))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await press(pilot, "tab")
        assert isinstance(app.focused, ArticlePane)
        # The key table binds b to the comment pane only; this is the palette's route.
        await app.run_action("toggle_bookmark", app.reader)
        await pilot.pause()
    with store() as saved:
        (mark,) = saved.list()
    assert mark.comment_id == ARTICLE and mark.body == "The article of Harbour notes."


async def test_n_saves_edits_and_cancels_a_note_as_plain_text(tmp_path):
    app = open_app(write_thread(tmp_path / "h.txt", "Harbour notes", HARBOUR))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await press(pilot, "j", "N")
        assert isinstance(app.screen, BookmarkNoteScreen)
        await press(pilot, *"worth keeping", "enter")
        assert not isinstance(app.screen, BookmarkNoteScreen)
        assert "★" in header_of(app, "bob"), "a note creates the bookmark"
        key = thread_key(app.thread)
        bob = app.reader.comment_pane.selected_comment
        with store() as saved:
            assert saved.find(key, bob.id).note == "worth keeping"

        await press(pilot, "N")
        assert app.screen.query_one(Input).value == "worth keeping"
        await press(pilot, *"changed", "escape")
        with store() as saved:
            assert saved.find(key, bob.id).note == "worth keeping", "escape cancels"

        await press(pilot, "N", *"[bold]x[/] $y", "enter")
        with store() as saved:
            assert saved.find(key, bob.id).note == "[bold]x[/] $y"
        await press(pilot, "B")
        assert isinstance(app.screen, BookmarksScreen)
        row = str(app.screen.option_list.get_option_at_index(0).prompt)
        assert "[bold]x[/] $y" in row, "the note is shown as text, never as markup"


async def bookmark_all_three(app: ThreadViewApp, pilot) -> None:
    await press(pilot, "b", "j", "b", "j", "b")
    assert [m.author for m in app.bookmark_store.list()] == ["carol", "bob", "alice"]


async def test_b_screen_lists_newest_first_filters_as_you_type_and_jumps(tmp_path):
    app = open_app(write_thread(tmp_path / "h.txt", "Harbour notes", HARBOUR))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await bookmark_all_three(app, pilot)
        assert selected(app) == "carol"
        await press(pilot, "B")
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        assert [m.author for m in screen.marks] == ["carol", "bob", "alice"]
        assert screen.option_list.option_count == 3
        await press(pilot, *"lighthouse")
        assert screen.filter_input.value == "lighthouse", "typing on the list starts the filter"
        assert [m.author for m in screen.marks] == ["alice"]
        await press(pilot, "enter")
        assert not isinstance(app.screen, BookmarksScreen)
        assert selected(app) == "alice"

        await press(pilot, "B", *"bob replies")
        assert [m.author for m in app.screen.marks] == ["bob"]
        await press(pilot, "escape")
        assert app.screen.filter_input.value == "", "escape first clears the filter"
        assert len(app.screen.marks) == 3
        await press(pilot, "down", "enter")
        assert selected(app) == "bob"


def screen_text(app: ThreadViewApp) -> str:
    """Everything on the terminal, as the person sees it."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_delete_removes_and_ctrl_z_undoes_while_the_screen_is_open(tmp_path):
    app = open_app(write_thread(tmp_path / "h.txt", "Harbour notes", HARBOUR))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await bookmark_all_three(app, pilot)
        before = {m.id: m for m in app.bookmark_store.list()}
        await press(pilot, "B", "down", "delete")
        screen = app.screen
        assert [m.author for m in screen.marks] == ["carol", "alice"]
        assert app.bookmark_store.count() == 2
        assert "ctrl+z undoes it" in notifications(app)[-1]
        assert "ctrl+z restores 1 deleted" in screen_text(app)
        await press(pilot, "ctrl+z")
        assert [m.author for m in screen.marks] == ["carol", "bob", "alice"]
        assert {m.id: m for m in app.bookmark_store.list()} == before, "undo restores it whole"
        assert screen.highlighted_mark.author == "bob", "the restored one is highlighted"
        await press(pilot, "ctrl+d", "delete", "escape")
        assert not isinstance(app.screen, BookmarksScreen)
        assert [m.author for m in app.bookmark_store.list()] == ["carol"]
        assert "★" not in header_of(app, "alice"), "markers follow deletions"
        assert "★" not in header_of(app, "bob")
        assert "★" in header_of(app, "carol")


async def test_every_letter_typed_in_the_filter_is_text_never_a_command(tmp_path):
    app = open_app(write_thread(tmp_path / "h.txt", "Harbour notes", HARBOUR))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await bookmark_all_three(app, pilot)
        await press(pilot, "B", *"dqujk/")
        screen = app.screen
        assert isinstance(screen, BookmarksScreen), "q does not close the screen"
        assert screen.filter_input.value == "dqujk/"
        assert "dqujk/" in screen_text(app), "the typed filter is on screen"
        assert app.bookmark_store.count() == 3, "d deleted nothing"
        assert "No bookmark matches “dqujk/”" in screen_text(app)
        await press(pilot, "escape")
        assert screen.filter_input.value == "" and len(screen.marks) == 3
        # Focus on the list (a click, or tab) still types into the filter.
        screen.option_list.focus()
        await press(pilot, *"dredge")
        assert screen.filter_input.value == "dredge"
        assert app.bookmark_store.count() == 3
        await press(pilot, "escape", "escape")
        assert not isinstance(app.screen, BookmarksScreen), "escape on an empty filter closes"


async def test_enter_on_a_bookmark_of_another_file_opens_that_file(tmp_path):
    ferry = write_thread(tmp_path / "ferry.txt", "Night ferry", FERRY)
    first = open_app(ferry)
    async with first.run_test(size=SIZE) as pilot:
        await ready(first, pilot)
        await press(pilot, "j", "b")
    app = open_app(write_thread(tmp_path / "h.txt", "Harbour notes", HARBOUR))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await press(pilot, "B", *"erin", "enter")
        await ready(app, pilot)
        assert app.thread.title == "Night ferry"
        assert selected(app) == "erin"
        assert app.bookmark_path == ferry.absolute()
        assert "★" in header_of(app, "erin")
        assert app.reader.article_pane.thread.title == "Night ferry"


async def test_a_bookmark_whose_file_is_gone_or_changed_shows_the_saved_copy(tmp_path):
    ferry = write_thread(tmp_path / "ferry.txt", "Night ferry", FERRY)
    first = open_app(ferry)
    async with first.run_test(size=SIZE) as pilot:
        await ready(first, pilot)
        await press(pilot, "N", *"the timetable", "enter")
    ferry.unlink()
    app = open_app(write_thread(tmp_path / "h.txt", "Harbour notes", HARBOUR))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await press(pilot, "B", "enter")
        await ready(app, pilot)
        assert isinstance(app.screen, SavedCopyScreen)
        reason = str(app.screen.query_one("#saved-reason").render())
        assert f"the file {ferry.absolute()} is no longer there" in reason
        assert "Dave timed the night ferry." in str(app.screen.query_one("#saved-body").render())
        assert "the timetable" in str(app.screen.query_one("#saved-meta").render())
        await press(pilot, "escape")
        assert app.thread.title == "Harbour notes", "the reader keeps its thread"

    write_thread(ferry, "Another ferry", FERRY)
    app = open_app(tmp_path / "h.txt")
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await press(pilot, "B", "enter")
        await ready(app, pilot)
        reason = str(app.screen.query_one("#saved-reason").render())
        assert "the file now holds a different thread" in reason


async def test_a_data_dir_that_cannot_be_made_still_reads_and_says_why(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data directory's parent should be")
    app = open_app(
        write_thread(tmp_path / "h.txt", "Harbour notes", HARBOUR), data_dir=blocker / "data"
    )
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.bookmark_store is None
        memory = [s for s in notifications(app) if s.startswith("Reading memory is off")]
        assert len(memory) == 1, "the reading memory says so once too"
        said = [s for s in notifications(app) if s not in memory]
        assert len(said) == 1 and said[0].startswith("Bookmarks can't be saved")
        await press(pilot, "b", "N", "B")
        assert selected(app) == "alice" and app.screen is app.screen_stack[0]
        said = [s for s in notifications(app) if s not in memory]
        assert len(said) == 4 and all("can't be saved" in s for s in said)
        await press(pilot, "j")
        assert selected(app) == "bob", "reading goes on"


async def test_a_corrupt_database_is_left_untouched_and_reading_goes_on(tmp_path):
    data = resolve_data_dir(None)
    data.mkdir(parents=True)
    junk = b"this is not a database\n" * 50
    (data / DB_NAME).write_bytes(junk)
    app = open_app(write_thread(tmp_path / "h.txt", "Harbour notes", HARBOUR))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        said = notifications(app)
        assert len(said) == 1 and "damaged or not a threadview database" in said[0]
        await press(pilot, "b", "j")
        assert selected(app) == "bob"
        assert "★" not in header_of(app, "alice")
    assert (data / DB_NAME).read_bytes() == junk


async def test_a_read_only_store_still_lists_but_refuses_changes(tmp_path, monkeypatch):
    path = write_thread(tmp_path / "h.txt", "Harbour notes", HARBOUR)
    first = open_app(path)
    async with first.run_test(size=SIZE) as pilot:
        await ready(first, pilot)
        await press(pilot, "b")
    # Running as root makes chmod useless, so the writable open is made to fail as a
    # read-only directory would; the reader then falls back to reading.
    real_open = BookmarkStore.open.__func__

    def open_read_only(cls, data_dir, *, readonly=False, **kwargs):
        if not readonly:
            from threadview.bookmarks import StoreReadOnly

            raise StoreReadOnly(f"bookmarks can't be saved: {data_dir} is not writable")
        return real_open(cls, data_dir, readonly=True, **kwargs)

    monkeypatch.setattr(BookmarkStore, "open", classmethod(open_read_only))
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.bookmark_store is not None and app.bookmark_store.readonly
        assert "★" in header_of(app, "alice"), "markers are still read"
        await press(pilot, "b")
        assert "★" in header_of(app, "alice")
        assert notifications(app)[-1].startswith("Bookmarks can't be saved")
        await press(pilot, "B")
        assert [m.author for m in app.screen.marks] == ["alice"]


async def test_jumps_within_the_thread_to_the_article_or_to_a_comment_no_longer_there(tmp_path):
    from dataclasses import replace

    app = open_app(write_thread(tmp_path / "h.txt", "Harbour notes", HARBOUR))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await press(pilot, "b")
        alice = app.bookmark_store.list()[0]
        app.bookmark_store.restore(
            replace(alice, id=99, comment_id="gone-id", body="A comment later edited away.")
        )
        app.bookmark_store.add(app.thread, None, app.bookmark_path)
        await press(pilot, "B", *"edited away", "enter")
        assert isinstance(app.screen, SavedCopyScreen)
        reason = str(app.screen.query_one("#saved-reason").render())
        assert "the comment is no longer in this thread" in reason
        await press(pilot, "escape", "B", *"the article of", "enter")
        assert isinstance(app.focused, ArticlePane), "an article bookmark shows the article"


def test_rows_show_hostile_text_as_symbols_not_escapes():
    from datetime import datetime, timezone

    from threadview.bookmarks import Bookmark
    from threadview.ui.screens.bookmarks import bookmark_row

    mark = Bookmark(
        1,
        "k",
        "Title\x1b]0;pwned\x07",
        "",
        None,
        "c",
        "[b]eve[/b]",
        None,
        "red \x1b[31malert\x1b[0m\n\nsecond paragraph",
        "note\x1b[2J",
        datetime(2024, 1, 1, tzinfo=timezone.utc),
    )
    plain = bookmark_row(mark).plain
    assert "\x1b" not in plain and "\x07" not in plain
    assert "[b]eve[/b]" in plain, "markup-like names stay text"
    assert "␛[31malert" in plain and "alert␛[0m second paragraph" in plain


async def test_b_pressed_before_the_store_opens_is_kept_and_saved(tmp_path):
    path = write_thread(tmp_path / "h.txt", "Harbour notes", HARBOUR)
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        assert app._store_opening, "the store opens after the first paint"
        app.reader.comment_pane.focus()
        app.reader.action_toggle_bookmark()
        assert app.reader.bookmarks._waiting, "the early b waits for the store"
        await ready(app, pilot)
        assert not app._store_opening
        assert "★" in header_of(app, "alice")
    with store() as saved:
        (mark,) = saved.list()
    assert mark.author == "alice"


async def test_b_on_a_bookmark_with_a_note_can_be_undone_note_and_all(tmp_path):
    app = open_app(write_thread(tmp_path / "h.txt", "Harbour notes", HARBOUR))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await press(pilot, "j", "N", *"keep this", "enter")
        key, bob = thread_key(app.thread), app.reader.comment_pane.selected_comment
        before = app.bookmark_store.find(key, bob.id)
        await press(pilot, "b")
        assert "★" not in header_of(app, "bob")
        assert app.bookmark_store.find(key, bob.id) is None
        said = notifications(app)[-1]
        assert "and its note removed" in said and "u undoes it" in said
        await press(pilot, "j", "u")
        assert "★" in header_of(app, "bob"), "undo puts the marker back"
        assert app.bookmark_store.find(key, bob.id) == before, "the note and id come back"
        assert notifications(app)[-1] == "Bookmark restored with its note"
        await press(pilot, "u")
        assert notifications(app)[-1] == "No removed bookmark to restore"


async def test_b_in_a_second_reader_never_deletes_the_first_readers_bookmark(tmp_path):
    path = write_thread(tmp_path / "h.txt", "Harbour notes", HARBOUR)
    second = open_app(path)
    async with second.run_test(size=SIZE) as pilot_two:
        await ready(second, pilot_two)
        assert "★" not in header_of(second, "alice")
        first = open_app(path)
        async with first.run_test(size=SIZE) as pilot_one:
            await ready(first, pilot_one)
            await press(pilot_one, "N", *"from the first reader", "enter")
        key = thread_key(second.thread)
        alice = second.reader.comment_pane.selected_comment
        # The second reader shows no bookmark on alice: its b adds one, keeping the note.
        await press(pilot_two, "b")
        assert "★" in header_of(second, "alice")
        kept = second.bookmark_store.find(key, alice.id)
        assert kept is not None and kept.note == "from the first reader"
        assert notifications(second)[-1] == "Comment bookmarked"


def test_rows_show_bodies_as_text_not_markdown():
    from datetime import datetime, timezone

    from threadview.bookmarks import Bookmark
    from threadview.ui.screens.bookmarks import bookmark_row

    body = "**inner harbour** is _calm_\n\n> a quote\n\n- one\n- two"
    mark = Bookmark(1, "k", "T", "", None, "c", "a", None, body, "", datetime.now(timezone.utc))
    plain = bookmark_row(mark).plain
    assert "inner harbour is calm ▌ a quote • one • two" in plain
    assert "**" not in plain and "_calm_" not in plain


async def test_journey_bookmark_note_filter_delete_undo_and_export(tmp_path):
    """A reader's whole task, checking what is on screen at each step, then the export."""
    import subprocess
    import sys

    path = write_thread(tmp_path / "h.txt", "Harbour notes", HARBOUR)
    app = open_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await press(pilot, "b", "j", "b", "j", "b")
        assert all("★" in header_of(app, who) for who in ("alice", "bob", "carol"))
        await press(pilot, "k", "N", *"ask bob about it")
        assert "ask bob about it" in screen_text(app), "the note shows while it is typed"
        await press(pilot, "enter")
        assert notifications(app)[-1] == "Note saved"

        await press(pilot, "B")
        assert "3 bookmarks" in screen_text(app)
        await press(pilot, *"dqujk")
        shown = screen_text(app)
        assert isinstance(app.screen, BookmarksScreen)
        assert "dqujk" in shown and "No bookmark matches “dqujk”" in shown
        await press(pilot, "escape")
        shown = screen_text(app)
        assert "dqujk" not in shown and "3 bookmarks" in shown
        assert "✎ ask bob about it" in shown

        await press(pilot, "down", "delete")
        shown = screen_text(app)
        assert "2 bookmarks" in shown and "ctrl+z restores 1 deleted" in shown
        assert "ask bob about it" not in shown, "bob's bookmark (with the note) is gone"
        await press(pilot, "ctrl+z")
        shown = screen_text(app)
        assert "3 bookmarks" in shown and "✎ ask bob about it" in shown
        await press(pilot, "escape")
        assert not isinstance(app.screen, BookmarksScreen)
        assert all("★" in header_of(app, who) for who in ("alice", "bob", "carol"))

    out = tmp_path / "saved.md"
    done = subprocess.run(
        [sys.executable, "-m", "threadview", "bookmarks", "--export", "markdown", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    for who, body in (
        ("alice", "Alice writes about the lighthouse."),
        ("bob", "Bob replies to alice."),
        ("carol", "Carol has the last word."),
    ):
        assert f"> **{who}**" in text and f"> {body}" in text
    assert text.count("> Note: ") == 1 and "> Note: ask bob about it" in text


async def test_opening_a_look_alike_file_does_not_steal_the_bookmarks_path(tmp_path):
    real = write_thread(tmp_path / "real.txt", "Harbour notes", HARBOUR)
    app = open_app(real)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await press(pilot, "j", "b")
    fake = [HARBOUR[0], ("mallory", "02:06", "Not bob at all.", 1), HARBOUR[2]]
    app = open_app(write_thread(tmp_path / "fake.txt", "Harbour notes", fake))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert "★" not in header_of(app, "mallory")
    app = open_app(write_thread(tmp_path / "ferry.txt", "Night ferry", FERRY))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await press(pilot, "B", "enter")
        await ready(app, pilot)
        assert not isinstance(app.screen, SavedCopyScreen)
        assert app.thread.title == "Harbour notes" and selected(app) == "bob"
        assert app.bookmark_path == real.absolute()
        assert "Bob replies to alice." in "\n".join(pane_lines(app))
