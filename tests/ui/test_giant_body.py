"""A giant comment body is rendered a chunk at a time, by the rows on screen, not at once."""

from __future__ import annotations

from datetime import datetime, timezone
from itertools import pairwise

from rich.text import Text

from threadview.model import Comment, Thread
from threadview.render import comment as cr
from threadview.render.lazy import CHUNKS_KEPT, LazyLines, chunk_cuts
from threadview.render.wrap import render_plain_lines
from threadview.ui.app import ThreadViewApp

SIZE = (120, 40)
PARAGRAPH = "Every word of this paragraph is ordinary prose, said again. " * 6


def _giant(paragraphs: int) -> str:
    return "\n\n".join(f"paragraph {n}: {PARAGRAPH}" for n in range(paragraphs))


def _comment(author: str, body: str, minute: int) -> Comment:
    stamp = datetime(2024, 5, 1, 12, minute, tzinfo=timezone.utc)
    return Comment(f"id-{author}", author, stamp, body)


def test_chunks_end_after_a_newline_and_cover_the_body() -> None:
    body = _giant(500)
    cuts = chunk_cuts(body, 4096)
    assert cuts[0] == 0 and cuts[-1] == len(body) and len(cuts) > 10
    assert all(body[cut - 1] == "\n" for cut in cuts[1:-1])
    assert all(b - a >= 4096 for a, b in pairwise(cuts[:-1]))


def test_every_row_read_lazily_is_the_row_rendered_at_once() -> None:
    body = _giant(400)

    def render(text: str) -> list[Text]:
        return render_plain_lines(text, 50)

    for raw in (body, body.encode()):
        lazy = LazyLines([Text("head")], raw, render, 50, [Text("tail")], chunk_chars=2048)
        rows: list[str] = []
        while len(rows) < len(lazy):  # the length changes as estimates are corrected
            rows.append(lazy[len(rows)].plain)
        eager = ["head", *(row.plain for row in render_plain_lines(body, 50)), "tail"]
        assert rows == eager and len(lazy) == len(eager)  # estimates corrected as read
        assert len(lazy._rows) <= CHUNKS_KEPT
        assert [row.plain for row in lazy[-2:]] == eager[-2:]


def test_a_giant_body_is_not_rendered_when_its_lines_are_asked_for() -> None:
    made: list[str] = []
    comment = _comment("mallory", _giant(4000), 0)
    assert len(comment.body) > cr.LAZY_BODY_CHARS
    lines = cr.comment_lines(Text("header"), comment, 0, 100, False)
    assert isinstance(lines, LazyLines) and lines[0].plain == "header"
    lines._render = lambda text: made.append(text) or [Text(text[:10])]  # type: ignore[method-assign]
    lines[1]
    assert len(made) == 1 and len(made[0]) < len(comment.body) // 10


async def test_the_reader_shows_a_giant_body_and_the_reply_after_it(tmp_path) -> None:
    giant = _comment("mallory", _giant(4000), 0)
    reply = _comment("bob", "a reply after the giant", 1)
    thread = Thread("text", "Giant", "example.com", "poster", (), (giant, reply))
    app = ThreadViewApp(thread, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "paragraph 0: Every word" in _screen(app)
        pane = app.reader.comment_pane
        assert isinstance(pane._lines(0), LazyLines)
        await pilot.press("end")  # the last line of the pane, deep inside nothing else
        await pilot.pause()
        await pilot.pause()
        assert "a reply after the giant" in _screen(app)
        await pilot.press("home", "J")  # j would read through the giant first
        await pilot.pause()
        assert pane.selected_comment is reply
        assert "a reply after the giant" in _screen(app)
        pane.scroll_to(y=len(pane._lines(0)) // 2, animate=False)
        await pilot.pause()
        await pilot.pause()
        assert "paragraph " in _screen(app)
        assert len(pane._lines(0)._rows) <= CHUNKS_KEPT  # type: ignore[attr-defined]


def _screen(app: ThreadViewApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def test_header_badges_of_a_giant_body_read_its_start_only() -> None:
    """Badges are computed on the UI thread as a header is drawn: annotating 50 MB took
    seconds and a copy of the body; the start of it is what a header can afford."""
    import tracemalloc

    from threadview.render.notes import ANNOTATED_CHARS, NotesCache

    body = "see https://example.com/first\n\n" + _giant(20_000) + "\n\nhttps://example.com/last"
    comment = _comment("mallory", body, 0)
    raw = Comment(comment.id, comment.author, comment.timestamp, body.encode())
    for giant in (comment, raw):
        tracemalloc.start()
        try:
            notes = NotesCache().get(giant)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert [link.url for link in notes.annotations.links] == ["https://example.com/first"]
        assert peak < 8 * ANNOTATED_CHARS < len(body) // 2
