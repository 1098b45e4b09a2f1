"""Styling annotations in place: plain text unchanged, distinct styles, never a Rich link."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.style import Style
from rich.text import Text

from threadview.annotate import find_translations
from threadview.render.decorate import (
    LINK_MARK,
    TRANSLATION_MARK,
    decorate,
    decorator_for,
    language_badge,
)
from threadview.render.palette import DEFAULT_PALETTE

LINK_STYLE, DOMAIN_STYLE = DEFAULT_PALETTE.link, DEFAULT_PALETTE.domain
ORIGINAL_STYLE, TRANSLATION_STYLE = DEFAULT_PALETTE.original, DEFAULT_PALETTE.translation

NOTE = '"El gato está en la casa" >> "The cat is in the house"'


def _style_at(text: Text, index: int) -> Style:
    return text.get_style_at_offset(Console(), index)


def test_links_and_domains_are_styled_and_plain_text_unchanged() -> None:
    plain = "See https://example.com/a, as Infobae.com reported."
    text = Text(plain)
    decorate(text)
    assert text.plain == plain
    url_at, domain_at = plain.index("https"), plain.index("Infobae")
    assert _style_at(text, url_at).underline and _style_at(text, url_at).color == LINK_STYLE.color
    assert _style_at(text, plain.index(",")).underline is not True
    domain = _style_at(text, domain_at)
    assert domain.bold and domain.color == DOMAIN_STYLE.color
    assert _style_at(text, 0).color is None


def test_translation_sides_get_distinct_visible_styles() -> None:
    text = Text(NOTE)
    decorate(text)
    original = _style_at(text, NOTE.index("gato"))
    translation = _style_at(text, NOTE.index("cat"))
    arrow = _style_at(text, NOTE.index(">>"))
    assert original.color == ORIGINAL_STYLE.color and original.italic
    assert translation.color == TRANSLATION_STYLE.color
    assert original.color != translation.color
    assert not original.dim and not translation.dim and arrow.dim


def test_existing_styles_are_kept() -> None:
    text = Text("bold ")
    text.append("https://example.com", style="bold")
    decorate(text)
    style = _style_at(text, 6)
    assert style.bold and style.underline


def test_no_link_style_and_no_markup_is_ever_interpreted() -> None:
    plain = "[bold red]x[/] [link=https://evil]y[/link] https://example.com/ see [a](https://b.io)"
    text = Text(plain)
    decorate(text)
    assert text.plain == plain
    for span in text.spans:
        style = span.style if isinstance(span.style, Style) else Style.parse(span.style)
        assert style.link is None
    console = Console(force_terminal=True, color_system="truecolor", width=200)
    with console.capture() as capture:
        console.print(text, end="")
    output = capture.get()
    assert "\x1b]8;" not in output
    assert "[bold red]x[/]" in output


def test_language_badge() -> None:
    (note,) = find_translations(NOTE)
    badge = language_badge(note)
    assert badge.plain == "[es→en]"
    assert badge.style
    (unknown,) = find_translations("Ovo je moja kuća\nTranslated from Croatian: My house")
    assert language_badge(unknown).plain == "[?→?]"
    (half,) = find_translations("Привет мир (Hello world)")
    assert (half.language, half.target_language) == ("ru", None)
    assert language_badge(half).plain == "[ru→?]"


def test_marks_are_single_cell_symbols() -> None:
    from rich.cells import cell_len

    assert cell_len(TRANSLATION_MARK) == 1 and cell_len(LINK_MARK) == 1
    assert TRANSLATION_MARK != LINK_MARK


@settings(max_examples=200, deadline=None)
@given(raw=st.text(max_size=200))
def test_decorate_never_changes_text_or_crashes(raw: str) -> None:
    text = Text(raw)
    plain = text.plain
    decorate(text)
    assert text.plain == plain
    assert all(0 <= span.start <= span.end <= len(plain) for span in text.spans)


def test_decorator_for_styles_notes_split_across_blocks() -> None:
    raw = (
        "> Der Hund ist nicht im Haus und die Katze auch nicht.\n\n"
        "**TL:** The dog is not in the house.\n\nSomething else entirely."
    )
    blocks = [
        Text("Der Hund ist nicht im Haus und die Katze auch nicht."),
        Text("TL: The dog is not in the house."),
        Text("Something else entirely."),
    ]
    plain_decorated = [Text(block.plain) for block in blocks]
    for block in plain_decorated:
        decorate(block)
    assert all(_style_at(block, 5).color is None for block in plain_decorated)
    decorate_block = decorator_for(raw)
    for block in blocks:
        decorate_block(block)
    assert _style_at(blocks[0], 0).color == ORIGINAL_STYLE.color
    assert _style_at(blocks[1], blocks[1].plain.index("dog")).color == TRANSLATION_STYLE.color
    assert _style_at(blocks[1], 0).color is None
    assert _style_at(blocks[2], 3).color is None
    no_notes = "no notes here, see https://x.com"
    alone, with_body = Text(no_notes), Text(no_notes)
    decorate(alone)
    decorator_for(no_notes)(with_body)
    assert with_body.spans == alone.spans and alone.spans


def test_a_badge_goes_outside_the_quote_marks_of_its_original() -> None:
    from threadview.render.markdown import render_markdown
    from threadview.render.notes import note_decorator

    body = (Path(__file__).parent / "fixtures" / "annotate" / "quoted-note.md").read_text(
        encoding="utf-8"
    )
    (note,) = find_translations(body)
    assert (note.language, note.target_language) == (None, None)
    lines = render_markdown(body, 80, decorate=note_decorator(body))
    first = next(line.plain for line in lines if "Noz du" in line.plain)
    assert first.startswith('[?→?] "Noz du, mor bras')
    assert "[translation]" not in "".join(line.plain for line in lines)
