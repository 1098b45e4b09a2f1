"""An edition digest in the reader: a story list where the comments would be."""

from __future__ import annotations

from pathlib import Path

from threadview.parsing import load_path
from threadview.ui.app import ThreadViewApp
from threadview.ui.widgets.article_pane import ArticlePane
from threadview.ui.widgets.story_list import StoryList

SIZE = (120, 36)
DIGESTS = Path(__file__).resolve().parent.parent / "fixtures" / "text"


def screen_text(app: ThreadViewApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_a_digest_lists_its_stories_and_enter_reads_one():
    app = ThreadViewApp(load_path(DIGESTS / "digest-edition.txt"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        header = shown.splitlines()[0]
        assert "The Daily Populous — Saturday May 19th, 2018 morning edition" in header
        assert "3 stories" in header and "untitled" not in header
        for title in (
            "Harbour crane topples in overnight storm",
            "Library reopens after flood repairs · townpost.example",
            "Bakery wins regional bread prize",
        ):
            assert title in shown
        assert "A forty-metre crane at the east harbour" in shown  # an excerpt's first line
        assert "image for" not in shown and "»" not in shown
        assert not isinstance(app.focused, ArticlePane)
        await pilot.press("j", "enter")
        await pilot.pause()
        article = app.reader.article_pane
        assert article.story is not None and article.story.source == "townpost.example"
        shown = screen_text(app)
        assert "above the old flood line." in shown
        assert "Authored by townpost.example" in shown


async def test_a_cut_off_story_says_so_in_the_list_and_the_article():
    app = ThreadViewApp(load_path(DIGESTS / "digest-cut.txt"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Tram line extension approved · metrodaily.example · cut off" in screen_text(app)
        await pilot.press("G", "enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "first trams could run by" in shown
        assert "(The page is cut off here.)" in shown


async def test_leaving_the_search_bar_comes_back_to_the_story_list():
    app = ThreadViewApp(load_path(DIGESTS / "digest-edition.txt"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", "x", "escape")
        await pilot.pause()
        assert isinstance(app.focused, StoryList)
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert "Its owners said the recipe" in screen_text(app)


def test_digest_snapshot_after_reading_the_second_story(snap_compare):
    app = ThreadViewApp(load_path(DIGESTS / "digest-edition.txt"))
    assert snap_compare(app, press=["j", "enter"], terminal_size=(100, 28))
