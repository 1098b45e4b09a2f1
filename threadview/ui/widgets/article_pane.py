"""The article pane: title, byline and paragraphs wrapped to the pane, captions set apart.

Lines are built once per width with `threadview.render` and drawn through the Line API,
so a long article scrolls as cheaply as a short one.
"""

from __future__ import annotations

from functools import lru_cache

from rich.console import Console
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from threadview.model import Story, Thread
from threadview.render.markdown import QUOTE_BAR, STYLES, render_markdown
from threadview.render.notes import note_decorator
from threadview.render.palette import DEFAULT_PALETTE, Palette
from threadview.render.reflow import Piece, reflow, wrap_column
from threadview.render.safe import safe_text
from threadview.render.wrap import render_plain_lines
from threadview.ui.keys import bindings_for
from threadview.ui.palette_classes import PALETTE_CLASSES, ThemedPalette, palette_css
from threadview.ui.widgets.strips import text_strip

TITLE_STYLE = "bold"
META_STYLE = "dim"
CAPTION_STYLE = "dim italic"
MARKDOWN_FORMATS = ("reddit", "hn")
"""Sites whose article text is Markdown (self-posts); scraped articles are plain text."""


def article_lines(
    thread: Thread, width: int, bookmarked: bool = False, *, palette: Palette = DEFAULT_PALETTE
) -> tuple[list[Text], list[int]]:
    """The article as screen lines, and the first line of each block (by block index)."""
    width = max(10, width)
    lines: list[Text] = []
    if thread.title:
        lines += render_plain_lines(thread.title, width, TITLE_STYLE)
    lines += _byline(thread, width)
    if bookmarked:
        lines.append(Text("★ bookmarked", style=palette.bookmark))
    lines.append(Text("─" * width, style=META_STYLE))
    starts: list[int] = []
    markdown = thread.format in MARKDOWN_FORMATS
    column = 0 if markdown else wrap_column(block.text for block in thread.article)
    for block in thread.article:
        starts.append(len(lines) + 1)
        lines.append(Text(""))
        if block.kind == "caption":
            body = render_plain_lines("Photo: " + block.text, max(6, width - 2), CAPTION_STYLE)
            lines += [Text("▍ ", style="dim") + part for part in body]
            continue
        style = TITLE_STYLE if block.role == "title" else ""
        if markdown:
            decorate = note_decorator(block.text, palette=palette)
            lines += render_markdown(block.text, width, decorate=decorate, base_style=style)
        else:
            for piece in reflow(block.text, column):
                lines += _piece_lines(piece, width, style, palette)
    if thread.stories:
        count = len(thread.stories)
        noun = "story" if count == 1 else "stories"
        hint = f"An edition of {count} {noun}: choose one in the list and press enter."
        lines += [Text(""), *render_plain_lines(hint, width, META_STYLE)]
    elif not thread.article:
        lines += [Text(""), Text("(This thread has no article text.)", style=META_STYLE)]
    return lines, starts


def story_lines(story: Story, width: int, *, palette: Palette = DEFAULT_PALETTE) -> list[Text]:
    """One story of a digest: its title, source, photo line and excerpt."""
    width = max(10, width)
    lines = render_plain_lines(story.title or "(untitled story)", width, TITLE_STYLE)
    if story.source or story.submitter:
        lines += _byline(Thread("digest", None, story.source, story.submitter, (), ()), width)
    lines.append(Text("─" * width, style=META_STYLE))
    if story.image and story.image != story.title:
        body = render_plain_lines("Photo: " + story.image, max(6, width - 2), CAPTION_STYLE)
        lines += [Text(""), *(Text("▍ ", style="dim") + part for part in body)]
    for paragraph in story.paragraphs:
        lines.append(Text(""))
        decorate = note_decorator(paragraph, palette=palette)
        lines += render_plain_lines(paragraph, width, "", decorate=decorate)
    if not story.complete:
        lines += [Text(""), Text("(The page is cut off here.)", style=META_STYLE)]
    return lines


def _piece_lines(piece: Piece, width: int, style: str, palette: Palette) -> list[Text]:
    """A rejoined paragraph wrapped to the pane; a quote behind the bar comments use."""
    decorate = note_decorator(piece.text, palette=palette)
    if piece.kind != "quote":
        return render_plain_lines(piece.text, width, style, decorate=decorate)
    body = render_plain_lines(piece.text, max(6, width - len(QUOTE_BAR)), style, decorate=decorate)
    return [Text(QUOTE_BAR, style=STYLES["quote"]) + part for part in body]


def _byline(thread: Thread, width: int) -> list[Text]:
    """Source and submitter (or the file's own byline), then the link, dim."""
    lines: list[Text] = []
    # A self post has no outside source: where it was posted stands in for one.
    place = thread.extra.get("subreddit") if not thread.source else None
    place = place if isinstance(place, str) else None
    if thread.source or thread.submitter or place:
        line = Text(style=META_STYLE)
        if thread.source:
            line.append("Authored by ")
            line.append_text(safe_text(thread.source, "bold"))
        elif place:
            line.append("Posted in ")
            line.append_text(safe_text(place, "bold"))
        if thread.submitter:
            line.append(" · submitted by " if thread.source or place else "Submitted by ")
            line.append_text(safe_text(thread.submitter, "bold"))
        lines += list(line.wrap(_console(), width)) if line.cell_len > width else [line]
    elif thread.byline:
        lines += render_plain_lines(thread.byline, width, META_STYLE)
    if thread.url:
        lines += render_plain_lines(thread.url, width, META_STYLE)
    return lines


@lru_cache(maxsize=1)
def _console() -> Console:
    return Console(width=10_000)


class ArticlePane(ScrollView, can_focus=True):
    """The article, scrollable, with search matches highlighted."""

    BINDINGS = bindings_for("article")
    COMPONENT_CLASSES = {"article-pane--match", *PALETTE_CLASSES}
    DEFAULT_CSS = """
    ArticlePane { scrollbar-gutter: stable; overflow-x: hidden; padding: 0 1; }
    ArticlePane > .article-pane--match { background: $warning 60%; color: $text; }
    """ + palette_css("ArticlePane")

    def __init__(self, thread: Thread, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.thread = thread
        self.query_text = ""
        self.bookmarked = False
        self.story: Story | None = None
        """The digest story shown instead of the thread's own article, if any."""
        self._lines: list[Text] = []
        self._starts: list[int] = []
        self._width = 0
        self._themed = ThemedPalette(self, lambda: self._layout(force=True))

    @property
    def palette(self) -> Palette:
        """The colours of notes, links and the bookmark star, from the theme."""
        return self._themed.palette

    def set_thread(self, thread: Thread) -> None:
        self.thread = thread
        self.story = None
        self._layout(force=True)

    def show_story(self, story: Story) -> None:
        """Show one story of a digest, from its top."""
        self.story = story
        self._layout(force=True)
        self.scroll_home(animate=False, immediate=True)

    def set_bookmarked(self, bookmarked: bool) -> None:
        """Show (or stop showing) that the article itself is bookmarked."""
        if bookmarked != self.bookmarked:
            self.bookmarked = bookmarked
            self._layout(force=True)

    def set_query(self, query: str) -> None:
        self.query_text = query
        self.refresh()

    def matching_blocks(self, query: str) -> list[int]:
        """Indexes of article blocks containing `query` (case-insensitive)."""
        needle = query.casefold()
        return [
            i
            for i, block in enumerate(self.thread.article)
            if needle and needle in block.text.casefold()
        ]

    def visible_lines(self) -> list[tuple[int, Text]]:
        """(row, text) of each line on screen now (link hints read them)."""
        top = round(self.scroll_y)
        rows = range(min(self.scrollable_content_region.height, len(self._lines) - top))
        return [(row, self._lines[top + row]) for row in rows]

    def scroll_to_block(self, block: int) -> None:
        """Bring an article block to the top of the pane."""
        if 0 <= block < len(self._starts):
            self.scroll_to(y=self._starts[block], animate=False, immediate=True)

    def _layout(self, force: bool = False) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or (width == self._width and not force):
            return
        self._width = width
        palette = self.palette
        if self.story is not None:
            self._lines, self._starts = story_lines(self.story, width, palette=palette), []
        else:
            self._lines, self._starts = article_lines(
                self.thread, width, self.bookmarked, palette=palette
            )
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._layout()

    def on_mount(self) -> None:
        self._themed.watch_theme()
        self._layout()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._width:  # the first frame can come before the first Resize
            self._layout()
        line = round(self.scroll_y) + y
        if line >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        text = self._lines[line]
        if self.query_text:
            text = text.copy()
            text.highlight_words(
                [self.query_text],
                self.get_component_rich_style("article-pane--match"),
                case_sensitive=False,
            )
        strip = text_strip(text, self.app.console, width)
        return strip.apply_style(self.rich_style).apply_offsets(0, line)

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False)

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False)

    def action_page_down(self) -> None:
        self.scroll_relative(y=max(1, self.scrollable_content_region.height - 1), animate=False)

    def action_page_up(self) -> None:
        self.scroll_relative(y=-max(1, self.scrollable_content_region.height - 1), animate=False)

    def action_half_page_down(self) -> None:
        self.scroll_relative(y=max(1, self.scrollable_content_region.height // 2), animate=False)

    def action_half_page_up(self) -> None:
        self.scroll_relative(y=-max(1, self.scrollable_content_region.height // 2), animate=False)
