"""Comment header times as integers: seconds since 0001-01-01 UTC, read in bulk.

The index keeps one such number per comment (8 bytes, sortable, with `UNDATED` after every
real time) and turns it back into an aware datetime only when a comment is made. A column
of headers' date parts becomes a column of stamps by C loops over look-up tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from itertools import repeat
from operator import add
from typing import Any

from threadview.model import MONTH_NAMES

_UTC = timezone.utc
_BASE = datetime(1, 1, 1, tzinfo=_UTC)
UNDATED = 1 << 39
"""The stamp of a comment with no time (and of a more-stub): after every real time."""
_MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, start=1)}


IMPOSSIBLE = -(1 << 50)
"""What a table gives for a part of a date that cannot be (31 February, 25:00): any sum of
parts holding one is negative, so a whole column of stamps is checked with one `min`."""


class DayTable(dict[tuple[Any, Any, Any], int]):
    """(month, day, year) texts of a header's date, str or bytes, to the seconds its day
    starts at: the calendar is asked once per distinct day (a dict hit after), and
    (None, None, None), an undated header's, gives `UNDATED`."""

    def __missing__(self, key: tuple[Any, Any, Any]) -> int:
        month, day, year = key
        if month is None:
            value = UNDATED
        else:
            name = month.decode("ascii") if isinstance(month, bytes) else str(month)
            try:
                moment = datetime(int(year), _MONTHS[name], int(day), tzinfo=_UTC)
            except (ValueError, KeyError):
                value = IMPOSSIBLE
            else:
                value = (moment - _BASE) // timedelta(seconds=1)
        self[key] = value
        return value


def _clock_tables() -> tuple[dict[object, int], dict[object, int]]:
    """Seconds for every (hour, minute) texts pair (``H``/``HH``, ``MM``), and for every
    ``SS``, as str and as bytes; None (no time, no seconds) is 0."""
    minutes: dict[object, int] = {(None, None): 0}
    for hour in range(24):
        for minute in range(60):
            for text in (str(hour), f"{hour:02d}"):
                of_day = hour * 3600 + minute * 60
                minutes[text, f"{minute:02d}"] = of_day
                minutes[text.encode(), f"{minute:02d}".encode()] = of_day
    seconds: dict[object, int] = {None: 0}
    for second in range(60):
        seconds[f"{second:02d}"] = seconds[f"{second:02d}".encode()] = second
    return minutes, seconds


_MINUTES, _SECONDS = _clock_tables()


def stamps_of(
    days: DayTable,
    months: Iterable[object],
    day_numbers: Iterable[object],
    years: Iterable[object],
    hours: Iterable[object],
    minutes: Iterable[object],
    seconds: Iterable[object],
) -> Iterator[int]:
    """The stamp of each header from its date's parts (None where it has none), worked
    out by C loops (`map` over dict look-ups): `UNDATED` for an undated header, a negative
    number for an impossible date."""
    clock = map(_MINUTES.get, zip(hours, minutes, strict=True), repeat(IMPOSSIBLE))
    return map(
        add,
        map(add, map(days.__getitem__, zip(months, day_numbers, years, strict=True)), clock),
        map(_SECONDS.get, seconds, repeat(IMPOSSIBLE)),
    )


def datetime_stamp(timestamp: datetime | None) -> int:
    """A datetime as a stamp (UNDATED for None)."""
    if timestamp is None:
        return UNDATED
    return (timestamp - _BASE) // timedelta(seconds=1)


def stamp_datetime(stamp: int) -> datetime | None:
    """A stored stamp back as an aware UTC datetime (None when undated)."""
    return None if stamp >= UNDATED else _BASE + timedelta(seconds=stamp)
