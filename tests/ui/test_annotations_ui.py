"""Translation notes in the reader: `t`, the header badges, body and article styles, `y`."""

from __future__ import annotations

from notes_links_app import (
    NOTE_AUTHORS,
    SIZE,
    author,
    comment_by,
    make_app,
    press,
    screen_text,
    select,
    thread,
    wait_for_list,
)
from rich.style import Style

from threadview.annotate import find_translations
from threadview.model import Thread
from threadview.parsing import load_path
from threadview.render.decorate import TRANSLATION_MARK, language_badge
from threadview.ui.app import ThreadViewApp
from threadview.ui.screens.open_link import LinkPicker
from threadview.ui.widgets.article_pane import ArticlePane


def _tinted(style: str | Style, like: Style) -> bool:
    """Whether a span's style has the colour of a palette entry (and is not dimmed)."""
    return isinstance(style, Style) and style.color == like.color and style.dim is False


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
        app.reader.sources._note_index = None  # as if the scan were still running
        app.reader.sources._note_scan = (app.thread, __import__("threading").Event())
        assert not app.reader.sources.note_index_ready
        visited = []
        for _ in range(3):
            await press(pilot, "t")
            visited.append(author(app))
        assert visited == ["deckhand_lu", "night_pilot", "deckhand_lu"]


async def test_q_stops_a_notes_scan_still_running(monkeypatch):
    import threading
    import time

    from threadview.ui import sources_actions

    started, stopped = threading.Event(), threading.Event()

    def endless(nodes, stop):
        started.set()
        while not stop():
            time.sleep(0.01)
        stopped.set()
        return None

    monkeypatch.setattr(sources_actions, "note_keys", endless)
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            if started.is_set():
                break
            await pilot.pause(0.02)
        assert started.is_set(), "the scan starts after the first paint"
        await press(pilot, "q")
    assert stopped.wait(5), "the scan's thread would compete with the shutdown"


async def test_t_uses_the_finished_scan():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        for _ in range(50):
            if app.reader.sources.note_index_ready:
                break
            await pilot.pause(0.02)
        assert app.reader.sources.note_index_ready
        nodes = app.reader.comment_pane.flat.nodes
        found = {nodes[p].author for p in app.reader.sources.note_positions()}
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
        pane = app.reader.comment_pane
        position = pane.flat.position_of(comment_by(app, "deckhand_lu").id)
        body = "".join(line.plain for line in pane._lines(position)[1:])
        assert "[es→en]" in body and body.index("[es→en]") < body.index("El sindicato")
        styles = {}
        for line in pane._lines(position)[1:]:
            for span in line.spans:
                styles.setdefault(line.plain[span.start : span.end].strip(), []).append(span.style)
        original, translation = pane.palette.original, pane.palette.translation
        assert any(_tinted(s, original) for k, v in styles.items() if "sindicato" in k for s in v)
        assert any(_tinted(s, translation) for k, v in styles.items() if "union" in k for s in v)


async def test_note_split_across_paragraphs_is_styled_and_badged():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, "night_pilot")
        pane = app.reader.comment_pane
        position = pane.flat.position_of(comment_by(app, "night_pilot").id)
        lines = pane._lines(position)
        assert "[de→en]" in lines[0].plain
        body = [line for line in lines[1:] if line.plain.strip()]
        original = next(line for line in body if "Lotse" in line.plain)
        assert "[de→en]" in original.plain
        translation = next(line for line in body if "board in pairs" in line.plain)
        start = translation.plain.index("The pilot")
        assert any(
            _tinted(span.style, pane.palette.translation) and span.start <= start < span.end
            for span in translation.spans
        )


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
        assert any(
            _tinted(span.style, article.palette.original) and span.start <= at < span.end
            for span in line.spans
        )


async def test_badges_are_computed_lazily_and_cached():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        comment = comment_by(app, "deckhand_lu")
        first = app.reader.sources.notes.get(comment)
        assert app.reader.sources.notes.get(comment) is first
        assert first.has_translation and len(first.links) == 1


async def test_y_copies_the_url():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, "deckhand_lu")
        await press(pilot, "y")
        assert app.clipboard == "https://www.heraldo-puerto.es/puerto/huelga"
        assert any("Copied https://www.heraldo-puerto.es" in n.message for n in app._notifications)


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


async def test_only_drawn_comments_are_annotated_on_the_ui_thread():
    from ui_threads import long_thread

    app = ThreadViewApp(long_thread(2000))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        cached = len(app.reader.sources.notes._entries)
        assert 0 < cached < 100


async def test_real_sample_note_and_milenio_link():
    from conftest import sample

    app = ThreadViewApp(load_path(str(sample("dailypopulous-2019-11-08-culiacan.txt"))))
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "t")
        comment = app.reader.comment_pane.selected_comment
        assert comment is not None and "El agente no participó" in comment.body
        header = app.reader.comment_pane._lines(app.reader.comment_pane.cursor_position)[0].plain
        assert f"{TRANSLATION_MARK} [es→en]" in header
        await press(pilot, "L")
        listing = await wait_for_list(app, pilot)
        milenio = [row for row in listing.rows if row.host == "milenio.com"]
        assert milenio[0].count == 1 and milenio[1].comment_id == comment.id
        assert milenio[1].cited[0].startswith("https://www.milenio.com/policia/")


async def test_t_follows_a_thread_swapped_in_after_loading():
    from threadview.ui.messages import ThreadInstalled
    from threadview.ui.widgets.comment_view import prepare_forest

    full = thread()
    preview = Thread(
        "text", full.title, full.source, full.submitter, full.article, full.comments[:1]
    )
    app = ThreadViewApp(preview)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "t")
        assert author(app) == "deckhand_lu"  # the preview holds one note
        # What the App does once the whole file is parsed.
        prepared = prepare_forest(full.comments, app.reader.comment_pane.content_width)
        app.reader.post_message(ThreadInstalled(full, prepared, "oldest"))
        await pilot.pause()
        assert app.thread is full and app.reader.thread is full
        assert author(app) == "deckhand_lu"  # the selection is kept
        await press(pilot, "t")
        assert author(app) == "night_pilot"  # right whether or not the rescan is done
        for _ in range(100):
            if app.reader.sources.note_index_ready:
                break
            await pilot.pause(0.05)
        assert app.reader.sources.note_index_ready


def _count_scans(monkeypatch) -> list[str]:
    """Count every search for translation notes, wherever the finder was imported."""
    import sys

    from threadview.annotate import translations

    original = translations.find_translations
    calls: list[str] = []

    def counting(text: str):
        calls.append(text)
        return original(text)

    for module in list(sys.modules.values()):
        name = getattr(module, "__name__", "")
        if name.startswith("threadview") and getattr(module, "find_translations", None) is original:
            monkeypatch.setattr(module, "find_translations", counting)
    return calls


async def test_a_comment_body_is_scanned_for_notes_once(monkeypatch):
    """The header's badges, the body's note styles and badges share one scan of the body."""
    from threadview.ui import sources_actions

    monkeypatch.setattr(sources_actions, "note_keys", lambda nodes, stop: set())  # `t`'s index
    calls = _count_scans(monkeypatch)
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, "deckhand_lu")
        header = next(line for line in screen_text(app).splitlines() if "deckhand_lu ·" in line)
        assert f"{TRANSLATION_MARK} [es→en]" in header
        assert "[es→en] " in screen_text(app).split("deckhand_lu ·", 1)[1]  # the body's badge
        for name in ("deckhand_lu", "night_pilot"):
            assert calls.count(comment_by(app, name).body) == 1, name


def _header_colours(app: ThreadViewApp, name: str) -> tuple[object, object]:
    """The colours of a comment's author and its note badge as the pane draws them."""
    pane = app.reader.comment_pane
    for y in range(pane.size.height):
        strip = pane.render_line(y)
        if f"{name} ·" in strip.text:
            author = next(s.style for s in strip if name in s.text)
            badge = next(s.style for s in strip if "[es→en]" in s.text)
            assert author is not None and badge is not None
            return author.color, badge.color
    raise AssertionError(f"no header of {name} on screen")


async def test_switching_theme_recolours_authors_and_note_badges():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, "deckhand_lu")
        before = _header_colours(app, "deckhand_lu")
        app.theme = "nord" if app.theme != "nord" else "gruvbox"
        await pilot.pause()
        after = _header_colours(app, "deckhand_lu")
        assert after[0] != before[0] and after[1] != before[1]
        palette = app.reader.comment_pane.palette
        assert after == (palette.author.color, palette.badge.color)
