"""The `T` dialog: a histogram of comment times, a cursor on it, the first-N-minutes filter.

The histogram (`facts.timeline`) has a bar per minute, hours or days as the thread's span
needs, at most as many as the dialog is wide. The reader computes it (in a worker when
the thread is big) and hands it over with `show_timeline`; until then the dialog says it
is counting and keeps answering. Left/right move the cursor, enter dismisses with the
bar's first comment (its oldest-first position), + and - ask the reader to show only the
first N minutes. Only times and counts are drawn: no thread text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from math import ceil

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from threadview.facts import Timeline
from threadview.ui.keys import bindings_for
from threadview.ui.screens.dialog import BOX, Dialog
from threadview.ui.widgets.header import minutes_text

CHART_ROWS = 6
EIGHTHS = " ▁▂▃▄▅▆▇█"
MINUTE_STEPS = (5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080, 43200)
"""The first-N-minutes filter's sizes, + and - step through them."""


@dataclass(frozen=True, slots=True)
class TimelineJump:
    """Enter on a bar: go to its first comment (oldest-first pre-order position)."""

    position: int


def bar_label(timeline: Timeline) -> str:
    """`a bar per 5 minutes`, `a bar per hour`."""
    unit = timeline.unit if timeline.width == 1 else f"{timeline.width} {timeline.unit}s"
    return f"a bar per {unit}"


def _clock(moment: datetime, timeline: Timeline) -> str:
    if timeline.unit == "minute":
        return moment.strftime("%H:%M")
    if timeline.unit == "hour":
        return moment.strftime("%d %b %H:%M")
    return moment.strftime("%Y-%m-%d")


def next_minutes(minutes: int, step: int) -> int:
    """The filter's size one step bigger (+1) or smaller (-1); 0 is no filter."""
    if step > 0:
        return next((size for size in MINUTE_STEPS if size > minutes), MINUTE_STEPS[-1])
    smaller = [size for size in MINUTE_STEPS if size < minutes]
    return smaller[-1] if smaller else 0


class TimelineChart(Widget):
    """The bars, a line for the mark (● the selected comment's bar) and one for the cursor
    (^) below it, and the first and last bars' times."""

    DEFAULT_CSS = """
    TimelineChart { height: auto; width: 1fr; }
    """

    cursor: reactive[int] = reactive(0)
    """The bar under the cursor."""

    def __init__(self, timeline: Timeline, selected: int | None) -> None:
        super().__init__()
        self.timeline = timeline
        self.selected = selected
        self.set_reactive(TimelineChart.cursor, selected if selected is not None else 0)

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.timeline.buckets) - 1))

    def render(self) -> Content:
        buckets = self.timeline.buckets
        peak = max((bucket.count for bucket in buckets), default=0)
        heights = [ceil(bucket.count * CHART_ROWS * 8 / peak) if peak else 0 for bucket in buckets]
        lines: list[Content] = []
        cursor = self.cursor
        for row in range(CHART_ROWS):
            floor = (CHART_ROWS - 1 - row) * 8
            cells = "".join(EIGHTHS[max(0, min(8, height - floor))] for height in heights)
            here = cells[cursor : cursor + 1]
            lines.append(
                Content.assemble(
                    (cells[:cursor], "$accent"),
                    (here if here != " " else "·", "bold $warning"),
                    (cells[cursor + 1 :], "$accent"),
                )
            )
        # The mark and the cursor on lines of their own: on the same bar (as the dialog
        # opens) neither hides the other.
        for mark, at in (("●", self.selected), ("^", cursor if buckets else None)):
            line = "" if at is None else " " * at + mark
            lines.append(Content.styled(line.ljust(len(buckets)), "bold $warning"))
        if buckets:
            first = _clock(buckets[0].start, self.timeline)
            last = _clock(buckets[-1].start, self.timeline)
            gap = max(1, len(buckets) - len(first) - len(last))
            lines.append(Content.styled(first + " " * gap + last, "dim"))
        return Content("\n").join(lines)


class TimelineScreen(Dialog["TimelineJump | None"]):
    """The histogram and its cursor; + / - set the reader's first-N-minutes filter."""

    BINDINGS = bindings_for("timeline")
    DEFAULT_CSS = """
    TimelineScreen > .dialog-box { width: 72; max-width: 100%; }
    TimelineScreen #timeline-about, TimelineScreen #timeline-filter { height: auto; }
    TimelineScreen #timeline-filter { margin: 1 0 0 0; }
    TimelineScreen #timeline-keys { color: $text-muted; margin: 1 0 0 0; }
    """

    def __init__(
        self, minutes: int, selected_time: datetime | None, set_minutes: Callable[[int], None]
    ) -> None:
        super().__init__()
        self.minutes = minutes
        self.selected_time = selected_time
        self.set_minutes = set_minutes
        """Called with the first-N-minutes filter's new size (0: none)."""
        self.timeline: Timeline | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes=BOX) as box:
            box.border_title = "Timeline"
            yield Static(Content("Counting comment times…"), id="timeline-about")
            yield Static(self._filter_content(), id="timeline-filter")
            yield Static(
                Content("←/→ move · enter: go there · +/-: first N minutes · escape: close"),
                id="timeline-keys",
            )

    def show_timeline(self, timeline: Timeline) -> None:
        """The histogram is ready: draw it, the cursor on the selected comment's bar."""
        self.timeline = timeline
        box = self.query_one(f".{BOX}", Vertical)
        count = sum(bucket.count for bucket in timeline.buckets)
        box.border_title = f"Timeline: {bar_label(timeline)} · {count:,} dated comments"
        if not timeline.buckets:
            self._about(Content("No comment in this thread says when it was written."))
            return
        chart = TimelineChart(timeline, timeline.bucket_of(self.selected_time))
        box.styles.width = max(72, len(timeline.buckets) + 4)  # the bars, padding, border
        box.mount(chart, before=0)
        self._update_about(chart.cursor)

    @property
    def chart(self) -> TimelineChart | None:
        found = self.query(TimelineChart)
        return found.first() if found else None

    def _about(self, content: Content) -> None:
        self.query_one("#timeline-about", Static).update(content)

    def _update_about(self, cursor: int) -> None:
        timeline = self.timeline
        if timeline is None:
            return
        bucket = timeline.buckets[cursor]
        noun = "comment" if bucket.count == 1 else "comments"
        about = [
            Content.assemble(
                (f"Bar {cursor + 1} of {len(timeline.buckets)}: ", "bold"),
                f"{bucket.start:%Y-%m-%d %H:%M} UTC · {bucket.count:,} {noun}",
            )
        ]
        chart = self.chart
        if chart is not None and chart.selected is not None:
            about.append(Content("● marks the selected comment's bar"))
        if timeline.undated:
            about.append(Content(f"{timeline.undated:,} undated comments are not shown"))
        self._about(Content("\n").join(about))

    def _filter_content(self) -> Content:
        if not self.minutes:
            return Content("All comments shown; + shows only the first minutes'.")
        return Content.assemble(
            ("Showing only the first ", "bold"),
            (minutes_text(self.minutes), "bold $warning"),
            ("; + more, - fewer, escape in the reader shows all again.", ""),
        )

    def _move(self, step: int) -> None:
        chart = self.chart
        if chart is not None:
            chart.cursor += step
            self._update_about(chart.cursor)

    def action_previous_bucket(self) -> None:
        self._move(-1)

    def action_next_bucket(self) -> None:
        self._move(+1)

    def action_jump(self) -> None:
        chart, timeline = self.chart, self.timeline
        if chart is None or timeline is None:
            return
        position = timeline.buckets[chart.cursor].first_position
        if position is None:
            self.app.notify("No comment in this bar", markup=False)
            return
        self.dismiss(TimelineJump(position))

    def action_more_minutes(self) -> None:
        self._set_minutes(next_minutes(self.minutes, +1))

    def action_fewer_minutes(self) -> None:
        self._set_minutes(next_minutes(self.minutes, -1))

    def _set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        self.query_one("#timeline-filter", Static).update(self._filter_content())
        self.set_minutes(minutes)

    def action_close(self) -> None:
        self.dismiss(None)
