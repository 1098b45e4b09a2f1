"""Turns Hacker News comment HTML into our Markdown, keeping every word of the text.

HN's HTML is small: text, ``<p>`` between paragraphs, ``<a href>``, ``<i>``, ``<b>``,
``<pre><code>`` and entities. Text outside code is escaped so that a literal ``*`` or
``[`` stays literal when the Markdown is rendered; unknown tags keep their text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from threadview.parsing.jsontree import join_url

HN_SITE = "https://news.ycombinator.com/"
# Only what Markdown would take as syntax, so dumps stay readable: every backslash, backtick
# and `*`; `]` before `(`/`[`/`:` (a link); `<` before a tag or autolink; `&` starting an
# entity; `~~` (strikethrough); `_` at a word's edge.
_INLINE_SPECIAL = re.compile(
    r"[\\`*]|\](?=[(\[:])|<(?=[A-Za-z/!?])|&(?=#?[0-9A-Za-z]+;)|~(?=~)|(?<=~)~"
    r"|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])"
)
# At the start of a block (or after a hard break): a heading, a bullet or a thematic
# break, an ordered-list number. A leading `>` stays: HN users mean it as a quote.
_BLOCK_START = re.compile(
    r"^([ \t]*)(#{1,6}(?=[ \t]|$)|[-+](?=[-+ \t]|$))|^([ \t]*[0-9]{1,9})([.)])(?=[ \t]|$)"
)
_LINK_TEXT_BRACKET = re.compile(r"(?<!\\)[\[\]]")
_BACKTICKS = re.compile(r"`+")
_WRAPPERS = {"i": "*", "em": "*", "b": "**", "strong": "**"}
_BLOCKS = ("p", "div", "blockquote", "ul", "ol", "li")
# A whole start or end tag whose quoted values hold no `<` or `>`, or a lone `<`. A failed
# match stops at the next `<` or `>`, so the scan is linear: Python's HTMLParser rescans
# the rest of the text for each unclosed `<!--` or `<a "`, which is quadratic.
_TAG_OR_LT = re.compile(
    r"<(?:/?[A-Za-z][^\s/<>\"']*"
    r"(?:\s[^<>\"']*(?:(?:\"[^\"<>]*\"|'[^'<>]*')[^<>\"']*)*)?/?>)?"
)
_MAX_OPEN = 32
"""Inline elements open at once; deeper ones keep their text without their markup, so
each character is copied a bounded number of times as the elements close."""


def _tidy(html: str) -> str:
    """`html` with every `<` that opens no whole tag or comment written `&lt;`, which
    HTMLParser reads in one pass: it shows such a `<` as text too, after rescanning."""
    kept: list[str] = []
    start = 0
    while (opened := html.find("<!--", start)) >= 0:
        closed = html.find("-->", opened + 4)
        if closed < 0:
            break
        kept.append(_TAG_OR_LT.sub(_tag_or_lt, html[start:opened]))
        kept.append(html[opened : closed + 3])
        start = closed + 3
    kept.append(_TAG_OR_LT.sub(_tag_or_lt, html[start:]))
    return "".join(kept)


def _tag_or_lt(match: re.Match[str]) -> str:
    tag = match.group()
    return "&lt;" if tag == "<" else tag


def escape_markdown(text: str) -> str:
    """Plain text escaped so Markdown shows it as written (text is one line, or starts one)."""
    text = _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(), text)
    return _BLOCK_START.sub(_escape_block_start, text, count=1)


def _escape_block_start(match: re.Match[str]) -> str:
    if match.group(2):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"{match.group(3)}\\{match.group(4)}"


def _fence(code: str) -> str:
    longest = max((len(run) for run in _BACKTICKS.findall(code)), default=0)
    return "`" * max(3, longest + 1)


def _inline_code(code: str) -> str:
    longest = max((len(run) for run in _BACKTICKS.findall(code)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{ticks}{pad}{code}{pad}{ticks}"


def _link_target(href: str) -> str:
    return href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _wrap(marker: str, inner: str) -> str:
    """Emphasis around `inner`, with its outer spaces kept outside the markers."""
    core = inner.strip()
    if not core:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{marker}{core}{marker}{trail}"


class _Converter(HTMLParser):
    """Collects Markdown blocks while the HTML is fed in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        # Inline buffers: the paragraph at the bottom, one per open <i>/<b>/<a>/<code>.
        self.stack: list[tuple[str, str | None, list[str]]] = [("", None, [])]
        self.pre: list[str] | None = None
        self.open: dict[str, int] = {}
        """How many of each inline element are open (on `stack`)."""
        self.unopened: dict[str, int] = {}
        """Inline elements past `_MAX_OPEN`, by tag: their end tags close nothing."""

    def _emit(self, text: str) -> None:
        self.stack[-1][2].append(text)

    def _flush(self) -> None:
        while len(self.stack) > 1:
            self._close_inline()
        self.unopened.clear()
        text = "".join(self.stack[0][2]).strip()
        if text:
            self.blocks.append(text)
        self.stack[0][2].clear()

    def _close_inline(self) -> None:
        tag, href, parts = self.stack.pop()
        self.open[tag] -= 1
        inner = "".join(parts)
        if tag == "a":
            self._emit(self._link(inner, href))
        elif tag == "code":
            self._emit(_inline_code(inner) if inner else "")
        else:
            self._emit(_wrap(_WRAPPERS[tag], inner))

    def _link(self, inner: str, href: str | None) -> str:
        if not href:
            return inner
        url = join_url(HN_SITE, href)
        if url is None:  # no address anyone could open (`//[x`): the words stay, as text
            return inner if inner.strip() else escape_markdown(href)
        shown = inner.replace("\\", "")
        # HN shortens long link text to "prefix..."; the full URL says more.
        if shown.strip() in (href, url) or (
            shown.endswith("...") and url.startswith(shown[:-3]) and len(shown) > 3
        ):
            return url
        text = _LINK_TEXT_BRACKET.sub(lambda m: "\\" + m.group(), inner.strip())
        return f"[{text or escape_markdown(url)}]({_link_target(url)})"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.pre is not None:
            return
        if tag == "pre":
            self._flush()
            self.pre = []
        elif tag in _BLOCKS:
            self._flush()
        elif tag == "br":
            self._emit("\\\n")
        elif tag in _WRAPPERS or tag in ("a", "code"):
            if len(self.stack) > _MAX_OPEN:
                self.unopened[tag] = self.unopened.get(tag, 0) + 1
                return
            href = dict(attrs).get("href") if tag == "a" else None
            self.stack.append((tag, href, []))
            self.open[tag] = self.open.get(tag, 0) + 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and self.pre is None:
            self._emit("\\\n")
        elif tag in _BLOCKS and self.pre is None:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self.pre is not None:
            if tag == "pre":
                code = "".join(self.pre).strip("\n")
                fence = _fence(code)
                self.blocks.append(f"{fence}\n{code}\n{fence}" if code else f"{fence}\n{fence}")
                self.pre = None
            return
        if tag in _BLOCKS:
            self._flush()
            return
        if self.unopened.get(tag):
            self.unopened[tag] -= 1
        elif self.open.get(tag):
            while self.stack[-1][0] != tag:
                self._close_inline()
            self._close_inline()

    def handle_data(self, data: str) -> None:
        if self.pre is not None:
            self.pre.append(data)
        elif self.stack[-1][0] == "code":
            self._emit(data.replace("\n", " "))
        else:
            self._emit(escape_markdown(data.replace("\n", " ")))

    def finish(self) -> list[str]:
        self.close()
        if self.pre is not None:
            self.handle_endtag("pre")
        self._flush()
        return self.blocks


def html_to_blocks(html: str) -> list[str]:
    """HN HTML as Markdown blocks (paragraphs and fenced code), in order."""
    if "<" not in html and "&" not in html:
        text = escape_markdown(html.replace("\n", " ")).strip()
        return [text] if text else []
    converter = _Converter()
    converter.feed(_tidy(html))
    return converter.finish()


def html_to_markdown(html: str) -> str:
    """HN HTML as one Markdown text, blocks separated by a blank line."""
    return "\n\n".join(html_to_blocks(html))
