"""Sanitising untrusted text: controls, escape sequences and invisible characters become symbols.

Thread files come from the web, and Rich/Textual pass ESC, C1 controls, NUL and bidi
overrides straight to the terminal. Everything from a file goes through `sanitize` (or
`safe_text` / `safe_content`, which also dim the symbols) before it becomes something a
terminal sees. The model keeps the raw text; only the display changes.

What is replaced, and by what (the symbols are what a user sees, styled dim):

- C0 controls except newline and tab: the Unicode control pictures, ``␀`` ... ``␟``;
  DEL is ``␡``. ESC is ``␛``.
- Escape sequences (CSI, OSC, DCS, SOS, PM, APC and two-byte ESC forms): ESC becomes ``␛``
  and the rest of the sequence stays as plain characters, all dimmed together, so
  ``ESC ] 52 ; c ; … BEL`` shows as ``␛]52;c;…␇``.  A string sequence without a
  terminator is dimmed for at most `STRING_LIMIT` characters and only over printable ASCII.
- C1 controls U+0080-U+009F: their standard abbreviation in angle brackets (``<CSI>``,
  ``<OSC>``, ``<NEL>`` ...); the 8-bit sequences they start are dimmed like 7-bit ones.
- Bidi controls: ``<LRE>`` ``<RLE>`` ``<PDF>`` ``<LRO>`` ``<RLO>`` ``<LRI>`` ``<RLI>``
  ``<FSI>`` ``<PDI>`` ``<LRM>`` ``<RLM>`` ``<ALM>``.
- Zero-width and other invisible format characters: ``<ZWSP>``, ``<WJ>``, ``<BOM>``,
  ``<LS>``, ``<PS>``, ``<MVS>``, Hangul fillers and any other format character (category
  Cf) as ``<U+XXXX>``. Exceptions that real text needs: ZWJ and ZWNJ between two non-ASCII
  characters (emoji sequences, Persian, Indic scripts) are kept; next to ASCII or a space
  they show as ``<ZWJ>``/``<ZWNJ>``. Emoji tag sequences (subdivision flags) are kept, and
  the soft hyphen is kept (terminals draw it as a hyphen).
- Lone surrogates (from undecodable bytes): ``�``.
- Combining marks: at most `MAX_MARKS` in a row are kept after a character; the rest are
  dropped and replaced by one ``<+N marks>`` marker (zalgo text stays readable and cheap).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

if TYPE_CHECKING:
    from textual.content import Content

MAX_MARKS = 3
"""Combining marks kept in a row after one base character."""

STRING_LIMIT = 256
"""Characters of an unterminated OSC/DCS/APC/PM/SOS payload dimmed as part of the sequence."""

SYMBOL_STYLE = "dim"
"""How replacement symbols look: visible, but quieter than the text around them."""

_C1_NAMES = (
    "PAD",
    "HOP",
    "BPH",
    "NBH",
    "IND",
    "NEL",
    "SSA",
    "ESA",
    "HTS",
    "HTJ",
    "VTS",
    "PLD",
    "PLU",
    "RI",
    "SS2",
    "SS3",
    "DCS",
    "PU1",
    "PU2",
    "STS",
    "CCH",
    "MW",
    "SPA",
    "EPA",
    "SOS",
    "SGC",
    "SCI",
    "CSI",
    "ST",
    "OSC",
    "PM",
    "APC",
)

_NAMED = {
    "\u061c": "ALM",
    "\u180e": "MVS",
    "\u200b": "ZWSP",
    "\u200c": "ZWNJ",
    "\u200d": "ZWJ",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u2028": "LS",
    "\u2029": "PS",
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2060": "WJ",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\ufeff": "BOM",
}
_NAMED.update({chr(0x80 + i): name for i, name in enumerate(_C1_NAMES)})

_INVISIBLE_LETTERS = "\u115f\u1160\u3164\uffa0"
"""Hangul fillers: letters that draw nothing, a known way to fake blank names."""

_KEPT_FORMAT = {"\u00ad"}
"""The soft hyphen: a format character, but terminals draw it as a hyphen."""
_JOINERS = "\u200c\u200d"
_FLAG_TAGS = re.compile("\U0001f3f4[\U000e0020-\U000e007e]{1,16}\U000e007f")

_ESC_SEQUENCE = (
    r"\x1b(?:"
    r"\[[0-?]*[ -/]*[@-~]?"  # CSI
    rf"|[\]PX^_][ -~]{{0,{STRING_LIMIT}}}(?:\x07|\x1b\\|\x9c)?"  # OSC DCS SOS PM APC
    r"|[ -/]*[0-~]?"  # nF / Fp / Fe / Fs two-byte forms
    r")"
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
    rf"|[\x90\x98\x9d\x9e\x9f][ -~]{{0,{STRING_LIMIT}}}(?:\x07|\x1b\\|\x9c)?"
)
_CONTROLS = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
_ASCII_SUSPECT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ASCII_UNIT = re.compile(f"(?P<seq>{_ESC_SEQUENCE})|(?P<char>{_CONTROLS})")

# One translation for every single character that needs a symbol of its own.
_C0_PICTURES = {chr(c): chr(0x2400 + c) for c in range(0x20)}
_C0_PICTURES["\x7f"] = "\u2421"


def _symbol_for(char: str) -> str:
    picture = _C0_PICTURES.get(char)
    if picture is not None:
        return picture
    name = _NAMED.get(char)
    if name is not None:
        return f"<{name}>"
    if "\ud800" <= char <= "\udfff":
        return "\ufffd"
    return f"<U+{ord(char):04X}>"


Ranges = tuple[tuple[int, int], ...]


def compute_tables() -> tuple[Ranges, Ranges]:
    """(combining marks, format characters) as code point ranges, from unicodedata (~25 ms)."""
    category = unicodedata.category
    marks: list[int] = []
    formats: list[int] = []
    for cp in (*range(0x300, 0x30000), *range(0xE0000, 0xE1000)):
        cat = category(chr(cp))
        if cat[0] == "M":
            marks.append(cp)
        elif cat == "Cf":
            formats.append(cp)
    return _to_ranges(marks), _to_ranges(formats)


def _to_ranges(codepoints: list[int]) -> Ranges:
    ranges: list[tuple[int, int]] = []
    for cp in codepoints:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return tuple(ranges)


def tables_source() -> str:
    """The text of `_unicode_tables.py` for this Python's Unicode data.

    Regenerate with: python -c "import threadview.render.safe as s; print(s.tables_source(),
    end='')" > threadview/render/_unicode_tables.py
    """
    marks, formats = compute_tables()
    version = unicodedata.unidata_version
    return (
        '"""Unicode tables for the sanitiser, generated by safe.tables_source() (do not edit).\n\n'
        f"From Unicode {version}; used only when the running Python has the same Unicode data\n"
        "version, saving ~25 ms of table scanning at start-up. Otherwise they are computed.\n"
        '"""\n\n'
        "from __future__ import annotations\n\n"
        f'UNIDATA_VERSION = "{version}"\n\n'
        + _ranges_source("MARKS", marks, "Combining marks (categories Mn, Mc, Me).")
        + "\n"
        + _ranges_source("FORMATS", formats, "Format characters (category Cf).")
    )


def _ranges_source(name: str, ranges: Ranges, doc: str) -> str:
    rows = [f"{name}: tuple[tuple[int, int], ...] = ("]
    row = "   "
    for start, end in ranges:
        item = f" (0x{start:X}, 0x{end:X}),"
        if len(row) + len(item) > 96:
            rows.append(row)
            row = "   "
        row += item
    rows += [row, ")", f'"""{doc}"""', ""]
    return "\n".join(rows)


def _tables() -> tuple[Ranges, Ranges]:
    """The committed tables when they match this Python's Unicode data, else computed."""
    from threadview.render import _unicode_tables as committed

    if unicodedata.unidata_version == committed.UNIDATA_VERSION:
        return committed.MARKS, committed.FORMATS
    return compute_tables()


def _class(ranges: Ranges | list[tuple[int, int]]) -> str:
    """A regex character-class body for code point ranges."""
    return "".join(
        re.escape(chr(start)) if start == end else f"{re.escape(chr(start))}-{re.escape(chr(end))}"
        for start, end in ranges
    )


@lru_cache(maxsize=1)
def _unicode_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(suspect, unit) for any text, built once on first non-ASCII text.

    `suspect` finds the next character that may need work with one fast character class;
    `unit` then says what starts there.
    """
    marks, formats = _tables()
    kept = {ord(c) for c in _KEPT_FORMAT}
    extra = {ord(c) for c in (*_NAMED, *_INVISIBLE_LETTERS)} - kept
    invisible = sorted(
        {cp for start, end in formats for cp in range(start, end + 1)} - kept | extra
    )
    invisible_ranges = _to_ranges(invisible)
    invisible_class = f"{_class(invisible_ranges)}\\ud800-\\udfff"
    bmp = sorted(
        (start, min(end, 0xFFFF)) for start, end in (*marks, *invisible_ranges) if start < 0x10000
    )
    # Any astral character is a candidate: a class with astral ranges is scanned range by
    # range, while one BMP class plus one astral range keeps the fast bitmap lookup.
    suspect = re.compile(
        f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_class(bmp)}\\ud800-\\udfff\\U00010000-\\U0010ffff]"
    )
    unit = re.compile(
        f"(?P<flag>{_FLAG_TAGS.pattern})"
        f"|(?P<seq>{_ESC_SEQUENCE})"
        f"|(?P<marks>[{_class(marks)}]+)"
        f"|(?P<char>{_CONTROLS}|[{invisible_class}])"
    )
    return suspect, unit


@lru_cache(maxsize=1)
def unsafe_character() -> re.Pattern[str]:
    """One character that must never leave the program raw, whatever the destination.

    C0 controls but newline and tab, DEL, C1 controls, format characters (bidi controls,
    zero-width characters, tags, the BOM...), the line and paragraph separators and lone
    surrogates. JSON output escapes these; text output shows them as `sanitize` does.
    """
    _, formats = _tables()
    return re.compile(
        f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_class(formats)}\\u2028\\u2029\\ud800-\\udfff]"
    )


def _joiner_allowed(text: str, index: int) -> bool:
    """ZWJ/ZWNJ between two non-ASCII, non-space characters is real text, not a trick."""
    if index == 0 or index + 1 >= len(text):
        return False
    before, after = text[index - 1], text[index + 1]
    return not (before.isascii() or after.isascii() or before.isspace() or after.isspace())


def scan(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The sanitised text and the (start, end) offsets of the symbols in it."""
    if text.isascii():
        return _rebuild(text, _ASCII_SUSPECT, _ASCII_UNIT)
    return _rebuild(text, *_unicode_patterns())


def _rebuild(
    text: str, suspect: re.Pattern[str], unit: re.Pattern[str]
) -> tuple[str, list[tuple[int, int]]]:
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    size = last = 0
    found = suspect.search(text)
    while found is not None:
        start = found.start()
        match = unit.match(text, start)
        if match is None:  # an ordinary astral character (emoji, CJK extension)
            found = suspect.search(text, start + 1)
            continue
        end = match.end()
        found = suspect.search(text, end)
        kind = match.lastgroup
        if (
            kind == "flag"
            or (kind == "marks" and end - start <= MAX_MARKS)
            or (kind == "char" and text[start] in _JOINERS and _joiner_allowed(text, start))
        ):
            continue
        if kind == "marks":
            start += MAX_MARKS
            replacement = f"<+{end - start} marks>"
        elif kind == "char":
            replacement = _symbol_for(text[start])
        else:
            replacement = _sequence_symbols(match.group())
        pieces.append(text[last:start])
        size += start - last
        pieces.append(replacement)
        spans.append((size, size + len(replacement)))
        size += len(replacement)
        last = end
    if not pieces:
        return text, []
    pieces.append(text[last:])
    return "".join(pieces), spans


def _sequence_symbols(sequence: str) -> str:
    """A whole escape sequence (ASCII apart from its C1 introducer): controls as symbols."""
    return "".join(_symbol_for(c) if _is_control(c) else c for c in sequence)


def _is_control(char: str) -> bool:
    code = ord(char)
    return (code < 0x20 and char not in "\n\t") or 0x7F <= code <= 0x9F


def sanitize(text: str) -> str:
    """`text` with every control, escape sequence and invisible trick replaced by a symbol."""
    return scan(text)[0]


def safe_text(text: str, style: str | Style = "") -> Text:
    """A Rich Text of sanitised `text` with the symbols dimmed. Never parses markup."""
    plain, spans = scan(text)
    result = Text(plain, style=style, end="")
    for start, end in spans:
        result.stylize(SYMBOL_STYLE, start, end)
    return result


def safe_content(text: str, style: str | Style = "") -> Content:
    """The same as `safe_text`, as Textual Content for Static, Label, notify and titles."""
    from textual.content import Content

    return Content.from_rich_text(safe_text(text, style))
