"""`i`: the thread's facts dialog, counted in a worker, shown as the screen reads it."""

from __future__ import annotations

from notes_links_app import SIZE, make_app

from threadview.ui.app import ThreadViewApp
from threadview.ui.screens.facts import FactsDialog


def whole_screen(app: ThreadViewApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def shown_facts(app: ThreadViewApp, pilot) -> str:
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(app.screen, FactsDialog)
    await app.screen.workers.wait_for_complete()
    await pilot.pause()
    return whole_screen(app)


async def test_i_shows_the_threads_facts():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = await shown_facts(app, pilot)
        assert "Thread facts" in text
        assert "Comments      8" in text
        assert "Authors       7" in text
        assert "Deepest reply 2 (0 = top level)" in text
        assert "2024-03-04 09:00 UTC to 2024-03-04 12:00 UTC (3h 00m)" in text
        assert "Busiest hour  2024-03-04 09:00 UTC (3 comments)" in text
        assert "Translations  es 2, de 1" in text
        assert "pilots-union.org 2" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FactsDialog)


async def test_facts_count_the_bookmarks_of_the_thread():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("b")  # bookmark the selected comment
        await pilot.pause()
        text = await shown_facts(app, pilot)
        assert "Bookmarks     1" in text
