"""Builds a sorted comment forest from flat records, for the JSON loaders (Reddit, HN).

Also the small helpers they share: epoch/ISO times to UTC, and labels for error messages.

The loaders walk their JSON iteratively and add one record per comment or stub with the
index of its parent. `ForestBuilder.build` then sorts every level oldest first (the order
of `model.sorted_forest`: undated last, input order on ties), hands out ids from one
`IdAllocator` in the pre-order a reader sees, and builds the frozen `Comment`s bottom-up,
so no step recurses and each node is constructed once.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import TypeGuard
from urllib.parse import urljoin

from threadview.model import Comment, IdAllocator, MoreStub, Node

_UTC = timezone.utc
_UNPRINTABLE = re.compile(r"[^\x20-\x7e]")


def is_int(value: object) -> TypeGuard[int]:
    """A JSON integer (True and False are ints to Python, not to JSON)."""
    return isinstance(value, int) and not isinstance(value, bool)


def label(value: object, limit: int = 30) -> str:
    """A name from the file, safe for a one-line error: ASCII-printable and short."""
    text = _UNPRINTABLE.sub("?", str(value))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def join_url(base: str, ref: str | None) -> str | None:
    """`ref` resolved against `base`, or None when it can't be (``//[x`` is a bad IPv6 host)."""
    if not ref:
        return None
    try:
        return urljoin(base, ref)
    except ValueError:
        return None


def utc_from_epoch(value: object) -> tuple[int | None, datetime | None]:
    """Epoch seconds (int or float; fractions dropped) as ``(seconds, aware UTC datetime)``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None, None
    try:
        seconds = int(value)
        return seconds, datetime.fromtimestamp(seconds, _UTC)
    except (OverflowError, OSError, ValueError):
        return None, None


def utc_from_iso(value: object) -> tuple[int | None, datetime | None]:
    """An ISO 8601 time (``Z`` allowed; naive means UTC) as ``(seconds, UTC datetime)``."""
    if not isinstance(value, str) or not value:
        return None, None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None, None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_UTC)
    try:
        return utc_from_epoch(parsed.timestamp())
    except (OverflowError, OSError, ValueError):
        return None, None


_PENDING = MoreStub(-1)
"""Holds a node's place until it is built (nodes are built replies first)."""
_Fields = tuple[str, datetime | None, str, int | None, bool, str, tuple[str, ...], str | None]
"""A comment's fields as `add_comment` took them."""


class ForestBuilder:
    """Collects comment and stub records with parent links; `build` returns the forest.

    Siblings must be added in input order (their order breaks timestamp ties).
    """

    __slots__ = ("_fields", "_kids", "_stamps", "_top")

    def __init__(self) -> None:
        self._stamps: list[int | None] = []
        self._fields: list[_Fields | MoreStub] = []
        self._kids: list[list[int] | None] = []
        self._top: list[int] = []

    def __len__(self) -> int:
        return len(self._fields)

    def _siblings(self, parent: int) -> list[int]:
        if parent < 0:
            return self._top
        kids = self._kids[parent]
        if kids is None:
            raise ValueError("a stub cannot have replies")
        return kids

    def add_comment(
        self,
        parent: int,
        author: str,
        stamp: int | None,
        timestamp: datetime | None,
        body: str,
        score: int | None = None,
        edited: bool = False,
        state: str = "live",
        markers: tuple[str, ...] = (),
        orphan: str | None = None,
    ) -> int:
        """Add a comment under `parent` (-1 for top level); returns its index."""
        index = len(self._fields)
        self._siblings(parent).append(index)
        self._stamps.append(stamp)
        self._fields.append((author, timestamp, body, score, edited, state, markers, orphan))
        self._kids.append([])
        return index

    def set_orphan(self, index: int, orphan: str) -> None:
        """Mark comment `index` as a reply to `orphan`, a comment not in the file (known
        only once the whole file is read)."""
        record = self._fields[index]
        if isinstance(record, MoreStub):
            raise ValueError("a stub cannot be an orphan")
        self._fields[index] = (*record[:7], orphan)

    def add_more(self, parent: int, count: int, continued: bool = False) -> int:
        """Add a stub for `count` replies not in the file under `parent` (`continued`:
        Reddit's "continue this thread")."""
        index = len(self._fields)
        self._siblings(parent).append(index)
        self._stamps.append(None)
        self._fields.append(MoreStub(count, continued))
        self._kids.append(None)
        return index

    def _sorted(self, indices: list[int]) -> list[int]:
        if len(indices) < 2:
            return indices
        stamps = self._stamps
        # Stable sort: equal keys keep input order, as model.sort_key does.
        return sorted(indices, key=lambda i: (stamps[i] is None, stamps[i] or 0))

    def build(self) -> tuple[Node, ...]:
        """The forest, every level sorted oldest first, ids allocated in reading order."""
        fields, kids = self._fields, self._kids
        order: list[int] = []
        top = self._sorted(self._top)
        stack = list(reversed(top))
        while stack:
            index = stack.pop()
            order.append(index)
            children = kids[index]
            if children:
                children = self._sorted(children)
                kids[index] = children
                stack.extend(reversed(children))
        comments = [index for index in order if kids[index] is not None]
        records = (fields[index] for index in comments)
        made = IdAllocator().make_many(
            record[:3] for record in records if not isinstance(record, MoreStub)
        )
        ids = [""] * len(fields)  # stubs keep ""
        for index, made_id in zip(comments, made, strict=True):
            ids[index] = made_id
        built: list[Node] = [_PENDING] * len(fields)
        for index in reversed(order):
            record = fields[index]
            if isinstance(record, MoreStub):
                built[index] = record
                continue
            author, timestamp, body, score, edited, state, markers, orphan = record
            children = kids[index]
            replies = tuple([built[k] for k in children]) if children else ()
            built[index] = Comment(
                ids[index],
                author,
                timestamp,
                body,
                replies,
                score,
                edited,
                state,
                markers,
                orphan,
            )
        return tuple([built[k] for k in top])
