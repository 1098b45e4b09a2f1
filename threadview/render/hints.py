"""Link hints: short labels to type, and where each link shows on a pane's screen lines.

A pane gives its visible lines (row, rendered `Text`) and, per line, the links its text
holds (`annotate.find_links` over the raw text). A link is found on screen by the style
`render.decorate` gave it (the shown text is part of the link's URL), or failing that by
the start of its URL, with or without its scheme, in the line's plain text (the article's
byline is not styled). Each URL gets one spot: the first place it shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice, product

from rich.cells import cell_len
from rich.text import Text

from threadview.annotate.links import Link
from threadview.render.palette import DEFAULT_PALETTE, Palette

HINT_KEYS = "asdfghjkl"
"""Hint letters, home row first; more links than letters get two letters each."""
URL_PREFIX = 16
"""How much of a URL's start the plain-text fallback looks for."""


def hint_labels(count: int, keys: str = HINT_KEYS) -> list[str]:
    """`count` labels, all of one length (so none is the start of another): single
    letters while they suffice, then pairs, then triples."""
    if count <= 0:
        return []
    length = 1
    while len(keys) ** length < count:
        length += 1
    return ["".join(letters) for letters in islice(product(keys, repeat=length), count)]


@dataclass(frozen=True, slots=True)
class Spot:
    """Where a link shows: the pane's row and the cell column its text starts at."""

    row: int
    column: int
    url: str


@dataclass(frozen=True, slots=True)
class ScreenLine:
    """One visible line of a pane and the links of the text it belongs to."""

    row: int
    text: Text
    links: Sequence[Link]


def link_spots(lines: Iterable[ScreenLine], palette: Palette = DEFAULT_PALETTE) -> list[Spot]:
    """The first spot of each link URL on these lines, top to bottom, left to right
    (links are known by the `palette`'s link and domain styles, as the pane drew them)."""
    styles = (palette.link, palette.domain)
    spots: list[Spot] = []
    placed: set[str] = set()
    pending: list[ScreenLine] = []
    for line in lines:
        found = _styled_spots(line, placed, styles)
        spots += found
        placed.update(spot.url for spot in found)
        pending.append(line)
    for line in pending:  # links shown without a link style (a byline's URL)
        for link in line.links:
            if link.url in placed:
                continue
            column = _plain_column(line.text.plain, link.url)
            if column is not None:
                spots.append(Spot(line.row, column, link.url))
                placed.add(link.url)
    return sorted(spots, key=lambda spot: (spot.row, spot.column))


def _styled_spots(line: ScreenLine, placed: set[str], styles: Sequence[object]) -> list[Spot]:
    plain = line.text.plain
    found: list[Spot] = []
    for span in sorted(line.text.spans, key=lambda span: span.start):
        if span.style not in styles:
            continue
        shown = plain[span.start : span.end].rstrip("…").casefold()
        if "." not in shown:  # a URL or a domain has a dot; an author styled alike has not
            continue
        for link in line.links:
            if link.url in placed or any(spot.url == link.url for spot in found):
                continue
            if shown in link.url.casefold():
                found.append(Spot(line.row, cell_len(plain[: span.start]), link.url))
                break
    return found


def _plain_column(plain: str, url: str) -> int | None:
    """Where the URL's start shows, with its scheme or without (a byline's bare host)."""
    folded, url = plain.casefold(), url.casefold()
    bare = url.split("://", 1)[-1]
    for start in (url[:URL_PREFIX], bare[:URL_PREFIX]):
        at = folded.find(start)
        if start and at >= 0:
            return cell_len(plain[:at])
    return None
