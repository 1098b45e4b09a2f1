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
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import accumulate, chain, compress, islice, pairwise, repeat
from operator import add, and_, le, ne, sub
from re import Match
from typing import Any, Generic, Protocol

from threadview.gcpause import collector_paused
from threadview.model import Comment, IdAllocator, MoreStub, Node, SortOrder, comment_id
from threadview.parsing.duplicates import clashing
from threadview.parsing.layout import (
    DEPTH_INDENT,
    AnyStr,
    Syntax,
    Trailer,
    read_trailer,
    syntax_for,
)
from threadview.parsing.replies import body_of, normalize_raw
from threadview.parsing.stamps import UNDATED, DayTable, stamp_datetime, stamps_of
from threadview.parsing.views import IndexedForest

_BIG_BODY = 1 << 20
# The newlines around a body, found without copying it (`strip` would copy a giant body).
_LEADING: dict[type, re.Pattern[Any]] = {str: re.compile(r"\n*"), bytes: re.compile(rb"\n*")}
_TRAILING: dict[type, re.Pattern[Any]] = {
    str: re.compile(r"\n*\Z"),
    bytes: re.compile(rb"\n*\Z"),
}
_BATCH = 1 << 11
"""Header lines matched at a time (their match objects are let go after each batch)."""
_ARROW: dict[type, re.Pattern[Any]] = {str: re.compile("»"), bytes: re.compile("»".encode())}
_NEEDLE: dict[type, re.Pattern[Any]] = {
    str: re.compile("more repl"),
    bytes: re.compile(b"more repl"),
}
"""What every comment header line, and every more-stub line, holds (`layout.Syntax`)."""
_STAMP_BITS = 40  # a stamp fits in 40 bits; sort keys put the parent above them
_CACHE_SIZE = 1024  # comments kept made: a few screens full, not a walk of the thread


class Repeats:
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
        start: int,
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
        self._scan(start, warnings)
        self._grouped = self._group_order()
        self._newest: array[int] | None = None
        self._by_score: array[int] | None = None
        self._scores: list[int | None] | None = None
        self._cache: dict[tuple[int, SortOrder], Node] = {}
        self._lock = threading.Lock()
        self._duplicates: dict[int, str] | None = None
        self._preorder: dict[str, tuple[array[int], array[int], array[int]]] = {}
        self._ends: dict[str, array[int]] = {}
        self._first: array[int] | None = None

    def __len__(self) -> int:
        return len(self.starts)

    # ----- parsing ----------------------------------------------------------------------

    def _scan(self, start: int, warnings: list[str]) -> None:
        """Offsets, line ends, indents and stamps of every header from `start` on, and
        whether any carries a score (`scan_range`), then parents from the indents. When
        another process scans the text's second part (`second_half`), this one scans the
        first part only and joins the two; it scans the rest itself if the other fails."""
        syntax, text = self.syntax, self.text
        helper = second_half.get()
        split = helper.split(text, start) if helper is not None else None
        self._helper: SecondHalf | None = None
        """The other process, when it is finding the duplicate candidates."""
        if helper is None or split is None:
            found = scan_range(text, syntax, start, len(text))
        else:
            found = scan_range(text, syntax, start, split)
            rest = helper.take()
            if rest is not None and not (found.more or rest.more) and helper.share(found):
                self._helper = helper
            found = _joined(found, rest or scan_range(text, syntax, split, len(text)))
        self.starts, self.ends, self.stamps = found.starts, found.ends, found.stamps
        self._has_scores = found.scored
        self._tail = found.tail
        indents = found.indents
        impossible = found.impossible
        self._kept_stubs = Repeats("text after a more-stub kept as a comment")
        if found.more:
            indents = self._add_stubs(start, indents)
        if not self.stubs and _regular(indents):
            self.parents = _parents_by_depth(indents)
        else:
            self.parents = self._parents_by_indent(indents)
        warnings.extend(each.warning() for each in (impossible, self._kept_stubs) if each.count)

    def _add_stubs(self, start: int, indents: array[int]) -> array[int]:
        """The more-stubs merged into the records in file order (rare, so in Python):
        the indents, with the stubs', are returned; starts, line ends, stamps and `stubs`
        are set (and a part's body sizes, counted without the stubs, are let go)."""
        syntax, text = self.syntax, self.text
        found = [
            match
            for matches in _line_batches(
                text, start, len(text), _NEEDLE[type(text)], syntax.more_line
            )
            for match in matches
        ]
        if not found:
            return indents
        count_group = syntax.more_line.groupindex["count"]
        lines = [(header, False) for header in range(len(self.starts))]
        lines += [(stub, True) for stub in range(len(found))]
        lines.sort(key=lambda line: found[line[0]].start() if line[1] else self.starts[line[0]])
        starts, ends, stamps, merged = array("I"), array("I"), array("q"), array("I")
        for record, (at, is_stub) in enumerate(lines):
            if is_stub:
                match = found[at]
                count = match.group(count_group)
                self.stubs[record] = MoreStub(int(count)) if count else MoreStub(0, True)
                starts.append(match.start())
                ends.append(match.end())
                stamps.append(UNDATED)
                merged.append(match.end(1) - match.start())
            else:
                starts.append(self.starts[at])
                ends.append(self.ends[at])
                stamps.append(self.stamps[at])
                merged.append(indents[at])
        self.starts, self.ends, self.stamps = starts, ends, stamps
        self._tail = None
        return merged

    def _parents_by_indent(self, indents: array[int]) -> array[int]:
        """Each record's parent, from a stack of indents: any layout of indents (odd ones,
        jumps, capped ones saying their depth), with more-stubs nesting like comments but
        never anyone's parent, and text after a stub kept as a comment."""
        parents = array("i")
        add_parent = parents.append
        level_stack: list[int] = []
        record_stack: list[int] = []
        stubs, starts = self.stubs, self.starts
        pending = -1  # a more-stub whose following text is not yet known
        for record, indent in enumerate(indents):
            if pending >= 0:
                self._settle(pending, starts[record], level_stack, record_stack, parents)
                pending = -1
            if record in stubs:
                pending = record
                level = len(level_stack)
                while level and level_stack[level - 1] >= indent:
                    level -= 1
                add_parent(record_stack[level - 1] if level else -1)
                continue
            depth = self._depth(record) if indent >= DEPTH_INDENT else None
            if depth is not None:  # past the indent cap the header says its depth
                level = min(depth, len(record_stack))
                del level_stack[level:], record_stack[level:]
            else:
                while level_stack and level_stack[-1] >= indent:
                    level_stack.pop()
                    record_stack.pop()
            add_parent(record_stack[-1] if record_stack else -1)
            level_stack.append(indent)
            record_stack.append(record)
        if pending >= 0:
            self._settle(pending, len(self.text), level_stack, record_stack, parents)
        return parents

    def _depth(self, record: int) -> int | None:
        """The depth a record's header trailer says (None when it says none)."""
        match = self.syntax.header_line.match(self.text, self.starts[record])
        assert match is not None
        return self._trailer(match).depth

    def _trailer(self, match: re.Match[AnyStr]) -> Trailer:
        """The trailer of a header (an empty one when it has none)."""
        return _trailer_of(self.syntax, match)

    def _settle(
        self,
        record: int,
        after: int,
        level_stack: list[int],
        record_stack: list[int],
        parents: array[int],
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
        parents[record] = record_stack[-1] if record_stack else -1
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
        return array("i", map(and_, keys, repeat((1 << bits) - 1)))  # no second list of n ints

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
        """Whether any comment header carries a score (seen by the scan)."""
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
        same for either order), worked out on first use by C loops: the children counted,
        then summed."""
        first = self._first
        if first is None:
            counts = Counter(self.parents)
            sizes = map(counts.get, range(-1, len(self.parents)), repeat(0))
            first = self._first = array("i", accumulate(sizes, initial=0))
        return first

    def preorder(self, order: SortOrder) -> tuple[array[int], array[int], array[int]]:
        """(records, depths, parent positions) of every node in sorted pre-order."""
        made = self._preorder.get(order)
        if made is not None:
            return made
        grouped, first = self.grouped(order), self.group_starts()
        records, depths, ups = array("i"), array("i"), array("i")
        ends = array("i")  # each position's subtree end: one past itself until it has replies
        # Stack of [next index in `grouped`, end of the group, depth, parent's position].
        stack = [[first[0], first[1], 0, -1]]
        while stack:
            top = stack[-1]
            if top[0] == top[1]:
                stack.pop()
                if top[3] >= 0:  # the parent's replies are all placed: its subtree ends here
                    ends[top[3]] = len(records)
                continue
            record = grouped[top[0]]
            top[0] += 1
            position = len(records)
            records.append(record)
            depths.append(top[2])
            ups.append(top[3])
            ends.append(position + 1)
            low, high = first[record + 1], first[record + 2]
            if low < high:
                stack.append([low, high, top[2] + 1, position])
        if max(depths, default=0) < 256:  # as nearly every thread: a byte a depth, not four
            depths = array("B", depths)
        made = self._preorder[order] = (records, depths, ups)
        self._ends[order] = ends
        return made

    def subtree_ends(self, order: SortOrder) -> array[int]:
        """Where each position of `preorder(order)` has its subtree end (recorded by the
        walk as it leaves each subtree)."""
        self.preorder(order)
        return self._ends[order]

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
        """Where a record's header line ends (its match's end, kept by the scan)."""
        return self.ends[record]

    def body_sizes(self) -> tuple[array[int], array[int]]:
        """(length, blank-line breaks) of each record's body in file order (`body_counts`);
        what another process counted is taken from its count, once (it is let go then: a
        later call counts them here)."""
        tail, self._tail = self._tail, None
        starts, ends, text = self.starts, self.ends, self.text
        if tail is None:
            return body_counts(text, self.syntax.newline, starts, ends, len(text))
        first, sizes, breaks = tail
        head = self._helper.head_sizes() if self._helper is not None else None
        if head is None:
            newline = self.syntax.newline
            head = body_counts(text, newline, starts[:first], ends[:first], starts[first])
        return head[0] + sizes, head[1] + breaks

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
        found = self._helper.clashing() if self._helper is not None else None
        if found is None:
            found = clashing(
                self.text,
                self.syntax,
                self.starts,
                self.ends,
                self.stamps,
                self.stubs,
                self.orphans,
            )
        if not found:
            return {}
        ids = IdAllocator()
        suffixes: dict[int, str] = {}
        oldest = self.preorder("oldest")[0]
        for record in compress(oldest, map(found.__contains__, oldest)):
            name, stamp, body = self.fields(record)
            base = comment_id(name, stamp_datetime(stamp), body)
            made = ids.claim(base)
            if made != base:
                suffixes[record] = made[len(base) :]
        return suffixes


def build_forest(
    text: AnyStr, start: int, warnings: list[str], op: str | None = None
) -> IndexedForest:
    """The comment forest of a text whose first header line starts at `start`, each level
    sorted oldest first; `op` is the page's submitter, whose comments are marked as theirs."""
    with collector_paused():  # the scan makes no cycles; collections would only slow it down
        return IndexedForest(CommentIndex(text, start, warnings, op))


@dataclass(slots=True)
class Scanned:
    """What the header scan found in one part of a text: its records in file order."""

    starts: array[int]
    """Where each header line starts (`I`: files are at most 512 MiB)."""
    ends: array[int]
    """Where each header line ends (its match's end: before the newline)."""
    indents: array[int]
    stamps: array[int]
    scored: bool
    """Whether any header in the part carries a score."""
    impossible: Repeats
    """The headers whose date cannot be (undated instead)."""
    more: bool
    """Whether the part holds a more-stub's needle (so maybe a more-stub)."""
    tail: tuple[int, array[int], array[int]] | None = None
    """(first record, body sizes, blank-line breaks) of the records from that one on, in
    file order, when another process counted them (`CommentIndex.body_sizes`)."""


class SecondHalf(Protocol):
    """Another process scanning a text's second part (`parsing.splitscan`)."""

    def split(self, text: Any, start: int) -> int | None:
        """Where the other process's part of `text` starts (after `start`, at a line's
        start), or None when it cannot help with this text."""

    def take(self) -> Scanned | None:
        """Its scan of that part (offsets into the whole text), or None when it failed,
        is late, or read another file than this one: the caller scans the part itself."""

    def share(self, first: Scanned) -> bool:
        """Hand it the scan of the first part, so it can look for the records that may be
        duplicates (a text without more-stubs only); whether it took it."""

    def clashing(self) -> set[int] | None:
        """The records that may be duplicates (`duplicates.clashing`) of the whole text, or
        None when it failed or is late: the caller works them out itself."""

    def head_sizes(self) -> tuple[array[int], array[int]] | None:
        """The first part's body sizes and blank-line breaks (`body_counts`), or None as
        for `clashing`."""


second_half: ContextVar[SecondHalf | None] = ContextVar("second_half", default=None)
"""Set around a parse (`splitscan.parse_whole`) to scan with another process's help."""


def scan_range(text: AnyStr, syntax: Syntax[AnyStr], start: int, stop: int) -> Scanned:
    """Every header whose line starts in text[start:stop] (both at a line's start), by C
    loops over batches of matches (`_line_batches`): offsets, line ends, indents and
    stamps, whether any carries a score, and the impossible dates (made undated)."""
    starts, ends = array("I"), array("I")
    stamps, indents = array("q"), array("I")
    groups = syntax.header.groupindex
    indent, calendar = groups["indent"], groups["calendar"]
    clock, second, author = groups["clock"], groups["second"], groups["author"]
    days = DayTable()
    scored, endswith = False, type(text).endswith
    impossible = Repeats("impossible date in comment header")
    for matches in _line_batches(text, start, stop, _ARROW[type(text)], syntax.header_line):
        first = len(starts)
        starts.extend(map(Match.start, matches))
        ends.extend(map(Match.end, matches))
        indents.extend(map(sub, map(Match.end, matches, repeat(indent)), starts[first:]))
        column = partial(map, Match.group, matches)
        stamps.extend(
            stamps_of(days, column(repeat(calendar)), column(repeat(clock)), column(repeat(second)))
        )
        if min(stamps[first:], default=0) < 0:  # rare: said once, with a count
            for record in range(first, len(stamps)):
                if stamps[record] < 0:
                    stamps[record] = UNDATED
                    if not impossible.count:
                        impossible.first = syntax.decode(text[starts[record] : ends[record]])
                    impossible.count += 1
        # A trailer ends with a bracket: a batch whose text has none has no score (one
        # search in C); else only a name ending like a trailer is read in Python.
        if not scored and matches and text.find(syntax.close, starts[first], ends[-1]) >= 0:
            names = map(endswith, column(repeat(author)), repeat(syntax.close))
            scored = any(
                _trailer_of(syntax, match).score is not None for match in compress(matches, names)
            )
    more = text.find(syntax.more_needle, start, stop) >= 0
    return Scanned(starts, ends, indents, stamps, scored, impossible, more)


def body_counts(
    text: AnyStr, newline: AnyStr, starts: array[int], ends: array[int], stop: int
) -> tuple[array[int], array[int]]:
    """(length, blank-line breaks) of each record's body, by C loops over the records in
    file order: a body runs from its header line's end (`ends`) to the next record's start
    (`stop` for the last)."""
    stops = array("I", starts)
    if stops:
        del stops[0]
        stops.append(stop)
    sizes = array("I", map(sub, stops, ends))
    return sizes, array("I", map(text.count, repeat(newline * 2), ends, stops))


def _joined(first: Scanned, second: Scanned) -> Scanned:
    """The scans of two adjacent parts as one; the second part's body sizes kept as the
    tail (the first part's are counted when asked for)."""
    impossible = first.impossible
    if second.impossible.count:
        if not impossible.count:
            impossible.first = second.impossible.first
        impossible.count += second.impossible.count
    tail = second.tail
    if tail is not None:
        tail = (len(first.starts), tail[1], tail[2]) if second.starts else None
    return Scanned(
        first.starts + second.starts,
        first.ends + second.ends,
        first.indents + second.indents,
        first.stamps + second.stamps,
        first.scored or second.scored,
        impossible,
        first.more or second.more,
        tail,
    )


def _trailer_of(syntax: Syntax[AnyStr], match: re.Match[AnyStr]) -> Trailer:
    """The trailer of a header (an empty one when it has none)."""
    _, trailer = read_trailer(syntax.decode(match.group("author")))
    return trailer or Trailer()


def _line_batches(
    text: AnyStr, start: int, stop: int, needle: re.Pattern[AnyStr], line: re.Pattern[AnyStr]
) -> Iterator[list[Match[AnyStr]]]:
    """The matches of `line` at the start of each line that holds `needle` in
    text[start:stop] (both at a line's start), a batch at a time: the needles are found by
    one regex search, their line starts by `rfind`, and the lines matched, all by C loops
    (`map`); a batch's matches are let go before the next is made."""
    newline = b"\n" if isinstance(text, bytes) else "\n"
    found = map(Match.start, needle.finditer(text, start, stop))
    previous = -2
    while True:
        breaks = array("q", map(text.rfind, repeat(newline), repeat(0), islice(found, _BATCH)))
        if not breaks:
            return
        # One match a line: a header's line may hold the needle more than once.
        distinct = compress(breaks, map(ne, breaks, chain((previous,), breaks)))
        previous = breaks[-1]
        yield list(filter(None, map(line.match, repeat(text), map(add, distinct, repeat(1)))))


def _regular(indents: array[int]) -> bool:
    """Whether the indents are the writer's: two spaces a level, a reply one level below
    the line above at most, none capped. Each record's parent is then the last record one
    level up (`_parents_by_depth`), as the indent stack would find."""
    return not indents or (
        max(indents) < DEPTH_INDENT
        and not any(map(and_, indents, repeat(1)))
        and all(map(le, indents, map(add, chain((0,), indents), repeat(2))))
    )


def _parents_by_depth(indents: array[int]) -> array[int]:
    """Each record's parent when the indents are `_regular`: the last record seen at the
    indent two spaces less (one list look-up and store a record, no stack)."""
    parents = array("i")
    add_parent = parents.append
    last = [-1] * (max(indents, default=0) + 3)  # by indent + 2: the last record there
    for record, indent in enumerate(indents):
        add_parent(last[indent])
        last[indent + 2] = record
    return parents
