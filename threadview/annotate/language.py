"""Guess the language of a short passage: script ranges first, then stop words for Latin text.

Small, dependency-free and cheap to import; it answers ``None`` when unsure rather than
guessing, because a wrong language badge is worse than none.
"""

from __future__ import annotations

import re

# (first code point, last code point, script) for the scripts we can name a language for.
_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0530, 0x058F, "armenian"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0x0980, 0x09FF, "bengali"),
    (0x0A00, 0x0A7F, "gurmukhi"),
    (0x0B80, 0x0BFF, "tamil"),
    (0x0E00, 0x0E7F, "thai"),
    (0x10A0, 0x10FF, "georgian"),
    (0x1100, 0x11FF, "hangul"),
    (0x1E00, 0x1EFF, "latin"),
    (0x1F00, 0x1FFF, "greek"),
    (0x3040, 0x30FF, "kana"),
    (0x3130, 0x318F, "hangul"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xAC00, 0xD7AF, "hangul"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
)

_SCRIPT_LANGUAGE = {
    "greek": "el",
    "armenian": "hy",
    "hebrew": "he",
    "devanagari": "hi",
    "bengali": "bn",
    "gurmukhi": "pa",
    "tamil": "ta",
    "thai": "th",
    "georgian": "ka",
    "hangul": "ko",
}


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the and of to is in that it was for on are with as i be at this have from or by not"
        " but what we you they he she did do does has had were will would can an my your"
        " their there which who been if so just about than then them our its don't it's i'm"
        " can't won't isn't"
        " his her him said one all when how more out up because people very only also into"
    ),
    "es": _words(
        "el la los las de del y que en un una es por con para no se su al lo como más pero"
        " sus le ya o este esta fue ha muy sin sobre también me hasta hay donde quien desde"
        " todo nos durante uno ni contra ese eso está son"
        " ella nadie porque cuando todos así bien ahora siempre nunca mucho otro otra aquí"
        " entre después tiene tienen hace puede quiere dijo había han están hizo qué cómo eres"
        " soy estoy estás nada algo"
    ),
    "fr": _words(
        "le la les de des du et est un une que qui dans pour pas sur au aux avec ce cette il"
        " elle ne se sont en par plus mais ou nous vous je tu leur été être avait fait ont"
        " comme tout"
        " ils était avoir très aussi ça quand sans leurs dit peut faire rien oui non déjà où"
    ),
    "de": _words(
        "der die das und ist nicht ein eine zu den von mit sich des auf für im dem ich sie"
        " es er wir ihr auch als an nach wie aber wird bei noch nur oder sind war hat haben"
        " dass kein keine"
        " wurde werden sein kann muss schon mehr doch immer hier jetzt heute sehr gibt einen"
        " einem einer über zum zur diese dieser"
    ),
    "it": _words(
        "il lo la gli le di e che è un una per non con del della dei delle sono si da al"
        " nel nella ma come anche più questo questa ha ho hanno essere stato era molto"
        " perché quando tutto ancora sempre mai niente cosa solo fatto dopo già qui sua suo"
        " loro noi voi vuole mi ti ci"
    ),
    "pt": _words(
        "o a os as de do da dos das e que em um uma é para com não por se na no nas nos"
        " mais mas como foi ao ele ela seu sua ou são está também muito já isso"
        " você eles elas quando porque tem têm ainda depois aqui nada tudo nunca sempre estão"
        " pelo pela nem seus suas disse fazer"
    ),
    "nl": _words(
        "de het een en van is dat op te in zijn niet met voor die er aan ook als maar om"
        " door bij nog wel naar dan heeft hij zij wij ik je geen wordt werd"
        " wat hoe waar omdat alleen veel moet kan zou hebben worden deze dit hun zo"
    ),
}

# Letters that only (or mostly) occur in one Latin-script language.
_DIACRITIC_HINTS: dict[str, tuple[str, float]] = {
    "ñ": ("es", 2.0),
    "¿": ("es", 2.0),
    "¡": ("es", 2.0),
    "ó": ("es", 0.5),
    "í": ("es", 0.5),
    "ã": ("pt", 2.0),
    "õ": ("pt", 2.0),
    "ç": ("pt", 0.5),
    "ß": ("de", 2.0),
    "ä": ("de", 1.0),
    "ö": ("de", 1.0),
    "ü": ("de", 1.0),
    "œ": ("fr", 2.0),
    "è": ("fr", 1.0),
    "ê": ("fr", 1.0),
    "î": ("fr", 1.0),
    "û": ("fr", 1.0),
    "à": ("fr", 0.5),
    "ë": ("nl", 1.0),
    "ij": ("nl", 0.5),
    "ì": ("it", 1.0),
    "ò": ("it", 1.0),
}

_OWNERS: dict[str, tuple[str, ...]] = {}
for _language, _stop_words in _STOP_WORDS.items():
    for _word in _stop_words:
        _OWNERS[_word] = (*_OWNERS.get(_word, ()), _language)

_ASCII_LETTER = re.compile("[A-Za-z]")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_LANGUAGE_NAMES = {
    "arabic": "ar",
    "chinese": "zh",
    "dutch": "nl",
    "english": "en",
    "french": "fr",
    "german": "de",
    "greek": "el",
    "hebrew": "he",
    "hindi": "hi",
    "italian": "it",
    "japanese": "ja",
    "korean": "ko",
    "persian": "fa",
    "farsi": "fa",
    "polish": "pl",
    "portuguese": "pt",
    "russian": "ru",
    "spanish": "es",
    "turkish": "tr",
    "ukrainian": "uk",
}


def language_from_name(name: str) -> str | None:
    """The code for an English language name ("Spanish" -> "es"), None if unknown."""
    return _LANGUAGE_NAMES.get(name.strip().lower())


def char_script(ch: str) -> str | None:
    """The script of one character: "latin", a name from the table, or None (digits,
    punctuation, symbols and scripts we do not track)."""
    code = ord(ch)
    if code < 0x80:
        return "latin" if ch.isalpha() else None
    if 0xC0 <= code <= 0x24F:
        return "latin" if ch.isalpha() else None
    for first, last, script in _SCRIPT_RANGES:
        if first <= code <= last:
            return script if ch.isalpha() else None
        if code < first:
            return None
    return None


def script_counts(text: str) -> dict[str, int]:
    """How many letters of each tracked script the text holds."""
    counts: dict[str, int] = {}
    for ch in text:
        script = char_script(ch)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    return counts


def _ascii_has_letters(text: str) -> bool:
    return _ASCII_LETTER.search(text) is not None


def dominant_script(text: str) -> str | None:
    """The script most of the text's letters are in (None when it has no letters)."""
    if text.isascii():
        return "latin" if _ascii_has_letters(text) else None
    counts = script_counts(text)
    if not counts:
        return None
    return max(counts.items(), key=lambda item: item[1])[0]


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code for the passage's language, or None when unsure."""
    if text.isascii():
        return _latin_language(text) if _ascii_has_letters(text) else None
    counts = script_counts(text)
    if not counts:
        return None
    script = max(counts.items(), key=lambda item: item[1])[0]
    if script == "latin":
        return _latin_language(text)
    if script in ("han", "kana"):
        return "ja" if counts.get("kana") else "zh"
    if script == "cyrillic":
        return _cyrillic_language(text)
    if script == "arabic":
        return _arabic_language(text)
    return _SCRIPT_LANGUAGE.get(script)


def _cyrillic_language(text: str) -> str:
    if any(ch in text for ch in "їєґЇЄҐ"):
        return "uk"
    if any(ch in text for ch in "ђћџЂЋЏ"):
        return "sr"
    if any(ch in text for ch in "ўЎ"):
        return "be"
    return "ru"


def _arabic_language(text: str) -> str:
    if any(ch in text for ch in "ٹڈڑںے"):
        return "ur"
    if any(ch in text for ch in "پچژگ"):
        return "fa"
    return "ar"


def _latin_language(text: str) -> str | None:
    """Stop-word hits per language (a word shared by k languages counts 1/k for each) plus
    diacritic hints; the winner when it is clearly ahead, else None."""
    scores = dict.fromkeys(_STOP_WORDS, 0.0)
    lowered = text.lower()
    words = _WORD.findall(lowered)
    for word in words:
        owners = _OWNERS.get(word)
        if owners:
            for language in owners:
                scores[language] += 1.0 / len(owners)
    for ch, (language, weight) in _DIACRITIC_HINTS.items():
        if ch in lowered:
            scores[language] += weight
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 1.5 or top < second + 0.75:
        return None
    return best
