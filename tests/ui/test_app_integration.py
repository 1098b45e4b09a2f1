"""Where the reader's parts meet: keys that belong to two panes, dialogs over the panes,
and notifications that carry text from the file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ui_threads import nested_thread

from threadview.bookmarks import ARTICLE, BookmarkStore, resolve_data_dir
from threadview.ui.app import ThreadViewApp
from threadview.ui.widgets.article_pane import ArticlePane
from threadview.ui.widgets.comment_pane import CommentPane

SIZE = (120, 40)


async def settle(app: ThreadViewApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_b_in_the_article_pane_bookmarks_the_article(tmp_path):
    app = ThreadViewApp(nested_thread(), data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, ArticlePane)
        await pilot.press("b")
        await settle(app, pilot)
    with BookmarkStore.open(resolve_data_dir(str(tmp_path))) as store:
        assert [mark.comment_id for mark in store.list()] == [ARTICLE]


async def test_tab_over_a_dialog_stays_in_the_dialog(tmp_path):
    app = ThreadViewApp(nested_thread(), data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.focused, CommentPane)
        await pilot.press("N")  # the note dialog
        await settle(app, pilot)
        assert len(app.screen_stack) == 2
        await pilot.press("tab")
        await pilot.pause()
        assert not isinstance(app.focused, (CommentPane, ArticlePane))
        assert app.focused is not None and app.focused.screen is app.screen
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, CommentPane)


async def test_warnings_from_the_file_are_notified_as_symbols(tmp_path):
    thread = replace(nested_thread(), warnings=("bad line \x1b]0;owned\x07 here",))
    app = ThreadViewApp(thread, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        messages = [str(n.message) for n in app._notifications]
    shown = next(m for m in messages if "bad line" in m)
    assert "\x1b" not in shown and "\x07" not in shown
    assert "␛" in shown


async def test_a_flood_of_warnings_is_a_few_toasts_with_counts(tmp_path):
    flood = tuple(f"warning {n}" for n in range(100_000)) + ("warning 1",) * 4
    app = ThreadViewApp(replace(nested_thread(), warnings=flood), data_dir=tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        messages = [str(n.message) for n in app._notifications]
        await pilot.pause(0.2)
        screen = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
    assert messages == [
        "warning 0",
        "warning 1 (x5)",
        "warning 2",
        "99,997 more warnings: `threadview dump` lists them",
    ]
    assert "warning 1 (x5)" in screen and "99,997 more warnings" in screen


def test_a_crash_inside_the_reader_prints_no_traceback(capfd, tmp_path):
    import threadview.ui.app as app_module

    class Broken(ThreadViewApp):
        CSS_PATH = str(Path(app_module.__file__).with_name("threadview.tcss"))

        def on_mount(self) -> None:
            raise RuntimeError("a bug in a widget")

    app = Broken(nested_thread(), data_dir=tmp_path)
    app.run(headless=True, size=SIZE)
    assert isinstance(app._exception, RuntimeError)
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert "a bug in a widget" not in captured.err + captured.out


def test_run_app_hands_a_crash_to_the_cli(monkeypatch, tmp_path):
    import pytest

    from threadview.ui import app as app_module

    def crashing_run(self, **kwargs):
        self._exception = RuntimeError("boom")
        return None

    monkeypatch.setattr(app_module.ThreadViewApp, "run", crashing_run)
    with pytest.raises(RuntimeError, match="boom"):
        app_module.run_app(None, nested_thread(), data_dir=tmp_path)


async def test_a_bookmarked_article_is_marked_in_its_pane(tmp_path):
    app = ThreadViewApp(nested_thread(), data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        pane = app.reader.article_pane
        assert not any("★" in line.plain for line in pane._lines)
        await pilot.press("tab", "b")
        await settle(app, pilot)
        assert any("★ bookmarked" in line.plain for line in pane._lines)
        await pilot.press("b")
        await settle(app, pilot)
        assert not any("★" in line.plain for line in pane._lines)
