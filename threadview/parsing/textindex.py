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
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from functools import partial
from itertools import accumulate, chain, compress, filterfalse, islice, pairwise, repeat
from operator import add, and_, eq, getitem, le, lt, ne, sub
from re import Match
from typing import Any, Generic

from threadview.gcpause import collector_paused
from threadview.model import Comment, IdAllocator, MoreStub, Node, SortOrder, comment_id
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
_DROPPED = " \t\r\n\f\v\\"
"""Every character normalising a body may take out (blanks, line ends, escapes)."""
_DROP_TABLE = str.maketrans("", "", _DROPPED)
_DROP_BYTES = _DROPPED.encode()
_PREFIX = 24
"""Bytes of a squeezed body compared first: most bodies differ this early."""
_WINDOW = 128
"""Bytes of a body squeezed for its prefix (more only when they hold fewer than `_PREFIX`)."""
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
        """Offsets, indents and stamps of every header from `start` on, and whether any
        carries a score, by C loops over batches of matches (`_line_batches`); then
        parents from the indents."""
        syntax, text = self.syntax, self.text
        # Arrays, not lists: 8 bytes a number instead of a 32-byte int object each.
        starts = self.starts = array("I")  # offsets: files are at most 512 MiB
        stamps = self.stamps = array("q")
        indents = array("I")
        groups = syntax.header.groupindex
        indent, calendar = groups["indent"], groups["calendar"]
        clock, second, author = groups["clock"], groups["second"], groups["author"]
        days = DayTable()
        scored, endswith = False, type(text).endswith
        impossible = _Repeats("impossible date in comment header")
        for matches in _line_batches(text, start, _ARROW[type(text)], syntax.header_line):
            first = len(starts)
            starts.extend(map(Match.start, matches))
            indents.extend(map(sub, map(Match.end, matches, repeat(indent)), starts[first:]))
            column = partial(map, Match.group, matches)
            stamps.extend(
                stamps_of(
                    days, column(repeat(calendar)), column(repeat(clock)), column(repeat(second))
                )
            )
            if min(stamps[first:], default=0) < 0:  # rare: said once, with a count
                for record in range(first, len(stamps)):
                    if stamps[record] < 0:
                        stamps[record] = UNDATED
                        if not impossible.count:
                            line = text[starts[record] : self.line_end(record)]
                            impossible.first = syntax.decode(line)
                        impossible.count += 1
            # A trailer ends with a bracket: a batch whose text has none has no score (a count
            # in C); else only a name ending like a trailer is read in Python.
            if (
                not scored
                and matches
                and text.count(syntax.close, starts[first], matches[-1].end())
            ):
                names = map(endswith, column(repeat(author)), repeat(syntax.close))
                scored = any(
                    self._trailer(match).score is not None for match in compress(matches, names)
                )
        self._has_scores = scored
        self._kept_stubs = _Repeats("text after a more-stub kept as a comment")
        if syntax.more_needle in text:
            indents = self._add_stubs(start, indents)
        if not self.stubs and _regular(indents):
            self.parents = _parents_by_depth(indents)
        else:
            self.parents = self._parents_by_indent(indents)
        warnings.extend(each.warning() for each in (impossible, self._kept_stubs) if each.count)

    def _add_stubs(self, start: int, indents: array[int]) -> array[int]:
        """The more-stubs merged into the records in file order (rare, so in Python):
        the indents, with the stubs', are returned; starts, stamps and `stubs` are set."""
        syntax, text = self.syntax, self.text
        found = [
            match
            for matches in _line_batches(text, start, _NEEDLE[type(text)], syntax.more_line)
            for match in matches
        ]
        if not found:
            return indents
        count_group = syntax.more_line.groupindex["count"]
        lines = [(header, False) for header in range(len(self.starts))]
        lines += [(stub, True) for stub in range(len(found))]
        lines.sort(key=lambda line: found[line[0]].start() if line[1] else self.starts[line[0]])
        starts, stamps, merged = array("I"), array("q"), array("I")
        for record, (at, is_stub) in enumerate(lines):
            if is_stub:
                match = found[at]
                count = match.group(count_group)
                self.stubs[record] = MoreStub(int(count)) if count else MoreStub(0, True)
                starts.append(match.start())
                stamps.append(UNDATED)
                merged.append(match.end(1) - match.start())
            else:
                starts.append(self.starts[at])
                stamps.append(self.stamps[at])
                merged.append(indents[at])
        self.starts, self.stamps = starts, stamps
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
        _, trailer = read_trailer(self.syntax.decode(match.group("author")))
        return trailer or Trailer()

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
        starts, stamps, stubs = self.starts, self.stamps, self.stubs
        # Only comments sharing a time can be duplicates: the times held twice are counted
        # in C, and only their records (stubs left out) have an author read.
        shared = {stamp for stamp, seen in Counter(stamps).items() if seen > 1}
        candidates = array("i", compress(range(len(starts)), map(shared.__contains__, stamps)))
        del shared
        if stubs:
            candidates = array("i", filterfalse(stubs.__contains__, candidates))
        # A hash of (author, time) per candidate, by C loops over their header lines; only
        # the candidates whose hash is held twice have their bodies compared. A collision
        # costs a comment id made later, never a wrong id.
        newline = self.syntax.newline
        lines = array(
            "q", map(self.text.find, repeat(newline), map(starts.__getitem__, candidates))
        )
        times = map(stamps.__getitem__, candidates)
        keys = array("q", map(hash, zip(self._authors(candidates, lines), times, strict=True)))
        held = _held_twice(keys)
        chosen = list(map(held.__contains__, keys))
        members = array("i", compress(candidates, chosen))
        keys = array("q", compress(keys, chosen))
        lines = array("q", compress(lines, chosen))
        del held, candidates, chosen
        clashing = self._same_bodies(members, keys, lines)
        if not clashing:
            return {}
        ids = IdAllocator()
        suffixes: dict[int, str] = {}
        oldest = self.preorder("oldest")[0]
        for record in compress(oldest, map(clashing.__contains__, oldest)):
            name, stamp, body = self.fields(record)
            base = comment_id(name, stamp_datetime(stamp), body)
            made = ids.claim(base)
            if made != base:
                suffixes[record] = made[len(base) :]
        return suffixes

    def _authors(self, records: array[int], line_ends: array[int]) -> list[Any]:
        """The author of each comment record as its header line has it, in the text's own
        type (an orphan's "[unknown]"), by C loops: each line's " on " found from its end,
        the part before it sliced and unindented; only a name ending like a trailer is read
        in Python. `line_ends`: where each record's header line ends (-1: the text's end)."""
        text, syntax = self.text, self.syntax
        kind = type(text)
        on = b" on " if isinstance(text, bytes) else " on "
        starts = array("q", map(self.starts.__getitem__, records))
        cuts = map(text.rfind, repeat(on), starts, line_ends)
        lines = map(text.__getitem__, map(slice, starts, cuts))
        authors: list[Any] = list(map(kind.lstrip, lines, repeat(syntax.space)))
        trailers = map(kind.endswith, authors, repeat(syntax.close))
        for at in compress(range(len(authors)), trailers):
            authors[at] = self._plain_author(authors[at])
        if self.orphans:
            for at in compress(range(len(records)), map(self.orphans.__contains__, records)):
                authors[at] = "[unknown]"
        return authors

    def _same_bodies(
        self, records: array[int], keys: array[int], line_ends: array[int]
    ) -> set[int]:
        """The records whose bodies may equal another's with the same key (author and
        time): a body's text without the bytes its normalising can take out (blanks, line
        ends, escapes) is hashed first, by C loops, so a comment id (a decoded, normalised,
        hashed body) is made only for those. A body starts where its header line ends."""
        if not records:
            return set()
        text, starts = self.text, self.starts
        begins = line_ends
        if -1 in begins or self.orphans:
            for at, record in enumerate(records):
                if record in self.orphans:  # its stub line is part of its body
                    begins[at] = starts[record]
                elif begins[at] < 0:  # a last header without a newline
                    begins[at] = len(text)
        # Each body ends where the next record starts (records ascend: only the last may
        # be the text's last record).
        last = records[-1] == len(starts) - 1
        ends = array(
            "q", map(starts.__getitem__, map(add, records[:-1] if last else records, repeat(1)))
        )
        if last:
            ends.append(len(text))
        kind = type(text)
        # First each body's squeezed start (a window of it: a whole body is read only
        # when its window holds too little), then whole bodies where the starts agree.
        cuts = array("q", map(min, ends, map(add, begins, repeat(_WINDOW))))
        starts_of = list(_squeezed(map(text.__getitem__, map(slice, begins, cuts)), kind))
        for at in compress(range(len(cuts)), map(lt, map(len, starts_of), repeat(_PREFIX))):
            if cuts[at] < ends[at]:
                starts_of[at] = next(_squeezed([text[begins[at] : ends[at]]], kind))
        prefixes = map(getitem, starts_of, repeat(slice(_PREFIX)))
        both = array("q", map(hash, zip(keys, prefixes, strict=True)))
        del starts_of, cuts
        held = _held_twice(both)
        kept = array("i", compress(range(len(records)), map(held.__contains__, both)))
        del held, both
        firsts, lasts = map(begins.__getitem__, kept), map(ends.__getitem__, kept)
        squeezed = map(hash, _squeezed(map(text.__getitem__, map(slice, firsts, lasts)), kind))
        whole = array("q", map(hash, zip(map(keys.__getitem__, kept), squeezed, strict=True)))
        held = _held_twice(whole)
        return {records[at] for at in compress(kept, map(held.__contains__, whole))}


def build_forest(
    text: AnyStr, start: int, warnings: list[str], op: str | None = None
) -> IndexedForest:
    """The comment forest of a text whose first header line starts at `start`, each level
    sorted oldest first; `op` is the page's submitter, whose comments are marked as theirs."""
    with collector_paused():  # the scan makes no cycles; collections would only slow it down
        return IndexedForest(CommentIndex(text, start, warnings, op))


def _line_batches(
    text: AnyStr, start: int, needle: re.Pattern[AnyStr], line: re.Pattern[AnyStr]
) -> Iterator[list[Match[AnyStr]]]:
    """The matches of `line` at the start of each line that holds `needle`, from `start`
    on, a batch at a time: the needles are found by one regex search, their line starts
    by `rfind`, and the lines matched, all by C loops (`map`); a batch's matches are let
    go before the next is made."""
    newline = b"\n" if isinstance(text, bytes) else "\n"
    found = map(Match.start, needle.finditer(text, start))
    previous = -2
    while True:
        breaks = array("q", map(text.rfind, repeat(newline), repeat(0), islice(found, _BATCH)))
        if not breaks:
            return
        # One match a line: a header's line may hold the needle more than once.
        distinct = compress(breaks, map(ne, breaks, chain((previous,), breaks)))
        previous = breaks[-1]
        yield list(filter(None, map(line.match, repeat(text), map(add, distinct, repeat(1)))))


def _squeezed(chunks: Iterable[Any], kind: type) -> Iterator[Any]:
    """Each chunk (all str or all bytes, as `kind` says) without any of `_DROPPED`: equal
    for bodies that normalise alike. A C loop over the chunks."""
    if kind is bytes:
        return map(bytes.translate, chunks, repeat(None), repeat(_DROP_BYTES))
    return map(str.translate, chunks, repeat(_DROP_TABLE))


def _held_twice(keys: array[int]) -> set[int]:
    """The keys held more than once, found by a sort (C loops, no dict of every key)."""
    ordered = sorted(keys)
    return set(compress(ordered, map(eq, ordered, islice(ordered, 1, None))))


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
