"""Per-comment annotations: cached lookups, header badges and body styling.

Annotating a body is cheap but not free, and the comment pane asks for header badges on
every line it draws, so results are kept per comment id in a small LRU: only comments
that are looked at are annotated, once; the body's rendering reuses the notes found
(`NotesCache.body_notes`). `note_keys` scans a whole forest for translation notes off the
UI thread, giving way to it; `note_decorator` styles a body's notes and puts the language
badge in front of each original, so a note reads as one unit on screen.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass

from rich.text import Text

from threadview.annotate import (
    Annotations,
    Link,
    TranslationNote,
    annotate_text,
    find_translations,
)
from threadview.model import Comment, FlatNodes
from threadview.render.decorate import (
    LINK_MARK,
    TRANSLATION_MARK,
    block_styler,
    language_badge,
)
from threadview.render.palette import DEFAULT_PALETTE, Palette
from threadview.render.wrap import Decorate
from threadview.turns import Turns

CACHE_SIZE = 4096
ANNOTATED_CHARS = 256 * 1024
"""Of a giant body only this much (its start) is annotated for badges, links and notes:
annotating 50 MB on the UI thread took seconds."""
SCAN_BATCH = 16
"""Comments the notes scan reads between checks for cancellation and turns for the UI."""
EMPTY = Annotations((), ())

OPENING_QUOTES = "\"“„«‘'"


@dataclass(frozen=True, slots=True)
class CommentNotes:
    """What the reader needs about one comment: its annotations and its header badges."""

    annotations: Annotations
    badges: tuple[Text, ...]

    @property
    def has_translation(self) -> bool:
        return bool(self.annotations.translations)

    @property
    def links(self) -> tuple[Link, ...]:
        return self.annotations.links


def header_badges(
    annotations: Annotations, *, palette: Palette = DEFAULT_PALETTE
) -> tuple[Text, ...]:
    """`⇄ [es→en]` for a translation note (with `+N` for more), `↗ 2` for links."""
    badges: list[Text] = []
    notes = annotations.translations
    if notes:
        badge = Text(TRANSLATION_MARK + " ", style=palette.badge, end="")
        badge.append_text(language_badge(notes[0], palette=palette))
        if len(notes) > 1:
            badge.append(f" +{len(notes) - 1}", palette.badge)
        badges.append(badge)
    urls = unique_links(annotations.links)
    if urls:
        badges.append(Text(f"{LINK_MARK} {len(urls)}", style=palette.link_badge, end=""))
    return tuple(badges)


def _start_of(comment: Comment) -> str:
    raw = comment.raw_body
    if len(raw) <= ANNOTATED_CHARS:
        return comment.body
    start = raw[:ANNOTATED_CHARS]
    return start if isinstance(start, str) else start.decode("utf-8", "replace")


def unique_links(links: Iterable[Link]) -> list[Link]:
    """The links with repeated URLs dropped, in text order."""
    seen: set[str] = set()
    kept: list[Link] = []
    for link in links:
        if link.url not in seen:
            seen.add(link.url)
            kept.append(link)
    return kept


class NotesCache:
    """Annotations and badges per comment id, computed on first use (LRU-bounded)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._entries: OrderedDict[str, CommentNotes] = OrderedDict()
        self._palette = DEFAULT_PALETTE
        """What the cached badges are styled with."""

    def get(self, comment: Comment) -> CommentNotes:
        entry = self._entries.get(comment.id)
        if entry is None:
            found = annotate_text(_start_of(comment)) if comment.raw_body else EMPTY
            entry = CommentNotes(found or EMPTY, header_badges(found, palette=self._palette))
            self._entries[comment.id] = entry
            if len(self._entries) > self._size:
                self._entries.popitem(last=False)
        else:
            self._entries.move_to_end(comment.id)
        return entry

    def peek(self, comment_id: str) -> CommentNotes | None:
        """The cached entry, if any, without computing or reordering."""
        return self._entries.get(comment_id)

    def body_notes(self, comment: Comment) -> tuple[TranslationNote, ...] | None:
        """The translation notes of a comment's whole body (None for a giant body, of which
        only the start is annotated): the body's rendering reuses them."""
        if len(comment.raw_body) > ANNOTATED_CHARS:
            return None
        return self.get(comment).annotations.translations

    def badges(self, comment: Comment, *, palette: Palette = DEFAULT_PALETTE) -> tuple[Text, ...]:
        """The header badges of a comment in `palette` (a new palette restyles the cached
        badges; the annotations are kept)."""
        if palette is not self._palette:
            if palette != self._palette:
                for key, entry in list(self._entries.items()):
                    badges = header_badges(entry.annotations, palette=palette)
                    self._entries[key] = CommentNotes(entry.annotations, badges)
            self._palette = palette
        return self.get(comment).badges

    def clear(self) -> None:
        self._entries.clear()


def note_keys(nodes: FlatNodes, stop: Callable[[], bool] = lambda: False) -> set[Hashable] | None:
    """The keys (`FlatNodes.keyed_bodies`) of every comment whose body (a giant body's
    start) holds a translation note; None if `stop()` says so. Run off the UI thread, it
    rests every couple of milliseconds (`Turns`), so keys stay quick."""
    found: set[Hashable] = set()
    turn = Turns()
    for number, (key, body) in enumerate(nodes.keyed_bodies()):
        if number % SCAN_BATCH == 0:
            if stop():
                return None
            turn()
        if body and find_translations(body[:ANNOTATED_CHARS]):
            found.add(key)
    return found


def _first_piece(passage: str) -> str:
    """The first line of a passage as rendering shows it: no quote bars or edge blanks."""
    for line in passage.split("\n"):
        piece = line.strip().lstrip(">").strip()
        if piece:
            return piece
    return ""


def _insert(text: Text, at: int, badge: Text) -> None:
    """Insert `badge` and a space into `text` at `at`, keeping every span in place."""
    tail = text[at:]
    text.right_crop(len(text) - at)
    text.append_text(badge)
    text.append(" ")
    text.append_text(tail)


def note_decorator(
    raw: str,
    *,
    notes: Sequence[TranslationNote] | None = None,
    palette: Palette = DEFAULT_PALETTE,
) -> Decorate:
    """A block decorator for one body: notes and links styled (`block_styler`), and the
    language badge (`[es→en]`) put in front of each note's original.

    `notes` are the body's notes when the caller has them (a `NotesCache` entry); else they
    are found here, once. The badge goes before the whole note when the block holds it,
    else before the original's first line (a note split over paragraphs). Only a badge is
    added; no character of the text changes.
    """
    if notes is None:
        notes = find_translations(raw) if len(raw) >= 4 else []
    style_block = block_styler(raw, notes, palette=palette)
    firsts = [
        (piece, language_badge(note, palette=palette))
        for note in notes
        if len(piece := _first_piece(note.original)) >= 2
    ]

    def decorate_block(text: Text) -> None:
        local = style_block(text)
        if not firsts:
            return
        plain = text.plain
        places: dict[int, Text] = {}
        for piece, badge in firsts:
            at = plain.find(piece)
            if at < 0:
                continue
            for note in local:
                if note.start <= at < note.end:
                    at = note.start
                    break
            while at > 0 and plain[at - 1] in OPENING_QUOTES:
                at -= 1  # outside the original's quote marks, not inside them
            places.setdefault(at, badge)
        for at in sorted(places, reverse=True):
            _insert(text, at, places[at])

    return decorate_block
