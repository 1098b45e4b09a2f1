"""SVG snapshot of the `D` dialog: the comments a re-saved thread no longer has.

Two saves of one thread are indexed into the per-test library before the App starts (the
first one read, as a visit would), so the picture shows the dialog over a reader with its
new and edited marks; times are fixed by the files.
"""

from __future__ import annotations

from pathlib import Path

from tests.library_helpers import comment, thread, write
from threadview.bookmarks import resolve_data_dir
from threadview.model import iter_comments
from threadview.parsing import parse_document, read_document
from threadview.store.identity import thread_identity
from threadview.store.indexer import Indexer
from threadview.store.library import LibraryStore
from threadview.ui.app import ThreadViewApp

ANN = comment("ann", 1, "The ferry timetable changed again this week.")
BOB = comment("bob", 2, "It leaves at six now.")
BOB_EDITED = comment("bob", 2, "It leaves at six now, and at seven on Sundays.")
CY = comment("cy", 3, "Someone should write to the council about the [red]ferry[/] times.")
DEE = comment("dee", 4, "Deleted later:\n\nthe harbour office\x1b[2J is closed on Mondays.")
EVE = comment("eve", 9, "The council answered: no change until spring.")


def resaved(tmp_path: Path) -> Path:
    path = tmp_path / "ferry.txt"
    first = thread("Ferry timetable", ANN, BOB, CY, DEE)
    write(path, first)
    with LibraryStore.open(resolve_data_dir(None)) as store:
        Indexer(store).scan([path])
        store.record_seen(thread_identity(first), [c.id for c in iter_comments(first.comments)])
        write(path, thread("Ferry timetable", ANN, BOB_EDITED, EVE))
    return path


def test_gone_comments_dialog(snap_compare, tmp_path):
    path = resaved(tmp_path)
    document = read_document(path)
    app = ThreadViewApp(parse_document(document), document=document)

    async def open_dialog(pilot) -> None:
        for _ in range(200):
            await pilot.pause()
            await app.workers.wait_for_complete()
            if app.reader.memory.state == "open":
                break
        await pilot.press("D")
        await pilot.pause()

    assert snap_compare(app, run_before=open_dialog, terminal_size=(80, 24))
