"""Thread facts, author stats and the comment timeline, each one pass over light rows.

Everything here reads `Rows`: per node in the oldest-first pre-order (the reader's flattened
order, stubs included), its depth, author and time. For the text layout's index-backed
forest the rows come from the index (header lines and stored stamps), so no comment is
made; only the facts that need bodies (translation languages, cited hosts) read them.
Pure: no I/O, no Textual.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from threadview.annotate import find_links, find_translations, source_key, thread_sources
from threadview.model import Comment, Node, Siblings, Thread, sorted_forest, walk
from threadview.parsing.stamps import UNDATED, datetime_stamp, stamp_datetime
from threadview.parsing.views import IndexedForest

Unit = Literal["minute", "hour", "day"]
UNIT_SECONDS: dict[Unit, int] = {"minute": 60, "hour": 3600, "day": 86400}
MAX_BUCKETS = 120
# Bucket widths tried in turn, narrowest first; past the last, months of 30 days grow.
_LADDER: tuple[tuple[Unit, int], ...] = (
    ("minute", 1),
    ("minute", 5),
    ("minute", 15),
    ("minute", 30),
    ("hour", 1),
    ("hour", 3),
    ("hour", 6),
    ("hour", 12),
    ("day", 1),
    ("day", 7),
    ("day", 30),
)
TOP_SOURCES = 5


@dataclass(frozen=True, slots=True)
class Rows:
    """Every node in oldest-first pre-order: `authors[i]` is None for a more-stub,
    `stamps[i]` is seconds since 0001-01-01 UTC (`parsing.stamps`), None when undated."""

    depths: Sequence[int]
    authors: Sequence[str | None]
    stamps: Sequence[int | None]


def thread_rows(thread: Thread) -> Rows:
    """The rows of a thread; from the index when the forest is index-backed."""
    forest = thread.comments
    if isinstance(forest, IndexedForest):
        index = forest.comment_index
        records, depths, _ = index.preorder("oldest")
        stubs, stamps, author = index.stubs, index.stamps, index.author
        authors = [None if record in stubs else author(record) for record in records]
        times = [None if (s := stamps[record]) >= UNDATED else s for record in records]
        return Rows(depths, authors, times)
    depth_list: list[int] = []
    author_list: list[str | None] = []
    stamp_list: list[int | None] = []
    for depth, node in walk(sorted_forest(forest, "oldest")):
        depth_list.append(depth)
        if isinstance(node, Comment):
            author_list.append(node.author)
            when = node.timestamp
            stamp_list.append(None if when is None else datetime_stamp(when))
        else:
            author_list.append(None)
            stamp_list.append(None)
    return Rows(depth_list, author_list, stamp_list)


def _when(stamp: int | None) -> datetime | None:
    return None if stamp is None else stamp_datetime(stamp)


@dataclass(frozen=True, slots=True)
class Facts:
    """What a thread holds at a glance. `busiest_hour` is the start of the calendar UTC
    hour with the most comments (the earliest on a tie); `languages` counts translation
    notes by the original's language ("unknown" when not told); `sources` are the most
    cited hosts; `bookmarks` is what the caller passed (None: not known)."""

    comments: int
    authors: int
    max_depth: int | None
    first: datetime | None
    last: datetime | None
    busiest_hour: datetime | None
    busiest_count: int
    languages: tuple[tuple[str, int], ...]
    sources: tuple[tuple[str, int], ...]
    bookmarks: int | None


def thread_facts(thread: Thread, bookmarks: int | None = None, rows: Rows | None = None) -> Facts:
    """The facts of `thread`: one pass over its rows, one over its text."""
    rows = thread_rows(thread) if rows is None else rows
    comments = 0
    deepest = -1
    first = last = None
    names: set[str] = set()
    hours: Counter[int] = Counter()
    for depth, author, stamp in zip(rows.depths, rows.authors, rows.stamps, strict=True):
        if author is None:
            continue
        comments += 1
        names.add(author)
        deepest = max(deepest, depth)
        if stamp is not None:
            first = stamp if first is None else min(first, stamp)
            last = stamp if last is None else max(last, stamp)
            hours[stamp // 3600] += 1
    busiest, busiest_count = None, 0
    if hours:
        busiest, busiest_count = min(hours.items(), key=lambda item: (-item[1], item[0]))
    languages, sources = text_facts(thread)
    return Facts(
        comments=comments,
        authors=len(names),
        max_depth=deepest if comments else None,
        first=_when(first),
        last=_when(last),
        busiest_hour=None if busiest is None else stamp_datetime(busiest * 3600),
        busiest_count=busiest_count,
        languages=languages,
        sources=sources,
        bookmarks=bookmarks,
    )


def _bodies(thread: Thread) -> Iterator[str]:
    """Every comment body; from the index, when there is one, without making comments."""
    forest = thread.comments
    if isinstance(forest, IndexedForest):
        index = forest.comment_index
        stubs, fields = index.stubs, index.fields
        decode = index.syntax.decode if isinstance(index.text, bytes) else str
        for record in range(len(index)):
            if record not in stubs:
                yield decode(fields(record)[2])
        return
    for _, node in walk(forest):
        if isinstance(node, Comment):
            yield node.body


def text_facts(
    thread: Thread,
) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]:
    """(translation languages, most cited hosts), each as (name, count), most first.

    Hosts count as the Sources panel counts them (`annotate.thread_sources`)."""
    languages: Counter[str] = Counter()
    hosts: Counter[str] = Counter()
    for summary in thread_sources(replace(thread, comments=())):
        hosts[summary.host] += summary.count
    for block in thread.article:
        for note in find_translations(block.text):
            languages[note.language or "unknown"] += 1
    for body in _bodies(thread):
        for note in find_translations(body):
            languages[note.language or "unknown"] += 1
        for link in find_links(body):
            hosts[source_key(link.host)] += 1
    return _ranked(languages), _ranked(hosts)[:TOP_SOURCES]


def _ranked(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


@dataclass(frozen=True, slots=True)
class AuthorStats:
    """One author: how many comments, their first and last time, whether they submitted
    the thread, and the position of their first comment (to jump there)."""

    author: str
    comments: int
    first: datetime | None
    last: datetime | None
    submitter: bool
    first_position: int


@dataclass(slots=True)
class _Tally:
    """One author's comments so far: how many, the first and last stamps, where first."""

    count: int
    low: int | None
    high: int | None
    at: int


def author_stats(thread: Thread, rows: Rows | None = None) -> list[AuthorStats]:
    """Every author, most comments first (then earliest first comment, then name)."""
    rows = thread_rows(thread) if rows is None else rows
    seen: dict[str, _Tally] = {}
    for position, (author, stamp) in enumerate(zip(rows.authors, rows.stamps, strict=True)):
        if author is None:
            continue
        tally = seen.get(author)
        if tally is None:
            seen[author] = _Tally(1, stamp, stamp, position)
            continue
        tally.count += 1
        if stamp is not None:
            if tally.low is None or stamp < tally.low:
                tally.low = stamp
            if tally.high is None or stamp > tally.high:
                tally.high = stamp
    submitter = thread.submitter
    ordered = sorted(
        seen.items(),
        key=lambda item: (-item[1].count, item[1].low is None, item[1].low or 0, item[0]),
    )
    made = [
        AuthorStats(
            name, tally.count, _when(tally.low), _when(tally.high), name == submitter, tally.at
        )
        for name, tally in ordered
    ]
    return made


@dataclass(frozen=True, slots=True)
class Bucket:
    """One bar of the timeline: its start, how many comments, and the position of the
    earliest of them (None for an empty bucket)."""

    start: datetime
    count: int
    first_position: int | None


@dataclass(frozen=True, slots=True)
class Timeline:
    """A histogram of comment times: buckets of `width` `unit`s from the first comment's
    bucket to the last one's, empty ones included; `undated` comments are left out."""

    unit: Unit
    width: int
    buckets: tuple[Bucket, ...]
    undated: int

    @property
    def seconds(self) -> int:
        return UNIT_SECONDS[self.unit] * self.width

    def bucket_of(self, when: datetime | None) -> int | None:
        """Which bucket a time falls in (to mark the selected comment), or None."""
        if when is None or not self.buckets:
            return None
        at = (datetime_stamp(when) - datetime_stamp(self.buckets[0].start)) // self.seconds
        return at if 0 <= at < len(self.buckets) else None


def bucket_size(first: int, last: int, limit: int = MAX_BUCKETS) -> tuple[Unit, int]:
    """The narrowest (unit, width) whose buckets from stamp `first` to `last` number at
    most `limit`."""
    for unit, width in _LADDER:
        size = UNIT_SECONDS[unit] * width
        if last // size - first // size + 1 <= limit:
            return unit, width
    days = 30
    while True:
        days *= 2
        size = UNIT_SECONDS["day"] * days
        if last // size - first // size + 1 <= limit:
            return "day", days


def timeline(thread: Thread, rows: Rows | None = None, limit: int = MAX_BUCKETS) -> Timeline:
    """The thread's comment times as a histogram of at most `limit` buckets."""
    rows = thread_rows(thread) if rows is None else rows
    dated = [
        (stamp, position)
        for position, (author, stamp) in enumerate(zip(rows.authors, rows.stamps, strict=True))
        if author is not None and stamp is not None
    ]
    undated = sum(1 for author in rows.authors if author is not None) - len(dated)
    if not dated:
        return Timeline("minute", 1, (), undated)
    first = min(stamp for stamp, _ in dated)
    last = max(stamp for stamp, _ in dated)
    unit, width = bucket_size(first, last, limit)
    size = UNIT_SECONDS[unit] * width
    base = first // size
    slots = last // size - base + 1
    counts = [0] * slots
    earliest: list[tuple[int, int] | None] = [None] * slots
    for stamp, position in dated:
        slot = stamp // size - base
        counts[slot] += 1
        held = earliest[slot]
        if held is None or stamp < held[0]:
            earliest[slot] = (stamp, position)
    buckets = tuple(
        Bucket(_bucket_start((base + slot) * size), counts[slot], _position(earliest[slot]))
        for slot in range(slots)
    )
    return Timeline(unit, width, buckets, undated)


def _bucket_start(stamp: int) -> datetime:
    start = stamp_datetime(stamp)
    assert start is not None, "buckets lie between two dated comments"
    return start


def _position(held: tuple[int, int] | None) -> int | None:
    return None if held is None else held[1]


def first_minutes(thread: Thread, minutes: int, rows: Rows | None = None) -> list[int]:
    """Positions (pre-order) of the comments made in the first `minutes` minutes after
    the first comment: the half-open span [first, first + minutes)."""
    rows = thread_rows(thread) if rows is None else rows
    stamps = [
        (position, stamp)
        for position, (author, stamp) in enumerate(zip(rows.authors, rows.stamps, strict=True))
        if author is not None and stamp is not None
    ]
    if not stamps:
        return []
    end = min(stamp for _, stamp in stamps) + minutes * 60
    return [position for position, stamp in stamps if stamp < end]


def first_minutes_forest(thread: Thread, minutes: int, rows: Rows | None = None) -> Siblings:
    """The thread's comments (oldest first) made in its first `minutes` minutes, as a tree:
    a reply whose parent came later (or is undated) hangs from its nearest kept ancestor,
    or starts a thread of its own."""
    keep = set(first_minutes(thread, minutes, rows))
    roots: list[Node] = []
    # (depth, comment, its kept replies so far), the chain of kept ancestors
    stack: list[tuple[int, Comment, list[Node]]] = []

    def close() -> None:
        _, comment, replies = stack.pop()
        made = replace(comment, replies=tuple(replies))
        (stack[-1][2] if stack else roots).append(made)

    for position, (depth, node) in enumerate(walk(sorted_forest(thread.comments, "oldest"))):
        while stack and stack[-1][0] >= depth:
            close()
        if position in keep and isinstance(node, Comment):
            stack.append((depth, node, []))
    while stack:
        close()
    return tuple(roots)
