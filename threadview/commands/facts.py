"""`threadview dump --facts`: a thread's facts, authors and timeline as text or JSON."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TextIO

from threadview.facts import (
    AuthorStats,
    Facts,
    Timeline,
    author_stats,
    thread_facts,
    thread_rows,
    timeline,
)
from threadview.model import Thread, iso_utc
from threadview.render.outgoing import escape_json
from threadview.render.safe import sanitize

BAR_WIDTH = 40


def facts_json(facts: Facts, authors: list[AuthorStats], line: Timeline) -> dict[str, object]:
    """The three shaped for JSON: times as ISO UTC strings (null when unknown)."""
    return {
        "facts": {
            "comments": facts.comments,
            "authors": facts.authors,
            "max_depth": facts.max_depth,
            "first": _iso(facts.first),
            "last": _iso(facts.last),
            "busiest_hour": _iso(facts.busiest_hour),
            "busiest_count": facts.busiest_count,
            "languages": [{"language": name, "count": n} for name, n in facts.languages],
            "sources": [{"host": host, "count": n} for host, n in facts.sources],
        },
        "authors": [
            {
                "author": stats.author,
                "comments": stats.comments,
                "first": _iso(stats.first),
                "last": _iso(stats.last),
                "submitter": stats.submitter,
            }
            for stats in authors
        ],
        "timeline": {
            "unit": line.unit,
            "width": line.width,
            "undated": line.undated,
            "buckets": [
                {"start": _iso(b.start), "count": b.count, "first_position": b.first_position}
                for b in line.buckets
            ],
        },
    }


def _iso(when: datetime | None) -> str | None:
    return iso_utc(when) or None


def _shown(when: datetime | None) -> str:
    return "-" if when is None else when.strftime("%Y-%m-%d %H:%M UTC")


def _counted(pairs: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{name} {count}" for name, count in pairs) or "-"


def facts_text(facts: Facts, authors: list[AuthorStats], line: Timeline) -> str:
    """The three as lines for a terminal (thread text still to pass the gate)."""
    busiest = _shown(facts.busiest_hour)
    if facts.busiest_hour is not None:
        busiest += f" ({facts.busiest_count} comments)"
    rows = [
        ("comments", f"{facts.comments:,}"),
        ("authors", f"{facts.authors:,}"),
        ("max depth", "-" if facts.max_depth is None else str(facts.max_depth)),
        ("first", _shown(facts.first)),
        ("last", _shown(facts.last)),
        ("busiest hour", busiest),
        ("translations", _counted(facts.languages)),
        ("sources", _counted(facts.sources)),
    ]
    lines = [f"{name:<13} {value}" for name, value in rows]
    lines += ["", "authors:"]
    for stats in authors:
        mark = " (submitter)" if stats.submitter else ""
        lines.append(
            f"{stats.comments:>7,}  {_shown(stats.first)} .. {_shown(stats.last)}  "
            f"{' '.join(stats.author.split())}{mark}"
        )
    width = "" if line.width == 1 else f"{line.width} "
    lines += ["", f"timeline (a bar per {width}{line.unit}{'' if line.width == 1 else 's'}):"]
    peak = max((bucket.count for bucket in line.buckets), default=0)
    for bucket in line.buckets:
        bar = "#" * (-(-bucket.count * BAR_WIDTH // peak) if peak else 0)
        lines.append(f"{_shown(bucket.start)}  {bucket.count:>7,}  {bar}".rstrip())
    if line.undated:
        lines.append(f"undated: {line.undated:,}")
    return "\n".join(lines) + "\n"


def write_facts(thread: Thread, out: TextIO, as_json: bool) -> None:
    """Facts, authors and timeline of `thread` to `out`, through the output gate."""
    rows = thread_rows(thread)
    made = (thread_facts(thread, rows=rows), author_stats(thread, rows), timeline(thread, rows))
    if as_json:
        out.write(escape_json(json.dumps(facts_json(*made), ensure_ascii=False)) + "\n")
    else:
        out.write(sanitize(facts_text(*made)))
