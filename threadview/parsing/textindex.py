"""The comment section of the text layout as an index into the file: comments made on demand.

Parsing finds every header, works out each comment's parent, timestamp and place among its
siblings, and keeps only flat arrays of offsets and numbers next to the file's own bytes.
A `Comment` (author, body, id) is made when somebody asks for it, so a thread of 100,000
comments costs the parser a few arrays instead of 100,000 objects, and the reader keeps
the file plus a few bytes a comment.
"""

from __future__ import annotations

import re
import threading
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from itertools import compress, pairwise
from typing import Any, Generic

from threadview.gcpause import collector_paused
from threadview.model import Comment, IdAllocator, MoreStub, Node, SortOrder, comment_id
from threadview.parsing.layout import (
    DEPTH_INDENT,
    AnyStr,
    HeaderLine,
    Syntax,
    Trailer,
    read_trailer,
    syntax_for,
)
from threadview.parsing.replies import body_of, normalize_raw
from threadview.parsing.stamps import UNDATED, Clock, stamp_datetime
from threadview.parsing.views import IndexedForest

_BIG_BODY = 1 << 20
# The newlines around a body, found without copying it (`strip` would copy a giant body).
_LEADING: dict[type, re.Pattern[Any]] = {str: re.compile(r"\n*"), bytes: re.compile(rb"\n*")}
_TRAILING: dict[type, re.Pattern[Any]] = {
    str: re.compile(r"\n*\Z"),
    bytes: re.compile(rb"\n*\Z"),
}
_DROPPED = " \t\r\n\f\v\\"
"""Every character normalising a body may take out (blanks, line ends, escapes)."""
_DROP_TABLE = str.maketrans("", "", _DROPPED)
_SQUEEZE: dict[type, Callable[[Any], Any]] = {
    str: lambda chunk: chunk.translate(_DROP_TABLE),
    bytes: lambda chunk: chunk.translate(None, _DROPPED.encode()),
}
"""A body without any of `_DROPPED`: equal for bodies that normalise alike."""
_STAMP_BITS = 40  # a stamp fits in 40 bits; sort keys put the parent above them
_CACHE_SIZE = 1024  # comments kept made: a few screens full, not a walk of the thread


class _Repeats:
    """One kind of warning that may recur thousands of times: said once, with a count."""

    __slots__ = ("count", "first", "what")

    def __init__(self, what: str) -> None:
        self.what = what
        self.first = ""
        """The line of the first occurrence."""
        self.count = 0

    def warning(self) -> str:
        """The one warning for every occurrence (there was at least one)."""
        more = f" and {self.count - 1:,} more like it" if self.count > 1 else ""
        return f"{self.what}: {self.first!r}{more}"


class CommentIndex(Generic[AnyStr]):
    """Every comment header of a text, as parallel arrays in file order.

    Record `r` is the r-th header (or more-stub) in the file; its body runs from the end
    of its header line to the start of record `r + 1`. Siblings are grouped by parent
    and sorted by time in `grouped`, so a node's replies are one slice of it.
    """

    def __init__(
        self,
        text: AnyStr,
        headers: Iterator[HeaderLine[AnyStr]],
        warnings: list[str],
        op: str | None = None,
    ) -> None:
        self.text: AnyStr = text
        self.op = op
        """The page's submitter: their own live comments are marked ``op``."""
        self.syntax: Syntax[AnyStr] = syntax_for(text)
        self.stubs: dict[int, MoreStub] = {}
        """Record -> stub, for the more-stubs (rare, so a dict)."""
        self.orphans: set[int] = set()
        """More-stubs with text after them, kept as comments by an unknown author."""
        self._scan(headers, warnings)
        self._grouped = self._group_order()
        self._newest: array[int] | None = None
        self._by_score: array[int] | None = None
        self._scores: list[int | None] | None = None
        self._has_scores: bool | None = None
        self._cache: dict[tuple[int, SortOrder], Node] = {}
        self._lock = threading.Lock()
        self._duplicates: dict[int, str] | None = None
        self._preorder: dict[str, tuple[array[int], array[int], array[int]]] = {}
        self._first: array[int] | None = None

    def __len__(self) -> int:
        return len(self.starts)

    # ----- parsing ----------------------------------------------------------------------

    def _scan(self, headers: Iterator[HeaderLine[AnyStr]], warnings: list[str]) -> None:
        """One pass over the headers: offsets, parents and stamps."""
        syntax, text = self.syntax, self.text
        # Arrays, not lists: 8 bytes a number instead of a 32-byte int object each.
        starts = self.starts = array("I")  # offsets: files are at most 512 MiB
        parents = self.parents = array("i")
        stamps = self.stamps = array("q")
        known: dict[object, int] = {None: UNDATED}  # date text -> stamp; -1: impossible
        clock = Clock()
        level_stack: list[int] = []
        record_stack: list[int] = []
        more, date_group = syntax.more_line, syntax.header.groupindex["date"]
        self._kept_stubs = _Repeats("text after a more-stub kept as a comment")
        impossible = _Repeats("impossible date in comment header")
        add_start = starts.append
        add_parent, add_stamp, get_stamp = parents.append, stamps.append, known.get
        pending = -1  # a more-stub whose following text is not yet known
        record = -1
        for start, stop, match in headers:
            if pending >= 0:
                self._settle(pending, start, level_stack, record_stack)
                pending = -1
            record += 1
            indent = match.end(1) - start
            add_start(start)
            if match.re is more:
                count = match.group("count")
                self.stubs[record] = MoreStub(int(count)) if count else MoreStub(0, True)
                add_stamp(UNDATED)
                pending = record
                # A stub nests like a comment but is never anyone's parent.
                level = len(level_stack)
                while level and level_stack[level - 1] >= indent:
                    level -= 1
                add_parent(record_stack[level - 1] if level else -1)
                continue
            date = match.group(date_group)
            stamp = get_stamp(date)
            if stamp is None:
                if len(known) > 4096:  # comments come roughly in time order: keep it small
                    known.clear()
                    known[None] = UNDATED
                made = clock.stamp(date)
                stamp = known[date] = -1 if made is None else made
            if stamp < 0:
                stamp = UNDATED
                if not impossible.count:
                    impossible.first = syntax.decode(text[start:stop])
                impossible.count += 1
            add_stamp(stamp)
            depth = self._trailer(match).depth if indent >= DEPTH_INDENT else None
            if depth is not None:  # past the indent cap the header says its depth
                level = min(depth, len(record_stack))
                del level_stack[level:], record_stack[level:]
                add_parent(record_stack[-1] if record_stack else -1)
                level_stack.append(indent)
                record_stack.append(record)
            elif indent:
                while level_stack and level_stack[-1] >= indent:
                    level_stack.pop()
                    record_stack.pop()
                add_parent(record_stack[-1] if record_stack else -1)
                level_stack.append(indent)
                record_stack.append(record)
            else:  # the common case: a top-level comment empties the stack
                add_parent(-1)
                level_stack[:] = (0,)
                record_stack[:] = (record,)
        if pending >= 0:
            self._settle(pending, len(text), level_stack, record_stack)
        warnings.extend(each.warning() for each in (impossible, self._kept_stubs) if each.count)

    def _trailer(self, match: re.Match[AnyStr]) -> Trailer:
        """The trailer of a header (an empty one when it has none)."""
        _, trailer = read_trailer(self.syntax.decode(match.group("author")))
        return trailer or Trailer()

    def _settle(
        self,
        record: int,
        after: int,
        level_stack: list[int],
        record_stack: list[int],
    ) -> None:
        """A more-stub followed by text is kept as a comment, so no text is lost."""
        syntax, text = self.syntax, self.text
        stop = self.line_end(record)
        if not text[stop:after].strip(syntax.blank + syntax.newline):
            return
        if not self._kept_stubs.count:
            self._kept_stubs.first = syntax.decode(text[self.starts[record] : stop]).strip()
        self._kept_stubs.count += 1
        del self.stubs[record]
        self.orphans.add(record)
        indent = self.indent(record)
        while level_stack and level_stack[-1] >= indent:
            level_stack.pop()
            record_stack.pop()
        self.parents[record] = record_stack[-1] if record_stack else -1
        level_stack.append(indent)
        record_stack.append(record)

    def _group_order(self) -> array[int]:
        """Records grouped by parent (top level first), each group sorted by time."""
        stamps, parents = self.stamps, self.parents
        # One int per record, (parent, stamp, record) packed: sorting plain ints needs no
        # key list, and the record number last keeps ties (all undated alike) in file order.
        bits = max(1, len(stamps).bit_length())
        keys = [
            ((parent + 1) << _STAMP_BITS | stamp) << bits | record
            for record, (parent, stamp) in enumerate(zip(parents, stamps, strict=True))
        ]
        keys.sort()
        mask = (1 << bits) - 1
        return array("i", (key & mask for key in keys))  # no second list of n ints

    def _newest_order(self) -> array[int]:
        """The groups of `_group_order` newest first, read from it rather than sorted
        again (no list of n keys): each group's dated records backwards, except that a
        run of one time keeps file order, and the undated ones last, as they were."""
        grouped, stamps, first = self._grouped, self.stamps, self.group_starts()
        newest = array("i", grouped)
        for low, high in pairwise(first):  # every group, in `grouped` order
            if high - low < 2:
                continue
            dated = high
            while dated > low and stamps[grouped[dated - 1]] == UNDATED:
                dated -= 1
            at, stop = low, dated
            while stop > low:  # runs of one time, from the latest, each in file order
                start, stamp = stop - 1, stamps[grouped[stop - 1]]
                while start > low and stamps[grouped[start - 1]] == stamp:
                    start -= 1
                newest[at : at + stop - start] = grouped[start:stop]
                at, stop = at + stop - start, start
        return newest

    # ----- structure --------------------------------------------------------------------

    def scores(self) -> list[int | None]:
        """Each record's score from its header trailer (None for none, and for stubs),
        read once: a header without a trailer costs one byte search."""
        if self._scores is None:
            trailer = self.trailer
            self._scores = [trailer(record).score for record in range(len(self.starts))]
        return self._scores

    def has_scores(self) -> bool:
        """Whether any comment header carries a score: no search at all when the text
        never says "score", else headers are read up to the first score."""
        if self._has_scores is None:
            text = self.text
            if (b"score" if isinstance(text, bytes) else "score") not in text:
                self._has_scores = False
            else:
                trailer = self.trailer
                records = range(len(self.starts))
                self._has_scores = any(trailer(record).score is not None for record in records)
        return self._has_scores

    def _score_order(self) -> array[int]:
        """Records grouped by parent like `_group_order`, each group by score, highest
        first, ties oldest first; records without a score after, oldest first."""
        scores, stamps, parents = self.scores(), self.stamps, self.parents

        def key(record: int) -> tuple[int, bool, int, int, int]:
            score = scores[record]
            return (parents[record], score is None, -(score or 0), stamps[record], record)

        return array("i", sorted(range(len(stamps)), key=key))

    def grouped(self, order: SortOrder) -> array[int]:
        if order == "score":
            if self._by_score is None:
                self._by_score = self._score_order()
            return self._by_score
        if order == "oldest":
            return self._grouped
        if self._newest is None:
            self._newest = self._newest_order()
        return self._newest

    def children(self, parent: int, order: SortOrder) -> Sequence[int]:
        """The records whose parent is `parent` (-1: the top level), sorted."""
        if parent == -1 and self._first is None:
            # The top level sorts first; counting it is one C call, so a parse need not
            # work out every group's start.
            return self.grouped(order)[: self.parents.count(-1)]
        first = self.group_starts()
        return self.grouped(order)[first[parent + 1] : first[parent + 2]]

    def reply_count(self, record: int) -> int:
        first = self.group_starts()
        return first[record + 2] - first[record + 1]

    def group_starts(self) -> array[int]:
        """Where each parent's group of children starts in `grouped` (at parent + 1; the
        same for either order), worked out on first use."""
        first = self._first
        if first is None:
            count = len(self.parents)
            first = array("i", [0]) * (count + 2)
            for parent in self.parents:
                first[parent + 2] += 1
            for slot in range(2, count + 2):
                first[slot] += first[slot - 1]
            self._first = first
        return first

    def preorder(self, order: SortOrder) -> tuple[array[int], array[int], array[int]]:
        """(records, depths, parent positions) of every node in sorted pre-order."""
        made = self._preorder.get(order)
        if made is not None:
            return made
        grouped, first = self.grouped(order), self.group_starts()
        records, depths, ups = array("i"), array("i"), array("i")
        # Stack of [next index in `grouped`, end of the group, depth, parent's position].
        stack = [[first[0], first[1], 0, -1]]
        while stack:
            top = stack[-1]
            if top[0] == top[1]:
                stack.pop()
                continue
            record = grouped[top[0]]
            top[0] += 1
            position = len(records)
            records.append(record)
            depths.append(top[2])
            ups.append(top[3])
            low, high = first[record + 1], first[record + 2]
            if low < high:
                stack.append([low, high, top[2] + 1, position])
        made = self._preorder[order] = (records, depths, ups)
        return made

    def first_time(self) -> datetime | None:
        """The earliest time of any comment (None when none is dated)."""
        return stamp_datetime(min(self.stamps, default=UNDATED))

    def digest(self, record: int) -> int:
        """A comment's id before any duplicate suffix, as a number (0 for a stub)."""
        if record in self.stubs:
            return 0
        author, stamp, body = self.fields(record)
        return int(comment_id(author, stamp_datetime(stamp), body), 16)

    def is_stub(self, record: int) -> bool:
        return record in self.stubs

    def indent(self, record: int) -> int:
        """How far a record's header line is indented (counted again, not stored)."""
        start = self.starts[record]
        line = self.text[start : self.line_end(record)]
        return len(line) - len(line.lstrip(self.syntax.space))

    def line_end(self, record: int) -> int:
        """Where a record's header line ends (found again rather than stored)."""
        text = self.text
        end = text.find(self.syntax.newline, self.starts[record])
        return len(text) if end < 0 else end

    def body_span(self, record: int) -> tuple[int, int]:
        """Where the record's body text lies (before unindenting and trimming)."""
        after = self.starts[record + 1] if record + 1 < len(self.starts) else len(self.text)
        return self.line_end(record), after

    # ----- comments ---------------------------------------------------------------------

    def author(self, record: int) -> str:
        """A comment record's author, read from its header line alone (no body is made)."""
        if record in self.orphans:
            return "[unknown]"
        syntax = self.syntax
        match = syntax.header.fullmatch(self.text[self.starts[record] : self.line_end(record)])
        assert match is not None
        author = syntax.decode(match.group("author"))
        return read_trailer(author)[0] if author.endswith("]") else author

    def fields(self, record: int) -> tuple[str, int, AnyStr]:
        """(author, stamp, body) of a comment record."""
        syntax, text = self.syntax, self.text
        start, stop = self.starts[record], self.line_end(record)
        after = self.starts[record + 1] if record + 1 < len(self.starts) else len(text)
        line = text[start:stop]
        indent = len(line) - len(line.lstrip(syntax.space))
        if record in self.orphans:
            body = body_of(syntax.newline + text[start + indent : after], indent, syntax)
            return "[unknown]", UNDATED, body
        match = syntax.header.fullmatch(line)
        assert match is not None
        author = syntax.decode(match.group("author"))
        if after - stop > _BIG_BODY:
            leading = _LEADING[type(text)].match(text, stop, after)  # `\n*`: always matches
            stop = leading.end() if leading else stop
            trailing = _TRAILING[type(text)].search(text, stop, after)  # `\n*\Z`: always found
            after = trailing.start() if trailing else after
        if author.endswith("]"):
            author, _ = read_trailer(author)
        chunk = text[stop:after]
        if indent or syntax.backslash in chunk:
            body = body_of(chunk, indent, syntax)
        else:
            body = normalize_raw(chunk, syntax)
        return author, self.stamps[record], body

    def trailer(self, record: int) -> Trailer:
        """What a comment record's header trailer says (score, state, markers...)."""
        if record in self.orphans or record in self.stubs:
            return Trailer()
        line = self.text[self.starts[record] : self.line_end(record)]
        if self.syntax.close not in line:  # the common case, at memchr speed
            return Trailer()
        match = self.syntax.header.fullmatch(line)
        assert match is not None
        return self._trailer(match)

    def node(self, record: int, order: SortOrder = "oldest") -> Node:
        """The comment (or more-stub) of a record, with its replies in `order`."""
        key = (record, order)
        made = self._cache.get(key)
        if made is not None:
            return made
        stub = self.stubs.get(record)
        if stub is not None:
            made = stub
        else:
            author, stamp, body = self.fields(record)
            when = stamp_datetime(stamp)
            ident = comment_id(author, when, body)
            suffix = self.duplicates().get(record)
            replies: Sequence[Node] = (
                IndexedForest(self, record, order) if self.reply_count(record) else ()
            )
            trailer = self.trailer(record)
            markers: tuple[str, ...] = trailer.markers
            if author == self.op and trailer.state == "live" and "op" not in markers:
                markers = ("op", *markers)
            made = Comment(
                ident if suffix is None else ident + suffix,
                author,
                when,
                body,
                replies,
                trailer.score,
                trailer.edited,
                trailer.state,
                markers,
            )
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[key] = made
        return made

    def _plain_author(self, author: AnyStr) -> AnyStr:
        """The author part of a header without its trailer, in the text's own type."""
        plain, _ = read_trailer(self.syntax.decode(author))
        return plain.encode() if isinstance(author, bytes) else plain

    def duplicates(self) -> dict[int, str]:
        """Record -> id suffix (``~2``...) for exact duplicates, numbered in the oldest-first
        pre-order. Only comments sharing author and time can be duplicates, so bodies are
        hashed for those alone."""
        if self._duplicates is not None:
            return self._duplicates
        with self._lock:
            if self._duplicates is None:
                self._duplicates = self._find_duplicates()
        return self._duplicates

    def _find_duplicates(self) -> dict[int, str]:
        text = self.text
        on = b" on " if isinstance(text, bytes) else " on "
        starts, stamps, line_end = self.starts, self.stamps, self.line_end
        space, close = self.syntax.space, self.syntax.close
        stubs, orphans = self.stubs, self.orphans
        # Only comments sharing a time can be duplicates: the times held twice are counted
        # in C, and only their records (stubs left out) have an author read.
        shared = {stamp for stamp, seen in Counter(stamps).items() if seen > 1}
        candidates = array("i", compress(range(len(starts)), map(shared.__contains__, stamps)))
        del shared
        # A hash of (author, time) per candidate, in an array, and a byte per bucket of
        # hashes: only candidates in a bucket hit twice go into a dict. A collision costs
        # a body hash later, never a wrong id.
        bits = max(16, min(24, (8 * len(candidates)).bit_length()))
        mask = (1 << bits) - 1
        hits = bytearray(1 << bits)
        keys = array("q")
        for record in candidates:
            if record in stubs:
                keys.append(0)  # a placeholder: stubs are left out below
                continue
            if record in orphans:
                key = hash(("[unknown]", UNDATED))
            else:
                start = starts[record]
                author = text[start : text.rfind(on, start, line_end(record))].lstrip(space)
                if author[-1:] == close:
                    author = self._plain_author(author)
                key = hash((author, stamps[record]))
            keys.append(key)
            bucket = key & mask
            if hits[bucket] < 2:
                hits[bucket] += 1
        groups: dict[int, list[int]] = {}
        for record, key in zip(candidates, keys, strict=True):
            if hits[key & mask] > 1 and record not in stubs:
                groups.setdefault(key, []).append(record)
        del hits, keys, candidates
        clashing = self._same_bodies(group for group in groups.values() if len(group) > 1)
        if not clashing:
            return {}
        ids = IdAllocator()
        suffixes: dict[int, str] = {}
        for record in self.preorder("oldest")[0]:
            if record in clashing:
                name, stamp, body = self.fields(record)
                base = comment_id(name, stamp_datetime(stamp), body)
                made = ids.claim(base)
                if made != base:
                    suffixes[record] = made[len(base) :]
        return suffixes

    def _same_bodies(self, groups: Iterator[list[int]]) -> set[int]:
        """The records of each group whose bodies may be equal: a body's text without the
        bytes its normalising can take out (blanks, line ends, escapes) is compared first,
        so a comment id (a decoded, normalised, hashed body) is made only for those."""
        text, starts, orphans = self.text, self.starts, self.orphans
        squeeze = _SQUEEZE[type(text)]
        clashing: set[int] = set()
        for group in groups:
            bodies: dict[int, list[int]] = {}
            for record in group:
                start, after = self.body_span(record)
                if record in orphans:  # its stub line is part of its body
                    start = starts[record]
                bodies.setdefault(hash(squeeze(text[start:after])), []).append(record)
            for same in bodies.values():
                if len(same) > 1:
                    clashing.update(same)
        return clashing


def build_forest(
    text: AnyStr, headers: Iterator[HeaderLine[AnyStr]], warnings: list[str], op: str | None = None
) -> IndexedForest:
    """The comment forest of a text, each level sorted oldest first; `op` is the page's
    submitter, whose comments are marked as theirs."""
    with collector_paused():  # the scan makes no cycles; collections would only slow it down
        return IndexedForest(CommentIndex(text, headers, warnings, op))
