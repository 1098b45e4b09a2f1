"""The header line follows the selection: its place, the count and the sort, as shown."""

from __future__ import annotations

from ui_threads import nested_thread

from threadview.ui.app import ThreadViewApp

SIZE = (120, 40)


def header_line(app: ThreadViewApp) -> str:
    """The top row of the screen as drawn."""
    return app.screen._compositor.render_strips()[0].text


async def test_the_header_shows_the_selected_comments_place_after_every_move():
    # Oldest first: alice bob carol dave erin | frank grace (stub) | heidi.
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:

        async def after(*keys: str) -> str:
            for key in keys:
                await pilot.press(key)
            await pilot.pause()
            return header_line(app)

        top = await after()
        assert "Harbour vote" in top and "1/8 comments · sort: oldest first" in top
        assert "3/8 comments" in await after("j", "j")
        assert "2/8 comments" in await after("k")
        assert "6/8 comments" in await after("right_square_bracket")  # frank's thread
        assert "7/8 comments" in await after("l")  # into grace, frank's reply
        assert "6/8 comments" in await after("p")
        # Newest first: heidi | frank grace (stub) | alice erin bob carol dave.
        assert "2/8 comments · sort: newest first" in await after("s")
        assert "8/8 comments" in await after("G")
        assert "1/8 comments" in await after("g")
        # "lighthouse" is in grace's and carol's bodies (and the article's caption).
        await after("slash", *"lighthouse", "enter")
        assert "3/8 comments" in header_line(app)
        assert "7/8 comments" in await after("n")
        assert "1/8 comments" not in await after("escape")


async def test_the_header_counts_without_a_place_on_a_stub():
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        app.reader.comment_pane.select_position(7)  # the "more" stub under frank
        await pilot.pause()
        line = header_line(app)
        assert "8 comments · sort: oldest first" in line and "/8" not in line
