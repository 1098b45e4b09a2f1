"""How a time is shown on screen: to the minute in UTC, and the gap after the first comment."""

from __future__ import annotations

from datetime import datetime


def format_elapsed(seconds: float) -> str:
    """`+3d 4h`, `+2h 05m`, `+7m`, `+40s`, or `first` for the first comment itself."""
    if seconds < 0:
        return "before first"
    if seconds < 60:
        return f"+{int(seconds)}s" if int(seconds) else "first"
    minutes = int(seconds // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"+{days}d {hours}h"
    if hours:
        return f"+{hours}h {minutes:02d}m"
    return f"+{minutes}m"


def format_time(timestamp: datetime | None, first: datetime | None = None) -> str:
    """Absolute UTC time (`2024-03-04 09:12 UTC`, or "unknown date"), plus the gap after
    the thread's first comment when `first` is given."""
    if timestamp is None:
        return "unknown date"
    stamp = timestamp.strftime("%Y-%m-%d %H:%M UTC")
    if first is None:
        return stamp
    return f"{stamp} · {format_elapsed((timestamp - first).total_seconds())}"
