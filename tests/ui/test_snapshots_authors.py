"""SVG snapshots of the authors panel (`A`): at two sizes, and narrowed while typing.

The thread is `test_power.power_thread`: five authors, the submitter with three comments
and no "op" marker from the site, so the panel's [op] comes from the thread's submitter.
"""

from __future__ import annotations

import pytest
from test_power import power_thread

from threadview.ui.app import ThreadViewApp
from threadview.ui.screens.authors import AuthorsScreen
from threadview.ui.screens.reader import ReaderFooter


async def open_panel(pilot, typed: str = "") -> None:
    footer = pilot.app.reader.query_one(ReaderFooter)
    for _ in range(100):  # the footer lays its keys out after the first frame
        if footer._painted and footer.children:
            break
        await pilot.pause(0.02)
    await pilot.press("A")
    for _ in range(100):
        screen = pilot.app.screen
        if isinstance(screen, AuthorsScreen) and screen.stats is not None:
            break
        await pilot.pause(0.02)
    for key in typed:
        await pilot.press(key)
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_authors_panel(snap_compare, size):
    assert snap_compare(ThreadViewApp(power_thread()), run_before=open_panel, terminal_size=size)


def test_authors_panel_filter_while_typing(snap_compare):
    async def typing(pilot) -> None:
        await open_panel(pilot, "o")

    assert snap_compare(ThreadViewApp(power_thread()), run_before=typing, terminal_size=(80, 24))
