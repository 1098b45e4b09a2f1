"""SVG snapshots of link hints, the timeline and the facts dialog.

On tests/fixtures/ui/notes-and-links.txt (a thread we wrote, links in both panes, comments
spread over three hours). Times in these views are absolute UTC, so the pictures do not
change with the clock.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from threadview.parsing import load_path
from threadview.ui.app import ThreadViewApp

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "ui" / "notes-and-links.txt"
SIZES = [(80, 24), (160, 48)]


def fixture_app() -> ThreadViewApp:
    return ThreadViewApp(load_path(str(FIXTURE)))


async def settle(pilot) -> None:
    """Let every worker (the store, the notes scan, a count) finish, then draw."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_link_hints(snap_compare, size):
    async def hints(pilot) -> None:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    assert snap_compare(fixture_app(), run_before=hints, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_timeline(snap_compare, size):
    async def timeline(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "j", "j", "T", "right", "plus", "plus", "plus")
        await settle(pilot)

    assert snap_compare(fixture_app(), run_before=timeline, terminal_size=size)


def test_facts_dialog(snap_compare):
    async def facts(pilot) -> None:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)

    assert snap_compare(fixture_app(), run_before=facts, terminal_size=(80, 24))
