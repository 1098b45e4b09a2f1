"""Style the links and translation notes found in a block of text, in place.

Spans come from `threadview.annotate` over `text.plain`; only styles are added, so the
plain text never changes. No style here carries a Rich ``link``: Rich and Textual write
link URLs raw into an OSC 8 escape sequence, and a thread's URL is untrusted.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from threadview.annotate.links import find_links
from threadview.annotate.translations import TranslationNote, find_translations

TRANSLATION_MARK = "⇄"
"""Shown on a comment's header line when its body holds a translation note."""

LINK_MARK = "↗"
"""Shown on a comment's header line when its body holds a link or cited domain."""

LINK_STYLE = Style(color="#5fafff", underline=True)
DOMAIN_STYLE = Style(color="#5fafff", bold=True)
ORIGINAL_STYLE = Style(color="#d7af5f", italic=True, dim=False)
TRANSLATION_STYLE = Style(color="#87d787", dim=False)
NOTE_JOIN_STYLE = Style(dim=True)
BADGE_STYLE = Style(color="#d7af5f", bold=True)


def decorate(text: Text) -> None:
    """Add link and translation styles to `text` where its plain text has them."""
    plain = text.plain
    if len(plain) < 4:
        return
    for note in find_translations(plain):
        original_start, original_end = note.original_span
        translation_start, translation_end = note.translation_span
        text.stylize(NOTE_JOIN_STYLE, note.start, note.end)
        text.stylize(ORIGINAL_STYLE, original_start, original_end)
        text.stylize(TRANSLATION_STYLE, translation_start, translation_end)
    for link in find_links(plain):
        text.stylize(DOMAIN_STYLE if link.kind == "domain" else LINK_STYLE, link.start, link.end)


def language_badge(note: TranslationNote) -> Text:
    """A short badge for a note such as "[es→en]"; unknown sides are shown as "?", and a
    note with neither language known is "[translation]"."""
    if note.language is None and note.target_language is None:
        label = "[translation]"
    else:
        label = f"[{note.language or '?'}→{note.target_language or '?'}]"
    return Text(label, style=BADGE_STYLE, end="")
