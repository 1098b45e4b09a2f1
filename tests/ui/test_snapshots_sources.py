"""SVG snapshots of the Sources panel, the link confirmation and the translation badges.

All on tests/fixtures/ui/notes-and-links.txt (a thread we wrote). Times in the panel are
absolute UTC, so the pictures do not change with the clock.
"""

from __future__ import annotations

from pathlib import Path

from threadview.parsing import load_path
from threadview.ui.app import ThreadViewApp
from threadview.ui.screens.sources import SourceList

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "ui" / "notes-and-links.txt"


def fixture_app() -> ThreadViewApp:
    return ThreadViewApp(load_path(str(FIXTURE)))


async def wait_for_sources(pilot) -> None:
    """Let the panel's rows arrive from their thread before the picture is taken."""
    for _ in range(200):
        if pilot.app.screen.query(SourceList):
            break
        await pilot.pause(0.02)
    await pilot.pause()


def test_sources_panel(snap_compare):
    async def open_panel(pilot) -> None:
        await pilot.press("L")
        await wait_for_sources(pilot)
        await pilot.press("down")

    assert snap_compare(fixture_app(), run_before=open_panel, terminal_size=(100, 30))


def test_translation_badges_in_the_reader(snap_compare):
    assert snap_compare(fixture_app(), press=["t"], terminal_size=(120, 40))


def test_open_confirmation(snap_compare):
    assert snap_compare(fixture_app(), press=["t", "o"], terminal_size=(100, 30))


def test_link_picker(snap_compare):
    async def pick(pilot) -> None:
        await pilot.press("J")  # harbour_historian: two links
        await pilot.press("o")
        await pilot.pause()

    assert snap_compare(fixture_app(), run_before=pick, terminal_size=(100, 30))
