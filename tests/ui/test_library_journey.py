"""A person's round trip through the library: open a thread, read, come back to the row's
new "last read", then the same file saved again with two more comments: the row says 2 new.
Everything asserted is what the library shows on screen."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from tests.library_helpers import comment, thread, write
from tests.ui.test_library_ui import SIZE, indexed, library_of, screen_text, until
from threadview.bookmarks.records import resolve_data_dir
from threadview.store.library import LibraryStore
from threadview.ui.screens.library import LibraryScreen
from threadview.ui.screens.reader import ReaderScreen

TITLE = "Anchor chain auction"
FIRST = [
    comment("ann", 1, "The chain went for a song."),
    comment("bob", 2, "Nobody bid on the buoys."),
    comment("cat", 3, "The auctioneer was the harbourmaster's cousin."),
]
LATER = [comment("dee", 40, "Resold the chain a week later."), comment("eve", 41, "Twice!")]


def row_of(text: str, title: str) -> dict[str, str]:
    """The library row for `title`, by column: comments, new, bookmarks and last read."""
    line = next(line for line in text.splitlines() if title in line)
    comments, new, marks, read = line.split()[-4:]
    return {"comments": comments, "new": new, "marks": marks, "read": read}


def today() -> set[str]:
    """Today's date as the library shows it (UTC); asked again later, in case midnight
    passed in between."""
    return {datetime.now(timezone.utc).strftime("%Y-%m-%d")}


async def test_read_a_thread_come_back_then_its_new_save_counts_two_new(tmp_path: Path):
    folder = tmp_path / "saved"
    write(folder / "chain.txt", thread(TITLE, *FIRST))
    write(folder / "other.txt", thread("Breakwater repairs", comment("zed", 5, "Cracked.")))
    app = library_of(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        await until(pilot, lambda: TITLE in screen_text(app), "the thread's row")
        before = row_of(screen_text(app), TITLE)
        assert before["read"] == "never" and before["comments"] == "3"
        assert screen.library_list.current.row.title == TITLE, "first by title"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        await until(pilot, lambda: "harbourmaster's cousin" in screen_text(app), "the comments")
        identity = screen.library_list.current.row.identity
        with LibraryStore.open(resolve_data_dir(None)) as store:
            await until(pilot, lambda: len(store.seen_ids(identity)) == 3, "the comments seen")
        days = today()
        await pilot.press("q")
        assert isinstance(app.screen, LibraryScreen)
        await until(
            pilot,
            lambda: row_of(screen_text(app), TITLE)["read"] in days | today(),
            "the row's last read",
        )
        assert row_of(screen_text(app), TITLE)["new"] == "0"
        assert row_of(screen_text(app), "Breakwater repairs")["read"] == "never"
        await pilot.press("q")

    write(folder / "chain.txt", thread(TITLE, *FIRST, *LATER))  # saved again, grown
    again = library_of(folder)
    async with again.run_test(size=SIZE) as pilot:
        await indexed(pilot)
        await until(pilot, lambda: row_of(screen_text(again), TITLE)["comments"] == "5", "rescan")
        after = row_of(screen_text(again), TITLE)
        assert after["new"] == "2" and after["read"] in days | today()
        assert row_of(screen_text(again), "Breakwater repairs")["new"] == "0"
        await pilot.press("q")
