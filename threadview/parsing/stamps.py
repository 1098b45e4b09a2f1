"""Comment header times as integers: seconds since 0001-01-01 UTC, read fast.

The index keeps one such number per comment (8 bytes, sortable, with `UNDATED` after every
real time) and turns it back into an aware datetime only when a comment is made.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import AnyStr

from threadview.model import MONTH_NAMES

_UTC = timezone.utc
_BASE = datetime(1, 1, 1, tzinfo=_UTC)
UNDATED = 1 << 39
"""The stamp of a comment with no time (and of a more-stub): after every real time."""
_MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, start=1)}


_DAY = re.compile(r"(?P<month>[A-Za-z]+) (?P<day>[0-9]+)[a-z]*, (?P<year>[0-9]+)")


def _clock_tables() -> tuple[dict[object, int], dict[object, int]]:
    """Seconds for every valid ``H:MM``/``HH:MM`` and every ``SS``, as str and as bytes."""
    minutes: dict[object, int] = {}
    for hour in range(24):
        for minute in range(60):
            for text in (f"{hour}:{minute:02d}", f"{hour:02d}:{minute:02d}"):
                minutes[text] = minutes[text.encode()] = hour * 3600 + minute * 60
    seconds: dict[object, int] = {}
    for second in range(60):
        seconds[f"{second:02d}"] = seconds[f"{second:02d}".encode()] = second
    return minutes, seconds


_MINUTES, _SECONDS = _clock_tables()


class Clock:
    """Header times as seconds since 0001-01-01 UTC: a calendar look-up once per distinct
    day, and the time of day from tables, so a header costs a few dict hits."""

    def __init__(self) -> None:
        self.days: dict[object, int | None] = {}

    def stamp(self, date: AnyStr) -> int | None:
        """The time of a header's date text (``November 8th, 2019 at 02:00``), or None
        when it is impossible (31 February, 25:00)."""
        day, _, clock = date.partition(b" at " if isinstance(date, bytes) else " at ")
        base = self.days.get(day, -1)
        if base == -1:
            text = day.decode("ascii") if isinstance(day, bytes) else day
            base = self.days[day] = _day_base(text)
        head, _, tail = clock.rpartition(b":" if isinstance(clock, bytes) else ":")
        if len(head) > 2:  # H:MM:SS
            of_day, second = _MINUTES.get(head), _SECONDS.get(tail)
        else:
            of_day, second = _MINUTES.get(clock), 0
        if base is None or of_day is None or second is None:
            return None
        return base + of_day + second


def _day_base(day: str) -> int | None:
    match = _DAY.fullmatch(day)
    if match is None:
        return None
    try:
        moment = datetime(
            int(match["year"]), _MONTHS[match["month"]], int(match["day"]), tzinfo=_UTC
        )
    except (ValueError, KeyError):
        return None
    return (moment - _BASE) // timedelta(seconds=1)


def datetime_stamp(timestamp: datetime | None) -> int:
    """A datetime as a stamp (UNDATED for None)."""
    if timestamp is None:
        return UNDATED
    return (timestamp - _BASE) // timedelta(seconds=1)


def stamp_datetime(stamp: int) -> datetime | None:
    """A stored stamp back as an aware UTC datetime (None when undated)."""
    return None if stamp >= UNDATED else _BASE + timedelta(seconds=stamp)
