"""Every key of the reader, pressed in a real (headless) App on a nested thread."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import Input
from ui_threads import long_thread, nested_thread

from threadview.ui.app import ThreadViewApp
from threadview.ui.screens.help import HelpScreen
from threadview.ui.widgets.article_pane import ArticlePane
from threadview.ui.widgets.comment_pane import CommentPane

SIZE = (120, 40)


def author(app: ThreadViewApp) -> str | None:
    comment = app.reader.comment_pane.selected_comment
    return comment.author if comment else None


async def press_all(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
    await pilot.pause()


async def test_opens_with_first_comment_selected_and_focused():
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, CommentPane)
        assert author(app) == "alice"


@pytest.mark.parametrize(("down", "up"), [("j", "k"), ("down", "up")])
async def test_next_and_previous_comment(down, up):
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await press_all(pilot, down, down, down)
        assert author(app) == "dave"
        await press_all(pilot, down, down)
        assert author(app) == "frank"
        await press_all(pilot, up)
        assert author(app) == "erin"


async def test_siblings_parent_and_top_level_threads():
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await press_all(pilot, "J")
        assert author(app) == "frank"
        await press_all(pilot, "J")
        assert author(app) == "heidi"
        await press_all(pilot, "K", "K")
        assert author(app) == "alice"
        await press_all(pilot, "j", "J")
        assert author(app) == "erin"
        await press_all(pilot, "K", "j", "j", "p")
        assert author(app) == "carol"
        await press_all(pilot, "j", "j", "right_square_bracket")
        assert author(app) == "frank"
        await press_all(pilot, "j", "left_square_bracket")
        assert author(app) == "frank"
        await press_all(pilot, "left_square_bracket")
        assert author(app) == "alice"


@pytest.mark.parametrize(("fold", "unfold"), [("h", "l"), ("left", "right")])
async def test_collapse_expand_and_h_on_collapsed_goes_to_parent(fold, unfold):
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        pane = app.reader.comment_pane
        await press_all(pilot, "j")
        bob = pane.selected_comment
        assert bob is not None and bob.author == "bob"
        await press_all(pilot, fold)
        assert pane.is_collapsed(bob.id)
        await press_all(pilot, "j")
        assert author(app) == "erin", "a folded subtree is skipped"
        await press_all(pilot, "k", fold)
        assert author(app) == "alice", "h on a collapsed comment goes to its parent"
        assert pane.is_collapsed(bob.id)
        await press_all(pilot, "j", unfold)
        assert not pane.is_collapsed(bob.id) and author(app) == "bob"
        await press_all(pilot, unfold)
        assert author(app) == "carol", "l on an open comment goes to its first reply"


async def test_toggle_collapse():
    key = "enter"  # space pages, as in less (tests/ui/test_reading.py)
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        pane = app.reader.comment_pane
        alice = pane.selected_comment
        lines = pane.visible_line_count()
        await press_all(pilot, key)
        assert pane.is_collapsed(alice.id)
        assert pane.visible_line_count() < lines
        await press_all(pilot, "j")
        assert author(app) == "frank"
        await press_all(pilot, "k", key)
        assert not pane.is_collapsed(alice.id)
        assert pane.visible_line_count() == lines


@pytest.mark.parametrize(("first", "last"), [("g", "G"), ("home", "end")])
async def test_first_and_last(first, last):
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await press_all(pilot, last)
        assert author(app) == "heidi"
        await press_all(pilot, first)
        assert author(app) == "alice"


@pytest.mark.parametrize(("down", "up"), [("pagedown", "pageup"), ("ctrl+d", "ctrl+u")])
async def test_paging_moves_by_a_screen_and_keeps_selection_visible(down, up):
    app = ThreadViewApp(long_thread())
    async with app.run_test(size=SIZE) as pilot:
        pane = app.reader.comment_pane
        await press_all(pilot, down)
        moved = pane.cursor_position
        assert moved >= 3
        assert pane.scroll_y > 0
        start = pane._index.line_of(moved)
        assert pane.scroll_y <= start < pane.scroll_y + pane.scrollable_content_region.height
        await press_all(pilot, down)
        assert pane.cursor_position > moved
        await press_all(pilot, up, up)
        assert pane.cursor_position == 0
        assert pane.scroll_y == 0
    if down == "ctrl+d":
        assert moved < 12, "half a page moves less than a page"


async def test_tab_switches_panes_and_article_keys_scroll():
    app = ThreadViewApp(long_thread())
    async with app.run_test(size=(80, 24)) as pilot:
        await press_all(pilot, "tab")
        assert isinstance(app.focused, ArticlePane)
        await press_all(pilot, "tab")
        assert isinstance(app.focused, CommentPane)


async def test_search_highlights_walks_matches_and_esc_clears():
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await press_all(pilot, "slash")
        assert isinstance(app.focused, Input)
        await press_all(pilot, *"lighthouse", "enter")
        assert app.reader.comment_pane.query_text == "lighthouse"
        assert app.reader.article_pane.query_text == "lighthouse"
        kinds = [kind for kind, _ in app.reader.search_bar.matches]
        assert kinds == ["article", "comment", "comment"]
        assert author(app) == "carol"
        assert isinstance(app.focused, CommentPane)
        await press_all(pilot, "n")
        assert author(app) == "grace"
        await press_all(pilot, "N")
        assert author(app) == "carol"
        await press_all(pilot, "N")
        assert isinstance(app.focused, ArticlePane), "the article match is part of the cycle"
        await press_all(pilot, "escape")
        assert app.reader.comment_pane.query_text == "" and not app.reader.search_active
        await press_all(pilot, "n")
        assert isinstance(app.focused, ArticlePane), "n does nothing without a search"


async def test_search_reaches_into_a_collapsed_subtree():
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await press_all(pilot, "h")
        assert app.reader.comment_pane.is_collapsed(app.reader.comment_pane.selected_comment.id)
        await press_all(pilot, "slash", *"deepest", "enter")
        assert author(app) == "dave"
        assert not app.reader.comment_pane.is_collapsed(app.reader.comment_pane.flat.nodes[0].id)


async def test_typing_q_in_the_search_box_does_not_quit():
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await press_all(pilot, "slash", "q", "s", "z")
        assert app.is_running
        assert app.query_one("#search-input", Input).value == "qsz"


async def test_sort_flips_order_and_keeps_selection_in_view():
    app = ThreadViewApp(long_thread())
    async with app.run_test(size=SIZE) as pilot:
        pane = app.reader.comment_pane
        for _ in range(30):
            await pilot.press("j")
        await pilot.pause()
        chosen = pane.selected_comment
        await press_all(pilot, "s")
        assert app.reader.comment_order == "newest"
        assert pane.selected_comment == chosen
        assert pane.comment_ids_in_order()[0] == long_thread().comments[-1].id
        start = pane._index.line_of(pane.cursor_position)
        assert pane.scroll_y <= start < pane.scroll_y + pane.scrollable_content_region.height
        await press_all(pilot, "s")
        assert app.reader.comment_order == "oldest" and pane.selected_comment == chosen


async def test_z_maximises_the_focused_pane():
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await press_all(pilot, "z")
        assert app.screen.maximized is app.reader.comment_pane
        await press_all(pilot, "z")
        assert app.screen.maximized is None
        await press_all(pilot, "tab", "z")
        assert app.screen.maximized is app.reader.article_pane
        await press_all(pilot, "tab")
        assert app.screen.maximized is app.reader.comment_pane, "tab flips between maximised panes"
        assert isinstance(app.focused, CommentPane)


async def test_q_quits():
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await press_all(pilot, "q")
        assert not app.is_running
    assert app.return_code == 0


async def test_help_screen_lists_every_key_and_closes():
    from threadview.ui.keys import KEYS

    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await press_all(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        for spec in KEYS:
            assert spec.description in text
            assert spec.display in text
        await press_all(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_runs_pane_actions():
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await press_all(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await press_all(pilot, *"next top-level")
        await pilot.pause(0.3)
        await press_all(pilot, "enter")
        await pilot.pause(0.1)
        assert not isinstance(app.screen, CommandPalette)
        assert author(app) == "frank"


async def test_a_late_highlight_timer_is_harmless_once_the_search_bar_is_gone():
    from threadview.ui.search import SearchBar

    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await press_all(pilot, "slash", *"light")
        await app.query_one(SearchBar).remove()  # as when the app closes under the timer
        app.reader.highlight_typed()  # raised NoMatches before
