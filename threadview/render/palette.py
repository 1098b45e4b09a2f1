"""The colours of the comment look as Rich styles: what the render functions take.

`DEFAULT_PALETTE` is the look outside a themed app (tests, tools); in the reader the panes
fill a `Palette` from component classes styled with theme variables
(`ui/palette_classes.py`), so a theme recolours authors, guides, notes, links and badges.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style


@dataclass(frozen=True, slots=True)
class Palette:
    """One style per coloured part of a comment, its header and its annotations."""

    author: Style
    op: Style
    """The author of a comment marked `op`."""
    marker: Style
    """A header marker such as `[op]`."""
    spotlight: Style
    """The name of the author the reader spotlights (`a`)."""
    spotlight_mark: Style
    """The mark put before a spotlit author's name."""
    hidden: Style
    """`— 3 replies hidden` on a folded comment."""
    orphan: Style
    guides: tuple[Style, ...]
    """The depth guides' colours, repeated for deeper levels."""
    link: Style
    domain: Style
    """A domain cited in prose (no scheme)."""
    original: Style
    """A translation note's original passage."""
    translation: Style
    badge: Style
    """The translation badges (`⇄ [es→en]`)."""
    link_badge: Style
    """The links badge (`↗ 2`)."""
    bookmark: Style
    """The bookmark star."""
    new_mark: Style
    """Reading memory's dot on a comment new since the last visit."""
    edited_mark: Style
    """Reading memory's mark on a comment edited since the last save."""
    source: Style
    """A cited host in the Sources panel."""
    citer: Style
    """Who cites a host, in the Sources panel."""
    citing_article: Style
    """"the article" as the citer, in the Sources panel."""
    cited: Style
    """What a comment cited, in the Sources panel."""

    def guide(self, level: int) -> Style:
        """The guide style of a depth level (0 is the outermost)."""
        return self.guides[level % len(self.guides)]


_BLUE, _GREEN, _ORANGE, _PURPLE, _TEAL, _GOLD = (
    "#5f87d7",
    "#87af5f",
    "#d7875f",
    "#af87d7",
    "#5fafaf",
    "#d7af5f",
)
_SKY, _STEEL, _LEAF, _MINT = "#5fafff", "#87afd7", "#87d787", "#5fd7af"

DEFAULT_PALETTE = Palette(
    author=Style(bold=True, color=_STEEL),
    op=Style(bold=True, color=_GOLD),
    marker=Style(color=_GOLD),
    spotlight=Style(bold=True, color="#000000", bgcolor=_MINT),
    spotlight_mark=Style(bold=True, color=_MINT),
    hidden=Style(italic=True, color=_GOLD),
    orphan=Style(italic=True, color=_ORANGE),
    guides=tuple(Style(color=c) for c in (_BLUE, _GREEN, _ORANGE, _PURPLE, _TEAL, _GOLD)),
    link=Style(color=_SKY, underline=True),
    domain=Style(color=_SKY, bold=True),
    original=Style(color=_GOLD, italic=True),
    translation=Style(color=_LEAF),
    badge=Style(color=_GOLD, bold=True),
    link_badge=Style(color=_SKY, bold=True),
    bookmark=Style(color=_GOLD, bold=True),
    new_mark=Style(color=_SKY, bold=True),
    edited_mark=Style(color=_GOLD, italic=True),
    source=Style(color=_SKY, bold=True),
    citer=Style(color=_STEEL),
    citing_article=Style(color=_GOLD, italic=True),
    cited=Style(color=_SKY, dim=True),
)
"""The fixed colours the reader had before themes applied (xterm-256 shades), for
rendering outside a themed app."""
