"""Gates for thread text leaving the program: the clipboard, standard output and files.

The screen has `safe.sanitize`; everything else that carries thread text out goes through
one of these, so no raw control reaches a terminal later either:

- `clipboard_text`: every copy. A terminal pastes the clipboard as if it were typed, so raw
  thread text there is a way in: ``ESC [201~`` ends a shell's bracketed paste early and
  the lines after it run as commands; bidi controls reorder what the pasted text seems
  to say; a lone surrogate cannot even be encoded. Copied text reads as the reader shows
  it: every control but newline and tab, escape sequence, bidi control and invisible
  character becomes the same visible symbol, and a lone surrogate becomes ``�``.
- `escape_json`: JSON output, where those characters become ``\\uXXXX`` escapes
  (lossless: `json.loads` gives the raw text back).
- `GatedWriter`: a stream that passes every write through one of them (text output
  uses `safe.sanitize`, so a piped dump shows the reader's symbols too).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from threadview.render.safe import scan, unsafe_character


@dataclass(frozen=True, slots=True)
class ClipboardText:
    """Text that may go to the clipboard, and how many things in it were made visible.

    `replaced` counts replacements, not characters: a whole escape sequence is one.
    """

    text: str
    replaced: int

    @property
    def note(self) -> str:
        """What a notification adds when something was replaced, else an empty string."""
        if not self.replaced:
            return ""
        things = "character or sequence" if self.replaced == 1 else "characters or sequences"
        return f"; {self.replaced:,} control or invisible {things} copied as visible symbols"


def clipboard_text(text: str) -> ClipboardText:
    """The clipboard gate: `text` made safe to paste into a terminal, and what changed."""
    clean, spans = scan(text)
    return ClipboardText(clean, len(spans))


def _json_escape(char: str) -> str:
    return f"\\u{ord(char):04x}" if ord(char) < 0x10000 else _pair(ord(char))


def _pair(code: int) -> str:
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def escape_json(chunk: str) -> str:
    """A piece of JSON text with every unsafe character as a ``\\uXXXX`` escape.

    Such characters can only stand inside JSON strings (the syntax is ASCII), where an
    escape means the same character, so any chunk of a JSON document can be passed."""
    if chunk.isascii() and "\x7f" not in chunk:
        return chunk  # json.dumps escaped every other ASCII control already
    return unsafe_character().sub(lambda found: _json_escape(found.group()), chunk)


class GatedWriter:
    """A text stream that passes each write through `gate` before `out` sees it."""

    def __init__(self, out: TextIO, gate: Callable[[str], str]) -> None:
        self._out = out
        self._gate = gate

    def write(self, text: str) -> int:
        return self._out.write(self._gate(text))

    def flush(self) -> None:
        self._out.flush()
