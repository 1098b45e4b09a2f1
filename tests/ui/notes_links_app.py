"""A reader on tests/fixtures/ui/notes-and-links.txt, with a recording opener and key helpers.

The thread is ours, in the text layout: Spanish and German notes (arrow and "TL:" forms),
single and double links, a domain cited in prose, a code arrow that is not a note and a
javascript: link.
"""

from __future__ import annotations

from pathlib import Path

from threadview.model import Comment, Thread, iter_comments
from threadview.parsing import load_path
from threadview.ui.app import ThreadViewApp
from threadview.ui.screens.sources import SourceList

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
    comment = app.reader.comment_pane.selected_comment
    return comment.author if comment else None


def comment_by(app: ThreadViewApp, name: str) -> Comment:
    return next(c for c in iter_comments(app.thread.comments) if c.author == name)


async def select(app: ThreadViewApp, pilot, name: str) -> None:
    assert app.reader.comment_pane.select_comment_id(comment_by(app, name).id)
    app.reader.comment_pane.focus()
    await pilot.pause()


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
    await pilot.pause()


def screen_text(app: ThreadViewApp) -> str:
    """Every line the comment pane would draw right now, as plain text."""
    pane = app.reader.comment_pane
    return "\n".join(pane.render_line(y).text for y in range(pane.size.height))


async def wait_for_list(app: ThreadViewApp, pilot) -> SourceList:
    """The Sources panel's list, once its rows have arrived from their thread."""
    for _ in range(100):
        found = app.screen.query(SourceList)
        if found:
            return found.first()
        await pilot.pause(0.02)
    raise AssertionError("the Sources panel never showed its list")
