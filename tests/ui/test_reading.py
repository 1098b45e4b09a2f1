"""Reading as a person does: long comments, typing a search, zoom, threads with no comments.

Each test asserts what is on screen (the rendered text), step by step.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.color import ColorSystem
from textual.widgets import Input

from threadview.parsing import load_path
from threadview.ui.app import ThreadViewApp
from threadview.ui.screens.help import help_content
from threadview.ui.widgets.article_pane import ArticlePane

READING = Path(__file__).resolve().parent.parent / "fixtures" / "reading"
SMALL = (80, 24)
PARAGRAPH = re.compile(r"Paragraph (\d\d) of the long comment")


def reading_app(name: str) -> ThreadViewApp:
    return ThreadViewApp(load_path(str(READING / name)))


def screen_text(app: ThreadViewApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def paragraphs_on_screen(app: ThreadViewApp) -> list[int]:
    return [int(number) for number in PARAGRAPH.findall(screen_text(app))]


def author(app: ThreadViewApp) -> str | None:
    comment = app.reader.comment_pane.selected_comment
    return comment.author if comment else None


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
    await pilot.pause()


# ----- 1: the search text shows while typing -------------------------------------------


@pytest.mark.parametrize("size", [SMALL, (160, 48)])
async def test_the_query_shows_while_it_is_typed(size):
    app = reading_app("long-comment.txt")
    async with app.run_test(size=size) as pilot:
        await press(pilot, "slash", *"harbour")
        screen = screen_text(app)
        assert "harbour" in screen, screen
        field = app.query_one("#search-input", Input)
        assert field.region.height == 1 and field.content_region.height == 1


# ----- 2: a comment taller than the pane is read with j/k and space --------------------


async def test_j_reads_a_long_comment_to_its_end_then_moves_on():
    app = reading_app("long-comment.txt")
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "j")
        assert author(app) == "wordy"
        seen: set[int] = set(paragraphs_on_screen(app))
        lowest = 1
        for _ in range(200):
            if 60 in seen:
                break
            await press(pilot, "j")
            shown = paragraphs_on_screen(app)
            assert shown, screen_text(app)
            assert min(shown) >= lowest, "j never jumps back up"
            lowest = min(shown)
            seen.update(shown)
            assert author(app) == "wordy", "j stays on the comment while it has lines below"
        assert seen == set(range(1, 61)), f"never on screen: {set(range(1, 61)) - seen}"
        await press(pilot, "j")
        assert author(app) == "after"
        assert "The comment after the long one." in screen_text(app)


async def test_k_reads_a_long_comment_upwards_then_moves_on():
    app = reading_app("long-comment.txt")
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "j", "j")
        for _ in range(200):
            if author(app) != "wordy":
                break
            await press(pilot, "j")
        assert author(app) == "after"
        await press(pilot, "k")
        assert author(app) == "wordy"
        assert 60 in paragraphs_on_screen(app), "moving up onto a tall comment shows its end"
        seen: set[int] = set()
        for _ in range(200):
            if author(app) != "wordy":
                break
            seen.update(paragraphs_on_screen(app))
            await press(pilot, "k")
        assert seen == set(range(1, 61))
        assert author(app) == "ana"


async def test_space_pages_through_a_long_comment_and_enter_toggles():
    app = reading_app("long-comment.txt")
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "j")
        rows = app.reader.comment_pane.scrollable_content_region.height
        before = paragraphs_on_screen(app)
        await press(pilot, "space")
        after = paragraphs_on_screen(app)
        assert author(app) == "wordy", "a page down inside a comment keeps it selected"
        assert min(after) > max(before) - 2, "a page shows the next screenful"
        assert min(after) - min(before) >= (rows - 2) // 2 - 1
        for key in ("pagedown", "ctrl+d"):
            shown = paragraphs_on_screen(app)
            await press(pilot, key)
            assert min(paragraphs_on_screen(app)) > min(shown), key
            assert author(app) == "wordy", key
        await press(pilot, "pageup")
        assert author(app) == "wordy"


async def test_a_wheel_scroll_then_j_does_not_snap_back():
    app = reading_app("long-comment.txt")
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "j")
        pane = app.reader.comment_pane
        pane.scroll_to(y=pane.scroll_y + 20, animate=False, immediate=True)
        await pilot.pause()
        shown = paragraphs_on_screen(app)
        await press(pilot, "j")
        assert author(app) == "wordy"
        assert min(paragraphs_on_screen(app)) >= min(shown)


# ----- 5: z fills the screen with the focused pane -------------------------------------


async def test_z_fills_the_screen_with_either_pane():
    for size in (SMALL, (160, 48)):
        app = reading_app("long-comment.txt")
        async with app.run_test(size=size) as pilot:
            await press(pilot, "tab")
            assert isinstance(app.focused, ArticlePane)
            await press(pilot, "z")
            article = app.reader.article_pane
            assert article.region.width == size[0]
            assert article.region.height >= size[1] - 2
            assert "The article is short" in screen_text(app)
            await press(pilot, "z", "tab", "z")
            comments = app.reader.comment_pane
            assert comments.region.width == size[0]
            assert comments.region.height >= size[1] - 2
            await press(pilot, "z")
            assert app.screen.maximized is None
            assert comments.region.width < size[0] or comments.region.height < size[1] - 2


# ----- 6: a thread with no comments opens on its article, full width -------------------


async def test_no_comments_focuses_the_article_at_full_width():
    app = reading_app("long-notes.txt")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, ArticlePane)
        assert app.reader.article_pane.region.width == SMALL[0]
        assert not app.reader.comment_pane.display
        first = screen_text(app)
        assert "Section 01 begins here." in first
        await press(pilot, "space")
        assert "Section 01 begins here." not in screen_text(app)
        await press(pilot, "tab")
        assert isinstance(app.focused, ArticlePane), "no empty pane to tab into"


async def test_hard_wrapped_mail_is_rewrapped_as_paragraphs():
    app = reading_app("hard-wrapped-mail.txt")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = screen_text(app)
        # At 120 columns the first paragraph's 3 lines of 70 characters make 2 lines.
        assert "This mail sums up what we agreed" in screen
        assert re.search(r"Tuesday evening\. This mail sums up", screen), screen
        assert "- repaint the lighthouse" in screen
        assert re.search(r"^ *- ask the council", screen, re.M), "list items stay apart"
        quote = "▌ Sam wrote: can we also talk about the ferry timetable? It changed in May"
        assert quote in screen, "a quote is rejoined and drawn with the comments' bar"
        assert "Budget line      Amount" in screen, "indented blocks keep their lines"
        assert re.search(r"^ *Thanks,\s*$", screen, re.M), "a short closing line stays apart"
        assert (
            app.query_one("#header-title")
            .render()
            .plain.startswith("Notes from the harbour committee")
        )


# ----- 8: the counter says what it counts; the header glyphs are explained -------------


async def test_the_counter_says_what_it_counts():
    app = reading_app("long-comment.txt")
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "slash", *"comment", "enter")
        status = str(app.query_one("#search-status").render())
        # The article paragraph is 1; the first comment (ana, selected) is 2.
        assert "2/5 matching (1 paragraph, 4 comments)" in status, status
        await press(pilot, "n")
        assert "3/5 matching" in screen_text(app)
        await press(pilot, "N", "N")
        assert "1/5 matching" in screen_text(app)


def test_help_explains_the_header_glyphs():
    text = help_content().plain
    for glyph in ("↗", "⇄", "★", "▸", "▾"):
        assert glyph in text, glyph


# ----- 10: an unfocused selection is quiet grey, not red --------------------------------


async def test_an_unfocused_selection_is_grey_in_256_colours():
    app = reading_app("long-comment.txt")
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "tab")
        assert not app.reader.comment_pane.has_focus
        style = app.reader.comment_pane.get_component_rich_style("comment-pane--selected")
        assert style.bgcolor is not None
        red, green, blue = style.bgcolor.downgrade(ColorSystem.EIGHT_BIT).get_truecolor()
        assert max(red, green, blue) - min(red, green, blue) <= 16, (red, green, blue)
