"""The library's list of thread files: one line a file, drawn only where it is on screen.

A Line-API widget (as the comment pane): 10,000 files cost what 10 do to move, page and
repaint, because only the visible lines are ever made, and each line once: its strip is
kept, keyed by what the row shows and the width, so a page or a sort drawn again is cache
lookups and a changed row can never show its old text. Each column's order (and each
entry's place in it) is worked out once per set of rows and kept, so changing the sort, or
flipping it, is a lookup.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from threadview.commands.output import shown_path
from threadview.render.safe import safe_text
from threadview.store.records import FailedFile, LibraryRow, title_order
from threadview.ui.widgets.strips import text_strip


@dataclass(slots=True)
class Entry:
    """One line of the list: a thread file (`row`), or a file that failed (`reason`).

    `bookmarks` is None when the bookmark store could not be read (shown as "-"). Not
    frozen, though never changed: a frozen dataclass's init costs 3x, 10,000 times over
    on the way to the library's first screen."""

    path: bytes
    row: LibraryRow | None
    reason: str = ""
    bookmarks: int | None = None

    @property
    def name(self) -> str:
        """The file's name on one line, sanitised (see `shown_path`)."""
        return shown_path(os.path.basename(self.path))


def entries_from(
    rows: Sequence[LibraryRow], failures: Sequence[FailedFile], marks: dict[str, int] | None
) -> list[Entry]:
    """The list's entries: threads, then failed files; `marks` counts bookmarks by key."""
    entries = [
        Entry(row.path, row, bookmarks=None if marks is None else marks.get(row.bookmark_key, 0))
        for row in rows
    ]
    entries += [Entry(failure.path, None, failure.reason) for failure in failures]
    return entries


def _day(stamp: datetime | None) -> str:
    return stamp.strftime("%Y-%m-%d") if stamp is not None else ""


def _stamp(stamp: datetime | None) -> float:
    return stamp.timestamp() if stamp is not None else float("-inf")


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its heading, width (0: takes what is left), alignment and sort key."""

    name: str
    heading: str
    width: int
    right: bool
    key: Callable[[LibraryRow, Entry], object]


COLUMNS: tuple[Column, ...] = (
    Column("title", "Title", 0, False, lambda r, e: title_order(r.title, r.path)),
    Column("source", "Source", 16, False, lambda r, e: r.source.casefold()),
    Column("date", "First comment", 15, False, lambda r, e: _stamp(r.first_comment)),
    Column("comments", "Comments", 8, True, lambda r, e: r.comments),
    Column("new", "New", 6, True, lambda r, e: r.new_comments or 0),
    Column("bookmarks", "Marks", 5, True, lambda r, e: -1 if e.bookmarks is None else e.bookmarks),
    Column("read", "Last read", 10, False, lambda r, e: _stamp(r.last_read)),
)
SORT_NAMES = tuple(column.name for column in COLUMNS)
NARROW_DROPS = ("source",)
"""Left out below `NARROW` cells, so the title keeps room."""
NARROW = 90


def layout(width: int) -> list[tuple[Column, int]]:
    """The columns shown at `width` cells, each with its width (one space between)."""
    columns = [c for c in COLUMNS if width >= NARROW or c.name not in NARROW_DROPS]
    fixed = sum(c.width for c in columns) + len(columns) - 1
    return [(c, c.width or max(8, width - fixed - 1)) for c in columns]


def cells(entry: Entry) -> dict[str, str]:
    """The text of each column for an entry (thread text not yet sanitised)."""
    row = entry.row
    if row is None:
        return {"title": entry.name, "source": f"not read: {_flat(entry.reason)}"}
    return {
        "title": _flat(row.title) or entry.name,
        "source": _flat(row.source),
        "date": _day(row.first_comment),
        "comments": f"{row.comments:,}",
        "new": f"{row.new_comments or 0:,}",
        "bookmarks": "-" if entry.bookmarks is None else str(entry.bookmarks),
        "read": _day(row.last_read) or "never",
    }


def _flat(text: str) -> str:
    """Thread text for one line: line breaks become spaces."""
    return " ".join(text.splitlines())


def _fit(text: Text, width: int, right: bool) -> Text:
    text.truncate(width, overflow="ellipsis")
    pad = width - text.cell_len
    return Text(" " * pad) + text if right else text + Text(" " * pad)


def entry_line(entry: Entry, width: int, dim_style: Style | str) -> Text:
    """One entry as a line of `width` cells; a failed file's reason spans the columns."""
    shown = cells(entry)
    parts: list[Text] = []
    if entry.row is None:
        columns = layout(width)
        first = columns[0][1]
        parts = [
            _fit(safe_text(shown["title"]), first, False),
            _fit(safe_text(shown["source"], "italic"), max(1, width - first - 1), False),
        ]
        line = Text(" ").join(parts)
        line.stylize(dim_style)
        return line
    for column, size in layout(width):
        style = dim_style if column.name in ("source", "read") else ""
        parts.append(_fit(safe_text(shown[column.name], style), size, column.right))
    return Text(" ").join(parts)


def heading_line(width: int, sort: str, reverse: bool) -> Text:
    """The headings, the sorted column marked with an arrow."""
    parts: list[Text] = []
    for column, size in layout(width):
        label = column.heading
        if column.name == sort:
            label += " ▼" if reverse else " ▲"
        label_text = Text(label, style="bold" if column.name == sort else "")
        parts.append(_fit(label_text, size, column.right))
    return Text(" ").join(parts)


class LibraryList(ScrollView, can_focus=True, inherit_bindings=False):
    """The library's rows under a fixed line of headings; one row has the cursor.

    | Component class | Styles |
    | --- | --- |
    | `library-list--cursor` | the row under the cursor |
    | `library-list--heading` | the line of headings |
    | `library-list--dim` | quiet columns and failed files |
    """

    COMPONENT_CLASSES = {"library-list--cursor", "library-list--heading", "library-list--dim"}
    DEFAULT_CSS = """
    LibraryList { scrollbar-gutter: stable; overflow-x: hidden; height: 1fr; }
    LibraryList > .library-list--cursor { background: $accent 40%; }
    LibraryList > .library-list--heading { background: $panel; color: $text; }
    LibraryList > .library-list--dim { color: $text-muted; }
    """

    cursor: var[int] = var(0, init=False)
    """The position (in the shown order) of the row under the cursor."""
    sort: var[str] = var("title", init=False)
    """The column the rows are sorted by (one of `SORT_NAMES`)."""
    reverse: var[bool] = var(False, init=False)
    """Whether the sort is reversed (failed files stay last either way)."""

    @dataclass
    class Moved(Message):
        """The cursor moved to `entry` (None: the list is empty)."""

        entry: Entry | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Entry] = []
        self.threads = 0
        """How many entries are threads (the rest are files that failed)."""
        self._order: list[int] = []
        self._sorted: dict[str, list[int]] = {}
        self._orders: dict[tuple[str, bool], tuple[list[int], dict[int, int]]] = {}
        self._failed: list[int] = []
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        """Each row's line as drawn, keyed by what it shows (so never stale) and its width."""
        self._styles: tuple[Style, Style] | None = None
        """The base and dim styles the cached strips were drawn in."""

    # ----- the rows -----------------------------------------------------------------------

    def set_entries(self, entries: list[Entry]) -> None:
        """Show these entries, keeping the cursor on the same file when it is still there."""
        kept = self.current if self.cursor > 0 else None  # at the top, stay at the top
        self.entries = entries
        self._sorted.clear()
        self._orders.clear()
        self._failed = [i for i, e in enumerate(entries) if e.row is None]
        self.threads = len(entries) - len(self._failed)
        self._reorder()
        if kept is not None:
            self.select_path(kept.path)
        self.virtual_size = Size(self.size.width, len(self._order) + 1)
        self.set_reactive(LibraryList.cursor, self.validate_cursor(self.cursor))
        self.refresh()
        if self.current != kept:
            self.post_message(self.Moved(self.current))

    def select_path(self, path: bytes) -> bool:
        """Put the cursor on the file at `path`, if listed."""
        for position, index in enumerate(self._order):
            if self.entries[index].path == path:
                self.cursor = position
                return True
        return False

    @property
    def current(self) -> Entry | None:
        """The entry under the cursor."""
        if 0 <= self.cursor < len(self._order):
            return self.entries[self._order[self.cursor]]
        return None

    def shown(self) -> list[Entry]:
        """The entries in the order shown."""
        return [self.entries[index] for index in self._order]

    def _column_order(self, name: str) -> list[int]:
        """Thread entries sorted by one column (then by title), computed once per rows."""
        order = self._sorted.get(name)
        if order is None:
            column = next(c for c in COLUMNS if c.name == name)
            title = COLUMNS[0].key
            keyed = [
                ((column.key(e.row, e), title(e.row, e)), i)
                for i, e in enumerate(self.entries)
                if e.row is not None
            ]
            order = [i for _, i in sorted(keyed, key=lambda item: item[0])]
            self._sorted[name] = order
        return order

    def _reorder(self) -> dict[int, int]:
        """Show the rows in the current sort; returns each entry's position in it. Both
        are made once per sort and direction for a set of rows, so a sort key is a lookup."""
        key = (self.sort, self.reverse)
        made = self._orders.get(key)
        if made is None:
            order = self._column_order(self.sort)
            shown = [*(reversed(order) if self.reverse else order), *self._failed]
            made = shown, {index: position for position, index in enumerate(shown)}
            self._orders[key] = made
        self._order = made[0]
        return made[1]

    def _resorted(self) -> None:
        kept = self._order[self.cursor] if 0 <= self.cursor < len(self._order) else None
        positions = self._reorder()
        if kept is not None:
            self.cursor = positions[kept]
        self.refresh()

    def watch_sort(self) -> None:
        self._resorted()

    def watch_reverse(self) -> None:
        self._resorted()

    def next_sort(self) -> None:
        """Sort by the next column."""
        self.sort = SORT_NAMES[(SORT_NAMES.index(self.sort) + 1) % len(SORT_NAMES)]

    # ----- moving -----------------------------------------------------------------------

    @property
    def page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def move(self, step: int) -> None:
        if self._order:
            self.cursor = max(0, min(len(self._order) - 1, self.cursor + step))

    def validate_cursor(self, position: int) -> int:
        return max(0, min(position, len(self._order) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_lines(old + 1)
        self.refresh_lines(new + 1)
        self._scroll_to_cursor()
        self.post_message(self.Moved(self.current))

    def _scroll_to_cursor(self) -> None:
        # Assigned, not `set_scroll`: the watcher repaints the lines and moves the scrollbar.
        top, rows = round(self.scroll_y), self.page
        if self.cursor < top:
            self.scroll_y = self.cursor
        elif self.cursor >= top + rows:
            self.scroll_y = self.cursor - rows + 1

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._order) + 1)
        self._scroll_to_cursor()

    # ----- drawing ----------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._styles = None

    def _frame_styles(self) -> tuple[Style, Style]:
        """The base and dim styles; a change (a theme) drops every strip drawn before.

        The dim colour is taken blended with the background (`$text-muted` is a colour
        with alpha: unblended it is plain white, unreadable on a light theme), without the
        background itself, which would hide the cursor's."""
        muted = self.get_component_rich_style("library-list--dim").color
        styles = (self.rich_style, Style(color=muted))
        if styles != self._styles:
            self._strips.clear()
            self._styles = styles
        return styles

    def render_lines(self, crop: Region) -> list[Strip]:
        # The base style walks every ancestor: work it out once a frame, not once a line.
        self._frame_styles()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        console = self.app.console
        base, dim = self._styles or self._frame_styles()
        if y == 0:
            key: tuple[object, ...] = ("heading", width, self.sort, self.reverse)
            strip = self._strips.get(key)
            if strip is None:
                strip = text_strip(heading_line(width, self.sort, self.reverse), console, width)
                self._strips[key] = strip
            return strip.apply_style(self.get_component_rich_style("library-list--heading"))
        position = round(self.scroll_y) + y - 1
        if not 0 <= position < len(self._order):
            if position == 0:
                empty = Text("  No threads found (yet).", style="dim italic")
                return text_strip(empty, console, width).apply_style(base)
            return Strip.blank(width, base)
        entry = self.entries[self._order[position]]
        key = (entry.path, entry.row, entry.reason, entry.bookmarks, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = text_strip(entry_line(entry, width, dim), console, width)
            self._strips[key] = strip
        if position == self.cursor:
            strip = strip.apply_style(self.get_component_rich_style("library-list--cursor"))
        return strip.apply_style(base)  # kept by the strip: drawn again, it is a lookup

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self.cursor = round(self.scroll_y) + event.y - 1
