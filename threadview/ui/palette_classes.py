"""The comment look's colours from the theme: component classes read into a `Palette`.

A pane that draws comments, notes or sources adds `PALETTE_CLASSES` to its
`COMPONENT_CLASSES` and `palette_css(its type)` to its `DEFAULT_CSS`; `read_palette` turns
the classes' current styles into the `render.palette.Palette` the render functions take,
and `ThemedPalette` reads it again when the theme changes (the styles use theme variables).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from textual.dom import DOMNode
from textual.theme import Theme
from textual.widget import Widget

from threadview.render.palette import DEFAULT_PALETTE, Palette

GUIDE_LEVELS = len(DEFAULT_PALETTE.guides)

_RULES: dict[str, str] = {
    "author": "color: $text-primary; text-style: bold;",
    "op": "color: $text-warning; text-style: bold;",
    "marker": "color: $text-warning;",
    "spotlight": "color: $text-success; text-style: bold reverse;",
    "spotlight_mark": "color: $text-success; text-style: bold;",
    "hidden": "color: $text-warning; text-style: italic;",
    "orphan": "color: $text-error; text-style: italic;",
    "link": "color: $text-primary; text-style: underline;",
    "domain": "color: $text-primary; text-style: bold underline;",
    "original": "color: $text-warning; text-style: italic;",
    "translation": "color: $text-success;",
    "badge": "color: $text-warning; text-style: bold;",
    "link_badge": "color: $text-primary; text-style: bold;",
    "bookmark": "color: $text-warning; text-style: bold;",
    "new_mark": "color: $text-primary; text-style: bold;",
    "edited_mark": "color: $text-warning; text-style: italic;",
    "source": "color: $text-primary; text-style: bold;",
    "citer": "color: $text-primary;",
    "citing_article": "color: $text-warning; text-style: italic;",
    "cited": "color: $text-primary; text-style: dim;",
}
_GUIDES = (
    "$text-primary",
    "$text-success",
    "$text-accent",
    "$text-secondary",
    "$text-error",
    "$text-warning",
)
"""Six guide colours; accent and warning (the same in some themes) are kept apart."""


def _class(field: str) -> str:
    return "palette--" + field.replace("_", "-")


def _guide_class(level: int) -> str:
    return f"palette--guide-{level + 1}"


PALETTE_CLASSES: frozenset[str] = frozenset(
    [_class(name) for name in _RULES] + [_guide_class(level) for level in range(GUIDE_LEVELS)]
)
"""The component classes a palette is read from."""


def palette_css(widget_type: str) -> str:
    """The palette's component-class rules for one widget type's `DEFAULT_CSS`."""
    rules = [f"{widget_type} > .{_class(name)} {{ {rule} }}" for name, rule in _RULES.items()]
    rules += [
        f"{widget_type} > .{_guide_class(level)} {{ color: {colour}; }}"
        for level, colour in enumerate(_GUIDES)
    ]
    return "\n".join(rules) + "\n"


def read_palette(node: DOMNode) -> Palette:
    """The palette as `node`'s component classes style it now (the default before they
    are set up, i.e. before the node is mounted)."""
    try:
        node.get_component_styles(_guide_class(0))
    except KeyError:
        return DEFAULT_PALETTE

    def style(name: str) -> Style:
        return node.get_component_styles(_class(name)).partial_rich_style

    return Palette(
        author=style("author"),
        op=style("op"),
        marker=style("marker"),
        spotlight=style("spotlight"),
        spotlight_mark=style("spotlight_mark"),
        hidden=style("hidden"),
        orphan=style("orphan"),
        guides=tuple(
            node.get_component_styles(_guide_class(level)).partial_rich_style
            for level in range(GUIDE_LEVELS)
        ),
        link=style("link"),
        domain=style("domain"),
        original=style("original"),
        translation=style("translation"),
        badge=style("badge"),
        link_badge=style("link_badge"),
        bookmark=style("bookmark"),
        new_mark=style("new_mark"),
        edited_mark=style("edited_mark"),
        source=style("source"),
        citer=style("citer"),
        citing_article=style("citing_article"),
        cited=style("cited"),
    )


class ThemedPalette:
    """A widget's palette: read from its component classes on first use, and again when
    the app's theme changes, when `changed` runs (to drop what was drawn in the old one)."""

    def __init__(self, widget: Widget, changed: Callable[[], object]) -> None:
        self._widget = widget
        self._changed = changed
        self._palette: Palette | None = None

    def watch_theme(self) -> None:
        """Follow the app's theme (call once the widget is mounted)."""
        self._widget.app.theme_changed_signal.subscribe(self._widget, self._theme_changed)

    @property
    def palette(self) -> Palette:
        if self._palette is None:
            palette = read_palette(self._widget)
            if palette is DEFAULT_PALETTE:  # not styled yet: ask again later
                return palette
            self._palette = palette
        return self._palette

    def _theme_changed(self, theme: Theme) -> None:
        palette = read_palette(self._widget)
        if palette != self._palette:
            self._palette = palette
            self._changed()
