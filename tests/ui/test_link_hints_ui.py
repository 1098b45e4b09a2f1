"""`f`: link hints over both panes; a hint opens through the confirmation, a hint in
capitals copies through the clipboard gate, escape or a stray key cancels."""

from __future__ import annotations

from notes_links_app import SIZE, make_app, press
from test_copy_open_ui import copied, record_terminal, toasts
from ui_threads import build

from threadview.model import Thread
from threadview.render.hints import hint_labels
from threadview.ui.app import ThreadViewApp
from threadview.ui.screens.link_hints import LinkHints
from threadview.ui.screens.open_link import ConfirmOpen


def whole_screen(app: ThreadViewApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def test_labels_are_home_row_letters_then_pairs():
    assert hint_labels(3) == ["a", "s", "d"]
    assert len(set(hint_labels(9))) == 9 and all(len(label) == 1 for label in hint_labels(9))
    pairs = hint_labels(10)
    assert pairs[:3] == ["aa", "as", "ad"] and all(len(label) == 2 for label in pairs)
    assert hint_labels(0) == []


async def test_f_labels_the_links_of_both_panes_where_they_show():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f")
        assert isinstance(app.screen, LinkHints)
        lines = whole_screen(app)
        # The focused comment pane's links first, each label over the link's first cell.
        assert "Source: attps://www.heraldo-puerto.es/puerto/huelga" in lines[8]
        assert "Two good write-ups: sttps://portnews.example/pilots-strike" in lines[14]
        assert "union's own page at dttps://www.pilots-union.org/statement" in lines[15]
        assert lines[29].split("▕")[1].startswith("  feraldo-puerto.es reported")
        # Then the article's: its byline source and the link in its text.
        assert lines[2].startswith(" Authored by gortnews.example")
        assert lines[9].startswith(" hww.pilots-union.org/statement")
        assert "Link hints: type a label to open its link, in capitals to copy it" in lines[-1]


async def test_typing_a_hint_asks_to_open_its_link_then_opens_it():
    app, opener = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(pilot, "f", "s")
        assert isinstance(app.screen, ConfirmOpen)
        assert "https://portnews.example/pilots-strike" in "\n".join(whole_screen(app))
        await press(pilot, "o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert opener.urls == ["https://portnews.example/pilots-strike"]


async def test_a_hint_in_capitals_copies_the_link_and_opens_nothing():
    app, opener = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        written = record_terminal(app)
        await press(pilot, "f", "G")
        assert not isinstance(app.screen, (LinkHints, ConfirmOpen))
        assert copied(written) == ["https://portnews.example"]
        assert "Copied https://portnews.example" in toasts(app)
        assert opener.urls == []


async def test_escape_cancels_and_a_stray_key_cancels_and_says_so():
    app, opener = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(pilot, "f", "escape")
        assert not isinstance(app.screen, LinkHints)
        assert not any("attps://" in line for line in whole_screen(app))
        await press(pilot, "f", "z")
        assert not isinstance(app.screen, (LinkHints, ConfirmOpen))
        assert "No link hint 'z': hints closed" in toasts(app)
        assert opener.urls == []


async def test_two_letter_hints_narrow_as_they_are_typed():
    spec = [(f"user{n}", f"See https://site{n}.example/page for {n}.", []) for n in range(12)]
    app = ThreadViewApp(Thread("text", "Many links", None, None, (), tuple(build(spec))))
    app.url_opener = lambda url: True
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f")
        text = "\n".join(whole_screen(app))
        assert "See aatps://site0.example" in text and "See astps://site1.example" in text
        await press(pilot, "a")
        assert isinstance(app.screen, LinkHints)
        text = "\n".join(whole_screen(app))
        assert "See aatps://site0.example" in text, "the typed letter stays, dimmed"
        assert "See fatps://site9.example" not in text, "labels not starting with it go"
        await press(pilot, "s")
        assert isinstance(app.screen, ConfirmOpen)
        assert "https://site1.example/page" in "\n".join(whole_screen(app))


async def test_no_links_on_screen_says_so():
    spec = [("ann", "No links here at all.", [])]
    app = ThreadViewApp(Thread("text", "Quiet", None, None, (), tuple(build(spec))))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(pilot, "f")
        assert not isinstance(app.screen, LinkHints)
        assert "No links on screen" in toasts(app)


async def test_hints_over_hostile_text_show_only_labels_and_copy_through_the_gate():
    body = "\x1b]52;c;ZXZpbA==\x07 log in at https://user:pw@bank.example/login\x1b[2J now"
    app = ThreadViewApp(Thread("text", "Hostile", None, None, (), tuple(build([("m", body, [])]))))
    app.url_opener = lambda url: True
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        written = record_terminal(app)
        await press(pilot, "f")
        assert isinstance(app.screen, LinkHints)
        text = "\n".join(whole_screen(app))
        assert "log in at attps://user:pw@bank.example/login" in text
        assert "\x1b" not in text
        await press(pilot, "A")
        assert copied(written) == ["https://user:pw@bank.example/login"]
        await press(pilot, "f", "a")
        assert isinstance(app.screen, ConfirmOpen)
        assert "user:pw" in "\n".join(whole_screen(app))
