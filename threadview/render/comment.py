"""One comment (or stub) as screen lines: header, Markdown body, depth guides.

Thread text reaches the screen only through `threadview.render` (safe_text,
render_markdown, decorate); everything here builds rich `Text` objects, never markup, in
the colours of the `Palette` it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.style import Style
from rich.text import Text

from threadview.annotate import TranslationNote
from threadview.model import Comment, MoreStub
from threadview.parsing.layout import CONTINUE_LINE
from threadview.render.lazy import LazyLines
from threadview.render.markdown import render_markdown
from threadview.render.notes import note_decorator
from threadview.render.palette import DEFAULT_PALETTE, Palette
from threadview.render.safe import safe_text
from threadview.render.times import format_time
from threadview.render.wrap import render_plain_lines

MIN_BODY_WIDTH = 16
SEPARATOR_LINES = 1
COLLAPSED_HEIGHT = 1 + SEPARATOR_LINES
LAZY_BODY_CHARS = 256 * 1024
"""A body longer than this is rendered as plain text a chunk at a time (see `LazyLines`);
Markdown stops well before (`render.markdown.MAX_MARKDOWN_CHARS`)."""

META_STYLE = Style(dim=True)
STUB_STYLE = Style(dim=True, italic=True)
GONE_STYLE = Style(dim=True, italic=True)
SPOTLIGHT_MARK = "◆ "
"""Put before a spotlit author's name: the mark still shows where colours do not."""


def guide_columns(depth: int, width: int) -> int:
    """How many depth guides fit: deep chains stop indenting and say their depth instead."""
    return max(0, min(depth, (width - MIN_BODY_WIDTH - 2) // 2, max(4, width // 6)))


def guides(depth: int, width: int, *, palette: Palette = DEFAULT_PALETTE) -> Text:
    """The coloured `│ ` columns in front of a line at `depth`."""
    shown = guide_columns(depth, width)
    text = Text()
    for level in range(shown):
        text.append("│ ", palette.guide(level))
    return text


def body_width(depth: int, width: int) -> int:
    """Cells left for a comment's body at `depth`."""
    return max(MIN_BODY_WIDTH, width - 2 * guide_columns(depth, width) - 2)


def estimate_lines(size: int, breaks: int, depth: int, width: int) -> int:
    """The height guess for a comment whose body is `size` long with `breaks` blank lines."""
    avail = body_width(depth, width)
    return 1 + max(1, (size + avail - 1) // avail + breaks) + SEPARATOR_LINES


def header_line(
    comment: Comment,
    depth: int,
    width: int,
    *,
    first: datetime | None,
    collapsed: bool,
    has_children: bool,
    hidden: int = 0,
    badges: Sequence[Text] = (),
    spotlight: bool = False,
    submitter: bool = False,
    palette: Palette = DEFAULT_PALETTE,
) -> Text:
    """The header: fold marker, author, markers, time, score and the badges.

    `spotlight` marks an author the reader follows; `submitter` marks the thread's
    submitter as ``[op]`` even where the site did not."""
    line = guides(depth, width, palette=palette)
    marker = ("▸ " if collapsed else "▾ ") if has_children else "• "
    line.append(marker, Style(bold=True))
    if depth > guide_columns(depth, width):
        line.append(f"↳{depth} ", META_STYLE)
    markers = comment.markers
    if submitter and "op" not in markers:
        markers = ("op", *markers)
    if spotlight:
        line.append(SPOTLIGHT_MARK, palette.spotlight_mark)
        line.append_text(safe_text(comment.author, palette.spotlight))
    else:
        line.append_text(
            safe_text(comment.author, palette.op if "op" in markers else palette.author)
        )
    for mark in markers:
        line.append(f" [{mark}]", palette.marker)
    line.append(" · " + format_time(comment.timestamp, first), META_STYLE)
    if comment.score is not None:
        noun = "point" if comment.score in (1, -1) else "points"
        line.append(f" · {comment.score} {noun}", META_STYLE)
    if comment.edited:
        line.append(" · edited", META_STYLE)
    if comment.state != "live":
        line.append(f" · {comment.state}", GONE_STYLE)
    if comment.orphan is not None:
        line.append(" · reply to a comment not in this file", palette.orphan)
    for badge in badges:
        line.append(" ")
        line.append_text(badge)
    if collapsed:
        noun = "reply" if hidden == 1 else "replies"
        line.append(f" — {hidden} {noun} hidden", palette.hidden)
    line.no_wrap = True
    line.overflow = "ellipsis"
    line.truncate(width, overflow="ellipsis")
    return line


def _lead(depth: int, width: int, has_children: bool, palette: Palette) -> Text:
    """Guides for the lines under a header; an open parent draws its own guide down."""
    lead = guides(depth, width, palette=palette)
    if has_children and depth < guide_columns(depth + 1, width):
        lead.append("│ ", palette.guide(depth))
    else:
        lead.append("  ")
    return lead


def body_lines(
    comment: Comment,
    depth: int,
    width: int,
    has_children: bool,
    *,
    notes: Sequence[TranslationNote] | None = None,
    palette: Palette = DEFAULT_PALETTE,
) -> list[Text]:
    """The body rendered from Markdown and wrapped, then the separator, behind guides.
    `notes` are the body's translation notes if already found (else found here)."""
    avail = body_width(depth, width)
    if comment.state != "live" and not comment.body.strip():
        rendered = [Text(f"[{comment.state}]", GONE_STYLE)]
    else:
        decorate = note_decorator(comment.body, notes=notes, palette=palette)
        rendered = render_markdown(comment.body, avail, decorate=decorate) or [Text("")]
    lead = _lead(depth, width, has_children, palette)
    lines = [_behind(lead, body) for body in rendered]
    lines += [_lead(depth, width, has_children, palette) for _ in range(SEPARATOR_LINES)]
    return lines


def comment_lines(
    header: Text,
    comment: Comment,
    depth: int,
    width: int,
    has_children: bool,
    *,
    notes: Sequence[TranslationNote] | None = None,
    palette: Palette = DEFAULT_PALETTE,
) -> Sequence[Text]:
    """The header, body and separator; a giant body's rows are made as they are read.
    `notes` are the body's translation notes if already found (a giant body's chunks are
    searched one by one as they are rendered)."""
    raw = comment.raw_body
    if len(raw) <= LAZY_BODY_CHARS:
        lines = body_lines(comment, depth, width, has_children, notes=notes, palette=palette)
        return [header, *lines]
    avail = body_width(depth, width)
    lead = _lead(depth, width, has_children, palette)

    def render(text: str) -> list[Text]:
        rows = render_plain_lines(text, avail, decorate=note_decorator(text, palette=palette))
        return [_behind(lead, row) for row in rows]

    tail = [_lead(depth, width, has_children, palette) for _ in range(SEPARATOR_LINES)]
    return LazyLines([header], raw, render, avail, tail)


def _behind(lead: Text, body: Text) -> Text:
    line = lead.copy()
    line.append_text(body)
    line.no_wrap = True
    return line


def separator(depth: int, width: int, *, palette: Palette = DEFAULT_PALETTE) -> list[Text]:
    """The blank line under a one-line entry, with its guides carried on."""
    return [guides(depth, width, palette=palette) for _ in range(SEPARATOR_LINES)]


def stub_lines(
    stub: MoreStub, depth: int, width: int, *, palette: Palette = DEFAULT_PALETTE
) -> list[Text]:
    """A `[+N more replies not in this file]` (or "continue this thread") line."""
    noun = "reply" if stub.count == 1 else "replies"
    line = guides(depth, width, palette=palette)
    if stub.continued:
        line.append(CONTINUE_LINE, STUB_STYLE)
    else:
        line.append(f"[+{stub.count} more {noun} not in this file]", STUB_STYLE)
    return [line, *separator(depth, width, palette=palette)]
