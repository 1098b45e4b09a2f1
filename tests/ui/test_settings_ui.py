"""The reader keeps the chosen theme and sort order between runs, and survives a broken file."""

from __future__ import annotations

import json

from ui_threads import nested_thread

from threadview.settings import SETTINGS_NAME, config_dir, settings_path
from threadview.ui.app import ThreadViewApp

SIZE = (100, 30)


def screen_text(app: ThreadViewApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_theme_and_sort_order_come_back_after_a_restart():
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        app.theme = "nord"
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "newest first" in screen_text(app)
    assert json.loads(settings_path().read_text()) == {"theme": "nord", "sort": "newest"}

    again = ThreadViewApp(nested_thread())
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "nord"
        assert again.current_theme.name == "nord"
        assert "newest first" in screen_text(again), "the header shows the remembered order"


async def test_a_broken_settings_file_warns_once_and_reads_on():
    config_dir().mkdir(parents=True)
    (config_dir() / SETTINGS_NAME).write_text('{"theme": "no-such-theme", "sort": 3')
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert len(said) == 1 and "is not valid JSON" in said[0] and "\n" not in said[0]
        assert app.theme == "textual-dark" and app.reader.comment_order == "oldest"
        await pilot.press("j")
        await app.workers.wait_for_complete()
    assert (config_dir() / SETTINGS_NAME).read_text() == '{"theme": "no-such-theme", "sort": 3'
    (config_dir() / SETTINGS_NAME).write_text('{"theme": "no-such-theme"}')
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert len(said) == 1 and "no-such-theme" in said[0]
        assert app.theme == "textual-dark"
