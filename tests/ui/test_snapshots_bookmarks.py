"""SVG snapshots of the bookmarks screen and the saved-copy modal.

Bookmarks are written to the per-test store before the App starts, with fixed saved
times, so the pictures don't depend on the clock.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

from ui_threads import nested_thread

from threadview.bookmarks import BookmarkStore, resolve_data_dir
from threadview.model import ArticleBlock, Comment, Thread, iter_comments
from threadview.ui.app import ThreadViewApp

SAVED = datetime(2024, 6, 1, 9, 30, tzinfo=timezone.utc)


def other_thread() -> Thread:
    body = (
        "The ferry left at 03:00 sharp, which nobody expected, and the harbour master "
        "wrote it down in the log book with a [bold]note[/] that it was the first time "
        "in eleven years."
    )
    comment = Comment("c1", "dave", datetime(2024, 5, 2, 3, 0, tzinfo=timezone.utc), body)
    return Thread(
        "text",
        "Night ferry",
        "ferries.example",
        "mallory",
        (ArticleBlock("paragraph", "A short piece about the night ferry."),),
        (comment,),
    )


def seed_bookmarks() -> None:
    """Four bookmarks over two threads, saved a minute apart, two with notes."""
    harbour, ferry = nested_thread(), other_thread()
    comments = {c.author: c for c in iter_comments(harbour.comments)}
    wanted = [
        (harbour, None, ""),
        (harbour, comments["carol"], "the lighthouse detail"),
        (ferry, ferry.comments[0], "check the log [red]book[/]"),
        (harbour, comments["grace"], ""),
    ]
    with BookmarkStore.open(resolve_data_dir(None)) as store:
        for minute, (thread, comment, note) in enumerate(wanted):
            mark = store.add(thread, comment, None, note=note)
            store.remove(mark.id)
            store.restore(replace(mark, saved_at=SAVED.replace(minute=minute)))


def test_bookmarks_screen(snap_compare):
    seed_bookmarks()
    assert snap_compare(
        ThreadViewApp(nested_thread()), press=["B", "down"], terminal_size=(100, 30)
    )


def test_bookmarks_screen_filtered(snap_compare):
    seed_bookmarks()
    assert snap_compare(
        ThreadViewApp(nested_thread()), press=["B", *"light"], terminal_size=(100, 30)
    )


def test_saved_copy_of_a_bookmark_without_a_file(snap_compare):
    seed_bookmarks()
    press = ["B", *"ferry", "enter"]
    assert snap_compare(ThreadViewApp(nested_thread()), press=press, terminal_size=(100, 30))


def test_bookmarks_filter_while_typing_at_80x24(snap_compare):
    """Typed, not submitted: the filter shows its text (letters that are also keys too)."""
    seed_bookmarks()
    press = ["B", *"dqujk", "backspace", "backspace", "backspace", "backspace", "backspace"]
    press += [*"light"]
    assert snap_compare(ThreadViewApp(nested_thread()), press=press, terminal_size=(80, 24))


def test_bookmark_note_while_typing_at_80x24(snap_compare):
    """Typed, not submitted: the note input shows its text."""
    seed_bookmarks()
    press = ["N", *"ask about the quay"]
    assert snap_compare(ThreadViewApp(nested_thread()), press=press, terminal_size=(80, 24))
