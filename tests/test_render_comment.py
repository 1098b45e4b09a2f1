"""How a comment looks (render/comment.py, render/notes.py): notes found once, colours given."""

from __future__ import annotations

import sys
from dataclasses import replace

import pytest
from rich.style import Style

from threadview.annotate import translations
from threadview.model import Comment
from threadview.render.comment import comment_lines, header_line, stub_lines
from threadview.render.notes import NotesCache
from threadview.render.palette import DEFAULT_PALETTE

SPLIT_NOTE = (
    "> Der Lotse muss nachts zu zweit an Bord gehen\n\n"
    "TL: The pilot must board in pairs at night.\n\n"
    "More at https://example.org/rules and *that* is all."
)


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text searched for translation notes, wherever the finder was imported."""
    original = translations.find_translations
    calls: list[str] = []

    def counting(text: str) -> list[translations.TranslationNote]:
        calls.append(text)
        return original(text)

    for module in list(sys.modules.values()):
        name = getattr(module, "__name__", "")
        if name.startswith("threadview") and getattr(module, "find_translations", None) is original:
            monkeypatch.setattr(module, "find_translations", counting)
    return calls


def _render(comment: Comment, cache: NotesCache) -> list[str]:
    header = header_line(
        comment,
        0,
        80,
        first=None,
        collapsed=False,
        has_children=False,
        badges=cache.badges(comment),
    )
    lines = comment_lines(header, comment, 0, 80, False, notes=cache.body_notes(comment))
    return [line.plain for line in lines]


def test_a_body_is_searched_once_and_each_block_at_most_once(scans: list[str]) -> None:
    comment = Comment("c1", "night_pilot", None, SPLIT_NOTE)
    lines = _render(comment, NotesCache())
    assert "[de→en]" in lines[0] and "↗ 1" in lines[0]  # the header's badges
    assert any(line.strip().startswith("▌ [de→en] Der Lotse") for line in lines)
    assert scans.count(SPLIT_NOTE) == 1
    blocks = [text for text in scans if text != SPLIT_NOTE]
    assert len(blocks) == len(set(blocks)) == 3  # the quote, the translation, the rest


def test_a_one_paragraph_body_is_searched_once_in_all(scans: list[str]) -> None:
    body = '"El sindicato no fue consultado" >> "The union was not consulted"'
    lines = _render(Comment("c2", "deckhand_lu", None, body), NotesCache())
    assert "[es→en]" in lines[0] and "[es→en]" in lines[1]
    assert scans == [body]


def test_the_comment_look_takes_its_colours_from_the_palette() -> None:
    comment = Comment("c3", "someone", None, "see https://example.org", markers=())
    red, green = Style(color="red", bold=True), Style(color="green")
    palette = replace(DEFAULT_PALETTE, author=red, guides=(green,), link=Style(color="blue"))
    cache = NotesCache()
    header = header_line(
        comment, 2, 80, first=None, collapsed=False, has_children=False, palette=palette
    )
    assert any(span.style == red for span in header.spans)
    assert header.spans[0].style == green  # the depth guides
    lines = comment_lines(header, comment, 2, 80, False, palette=palette)
    body = lines[1]
    at = body.plain.index("https")
    assert any(
        isinstance(span.style, Style) and span.style.color == Style(color="blue").color
        for span in body.spans
        if span.start <= at < span.end
    )
    (badge,) = cache.badges(comment, palette=replace(DEFAULT_PALETTE, link_badge=red))
    assert badge.style == red


def test_stub_lines_carry_the_guides_of_the_palette() -> None:
    from threadview.model import MoreStub

    green = Style(color="green")
    (line, _) = stub_lines(MoreStub(3), 1, 80, palette=replace(DEFAULT_PALETTE, guides=(green,)))
    assert line.spans[0].style == green and "3 more replies" in line.plain
