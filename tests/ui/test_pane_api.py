"""The comment pane's public API, background filling, badges and safe rendering."""

from __future__ import annotations

from datetime import datetime, timezone

from rich.text import Text
from ui_threads import nested_thread

from threadview.model import Comment, Thread, count_comments
from threadview.parsing import parse_document, read_document
from threadview.samples import default_sample_path, sample_paths
from threadview.ui.app import ThreadViewApp

SIZE = (120, 40)


def screen_text(app: ThreadViewApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_select_comment_id_unfolds_ancestors_and_scrolls():
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        pane = app.reader.comment_pane
        await pilot.press("h")
        dave = pane.flat.nodes[3]
        assert pane.select_comment_id(dave.id)
        assert pane.selected_comment is dave
        assert not pane.is_collapsed(pane.flat.nodes[0].id)
        assert not pane.select_comment_id("no-such-id")
        assert pane.comment_ids_in_order() == [
            node.id for node in pane.flat.nodes if isinstance(node, Comment)
        ]


async def test_badges_come_from_providers_and_invalidate_redraws():
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "★marked" not in screen_text(app)
        marked: set[str] = set()
        app.reader.badge_providers.append(
            lambda c: Text("★marked", style="yellow") if c.id in marked else None
        )
        marked.add(app.reader.comment_pane.selected_comment.id)
        app.reader.comment_pane.invalidate(app.reader.comment_pane.selected_comment.id)
        await pilot.pause()
        assert screen_text(app).count("★marked") == 1


async def test_partial_thread_fills_in_and_keeps_the_selection():
    document = read_document(str(default_sample_path()))
    quick = parse_document(document, limit=3)
    assert quick.extra.get("partial")
    app = ThreadViewApp(quick, document=document)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.reader.comment_pane
        await pilot.press("j")
        chosen = pane.selected_comment
        for _ in range(100):
            if not app.reader.loading:
                break
            await pilot.pause(0.05)
        assert not app.reader.loading
        full = parse_document(document)
        assert pane.comment_count() == count_comments(full.comments)
        assert pane.comment_count() > 3
        assert pane.selected_comment == chosen
        assert app.document is None, "the file text is let go once parsed"


async def test_thread_text_is_never_markup_and_control_chars_are_visible():
    stamp = datetime(2024, 1, 1, tzinfo=timezone.utc)
    evil = Comment(
        "e1",
        "[bold red]mallory[/]",
        stamp,
        "Hello [link=http://x]click[/link] \x1b[31mred\x1b[0m bell\x07 end",
    )
    thread = Thread("text", "[blink]Title[/blink]", "[i]src[/i]", None, (), (evil,))
    app = ThreadViewApp(thread)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[bold red]mallory[/]" in text
        assert "[blink]Title[/blink]" in text
        assert "[link=http://x]click[/link]" in text
        assert "\x1b" not in text and "\x07" not in text


async def test_click_selects_a_comment():
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.reader.comment_pane
        row = pane._index.line_of(5)  # frank's header
        await pilot.click(pane, offset=(4, row))
        assert pane.selected_comment.author == "frank"


async def test_collapsed_line_says_how_many_replies_are_hidden():
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert "4 replies hidden" in screen_text(app)


async def test_every_sample_opens_and_shows_its_first_comment():
    for path in sample_paths():
        document = read_document(str(path))
        thread = parse_document(document)
        app = ThreadViewApp(thread)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            first = app.reader.comment_pane.selected_comment
            assert first is not None
            assert first.author in screen_text(app)


async def test_an_empty_thread_says_so_and_keys_are_harmless():
    thread = Thread("text", "Nothing here", None, None, (), ())
    app = ThreadViewApp(thread)
    async with app.run_test(size=SIZE) as pilot:
        for key in (
            "j",
            "k",
            "J",
            "K",
            "p",
            "h",
            "l",
            "enter",
            "G",
            "g",
            "pagedown",
            "right_square_bracket",
            "s",
        ):
            await pilot.press(key)
        await pilot.pause()
        pane = app.reader.comment_pane
        for action in ("cursor_down", "cursor_up", "page_down", "page_up", "toggle_fold", "last"):
            getattr(pane, f"action_{action}")()  # the hidden empty pane's own keys, too
        await pilot.pause()
        assert pane.selected_comment is None
        # Nothing beside the article: it has the screen, and the header counts no comments.
        assert "(This thread has no article text.)" in screen_text(app)
        assert "0 comments" in screen_text(app)


async def test_a_10000_level_chain_opens_and_reaches_the_bottom():
    chain = Comment("c0", "deepest", None, "the end of the chain")
    for level in range(1, 10_000):
        chain = Comment(f"c{level}", f"user{level}", None, f"reply {level}", (chain,))
    app = ThreadViewApp(Thread("text", "Deep", None, None, (), (chain,)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G")
        await pilot.pause()
        assert app.reader.comment_pane.selected_comment.author == "deepest"
        text = screen_text(app)
        assert "↳9999 deepest" in text and "the end of the chain" in text
        await pilot.press("p")
        assert app.reader.comment_pane.selected_comment.author == "user1"
        await pilot.press("g", "h")
        assert app.reader.comment_pane.visible_line_count() <= 2


async def test_resizing_rewraps_switches_layout_and_keeps_the_selection():
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("j", "j")
        chosen = app.reader.comment_pane.selected_comment
        assert not app.screen.has_class("-narrow")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        assert app.reader.comment_pane.selected_comment == chosen
        assert app.reader.comment_pane.content_width < 80
        pane = app.reader.comment_pane
        start = pane._index.line_of(pane.cursor_position)
        assert pane.scroll_y <= start < pane.scroll_y + pane.scrollable_content_region.height


async def test_wheel_scrolls_and_j_then_picks_up_on_screen():
    from textual import events
    from ui_threads import long_thread

    app = ThreadViewApp(long_thread())
    async with app.run_test(size=SIZE) as pilot:
        pane = app.reader.comment_pane
        await pilot.pause()
        for _ in range(30):
            pane.post_message(events.MouseScrollDown(pane, 5, 5, 0, 0, 0, False, False, False))
        await pilot.pause()
        assert pane.scroll_y > 20, "the wheel scrolls the comment pane"
        assert pane.cursor_position == 0, "scrolling alone does not move the selection"
        await pilot.press("j")
        start = pane._index.line_of(pane.cursor_position)
        assert pane.cursor_position > 3
        assert pane.scroll_y <= start < pane.scroll_y + pane.scrollable_content_region.height


async def test_a_failing_background_parse_keeps_the_preview_and_says_why(monkeypatch):
    import threadview.parsing as parsing

    document = read_document(str(default_sample_path()))
    quick = parse_document(document, limit=3)

    def broken(*args, **kwargs):
        raise parsing.ParseError("line 40: something odd")

    monkeypatch.setattr(parsing, "parse_document", broken)
    app = ThreadViewApp(quick, document=document)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            if not app.reader.loading:
                break
            await pilot.pause(0.05)
        assert not app.reader.loading
        # notify() posts a message: let the app handle it before reading the notifications.
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("line 40: something odd" in message for message in messages)
        assert app.reader.comment_pane.comment_count() == count_comments(quick.comments)
        await pilot.press("j")
        assert app.reader.comment_pane.selected_comment is not None


async def test_a_cursor_move_repaints_only_the_two_comments_and_posts_selected():
    """`j` on screen: the lines of the comment left and of the one reached, not the pane."""
    from textual.geometry import Region

    from threadview.ui.widgets.comment_pane import CommentPane

    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        pane = app.reader.comment_pane
        await pilot.pause()
        assert app.focused is pane
        for _ in range(3):  # start-up's own focus and blur events are all handled
            await pilot.pause(0.05)
        index = pane._index
        spans = [(index.line_of(p), index.height(p)) for p in (0, 1)]
        regions: list[tuple[Region, ...]] = []
        selected: list[Comment | None] = []
        real_refresh = pane.refresh

        def spy(*found: Region, **options: object) -> CommentPane:
            regions.append(found)
            return real_refresh(*found, **options)  # type: ignore[arg-type]  # a spy passes through

        pane.refresh = spy  # type: ignore[method-assign]  # spying on one instance
        real_post = pane.post_message

        def post(message: object) -> bool:
            if isinstance(message, CommentPane.Selected):
                selected.append(message.comment)
            return real_post(message)  # type: ignore[arg-type]  # a spy passes through

        pane.post_message = post  # type: ignore[method-assign]  # spying on one instance
        pane.action_cursor_down()  # what `j` runs, without the key's own focus events
        assert pane.cursor == 1
        assert regions, "the move repainted something"
        assert all(found for found in regions), "no repaint of the whole pane"
        painted = {(region.y, region.height) for found in regions for region in found}
        assert painted == {(start - round(pane.scroll_y), height) for start, height in spans}
        assert selected == [pane.flat.nodes[1]]


async def test_the_cursor_is_kept_inside_the_forest():
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE):
        pane = app.reader.comment_pane
        pane.cursor = 10**6
        assert pane.cursor == len(pane.flat) - 1
        pane.cursor = -7
        assert pane.cursor == -1
