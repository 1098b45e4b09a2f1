"""Find translation notes in raw text: a passage in one language and its translation.

Three forms: `"quoted" >> "quoted"` (also ->, →, =>, =); a passage followed by a line that
starts with a marker (Translation:, TL:, English:, (translated), ...); and a passage followed
by its translation in brackets. Code is skipped, and a pair is only a note when the two
sides are told apart by script or language: ordinary quotes and arrows stay plain text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from threadview.annotate.code import CodeRegions
from threadview.annotate.language import (
    char_script,
    detect_language,
    dominant_script,
    language_from_name,
)
from threadview.annotate.patterns import LazyPattern
from threadview.annotate.spans import without_overlaps

Span = tuple[int, int]

_QUOTED = r"\"[^\"\n]+\"|“[^“”\n]+”|„[^„“”\n]+[“”]|«[^«»\n]+»|‘[^‘’\n]+’|(?<!\w)'[^'\n]+'(?!\w)"
_ARROW = LazyPattern(
    r"(?P<q1>" + _QUOTED + r")[ \t]*(?:\n[ \t]*)?"
    r"(?P<arrow>>>|-{1,2}>|→|⟶|⇒|={1,2}>|=(?![=>]))"
    r"[ \t]*(?:\n[ \t]*)?(?P<q2>" + _QUOTED + r")"
)
_MARKER = LazyPattern(
    r"^[ \t]*(?:>[ \t]*)*[*_]{0,2}"
    r"(?:(?:translation|translated|trans|tl(?![ \t]*:[ \t]*dr\b)|english)"
    r"(?:[ \t]+from[ \t]+(?P<lang1>[a-z]+))?[*_]{0,2}[ \t]*:"
    r"|[(\[]translated(?:[ \t]+from[ \t]+(?P<lang2>[a-z]+))?[)\]][ \t]*:?)"
    r"[*_]{0,2}[ \t]*",
    re.IGNORECASE | re.MULTILINE,
)
_SUFFIX_MARKER = LazyPattern(
    r"[ \t]*[(\[]translated(?:[ \t]+from[ \t]+(?P<lang>[a-z]+))?[)\]][ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_BRACKETED = LazyPattern(
    r"\(([^()\[\]\n]{2,400})\)|\[([^()\[\]\n]{2,400})\]|（([^（）\n]{1,400})）"
)
_QUOTE_PAIRS = {'"': '"', "”": "“", "“": "„", "»": "«", "’": "‘", "'": "'"}
_EDGE_JUNK = " \t\r\n>\"“”„«»‘’'*_"
_SENTENCE_END = ".!?:;。！？：；\n)]）"
_ARROW_CHARS = (">", "→", "=", "⟶", "⇒")
_QUOTE_CHARS = ('"', "“", "«", "„", "‘", "'")
_MARKER_HINTS = re.compile(
    r"^[ \t>*_]*(?:tl|trans|english|[(\[]translated)|translated[)\]]", re.IGNORECASE | re.MULTILINE
)
# Passages longer than this are not looked at as a whole: it keeps every search local,
# so a megabyte without blank lines still costs one pass.
_REACH = 2000


@dataclass(frozen=True, slots=True)
class TranslationNote:
    """A note over text[start:end]: `original` (in `language` when known) and its
    `translation` (in `target_language` when known), with their spans in the raw text."""

    start: int
    end: int
    original: str
    translation: str
    language: str | None
    original_span: Span
    translation_span: Span
    target_language: str | None = None


def _trimmed(text: str, start: int, end: int) -> Span:
    """The span without surrounding blanks, quote marks and blockquote markers."""
    while start < end and text[start] in _EDGE_JUNK:
        start += 1
    while end > start and text[end - 1] in _EDGE_JUNK:
        end -= 1
    return start, end


def _has_letters(passage: str, minimum: int = 1) -> bool:
    count = 0
    for ch in passage:
        if ch.isalpha():
            count += 1
            if count >= minimum:
                return True
    return False


def _languages_differ(original: str, translation: str) -> tuple[bool, str | None, str | None]:
    """Whether the sides are told apart (by script or detected language), and both languages."""
    first, second = detect_language(original), detect_language(translation)
    if first is not None and first == second:
        return False, first, second
    if dominant_script(original) != dominant_script(translation):
        return True, first, second
    return (first is not None and first != "en") or second is not None, first, second


def _note(
    text: str,
    whole: Span,
    original: Span,
    translation: Span,
    language: str | None,
    target: str | None,
) -> TranslationNote:
    return TranslationNote(
        whole[0],
        whole[1],
        text[original[0] : original[1]],
        text[translation[0] : translation[1]],
        language,
        original,
        translation,
        target,
    )


def _arrow_notes(text: str, code: CodeRegions) -> list[TranslationNote]:
    notes: list[TranslationNote] = []
    for match in _ARROW.finditer(text):
        if code and code.overlaps(match.start(), match.end()):
            continue
        first = (match.start("q1") + 1, match.end("q1") - 1)
        second = (match.start("q2") + 1, match.end("q2") - 1)
        original, translation = text[first[0] : first[1]], text[second[0] : second[1]]
        if not (_has_letters(original, 2) and _has_letters(translation, 2)):
            continue
        if original.strip().casefold() == translation.strip().casefold():
            continue
        differ, language, target = _languages_differ(original, translation)
        if differ:
            notes.append(_note(text, match.span(), first, second, language, target))
    return notes


class _MarkerLines:
    """Where the marker lines are, so a passage never runs into a neighbouring note."""

    __slots__ = ("ends", "starts")

    def __init__(self, spans: list[Span]) -> None:
        spans.sort()
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]

    def last_end_before(self, position: int) -> int:
        """The end of the last marker line that ends at or before `position` (0 if none)."""
        index = bisect.bisect_right(self.ends, position) - 1
        return self.ends[index] if index >= 0 else 0

    def first_start_after(self, position: int, default: int) -> int:
        """The start of the first marker line after `position` (`default` if none)."""
        index = bisect.bisect_right(self.starts, position)
        return self.starts[index] if index < len(self.starts) else default


def _line_span(text: str, start: int, end: int) -> Span:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end + 1


def _paragraph_before(text: str, line_start: int, markers: _MarkerLines) -> Span | None:
    """The paragraph ending just before `line_start` (skipping blank lines), or None."""
    end = line_start
    while end > 0 and text[end - 1] in " \t\n":
        end -= 1
    floor = max(end - _REACH, markers.last_end_before(end))
    if end <= floor:
        return None
    start = text.rfind("\n\n", floor, end)
    start = floor if start < 0 else start + 2
    span = _trimmed(text, start, end)
    return span if span[1] > span[0] else None


def _paragraph_after(text: str, start: int, markers: _MarkerLines) -> Span:
    """From `start` to the end of its paragraph (or of the next one when `start` is at a
    line end); one line only when another marked note follows in the same paragraph."""
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    if not text[start:line_end].strip():
        start = line_end
        while start < len(text) and text[start] in " \t\n":
            start += 1
    limit = min(len(text), start + _REACH)
    end = text.find("\n\n", start, limit)
    end = limit if end < 0 else end
    if markers.first_start_after(start, len(text)) < end:
        # Another note follows in the same paragraph: this translation is one line.
        line_end = text.find("\n", start, end)
        end = end if line_end < 0 else line_end
    return _trimmed(text, start, end)


def _accept_marked(original: str, hinted: str | None) -> tuple[bool, str | None]:
    """A marked passage is a note unless the original reads as English (snark such as
    "Translation: we don't care" after an English quote)."""
    language = hinted or detect_language(original)
    if language == "en":
        return False, language
    if language is not None:
        return True, language
    script = dominant_script(original)
    return script not in (None, "latin") or not original.isascii(), language


def _marker_notes(text: str, code: CodeRegions) -> list[TranslationNote]:
    if ":" not in text and "ranslated" not in text and "RANSLATED" not in text:
        return []
    if not _MARKER_HINTS.search(text):
        return []
    prefixed = list(_MARKER.finditer(text))
    suffixed = list(_SUFFIX_MARKER.finditer(text)) if "ranslated" in text.lower() else []
    markers = _MarkerLines([_line_span(text, m.start(), m.end()) for m in prefixed + suffixed])
    notes: list[TranslationNote] = []
    for match in prefixed:
        hint = match.group("lang1") or match.group("lang2")
        translation = _paragraph_after(text, match.end(), markers)
        notes.extend(_marked(text, code, markers, match.start(), translation, hint))
    for match in suffixed:
        line_start = text.rfind("\n", 0, match.start()) + 1
        translation = _trimmed(text, line_start, match.start())
        notes.extend(
            _marked(
                text,
                code,
                markers,
                line_start,
                translation,
                match.group("lang"),
                whole_end=match.end(),
            )
        )
    return notes


def _marked(
    text: str,
    code: CodeRegions,
    markers: _MarkerLines,
    line_start: int,
    translation: Span,
    hint: str | None,
    whole_end: int | None = None,
) -> list[TranslationNote]:
    original = _paragraph_before(text, line_start, markers)
    if original is None or translation[1] <= translation[0]:
        return []
    end = max(translation[1], whole_end or 0)
    if code and code.overlaps(original[0], end):
        return []
    passage = text[original[0] : original[1]]
    if not _has_letters(passage, 2) or not _has_letters(text[translation[0] : translation[1]], 2):
        return []
    accepted, language = _accept_marked(passage, language_from_name(hint) if hint else None)
    if not accepted:
        return []
    target = detect_language(text[translation[0] : translation[1]])
    return [_note(text, (original[0], end), original, translation, language, target)]


def _family(script: str | None) -> str | None:
    return "cjk" if script in ("han", "kana", "hangul") else script


def _last_letter_script(text: str, start: int, end: int) -> str | None:
    for index in range(end - 1, max(start, end - 40) - 1, -1):
        if text[index].isalpha():
            return char_script(text[index])
    return None


def _passage_before(text: str, paren: int) -> tuple[Span, bool] | None:
    """The passage a bracket follows and whether it was quoted; None if there is none."""
    end = paren
    if end > 0 and text[end - 1] in " \t":
        end -= 1
    if end == 0:
        return None
    floor = max(0, end - _REACH // 10)
    line_start = max(text.rfind("\n", floor, end) + 1, floor)
    closer = text[end - 1]
    if closer in _QUOTE_PAIRS:
        opener = text.rfind(_QUOTE_PAIRS[closer], line_start, end - 1)
        if opener >= 0 and end - 1 - opener > 1:
            return (opener + 1, end - 1), True
    start = end
    script = _last_letter_script(text, line_start, end)
    if script not in (None, "latin"):
        while (
            start > line_start
            and text[start - 1] not in _SENTENCE_END
            and (_family(char_script(text[start - 1])) in (_family(script), None))
        ):
            start -= 1
    else:
        while start > line_start and text[start - 1] not in _SENTENCE_END:
            start -= 1
    span = _trimmed(text, start, end)
    return (span, False) if span[1] > span[0] else None


def _bracket_notes(text: str, code: CodeRegions) -> list[TranslationNote]:
    notes: list[TranslationNote] = []
    for match in _BRACKETED.finditer(text):
        group = 1 if match.group(1) is not None else 2 if match.group(2) is not None else 3
        inner = match.group(group)
        opening = match.start()
        if (opening > 0 and text[opening - 1] == "]") or text.startswith("(", match.end()):
            continue
        if "://" in inner or "www." in inner or inner.lower().startswith("translated"):
            continue
        if not _has_letters(inner, 2) or (code and code.overlaps(opening, match.end())):
            continue
        found = _passage_before(text, opening)
        if found is None:
            continue
        original_span, quoted = found
        original = text[original_span[0] : original_span[1]]
        if not _has_letters(original, 2):
            continue
        translation_span = _trimmed(text, match.start(group), match.end(group))
        translation = text[translation_span[0] : translation_span[1]]
        language, target = detect_language(original), detect_language(translation)
        script = dominant_script(original)
        if script != "latin":
            accepted = script != dominant_script(translation) or (
                language is not None and target is not None and language != target
            )
        else:
            accepted = (
                language not in (None, "en")
                and target != language
                and (target is not None or quoted or dominant_script(translation) != "latin")
            )
        if accepted:
            whole = (original_span[0] - (1 if quoted else 0), match.end())
            notes.append(_note(text, whole, original_span, translation_span, language, target))
    return notes


def find_translations(text: str) -> list[TranslationNote]:
    """Every translation note in `text`, in order, non-overlapping."""
    if len(text) < 5:
        return []
    code = CodeRegions(text)
    notes: list[TranslationNote] = []
    if any(q in text for q in _QUOTE_CHARS) and any(a in text for a in _ARROW_CHARS):
        notes = _arrow_notes(text, code)
    notes = without_overlaps(notes, _marker_notes(text, code))
    if "(" in text or "[" in text or "（" in text:
        notes = without_overlaps(notes, _bracket_notes(text, code))
    return notes
