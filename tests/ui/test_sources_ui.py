"""Links in the reader: the Sources panel (`L`), opening (`o`) with its confirmation, refusals."""

from __future__ import annotations

import threading

import pytest
from notes_links_app import (
    SIZE,
    author,
    make_app,
    press,
    select,
    thread,
    wait_for_list,
)
from rich.style import Style

from threadview.annotate import ARTICLE_ID
from threadview.ui.screens.open_link import ConfirmOpen, LinkPicker
from threadview.ui.screens.sources import SourceList, SourcesScreen, row_text, source_rows
from threadview.ui.widgets.article_pane import ArticlePane
from threadview.urls import validate_url


def test_source_rows_group_hosts_with_counts_and_citers():
    rows = source_rows(thread())
    assert [row_text(row).plain for row in rows] == [
        "heraldo-puerto.es  2 citations in 2 comments",
        "    deckhand_lu · 2024-03-04 09:12 UTC  https://www.heraldo-puerto.es/puerto/huelga",
        "    gossip_gull · 2024-03-04 11:45 UTC  Heraldo-puerto.es",
        "pilots-union.org  2 citations in the article and 1 comment",
        "    the article  https://www.pilots-union.org/statement",
        "    harbour_historian · 2024-03-04 10:05 UTC  https://www.pilots-union.org/statement",
        "portnews.example  2 citations in the article and 1 comment",
        "    the article  (named in the byline)",
        "    harbour_historian · 2024-03-04 10:05 UTC  https://portnews.example/pilots-strike",
    ]


async def test_L_lists_hosts_and_enter_jumps_to_the_citing_comment():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "L")
        assert isinstance(app.screen, SourcesScreen)
        listing = await wait_for_list(app, pilot)
        shown = [row_text(row).plain for row in listing.rows]
        assert shown[0] == "heraldo-puerto.es  2 citations in 2 comments"
        assert listing.current.author == "deckhand_lu"
        await press(pilot, "down", "enter")
        assert not isinstance(app.screen, SourcesScreen)
        assert author(app) == "gossip_gull"
        assert app.focused is app.reader.comment_pane


async def test_L_enter_on_the_article_citation_shows_the_article():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "L")
        listing = await wait_for_list(app, pilot)
        target = next(i for i, row in enumerate(listing.rows) if row.comment_id == ARTICLE_ID)
        listing.move_to(target)
        await press(pilot, "enter")
        assert isinstance(app.focused, ArticlePane)


async def test_L_second_time_reuses_rows_and_o_opens_through_the_confirmation():
    app, opener = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "L")
        await wait_for_list(app, pilot)
        await press(pilot, "escape")
        await press(pilot, "L")
        listing = await wait_for_list(app, pilot)  # built from the kept rows
        assert listing.current.author == "deckhand_lu"
        await press(pilot, "o")
        assert isinstance(app.screen, ConfirmOpen)
        assert opener.urls == []
        await press(pilot, "o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert opener.urls == ["https://www.heraldo-puerto.es/puerto/huelga"]


async def test_sources_list_stays_cheap_on_many_rows():
    rows = source_rows(thread()) * 20_000
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SourcesScreen(app.thread, rows))
        listing = await wait_for_list(app, pilot)
        await press(pilot, "end")
        assert listing.cursor == len(rows) - 1
        await press(pilot, "home", "pagedown")
        assert listing.cursor > 10


async def test_o_with_one_link_confirms_then_opens_exactly_that_url():
    app, opener = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, "deckhand_lu")
        await press(pilot, "o")
        assert isinstance(app.screen, ConfirmOpen)
        assert opener.urls == []
        texts = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "https://www.heraldo-puerto.es/puerto/huelga" in texts
        assert "www.heraldo-puerto.es" in texts
        await press(pilot, "enter")  # the Open button has focus
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert opener.urls == ["https://www.heraldo-puerto.es/puerto/huelga"]


async def test_o_cancelled_never_opens():
    app, opener = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, "deckhand_lu")
        await press(pilot, "o", "escape")
        await app.workers.wait_for_complete()
        assert not isinstance(app.screen, ConfirmOpen)
        assert opener.urls == []


async def test_o_with_several_links_shows_a_picker():
    app, opener = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, "harbour_historian")
        await press(pilot, "o")
        assert isinstance(app.screen, LinkPicker)
        assert [link.url for link in app.screen.links] == [
            "https://portnews.example/pilots-strike",
            "https://www.pilots-union.org/statement",
        ]
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, ConfirmOpen)
        await press(pilot, "o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert opener.urls == ["https://www.pilots-union.org/statement"]


async def test_o_on_a_javascript_link_finds_nothing_to_open():
    app, opener = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, "trickster")
        await press(pilot, "o")
        assert not isinstance(app.screen, ConfirmOpen)
        assert any("no link" in n.message for n in app._notifications)
        assert opener.urls == []


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "-https://example.com/",
        "https://example.com/\x1b]8;;evil\x07x",
        "https://exa mple.com/",
        "file:///etc/passwd",
    ],
)
async def test_hostile_urls_are_refused_with_a_reason_and_never_opened(url):
    app, opener = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.reader.links.request_open(url)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConfirmOpen) and screen.refused
        reason = str(screen.query_one("#reason").render())
        assert reason.startswith("Reason: ")
        shown = str(screen.query_one("#url").render())
        assert "\x1b" not in shown and "\x07" not in shown
        await press(pilot, "o")  # no way to open from a refusal
        assert isinstance(app.screen, ConfirmOpen)
        await press(pilot, "enter")
        await app.workers.wait_for_complete()
        assert not isinstance(app.screen, ConfirmOpen)
        assert opener.urls == []


async def test_idn_host_is_shown_in_punycode_with_a_warning():
    app, opener = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.reader.links.request_open("https://раypal.com/login")
        await pilot.pause()
        texts = " ".join(str(w.render()) for w in app.screen.query("Static"))
        expected = validate_url("https://раypal.com/login").display_host
        assert expected.startswith("xn--") and expected in texts
        assert "Careful" in texts
        await press(pilot, "escape")
        assert opener.urls == []


async def test_no_style_on_screen_carries_a_terminal_hyperlink():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, "harbour_historian")
        pane = app.reader.comment_pane
        for y in range(pane.size.height):
            for segment in pane.render_line(y):
                assert not (isinstance(segment.style, Style) and segment.style.link)


async def test_o_on_a_byline_citation_opens_the_named_site():
    app, opener = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "L")
        listing = await wait_for_list(app, pilot)
        target = next(
            i
            for i, row in enumerate(listing.rows)
            if row.comment_id == ARTICLE_ID and row.host == "portnews.example"
        )
        listing.move_to(target)
        await press(pilot, "o")
        assert isinstance(app.screen, ConfirmOpen)
        await press(pilot, "o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert opener.urls == ["https://portnews.example"]


async def test_sources_panel_shows_a_loading_state_until_its_rows_arrive(monkeypatch):

    from threadview.ui.screens import sources

    release = threading.Event()
    real = sources.source_rows

    def slow_rows(thread, stop):
        release.wait(10)
        return real(thread, stop)

    monkeypatch.setattr(sources, "source_rows", slow_rows)
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "L")
        assert app.screen.query("#sources-loading")
        assert not app.screen.query(SourceList)
        await press(pilot, "escape", "j")  # the reader still answers keys meanwhile
        assert author(app) == "deckhand_lu"
        await press(pilot, "L")
        release.set()
        listing = await wait_for_list(app, pilot)
        assert listing.rows[0].host == "heraldo-puerto.es"


async def test_L_does_not_stack_the_panel_over_a_dialog():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, "deckhand_lu")
        await press(pilot, "o", "L")
        assert isinstance(app.screen, ConfirmOpen)
        assert not any(isinstance(s, SourcesScreen) for s in app.screen_stack)


async def test_a_very_long_url_keeps_the_buttons_on_screen():
    app, opener = make_app()
    url = "https://example.com/" + "segment/" * 800
    async with app.run_test(size=(100, 30)) as pilot:
        app.reader.links.request_open(url)
        await pilot.pause()
        button = app.screen.query_one("#open")
        assert app.screen.region.contains_region(button.region)
        assert str(app.screen.query_one("#url").render()).endswith("segment/")
        await press(pilot, "o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert opener.urls == [url]


async def test_an_opener_that_fails_is_reported():
    app, _ = make_app()

    def no_browser(url: str) -> bool:
        return False  # webbrowser's way of saying nothing could be started

    app.url_opener = no_browser
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, "deckhand_lu")
        await press(pilot, "o", "o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(
            "Could not open www.heraldo-puerto.es" in n.message and n.severity == "error"
            for n in app._notifications
        )


async def test_a_browser_that_runs_in_the_terminal_gets_the_terminal(monkeypatch):
    import contextlib
    import webbrowser

    from threadview import urls

    opened: list[tuple[list[str], str, bool]] = []
    suspended = {"now": False}

    def run_browser(command, url):
        opened.append((command, url, suspended["now"]))

    monkeypatch.setattr(urls, "run_browser", run_browser)
    monkeypatch.setattr(webbrowser, "get", lambda using=None: webbrowser.GenericBrowser("lynx"))
    app, _ = make_app()
    app.url_opener = None

    @contextlib.contextmanager
    def suspend():
        suspended["now"] = True
        yield
        suspended["now"] = False

    monkeypatch.setattr(app, "suspend", suspend)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, "deckhand_lu")
        await press(pilot, "o")
        await press(pilot, "enter")
        await pilot.pause()
    assert opened == [(["lynx", "%s"], "https://www.heraldo-puerto.es/puerto/huelga", True)]
