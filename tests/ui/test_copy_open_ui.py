"""`y` and `o` in the reader: what reaches the clipboard, what the user is told, and the
browser: both panes, hostile text, refused and private links, browsers that fail."""

from __future__ import annotations

import base64
import re
import webbrowser
from pathlib import Path

import pytest
from notes_links_app import SIZE, make_app, press, select
from textual.widgets._toast import Toast

from threadview.parsing import load_path
from threadview.ui.app import ThreadViewApp
from threadview.ui.screens.open_link import ConfirmOpen, LinkPicker
from threadview.ui.widgets.article_pane import ArticlePane

TESTS = Path(__file__).resolve().parent.parent
HOSTILE = TESTS / "hostile"
PLAIN = TESTS / "fixtures" / "text" / "plain.txt"
OSC52 = re.compile("\x1b\\]52;c;([A-Za-z0-9+/=]*)\x07")


def toasts(app: ThreadViewApp) -> list[str]:
    """The notifications on screen now, as their text."""
    return [str(toast.render()) for toast in app.screen.query(Toast)]


def record_terminal(app: ThreadViewApp) -> list[str]:
    """What the app writes to its terminal from now on (the headless driver's output)."""
    written: list[str] = []
    driver = app._driver
    assert driver is not None
    real = driver.write

    def write(data: str) -> None:
        written.append(data)
        real(data)

    driver.write = write  # type: ignore[method-assign]
    return written


def copied(written: list[str]) -> list[str]:
    """The texts sent to the clipboard (OSC 52), decoded as the terminal would."""
    return [base64.b64decode(found).decode("utf-8") for found in OSC52.findall("".join(written))]


def open_file(path: Path) -> ThreadViewApp:
    app = ThreadViewApp(load_path(str(path)))
    app.url_opener = lambda url: True
    return app


async def test_y_copies_a_bracketed_paste_end_only_as_a_visible_symbol():
    app = open_file(HOSTILE / "clipboard-paste-escape.txt")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        written = record_terminal(app)
        await press(pilot, "y")
        assert copied(written) == [
            "Paste this into your shell:␛[201~\ntouch threadview-pasted-command-ran\nthat is all"
        ]
        shown = " ".join(toasts(app))
        assert "Copied the comment by mallory (81 characters)" in shown
        assert "1 control or invisible character or sequence copied as visible symbols" in shown


async def test_y_on_a_lone_surrogate_copies_a_replacement_character_and_carries_on():
    app = open_file(HOSTILE / "reddit-lone-surrogate.json")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        written = record_terminal(app)
        await press(pilot, "y")
        assert copied(written) == ["body \ufffd end"]
        assert any("Copied the comment by user" in toast for toast in toasts(app))
        await press(pilot, "tab", "y")  # the article: a self-post with the same surrogate
        # A self post has no outside link, so y copies its text without asking which.
        assert not isinstance(app.screen, LinkPicker)
        assert copied(written)[-1] == "Lone \ufffd surrogate\n\nself \ufffd text"
    assert app.return_code in (None, 0)


async def test_y_does_not_copy_a_link_that_o_would_refuse():
    app = open_file(HOSTILE / "clipboard-refused-link.txt")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        written = record_terminal(app)
        await press(pilot, "y")
        assert copied(written) == []
        assert app.clipboard == ""
        shown = " ".join(toasts(app))
        assert "Not copied: this link would not be opened" in shown
        assert "U+202E" in shown and "\u202e" not in shown


async def test_a_link_is_copied_as_o_would_open_it():
    app = open_file(HOSTILE / "idn-lookalike.txt")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        written = record_terminal(app)
        await press(pilot, "y")
        assert isinstance(app.screen, LinkPicker)
        await press(pilot, "enter")
        assert copied(written) == ["https://xn--ypal-43d9g.com/login"]
        assert any("Copied https://xn--ypal-43d9g.com/login" in t for t in toasts(app))


async def test_every_copy_passes_the_gate_even_textuals_own():
    app, _ = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        written = record_terminal(app)
        app.copy_to_clipboard("a\x1b[201~b\u202ec\x9bd\udcff")  # as an Input's ctrl+c would
        assert copied(written) == ["a␛[201~b<RLO>c<CSI>d\ufffd"]
        assert app.clipboard == "a␛[201~b<RLO>c<CSI>d\ufffd"


async def test_o_in_the_article_pane_asks_which_link_opens_it_and_says_so():
    app, opener = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.reader.article_pane.focus()
        await press(pilot, "o")
        assert isinstance(app.screen, LinkPicker)
        assert [link.url for link in app.screen.links] == [
            "https://portnews.example",
            "https://www.pilots-union.org/statement",
        ]
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, ConfirmOpen)
        await press(pilot, "o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert opener.urls == ["https://www.pilots-union.org/statement"]
        assert "Opened www.pilots-union.org in the browser" in toasts(app)
        assert isinstance(app.focused, ArticlePane)


async def test_y_in_the_article_pane_offers_the_text_and_each_link():
    app, _ = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.reader.article_pane.focus()
        written = record_terminal(app)
        await press(pilot, "y")
        assert isinstance(app.screen, LinkPicker)
        options = app.screen.query_one("#link-options")
        rows = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert rows[0].startswith("The article text (")
        assert "portnews.example" in rows[1] and "www.pilots-union.org" in rows[2]
        await press(pilot, "enter")
        text = copied(written)[-1]
        assert text.startswith("Harbour pilots strike over new night rules\n\nThe pilots' union")
        assert any(t.startswith("Copied the article (") for t in toasts(app))
        await press(pilot, "y", "down", "down", "enter")
        assert copied(written)[-1] == "https://www.pilots-union.org/statement"


async def test_o_and_y_in_an_article_without_links():
    app = open_file(PLAIN)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.reader.article_pane.focus()
        written = record_terminal(app)
        await press(pilot, "o")
        assert not isinstance(app.screen, (LinkPicker, ConfirmOpen))
        assert "The article has no link to open" in toasts(app)
        await press(pilot, "y")
        article = "\n\n".join(block.text for block in app.thread.article)
        assert copied(written) == [article]
        assert any(t.startswith("Copied the article (") for t in toasts(app))


@pytest.mark.parametrize(
    ("url", "warning"),
    [
        ("http://0x7f.1/admin", "Careful: 0x7f.1 (127.0.0.1) is this computer"),
        ("http://[::1]:631/", "Careful: [::1] is this computer"),
        ("http://192.168.1.1/", "Careful: 192.168.1.1 is a private or reserved address"),
        ("http://localhost/", "Careful: localhost is a name for this computer"),
    ],
)
async def test_the_confirmation_warns_about_local_and_private_hosts(url, warning):
    app, opener = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.reader.links.request_open(url)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmOpen)
        texts = [str(w.render()) for w in app.screen.query(".warning")]
        assert any(text.startswith(warning) for text in texts), texts
        await press(pilot, "escape")
        assert opener.urls == []


@pytest.fixture
def console_browser(monkeypatch):
    """Make $BROWSER the only browser webbrowser knows, as in a fresh process."""

    def use(command: str) -> None:
        monkeypatch.setenv("BROWSER", command)
        monkeypatch.setattr(webbrowser, "_tryorder", None)
        monkeypatch.setattr(webbrowser, "_browsers", {})

    return use


def suspendable(app: ThreadViewApp, monkeypatch) -> list[str]:
    """Let Textual's real `App.suspend` run on the headless driver; record what it does."""
    driver = app._driver
    assert driver is not None
    events: list[str] = []
    monkeypatch.setattr(type(driver), "can_suspend", property(lambda self: True))
    monkeypatch.setattr(driver, "suspend_application_mode", lambda: events.append("suspend"))
    monkeypatch.setattr(driver, "resume_application_mode", lambda: events.append("resume"))
    return events


@pytest.mark.parametrize(
    ("browser", "said"),
    [
        ("false", "the browser 'false' exited with status 1"),
        (
            "/nonexistent/threadview-browser",
            "the browser '/nonexistent/threadview-browser' was not found",
        ),
    ],
)
async def test_a_failing_console_browser_gives_the_terminal_back_and_says_why(
    console_browser, monkeypatch, browser, said
):
    console_browser(browser)
    app, _ = make_app()
    app.url_opener = None
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        events = suspendable(app, monkeypatch)
        await select(app, pilot, "deckhand_lu")
        await press(pilot, "o", "o")
        assert events == ["suspend", "resume"]
        failures = [t for t in toasts(app) if t.startswith("Could not open")]
        assert failures == [f"Could not open www.heraldo-puerto.es: {said}"]
        await press(pilot, "j")  # the reader answers keys again
        assert app.reader.comment_pane.selected_comment.author != "deckhand_lu"
