"""Translation notes and links in the reader: t, L, o, y, the header badges and body styles.

Everything runs on tests/fixtures/ui/notes-and-links.txt, a thread we wrote in the text
layout: Spanish and German notes (arrow and "TL:" forms), single and double links, a
domain cited in prose, a code arrow that is not a note and a javascript: link.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style

from threadview.annotate import ARTICLE_ID, find_translations
from threadview.links import validate_url
from threadview.model import Comment, Thread, iter_comments
from threadview.parsing import load_path
from threadview.render.decorate import (
    ORIGINAL_STYLE,
    TRANSLATION_MARK,
    TRANSLATION_STYLE,
    language_badge,
)
from threadview.ui.app import ThreadViewApp
from threadview.ui.screens.open_link import ConfirmOpen, LinkPicker
from threadview.ui.screens.sources import SourceList, SourcesScreen, row_text, source_rows
from threadview.ui.widgets.article_pane import ArticlePane

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "ui" / "notes-and-links.txt"
SIZE = (120, 40)
NOTE_AUTHORS = ["deckhand_lu", "night_pilot"]


def thread() -> Thread:
    return load_path(str(FIXTURE))


class Opener:
    """Stands in for the browser: records every URL it is given."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, url: str) -> bool:
        self.urls.append(url)
        return True


def make_app() -> tuple[ThreadViewApp, Opener]:
    app = ThreadViewApp(thread())
    opener = Opener()
    app.url_opener = opener
    return app, opener


def author(app: ThreadViewApp) -> str | None:
    comment = app.comment_pane.selected_comment
    return comment.author if comment else None


def comment_by(app: ThreadViewApp, name: str) -> Comment:
    return next(c for c in iter_comments(app.thread.comments) if c.author == name)


async def select(app: ThreadViewApp, pilot, name: str) -> None:
    assert app.comment_pane.select_comment_id(comment_by(app, name).id)
    app.comment_pane.focus()
    await pilot.pause()


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
    await pilot.pause()


def screen_text(app: ThreadViewApp) -> str:
    """Every line the comment pane would draw right now, as plain text."""
    pane = app.comment_pane
    return "\n".join(pane.render_line(y).text for y in range(pane.size.height))


# ----- t: next translation note -------------------------------------------------------


async def test_t_visits_each_note_then_wraps_with_a_notification():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert author(app) == "quay_watch"
        await press(pilot, "t")
        assert author(app) == "deckhand_lu"
        await press(pilot, "t")
        assert author(app) == "night_pilot"
        assert not any("Wrapped" in n.message for n in app._notifications)
        await press(pilot, "t")
        assert author(app) == "deckhand_lu"
        assert any("Wrapped" in n.message for n in app._notifications)


async def test_t_works_before_the_background_scan_finishes():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app._note_index = None  # as if the scan were still running
        app._note_scan = (app.thread, __import__("threading").Event())
        assert not app.note_index_ready
        visited = []
        for _ in range(3):
            await press(pilot, "t")
            visited.append(author(app))
        assert visited == ["deckhand_lu", "night_pilot", "deckhand_lu"]


async def test_t_uses_the_finished_scan():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        for _ in range(50):
            if app.note_index_ready:
                break
            await pilot.pause(0.02)
        assert app.note_index_ready
        found = {c.author for c in iter_comments(app.thread.comments)
                 if c.id in app._note_index[1]}
        assert found == set(NOTE_AUTHORS)
        await press(pilot, "t", "t")
        assert author(app) == "night_pilot"


async def test_t_says_so_when_there_are_no_notes():
    plain = Thread("text", "Plain", None, None, (), thread().comments[-2:])
    app = ThreadViewApp(plain)
    async with app.run_test(size=SIZE) as pilot:
        before = author(app)
        await press(pilot, "t")
        assert author(app) == before
        assert any("No translation notes" in n.message for n in app._notifications)


# ----- what the notes look like -------------------------------------------------------


async def test_header_badges_and_note_styles_on_screen():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, "deckhand_lu")
        lines = screen_text(app).splitlines()
        header = next(line for line in lines if "deckhand_lu ·" in line)
        assert f"{TRANSLATION_MARK} [es→en]" in header
        assert "↗ 1" in header
        plain_header = next(line for line in lines if "code_person ·" in line)
        assert TRANSLATION_MARK not in plain_header  # `shift -> next` in code is no note
        # The body: the badge in front of the original, original and translation styled.
        pane = app.comment_pane
        position = pane.flat.position_of(comment_by(app, "deckhand_lu").id)
        body = "".join(line.plain for line in pane._lines(position)[1:])
        assert "[es→en]" in body and body.index("[es→en]") < body.index("El sindicato")
        styles = {}
        for line in pane._lines(position)[1:]:
            for span in line.spans:
                styles.setdefault(line.plain[span.start:span.end].strip(), []).append(
                    span.style)
        assert any(s == ORIGINAL_STYLE for k, v in styles.items() if "sindicato" in k
                   for s in v)
        assert any(s == TRANSLATION_STYLE for k, v in styles.items() if "union" in k
                   for s in v)


async def test_note_split_across_paragraphs_is_styled_and_badged():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, "night_pilot")
        pane = app.comment_pane
        position = pane.flat.position_of(comment_by(app, "night_pilot").id)
        lines = pane._lines(position)
        assert "[de→en]" in lines[0].plain
        body = [line for line in lines[1:] if line.plain.strip()]
        original = next(line for line in body if "Lotse" in line.plain)
        assert "[de→en]" in original.plain
        translation = next(line for line in body if "board in pairs" in line.plain)
        start = translation.plain.index("The pilot")
        assert any(span.style == TRANSLATION_STYLE and span.start <= start < span.end
                   for span in translation.spans)


async def test_article_note_is_badged_and_styled():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        article = app.query_one(ArticlePane)
        note = find_translations(app.thread.article[1].text)[0]
        badge = language_badge(note).plain
        assert badge.startswith("[es→")
        text = " ".join(line.plain for line in article._lines)
        assert text.index(badge) < text.index("Las reglas")
        line = next(text for text in article._lines if "Las reglas" in text.plain)
        at = line.plain.index("Las reglas")
        assert any(span.style == ORIGINAL_STYLE and span.start <= at < span.end
                   for span in line.spans)


async def test_badges_are_computed_lazily_and_cached():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        comment = comment_by(app, "deckhand_lu")
        first = app.notes.get(comment)
        assert app.notes.get(comment) is first
        assert first.has_translation and len(first.links) == 1


# ----- L: the Sources panel -----------------------------------------------------------


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


async def wait_for_list(app: ThreadViewApp, pilot) -> SourceList:
    for _ in range(100):
        found = app.screen.query(SourceList)
        if found:
            return found.first()
        await pilot.pause(0.02)
    raise AssertionError("the Sources panel never showed its list")


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
        assert app.focused is app.comment_pane


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


# ----- o: open a link -----------------------------------------------------------------


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
            "https://portnews.example/pilots-strike", "https://www.pilots-union.org/statement"]
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


@pytest.mark.parametrize("url", [
    "javascript:alert(1)",
    "-https://example.com/",
    "https://example.com/\x1b]8;;evil\x07x",
    "https://exa mple.com/",
    "file:///etc/passwd",
])
async def test_hostile_urls_are_refused_with_a_reason_and_never_opened(url):
    app, opener = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.request_open(url)
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
        app.request_open("https://раypal.com/login")
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
        pane = app.comment_pane
        for y in range(pane.size.height):
            for segment in pane.render_line(y):
                assert not (isinstance(segment.style, Style) and segment.style.link)


# ----- y: copy ------------------------------------------------------------------------


async def test_y_copies_the_url():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, "deckhand_lu")
        await press(pilot, "y")
        assert app.clipboard == "https://www.heraldo-puerto.es/puerto/huelga"
        assert any("Copied https://www.heraldo-puerto.es" in n.message
                   for n in app._notifications)


async def test_y_without_a_link_copies_the_comment_text():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, "code_person")
        await press(pilot, "y")
        assert app.clipboard == comment_by(app, "code_person").body


async def test_y_with_several_links_asks_which():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, "harbour_historian")
        await press(pilot, "y")
        assert isinstance(app.screen, LinkPicker)
        await press(pilot, "enter")
        assert app.clipboard == "https://portnews.example/pilots-strike"


async def test_o_on_a_byline_citation_opens_the_named_site():
    app, opener = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "L")
        listing = await wait_for_list(app, pilot)
        target = next(i for i, row in enumerate(listing.rows)
                      if row.comment_id == ARTICLE_ID and row.host == "portnews.example")
        listing.move_to(target)
        await press(pilot, "o")
        assert isinstance(app.screen, ConfirmOpen)
        await press(pilot, "o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert opener.urls == ["https://portnews.example"]


async def test_sources_panel_shows_a_loading_state_until_its_rows_arrive(monkeypatch):
    import threading

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


async def test_only_drawn_comments_are_annotated_on_the_ui_thread():
    from ui_threads import long_thread

    app = ThreadViewApp(long_thread(2000))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        cached = len(app.notes._entries)
        assert 0 < cached < 100
