"""Comment bodies from Markdown to wrapped, styled screen lines.

Parsed with markdown-it-py ("commonmark" plus strikethrough and tables, raw HTML shown as
text), imported on first need: bodies in the plain subset (`quick.simple_tokens`) are
tokenised without it. Every piece of text passes through `safe.scan` before it becomes a
Text, and no link style is ever set: Rich and Textual write link URLs raw into an OSC 8
sequence, so a link is shown as its text followed by its URL, styled.

Layout choices: `>` quotes get a bar on every line; list items a bullet or number with a
hanging indent; code blocks keep their lines and are folded at the width (nothing is
cropped, so nothing is hidden); tables become one line per row with cells separated by
bars. Bodies longer than `MAX_MARKDOWN_CHARS`, or nested deeper than markdown-it will
parse, are shown as plain wrapped text: the cost stays bounded and no text is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from threadview.clip import clip
from threadview.render.quick import MarkdownToken as Token
from threadview.render.quick import simple_tokens
from threadview.render.safe import SYMBOL_STYLE, scan
from threadview.render.wrap import Decorate, fold_text, render_plain_lines, truncate, wrap_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

MAX_MARKDOWN_CHARS = 20_000
"""Longer bodies skip Markdown and are wrapped as plain text (sites cap comments at ~10k)."""

MAX_NESTING = 40
"""markdown-it silently drops what lies deeper than this; such bodies are shown as plain text."""

PLAIN_WIDTH = 10_000
"""Width `markdown_plain` renders at: wide enough that wrapping never splits a word."""

MAX_URL_SHOWN = 80
"""Characters of a link's URL shown after its text; the rest becomes "…"."""

STYLES: dict[str, str] = {
    "em": "italic",
    "strong": "bold",
    "s": "strike",
    "code": "bold cyan",
    "code_block": "cyan",
    "link": "underline",
    "url": "dim blue",
    "quote": "dim",
    "bullet": "bold",
    "heading": "bold",
    "h1": "bold underline",
    "rule": "dim",
    "table_bar": "dim",
    "image": "dim italic",
}
"""Styles for Markdown elements: our own constants, never text from a thread."""

BULLETS = ("•", "◦", "▪")
QUOTE_BAR = "▌ "


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The markdown-it parser, made (and markdown-it imported) on first use."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NESTING}).enable(
        ["strikethrough", "table"]
    )


_INLINE_STYLES = {
    "em_open": "em",
    "strong_open": "strong",
    "s_open": "s",
    "link_open": "link",
}
_INLINE_CLOSE = {"em_close", "strong_close", "s_close", "link_close"}


def render_markdown(
    body: str, width: int, *, decorate: Decorate | None = None, base_style: str | Style = ""
) -> list[Text]:
    """`body` rendered from Markdown as screen lines, each at most `width` cells."""
    width = max(1, width)
    if len(body) > MAX_MARKDOWN_CHARS:
        return render_plain_lines(body, width, base_style, decorate=decorate)
    if "\x00" in body:  # CommonMark turns NUL into U+FFFD; show it as everywhere else
        body = body.replace("\x00", "\u2400")
    tokens: Sequence[Token] | None = simple_tokens(body)
    if tokens is None:
        parsed = markdown_parser().parse(body)
        if any(token.level >= MAX_NESTING - 2 for token in parsed):
            return render_plain_lines(body, width, base_style, decorate=decorate)
        tokens = parsed
    renderer = _Renderer(width, decorate, base_style)
    renderer.render(tokens)
    return renderer.lines


def markdown_plain(body: str) -> str:
    """`body` rendered from Markdown and flattened to one line of plain, sanitised text
    (for one-line previews: `**inner harbour**` reads as `inner harbour`)."""
    lines = render_markdown(body, PLAIN_WIDTH)
    return " ".join(" ".join(line.plain for line in lines).split())


def append_safe(text: Text, raw: str, style: str | Style = "") -> None:
    """Append sanitised `raw` to `text`, dimming the replacement symbols."""
    plain, spans = scan(raw)
    offset = len(text)
    text.append(plain, style or None)
    for start, end in spans:
        text.stylize(SYMBOL_STYLE, offset + start, offset + end)


def shown_url(url: str) -> str:
    """A URL as shown after a link's text: whole, or cut with "…" when very long."""
    return clip(url, MAX_URL_SHOWN)


class _Container:
    """A quote or list item: its prefix on the first line it draws, and on the others."""

    __slots__ = ("first", "rest", "used")

    def __init__(self, first: Text, rest: Text) -> None:
        self.first = first
        self.rest = rest
        self.used = False


class _Renderer:
    """Walks the flat token stream once (no recursion), emitting wrapped lines."""

    def __init__(self, width: int, decorate: Decorate | None, base_style: str | Style) -> None:
        self.width = width
        self.decorate = decorate
        self.base_style = base_style
        self.lines: list[Text] = []
        self.containers: list[_Container] = []
        self.lists: list[list[int]] = []  # [ordered (0/1), next number]
        self.heading: str | None = None
        self.last_hidden = False
        self.hidden = False
        self.row: list[Text] | None = None
        self.header_row = False
        self.table_started = False

    def render(self, tokens: Sequence[Token]) -> None:
        for token in tokens:
            handler = getattr(self, "_" + token.type, None)
            if handler is not None:
                handler(token)
            elif token.nesting == 0 and token.content:
                self._block(self._plain(token.content))

    # Containers -------------------------------------------------------------------

    def _blockquote_open(self, token: Token) -> None:
        bar = Text(QUOTE_BAR, STYLES["quote"], end="")
        self.containers.append(_Container(bar, bar))

    def _blockquote_close(self, token: Token) -> None:
        self.containers.pop()

    def _bullet_list_open(self, token: Token) -> None:
        self.lists.append([0, 0])

    def _ordered_list_open(self, token: Token) -> None:
        start = token.attrs.get("start", 1)
        self.lists.append([1, start if isinstance(start, int) else 1])

    def _bullet_list_close(self, token: Token) -> None:
        self.lists.pop()
        if not self.lists:  # what follows a whole list is set apart from it
            self.last_hidden = False

    _ordered_list_close = _bullet_list_close

    def _list_item_open(self, token: Token) -> None:
        kind = self.lists[-1] if self.lists else [0, 0]
        if kind[0]:
            marker = f"{kind[1]}. "
            kind[1] += 1
        else:
            depth = sum(1 for k in self.lists if not k[0]) - 1
            marker = BULLETS[depth % len(BULLETS)] + " "
        first = Text(marker, STYLES["bullet"], end="")
        self.containers.append(_Container(first, Text(" " * cell_len(marker), end="")))

    def _list_item_close(self, token: Token) -> None:
        self.containers.pop()

    # Blocks -----------------------------------------------------------------------

    def _heading_open(self, token: Token) -> None:
        self.heading = STYLES["h1"] if token.tag == "h1" else STYLES["heading"]

    def _heading_close(self, token: Token) -> None:
        self.heading = None

    def _paragraph_open(self, token: Token) -> None:
        self.hidden = token.hidden

    def _inline(self, token: Token) -> None:
        text = self._inline_text(token.children or [])
        if self.row is not None:
            self.row.append(text)
            return
        if self.heading:
            text.stylize_before(self.heading)
        self._block(text, gap=not (self.hidden and not self.heading and self.last_hidden))
        self.last_hidden = self.hidden and not self.heading
        self.hidden = False

    def _fence(self, token: Token) -> None:
        text = self._plain(token.content.rstrip("\n"), STYLES["code_block"])
        self._block(text, fold=True, decorate=False)  # code is never a note or a citation

    _code_block = _fence

    def _hr(self, token: Token) -> None:
        room = max(1, self.width - self._prefix_width())
        self._block(Text("─" * room, STYLES["rule"], end=""), decorate=False)

    def _tr_open(self, token: Token) -> None:
        self.row = []

    def _thead_open(self, token: Token) -> None:
        self.header_row = True

    def _thead_close(self, token: Token) -> None:
        self.header_row = False

    def _tr_close(self, token: Token) -> None:
        cells, self.row = self.row or [], None
        line = Text(end="")
        for index, cell in enumerate(cells):
            if index:
                line.append(" │ ", STYLES["table_bar"])
            line.append(cell)
        if self.header_row:
            line.stylize_before(STYLES["strong"])
        self._block(line, gap=not self.table_started)
        self.table_started = True

    def _table_open(self, token: Token) -> None:
        self.table_started = False

    # Inline -----------------------------------------------------------------------

    def _inline_text(self, children: Sequence[Token]) -> Text:
        text = Text(end="")
        styles: list[str] = []
        links: list[tuple[str, int]] = []
        for child in children:
            kind = child.type
            if kind == "text":
                append_safe(text, child.content, " ".join(styles))
            elif kind == "softbreak":
                text.append(" ")
            elif kind == "hardbreak":
                text.append("\n")
            elif kind == "code_inline":
                append_safe(text, child.content, " ".join([*styles, STYLES["code"]]))
            elif kind in _INLINE_STYLES:
                styles.append(STYLES[_INLINE_STYLES[kind]])
                if kind == "link_open":
                    links.append((str(child.attrs.get("href", "")), len(text)))
            elif kind in _INLINE_CLOSE:
                if styles:
                    styles.pop()
                if kind == "link_close" and links:
                    self._link_target(text, *links.pop(), child.markup == "autolink")
            elif kind == "image":
                alt = child.content or "image"
                append_safe(text, f"[image: {alt}]", STYLES["image"])
                self._link_target(text, str(child.attrs.get("src", "")), len(text), False)
            elif child.content:
                append_safe(text, child.content, " ".join(styles))
        return text

    def _link_target(self, text: Text, url: str, start: int, autolink: bool) -> None:
        """Show where a link goes after its text, unless the text already is the URL."""
        label = text.plain[start:]
        if not url or autolink or label in (url, url.removeprefix("mailto:")):
            return
        text.append(" (", STYLES["url"])
        append_safe(text, shown_url(url), STYLES["url"])
        text.append(")", STYLES["url"])

    # Output -----------------------------------------------------------------------

    def _plain(self, raw: str, style: str = "") -> Text:
        text = Text(end="")
        append_safe(text, raw, style)
        return text

    def _prefix_width(self) -> int:
        return sum(cell_len(c.rest.plain) for c in self.containers)

    def _gap(self) -> Text:
        """A blank line inside the containers that already drew something."""
        prefix = Text(end="")
        for container in self.containers:
            if container.used:
                prefix.append_text(container.rest)
        prefix.rstrip()
        return prefix

    def _prefix(self, first_line: bool) -> Text:
        prefix = Text(end="")
        for container in self.containers:
            prefix.append_text(
                container.first if first_line and not container.used else container.rest
            )
        return prefix

    def _block(
        self, text: Text, *, gap: bool = True, fold: bool = False, decorate: bool = True
    ) -> None:
        """Emit one block: a blank separator line if `gap`, then its wrapped lines."""
        self.last_hidden = False
        if gap and self.lines:
            self._emit(self._gap())
        if decorate and self.decorate is not None:
            self.decorate(text)
        prefix_first = self._prefix(first_line=True)
        prefix_rest = self._prefix(first_line=False)
        for container in self.containers:
            container.used = True
        room = self.width - max(cell_len(prefix_first.plain), cell_len(prefix_rest.plain))
        minimum = max(1, min(10, self.width // 2))
        if room < minimum:  # deep nesting in a narrow pane: the prefix gives way
            room = minimum
            prefix_first = truncate(prefix_first, self.width - room, ellipsis="")
            prefix_rest = truncate(prefix_rest, self.width - room, ellipsis="")
        pieces = fold_text(text, room) if fold else wrap_text(text, room)
        for index, piece in enumerate(pieces):
            line = (prefix_first if index == 0 else prefix_rest).copy()
            line.append_text(piece)
            self._emit(line)

    def _emit(self, line: Text) -> None:
        if self.base_style:
            line.style = self.base_style
        self.lines.append(line)
