"""Comment header times as integers: seconds since 0001-01-01 UTC, read in bulk.

The index keeps one such number per comment (8 bytes, sortable, with `UNDATED` after every
real time) and turns it back into an aware datetime only when a comment is made. A column
of headers' date parts becomes a column of stamps by C loops over look-up tables.
"""

from __future__ import annotations

import re
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


_DAY = re.compile(r"(?P<month>[A-Za-z]+) (?P<day>[0-9]+)[a-z]*, (?P<year>[0-9]+)")


class DayTable(dict[Any, int]):
    """A header's day text (``May 1st, 2020``, str or bytes) to the seconds that day starts
    at: the calendar is asked once per distinct day (a dict hit after); None, an undated
    header's, gives `UNDATED`."""

    def __missing__(self, key: Any) -> int:
        if key is None:
            value = UNDATED
        else:
            match = _DAY.fullmatch(key.decode("ascii") if isinstance(key, bytes) else key)
            value = IMPOSSIBLE
            if match is not None and match["month"] in _MONTHS:
                try:
                    moment = datetime(
                        int(match["year"]), _MONTHS[match["month"]], int(match["day"]), tzinfo=_UTC
                    )
                except ValueError:
                    pass
                else:
                    value = (moment - _BASE) // timedelta(seconds=1)
        self[key] = value
        return value


def _clock_tables() -> tuple[dict[object, int], dict[object, int]]:
    """Seconds for every valid ``H:MM``/``HH:MM`` and every ``SS``, as str and as bytes;
    None (no time, no seconds) is 0."""
    minutes: dict[object, int] = {None: 0}
    for hour in range(24):
        for minute in range(60):
            for text in (f"{hour}:{minute:02d}", f"{hour:02d}:{minute:02d}"):
                minutes[text] = minutes[text.encode()] = hour * 3600 + minute * 60
    seconds: dict[object, int] = {None: 0}
    for second in range(60):
        seconds[f"{second:02d}"] = seconds[f"{second:02d}".encode()] = second
    return minutes, seconds


_MINUTES, _SECONDS = _clock_tables()


def stamps_of(
    days: DayTable, calendars: Iterable[object], clocks: Iterable[object], seconds: Iterable[object]
) -> Iterator[int]:
    """The stamp of each header from its date's parts (`layout.HEADER_PATTERN`'s
    `calendar`, `clock` and `second`; None where it has none), by C loops (`map` over
    dict look-ups): `UNDATED` for an undated header, a negative number for an impossible
    date."""
    of_day = map(_MINUTES.get, clocks, repeat(IMPOSSIBLE))
    return map(
        add,
        map(add, map(days.__getitem__, calendars), of_day),
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
