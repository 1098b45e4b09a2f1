"""Read-only views of a `CommentIndex`: a level of siblings, and every node in pre-order.

They hold record numbers only and make each node when it is read, so handing a 100,000
comment forest to the reader costs a few arrays, not 100,000 objects.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Sequence
from datetime import datetime
from itertools import compress, count
from typing import TYPE_CHECKING, Any, AnyStr, Protocol, overload

from threadview.model import Comment, FlatNodes, Forest, MoreStub, Node, SortOrder, nodes_equal
from threadview.parsing.layout import Syntax
from threadview.parsing.rawsearch import BLOCK_RECORDS, candidate_records, found_positions
from threadview.parsing.stamps import datetime_stamp

_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


class CommentIndex(Protocol[AnyStr]):
    """What a view reads of its index (`textindex.CommentIndex` is the one): written here
    so the views need not import the module that makes them."""

    @property
    def text(self) -> AnyStr: ...
    @property
    def syntax(self) -> Syntax[AnyStr]: ...
    @property
    def starts(self) -> array[int]: ...
    @property
    def stamps(self) -> array[int]: ...
    @property
    def stubs(self) -> dict[int, MoreStub]: ...
    @property
    def orphans(self) -> set[int]: ...
    def __len__(self) -> int: ...
    def children(self, parent: int, order: SortOrder) -> Sequence[int]: ...
    def preorder(self, order: SortOrder) -> tuple[array[int], array[int], array[int]]: ...
    def subtree_ends(self, order: SortOrder) -> array[int]: ...
    def first_time(self) -> datetime | None: ...
    def digest(self, record: int) -> int: ...
    def is_stub(self, record: int) -> bool: ...
    def body_span(self, record: int) -> tuple[int, int]: ...
    def body_sizes(self) -> tuple[array[int], array[int]]: ...
    def line_end(self, record: int) -> int: ...
    def fields(self, record: int) -> tuple[str, int, AnyStr]: ...
    def node(self, record: int, order: SortOrder = "oldest") -> Node: ...
    def duplicates(self) -> dict[int, str]: ...
    def author(self, record: int) -> str: ...
    def has_scores(self) -> bool: ...


class IndexedForest(Sequence[Node]):
    """The replies of one record (or the top level, parent -1) as a sequence of nodes,
    each made when it is read. Compares equal to any forest with the same comments."""

    __slots__ = ("_index", "_order", "_parent", "_records")

    def __init__(
        self, index: CommentIndex[Any], parent: int = -1, order: SortOrder = "oldest"
    ) -> None:
        self._index = index
        self._parent = parent
        self._order: SortOrder = order
        self._records = index.children(parent, order)

    @property
    def comment_index(self) -> CommentIndex[Any]:
        """The index this view reads (named apart from `Sequence.index`, which it would hide)."""
        return self._index

    @property
    def order(self) -> SortOrder:
        return self._order

    def __len__(self) -> int:
        return len(self._records)

    @overload
    def __getitem__(self, item: int) -> Node: ...
    @overload
    def __getitem__(self, item: slice) -> tuple[Node, ...]: ...
    def __getitem__(self, item: int | slice) -> Node | tuple[Node, ...]:
        if isinstance(item, slice):
            return tuple(self._index.node(record, self._order) for record in self._records[item])
        return self._index.node(self._records[item], self._order)

    def __iter__(self) -> Iterator[Node]:
        node, order = self._index.node, self._order
        for record in self._records:
            yield node(record, order)

    def __bool__(self) -> bool:
        return len(self._records) > 0

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return nodes_equal(self, other)

    __hash__ = None  # type: ignore[assignment]  # compares by content like a tuple, unhashable

    def __repr__(self) -> str:
        return f"IndexedForest({len(self)} nodes, {self._order})"

    def resorted(self, order: SortOrder) -> IndexedForest:
        """The same nodes with every level sorted `order` (no comment is made); "score"
        is oldest first when no header carries a score."""
        if order == "score" and not self._index.has_scores():
            order = "oldest"
        return self if order == self._order else IndexedForest(self._index, self._parent, order)

    def flatten(self) -> tuple[PreorderNodes, array[int], array[int]]:
        """Every node in pre-order, with depths and parent positions (top level only)."""
        if self._parent != -1:
            raise ValueError("only a whole forest flattens")
        records, depths, ups = self._index.preorder(self._order)
        self._index.duplicates()  # the first comment made needs them: work them out here
        return PreorderNodes(self._index, records, self._order), depths, ups

    def has_scores(self) -> bool:
        """Whether any header of the text carries a score (read from the index)."""
        return self._index.has_scores()

    def count_comments(self) -> int:
        """Comments (not stubs) in the whole forest, without making them."""
        index = self._index
        if self._parent == -1:
            return len(index) - len(index.stubs)
        return sum(1 for record in self._subtree_records() if not index.is_stub(record))

    def _subtree_records(self) -> Iterator[int]:
        index = self._index
        stack = list(reversed(self._records))
        while stack:
            record = stack.pop()
            yield record
            stack.extend(reversed(index.children(record, self._order)))


class PreorderNodes(Sequence[Node]):
    """Every node of an indexed forest in display (pre-)order, made when read, with the
    look-ups the reader needs answered from the index: a comment's position by id, which
    positions are stubs, body sizes for height estimates, the earliest time."""

    def __init__(self, index: CommentIndex[Any], records: array[int], order: SortOrder) -> None:
        self._index = index
        self._records = records
        self._order: SortOrder = order
        self._lock = threading.Lock()
        self._digests: tuple[array[int], array[int]] | None = None
        self._positions: array[int] | None = None

    def __len__(self) -> int:
        return len(self._records)

    @property
    def comment_index(self) -> CommentIndex[Any]:
        """The index these nodes are read from."""
        return self._index

    @property
    def records(self) -> array[int]:
        """The index's record number at each position: the same comment has the same
        record in every order, so it links one flattening to another."""
        return self._records

    @overload
    def __getitem__(self, item: int) -> Node: ...
    @overload
    def __getitem__(self, item: slice) -> list[Node]: ...
    def __getitem__(self, item: int | slice) -> Node | list[Node]:
        if isinstance(item, slice):
            return [self._index.node(record, self._order) for record in self._records[item]]
        return self._index.node(self._records[item], self._order)

    def __iter__(self) -> Iterator[Node]:
        node, order = self._index.node, self._order
        for record in self._records:
            yield node(record, order)

    def subtree_ends(self, parents: Sequence[int]) -> array[int]:
        """Where each position's subtree ends: recorded by the index's pre-order walk,
        which knows it when it leaves a subtree (`parents` is not read)."""
        return self._index.subtree_ends(self._order)

    def stub_positions(self) -> set[int]:
        stubs = self._index.stubs
        if not stubs:
            return set()
        return {position for position, record in enumerate(self._records) if record in stubs}

    def first_time(self) -> datetime | None:
        """The earliest comment time, or None when nothing is dated."""
        return self._index.first_time()

    def body_sizes(self) -> tuple[Sequence[int], Sequence[int]]:
        """(body lengths, blank-line breaks) per position, worked out by C loops (`map`
        over the records): a million comments cost no Python step each. The index counts
        them in file order, one sweep of the text (in display order the reads would jump
        about the file, missing the cache); only the small results are put in order."""
        sizes, breaks = self._index.body_sizes()
        records = self._records
        return array("I", map(sizes.__getitem__, records)), array(
            "I", map(breaks.__getitem__, records)
        )

    def keyed_bodies(self) -> Iterator[tuple[Hashable, str]]:
        """(key, body) of every comment in display order, without making the comments:
        the key is the comment's record, the same in every order (`positions_of_keys`)."""
        index = self._index
        decode = index.syntax.decode if isinstance(index.text, bytes) else str
        stubs, fields = index.stubs, index.fields
        for record in self._records:
            if record not in stubs:
                yield record, decode(fields(record)[2])

    def positions_of_keys(self, keys: Collection[Hashable]) -> array[int]:
        """The positions, in order, of the comments whose `keyed_bodies` key is in `keys`."""
        if not keys:
            return array("i")
        return array("i", compress(count(), map(keys.__contains__, self._records)))

    def matching(self, needle: str) -> list[int]:
        """Positions of comments whose author or body contain `needle` (already casefolded),
        as `needle in text.casefold()` would say, without making the comments: the raw
        text after each header is checked first, then the few that hold it exactly."""
        return list(self.matching_in(needle, 0, len(self._records)))

    def matching_in(self, needle: str, start: int, stop: int) -> Iterator[int]:
        """`matching`'s positions from `start` up to `stop`, as they are found."""
        return self.matching_among(needle, range(max(0, start), min(stop, len(self._records))))

    def matching_among(self, needle: str, positions: Iterable[int]) -> Iterator[int]:
        """Those of `positions` (ascending) that `matching` gives."""
        index = self._index
        text, syntax = index.text, index.syntax
        decode = syntax.decode if isinstance(text, bytes) else str
        starts, stubs, orphans = index.starts, index.stubs, index.orphans
        size = len(starts)
        # Bodies are normalised line by line (line ends, trailing spaces, indents), so a
        # needle that spans a line end may be in the body but not in the raw text.
        prefilter = not any(mark in needle for mark in _LINE_BREAKS)
        for position in positions:
            record = self._records[position]
            if record in stubs:
                continue
            after = starts[record + 1] if record + 1 < size else len(text)
            raw = decode(text[starts[record] : after]).casefold()
            if prefilter and needle not in raw and record not in orphans:
                continue  # orphans' "[unknown]" author is not in the file
            author, _, body = index.fields(record)
            if needle in decode(body).casefold() or needle in author.casefold():
                yield position

    def candidates(self, needle: str, pause: Callable[[], bool]) -> array[int] | None:
        """The positions, ascending, of the comments whose raw text holds `needle` (the
        ones `matching_among` goes on to read) and the orphans: the file's text searched
        a block at a time in C (`rawsearch`), `pause` called between blocks. None when
        any comment may match (a needle across lines), or when `pause` says stop."""
        if any(mark in needle for mark in _LINE_BREAKS):
            return None
        index = self._index
        text, starts = index.text, index.starts
        decode = index.syntax.decode if isinstance(text, bytes) else str
        records = list(index.orphans)
        for first in range(0, len(starts), BLOCK_RECORDS):
            last = min(len(starts), first + BLOCK_RECORDS)
            records.extend(candidate_records(text, starts, needle, decode, first, last))
            if not pause():
                return None
        return found_positions(records, self.record_positions())

    def authored_by(self, author: str) -> list[int]:
        """Positions of `author`'s comments, read from their header lines alone: only
        the records whose header holds the name (a search of the text) are read."""
        index = self._index
        stubs, name, text = index.stubs, index.author, index.text
        needle = author.encode("utf-8", "surrogatepass") if isinstance(text, bytes) else author
        if not needle or author == "[unknown]":  # an orphan's name is not in the text
            records: Iterable[int] = (r for r in range(len(index)) if r not in stubs)
        else:
            records = self._headers_holding(needle)
        found = {record for record in records if name(record) == author}
        return list(compress(range(len(self._records)), map(found.__contains__, self._records)))

    def _headers_holding(self, needle: Any) -> Iterator[int]:
        """Records whose header line holds `needle`: each place the text holds it is
        found by a search, and a body that holds it is skipped whole."""
        index = self._index
        text, starts, stubs = index.text, index.starts, index.stubs
        at = text.find(needle)
        while at >= 0:
            record = bisect_right(starts, at) - 1
            if record >= 0 and record not in stubs and at < index.line_end(record):
                yield record
            following = starts[record + 1] if record + 1 < len(starts) else len(text)
            at = text.find(needle, max(at + 1, following))

    def position_of(self, comment_id: str) -> int | None:
        """The position of a comment by id: a binary search over the ids' hashes,
        which are worked out (8 bytes a comment) on the first call."""
        base, tilde, suffix = comment_id.partition("~")
        if len(base) != 16:
            return None
        try:
            key = int(base, 16)
        except ValueError:
            return None
        digests, positions = self._id_table()
        duplicates = self._index.duplicates()
        at = bisect_left(digests, key)
        while at < len(digests) and digests[at] == key:
            position = positions[at]
            record = self._records[position]
            if not self._index.is_stub(record) and duplicates.get(record, "") == tilde + suffix:
                return position
            at += 1
        return None

    def position_of_comment(self, comment: Comment) -> int | None:
        """The position of a comment like `comment` (same id), found through its time:
        only records with that stamp are checked, so no table of ids is needed."""
        index = self._index
        stamps, stamp = index.stamps, datetime_stamp(comment.timestamp)
        start = 0
        while True:
            try:
                record = stamps.index(stamp, start)
            except ValueError:
                return None
            start = record + 1
            if index.is_stub(record):
                continue
            found = index.node(record, self._order)
            if isinstance(found, Comment) and found.id == comment.id:
                try:
                    return self._records.index(record)
                except ValueError:
                    return None

    def position_from(self, other: FlatNodes, position: int) -> int | None:
        """Another order of the same index names the comment by its record: one look-up in
        `record_positions` (built where the order was prepared), no scan of the thread."""
        if not (isinstance(other, PreorderNodes) and other._index is self._index):
            node = other[position]
            return self.position_of_comment(node) if isinstance(node, Comment) else None
        record = other._records[position]
        if self._index.is_stub(record):
            return None
        found = self.record_positions()[record]
        return found if found >= 0 else None

    def record_positions(self) -> array[int]:
        """Each record's position in this order (-1: not here), the inverse of `records`:
        worked out once, by a loop over every record (so where the order is prepared, off
        the UI thread)."""
        positions = self._positions
        if positions is None:
            with self._lock:
                positions = self._positions
                if positions is None:
                    positions = array("i", [-1]) * len(self._index)
                    for position, record in enumerate(self._records):
                        positions[record] = position
                    self._positions = positions
        return positions

    def _id_table(self) -> tuple[array[int], array[int]]:
        table = self._digests
        if table is None:
            with self._lock:
                table = self._digests
                if table is None:
                    table = self._digests = self._build_id_table()
        return table

    def _build_id_table(self) -> tuple[array[int], array[int]]:
        index, records = self._index, self._records
        keys = [index.digest(record) for record in records]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        return array("Q", [keys[at] for at in order]), array("i", order)


if TYPE_CHECKING:  # mypy proves these views keep the model's contracts
    _FOREST: type[Forest] = IndexedForest
    _FLAT: type[FlatNodes] = PreorderNodes
