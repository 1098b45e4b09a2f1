"""Style the links and translation notes found in a block of text, in place.

Spans come from `threadview.annotate` over `text.plain`; only styles are added, so the
plain text never changes. No style here carries a Rich ``link``: Rich and Textual write
link URLs raw into an OSC 8 escape sequence, and a thread's URL is untrusted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.style import Style
from rich.text import Text

from threadview.annotate.links import find_links
from threadview.annotate.translations import TranslationNote, find_translations
from threadview.render.palette import DEFAULT_PALETTE, Palette
from threadview.render.wrap import Decorate

TRANSLATION_MARK = "⇄"
"""Shown on a comment's header line when its body holds a translation note."""

LINK_MARK = "↗"
"""Shown on a comment's header line when its body holds a link or cited domain."""

NOTE_JOIN_STYLE = Style(dim=True)
"""The whole note, joining words such as "TL:" included; its passages are not dim."""
UNDIMMED = Style(dim=False)


def decorate(text: Text, palette: Palette = DEFAULT_PALETTE) -> None:
    """Add link and translation styles to `text` where its plain text has them."""
    plain = text.plain
    if len(plain) >= 4:
        _style_spans(text, find_translations(plain), palette)


def _style_spans(text: Text, notes: Sequence[TranslationNote], palette: Palette) -> None:
    """Style the notes found in `text` (given) and its links (found here)."""
    original, translation = UNDIMMED + palette.original, UNDIMMED + palette.translation
    for note in notes:
        original_start, original_end = note.original_span
        translation_start, translation_end = note.translation_span
        text.stylize(NOTE_JOIN_STYLE, note.start, note.end)
        text.stylize(original, original_start, original_end)
        text.stylize(translation, translation_start, translation_end)
    for link in find_links(text.plain):
        style = palette.domain if link.kind == "domain" else palette.link
        text.stylize(style, link.start, link.end)


def _passage_pieces(passage: str) -> list[str]:
    """The lines of a passage as rendering keeps them: no quote bars or edge blanks."""
    pieces = []
    for line in passage.split("\n"):
        piece = line.strip().lstrip(">").strip()
        if len(piece) >= 4:
            pieces.append(piece)
    return pieces


BlockStyler = Callable[[Text], Sequence[TranslationNote]]
"""Styles one block in place and returns the notes found in it (for badges)."""


def block_styler(
    raw: str,
    notes: Sequence[TranslationNote] | None = None,
    *,
    palette: Palette = DEFAULT_PALETTE,
) -> BlockStyler:
    """Styles for the blocks of one body, given the body's notes (found here if None).

    Rendering decorates block by block, so a note whose original and translation sit in
    different paragraphs ("> Der Hund..." then "TL: The dog...") cannot be seen from either
    block. The body's notes are found once; each block then gets its own links and notes,
    plus the styles of any note passage it contains verbatim. A block is searched for notes
    once, and not at all when it is the body itself.
    """
    if notes is None:
        notes = find_translations(raw)
    original, translation = UNDIMMED + palette.original, UNDIMMED + palette.translation
    pieces = [(piece, original) for note in notes for piece in _passage_pieces(note.original)]
    pieces += [
        (piece, translation) for note in notes for piece in _passage_pieces(note.translation)
    ]

    def style_block(text: Text) -> Sequence[TranslationNote]:
        plain = text.plain
        if len(plain) < 4:
            return ()
        local = notes if plain == raw else find_translations(plain)
        _style_spans(text, local, palette)
        for piece, style in pieces:
            start = plain.find(piece)
            while start >= 0:
                text.stylize(style, start, start + len(piece))
                start = plain.find(piece, start + len(piece))
        return local

    return style_block


def decorator_for(
    raw: str,
    notes: Sequence[TranslationNote] | None = None,
    *,
    palette: Palette = DEFAULT_PALETTE,
) -> Decorate:
    """A `decorate` for the blocks of one body that also knows the body's notes."""
    style_block = block_styler(raw, notes, palette=palette)

    def decorate_block(text: Text) -> None:
        style_block(text)

    return decorate_block


def language_badge(note: TranslationNote, *, palette: Palette = DEFAULT_PALETTE) -> Text:
    """A short badge for a note such as "[es→en]"; unknown sides are shown as "?" (a note
    with neither language known is "[?→?]": a word such as "translation" in front of the
    original would read as if the original were the translation)."""
    label = f"[{note.language or '?'}→{note.target_language or '?'}]"
    return Text(label, style=palette.badge, end="")
