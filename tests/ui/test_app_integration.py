"""Where the reader's parts meet: keys that belong to two panes, dialogs over the panes,
and notifications that carry text from the file."""

from __future__ import annotations

from dataclasses import replace

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
