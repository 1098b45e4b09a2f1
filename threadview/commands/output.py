"""What the commands share about output: text or JSON, one-line safe text, bold matches."""

from __future__ import annotations

import argparse
import os
from typing import TextIO

from threadview.render.safe import sanitize

BOLD, PLAIN = "\x1b[1m", "\x1b[22m"


def format_option(parser: argparse.ArgumentParser, json_help: str) -> None:
    parser.add_argument(
        "--format",
        choices=("json", "text"),
        default=None,
        help=f"output format (default: {json_help} when stdout is not a terminal, else text)",
    )


def wants_text(args: argparse.Namespace, out: TextIO) -> bool:
    """Text when asked, or by default on a terminal (as `dump` decides)."""
    return args.format == "text" if args.format else out.isatty()


def one_line(text: str) -> str:
    """Sanitised text with every run of whitespace (newlines too) made one space."""
    return sanitize(" ".join(text.split()))


def shown_path(raw: bytes) -> str:
    """A file name for a terminal on one line: undecodable bytes as U+FFFD, controls as
    symbols, and newline and tab too (in a name they are not layout)."""
    return sanitize(os.fsdecode(raw)).replace("\n", "\u240a").replace("\t", "\u2409")


def emphasised(text: str, spans: tuple[tuple[int, int], ...], styled: bool) -> str:
    """`text` sanitised, with `spans` in bold when `styled` (escapes added after the gate)."""
    pieces: list[str] = []
    at = 0
    for start, end in spans:
        if start < at:
            continue
        pieces.append(sanitize(text[at:start]))
        middle = sanitize(text[start:end])
        pieces.append(f"{BOLD}{middle}{PLAIN}" if styled else middle)
        at = end
    pieces.append(sanitize(text[at:]))
    return "".join(pieces)
