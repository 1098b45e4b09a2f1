"""The comment forest as flat pre-order arrays, plus a line index that skips collapsed ranges.

No Textual here. `FlatForest` gives each node a position with its depth, parent and subtree
end; `LineIndex` maps positions to screen lines and back in O(log n), and folds a subtree of
any size in O(log n) by covering its range (nested folds just stack covers).
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice, repeat
from operator import add

from threadview.model import Comment, FlatNodes, Forest, Node, Siblings, as_forest


class FlatForest:
    """Nodes in pre-order with parallel arrays: depth, parent position, subtree end.

    `nodes` answers the `FlatNodes` contract: for an index-backed forest it makes each
    node when read and finds positions from the index.
    """

    __slots__ = ("depth", "end", "nodes", "parent")

    def __init__(self, forest: Forest | Siblings) -> None:
        self.nodes: FlatNodes
        self.depth: Sequence[int]
        self.parent: Sequence[int]
        self.nodes, self.depth, self.parent = as_forest(forest).flatten()
        self.end = self.nodes.subtree_ends(self.parent)

    def __len__(self) -> int:
        return len(self.nodes)

    def position_of(self, comment_id: str) -> int | None:
        """The position of a comment by id."""
        return self.nodes.position_of(comment_id)

    def locate(self, node: Node) -> int | None:
        """The position of a comment equal by id to `node` (from another flattening of the
        same thread): index-backed nodes find it by its time, without a table of ids."""
        if not isinstance(node, Comment):
            return None
        return self.nodes.position_of_comment(node)

    def locate_from(self, other: FlatForest, position: int) -> int | None:
        """The position here of the comment at `position` in `other` (another flattening
        of the same thread); index-backed nodes look its record up, without a scan."""
        return self.nodes.position_from(other.nodes, position)

    def authored_by(self, author: str) -> list[int]:
        """Positions of `author`'s comments, in order; an index-backed forest reads only
        the header lines."""
        return self.nodes.authored_by(author)

    def has_children(self, position: int) -> bool:
        return self.end[position] > position + 1

    def next_sibling(self, position: int) -> int | None:
        after = self.end[position]
        if after < len(self.nodes) and self.parent[after] == self.parent[position]:
            return after
        return None

    def previous_sibling(self, position: int) -> int | None:
        """The previous sibling: climb from the node just before (O(depth))."""
        up = self.parent[position]
        before = position - 1
        if before <= up:
            return None
        while self.parent[before] != up:
            before = self.parent[before]
        return before

    def top_level(self, position: int) -> int:
        """The top-level ancestor of a node (O(depth))."""
        while self.parent[position] >= 0:
            position = self.parent[position]
        return position


@dataclass(frozen=True, slots=True)
class LevelFolds:
    """The comments at one depth that have replies, and the line index's cover nodes
    that fold them all (`LineIndex.cover_nodes`)."""

    positions: frozenset[int]
    nodes: array[int]


def level_folds(flat: FlatForest, index: LineIndex, level: int) -> LevelFolds:
    """What folds every comment at depth `level` that has replies (none of them is
    inside another's subtree, so their ranges never overlap)."""
    end = flat.end
    positions = [
        position
        for position, depth in enumerate(flat.depth)
        if depth == level and end[position] > position + 1
    ]
    nodes = index.cover_nodes((position + 1, end[position]) for position in positions)
    return LevelFolds(frozenset(positions), nodes)


def line_sums(heights: Iterable[int], count: int) -> array[int]:
    """The segment tree of sums over the `count` `heights` that `LineIndex` starts from,
    its leaves the heights themselves: worked out once (off the UI thread) and handed to
    each index made over the same heights. `heights` may be an iterator: they are read
    straight into the leaves, and each level is summed from the one below without copying
    it, so nothing as big as a level is made twice."""
    size = 1
    while size < max(1, count):
        size *= 2
    sums = array("i", [0]) * size
    sums.extend(heights)
    if len(sums) != size + count:
        raise ValueError(f"{len(sums) - size} heights, not {count}")
    sums.extend(repeat(0, size - count))
    # Four bytes a sum while the total leaves room to grow (rendered comments can be
    # taller than their estimates), eight beyond that.
    with memoryview(sums) as view:
        wide = sum(view[size:]) >= 1 << 29
    if wide:
        sums = array("q", sums)
    code, level = sums.typecode, size
    with memoryview(sums) as view:  # strided views: each level read in place
        while level > 1:  # each level from the one below, pairwise, in C
            half = level // 2
            pairs = map(add, view[level : 2 * level : 2], view[level + 1 : 2 * level : 2])
            sums[half:level] = array(code, pairs)
            level = half
    return sums


def leaf_heights(sums: array[int], count: int) -> array[int]:
    """The first `count` leaves of `line_sums`'s tree (the heights it was made from), copied
    out in C."""
    size = len(sums) // 2
    leaves = sums[size : size + count]
    return leaves if leaves.typecode == "i" else array("i", leaves)


class LineIndex:
    """Visible line offsets over node heights, with whole ranges folded away by covers.

    The heights are the leaves of the sums' tree, not an array of their own (0.4 MB at
    100,000 comments): a leaf covered by a fold sums to 0, so its height waits in `_hidden`
    until the cover is lifted."""

    __slots__ = ("_cover", "_hidden", "_size", "_sum", "changes", "count")

    def __init__(self, heights: Sequence[int], sums: array[int] | None = None) -> None:
        """`sums`: `line_sums(heights)`, if already worked out: handed over, the index keeps
        and changes them (a copy would hold them twice, 1 MB at 100,000 comments), and
        `heights` is only counted."""
        self._sum = sums if sums is not None else line_sums(heights, len(heights))
        self._size = len(self._sum) // 2
        self.count = len(heights)
        self._cover: dict[int, int] = {}
        """How many folds cover each tree node, for the nodes covered at all (a rebuild
        zeroes their sums): sparse, as an array of every node's would be as big as the
        sums (1 MB at 100,000 comments) and is mostly zeros."""
        self._hidden: dict[int, int] = {}
        """The heights of the positions whose own leaf is covered (their sums are 0)."""
        self.changes = 0
        """Counts the changes of layout (heights, folds): lines moved when it changed."""

    @property
    def total(self) -> int:
        """Visible lines in all."""
        return self._sum[1]

    def height(self, position: int) -> int:
        node = position + self._size
        return self._hidden[position] if node in self._cover else self._sum[node]

    def set_height(self, position: int, height: int) -> None:
        """Change one node's height (e.g. after rendering it for real)."""
        if self.height(position) == height:
            return
        self.changes += 1
        node = position + self._size
        if node in self._cover:
            self._hidden[position] = height  # hidden: no sum changes
            return
        self._sum[node] = height
        self._pull(node >> 1)

    def fold(self, start: int, stop: int, delta: int) -> None:
        """Cover (delta=+1) or uncover (-1) positions [start, stop): hidden while covered."""
        if start >= stop:
            return
        self.changes += 1
        low, high = start + self._size, stop + self._size
        first, last = low, high - 1
        while low < high:
            if low & 1:
                self._apply(low, delta)
                low += 1
            if high & 1:
                high -= 1
                self._apply(high, delta)
            low >>= 1
            high >>= 1
        self._pull(first >> 1)
        self._pull(last >> 1)

    def fold_many(
        self, spans: Sequence[tuple[int, int]], delta: int, heights: Mapping[int, int]
    ) -> None:
        """`fold` for many ranges at once, and `set_height` for many positions; pulling
        each one is cheaper when few change."""
        if len(spans) * 256 <= self._size:
            for start, stop in spans:
                self.fold(start, stop, delta)
            for position, height in heights.items():
                self.set_height(position, height)
            return
        self.fold_nodes(self.cover_nodes(spans), delta, heights)

    def cover_nodes(self, spans: Iterable[tuple[int, int]]) -> array[int]:
        """The tree nodes `fold` covers for each range: kept, they fold the same ranges
        again without working them out."""
        size = self._size
        nodes = array("i")
        put = nodes.append
        for start, stop in spans:
            low, high = start + size, stop + size
            while low < high:
                if low & 1:
                    put(low)
                    low += 1
                if high & 1:
                    high -= 1
                    put(high)
                low >>= 1
                high >>= 1
        return nodes

    def fold_nodes(self, nodes: Iterable[int], delta: int, heights: Mapping[int, int]) -> None:
        """Cover (+1) or uncover (-1) the `cover_nodes` of some ranges, and set heights,
        then rebuild every sum at once."""
        self.changes += 1
        for node in nodes:
            self._cover_by(node, delta)
        for position, height in heights.items():
            self._set_leaf(position, height)
        self._rebuild_sums()

    def _rebuild_sums(self) -> None:
        """Every sum from the heights and covers. A level's sums are its children's added
        pairwise as two big integers (one field per node: no sum carries into the next,
        as each fits its type), so the loops run in C; only covered nodes are visited."""
        size = self._size
        if self._sum.typecode == "i":
            total = sum(islice(self._sum, size, 2 * size)) + sum(self._hidden.values())
            if total >= 1 << 31:
                self._sum = array("q", self._sum)  # past four bytes: widen once
        sums = self._sum
        code, width, order = sums.typecode, sums.itemsize, sys.byteorder
        covered = sorted(self._cover)
        level = size
        while level:
            if level < size:
                children = sums[2 * level : 4 * level]
                total = int.from_bytes(children[::2].tobytes(), order) + int.from_bytes(
                    children[1::2].tobytes(), order
                )
                sums[level : 2 * level] = array(code, total.to_bytes(level * width, order))
            for node in covered[bisect_left(covered, level) : bisect_left(covered, 2 * level)]:
                sums[node] = 0
            level >>= 1

    def is_visible(self, position: int) -> bool:
        node = position + self._size
        cover = self._cover
        while node:
            if node in cover:
                return False
            node >>= 1
        return True

    def line_of(self, position: int) -> int:
        """The first screen line of a visible node."""
        node, low, high, before = 1, 0, self._size, 0
        while node < self._size:
            middle = (low + high) // 2
            if position >= middle:
                before += self._sum[2 * node]
                node, low = 2 * node + 1, middle
            else:
                node, high = 2 * node, middle
        return before

    def at_line(self, line: int) -> tuple[int, int] | None:
        """(position, line within the node) for a screen line, None past the end."""
        if line < 0 or line >= self._sum[1]:
            return None
        node, sums = 1, self._sum
        while node < self._size:
            left = 2 * node
            if line < sums[left]:
                node = left
            else:
                line -= sums[left]
                node = left + 1
        return node - self._size, line

    def _apply(self, node: int, delta: int) -> None:
        self._cover_by(node, delta)
        self._recompute(node)

    def _cover_by(self, node: int, delta: int) -> None:
        """Change how many folds cover `node`; a leaf's height is set aside while it is
        covered (its sum is then 0) and put back when the last cover goes."""
        cover = self._cover
        was = cover.get(node, 0)
        count = was + delta
        if count:
            cover[node] = count
        else:
            del cover[node]
        if node >= self._size and (not was) != (not count):
            position = node - self._size
            if count:
                self._hidden[position] = self._sum[node]
                self._sum[node] = 0
            else:
                self._sum[node] = self._hidden.pop(position)

    def _set_leaf(self, position: int, height: int) -> None:
        """A height put in place without pulling the sums above it (a rebuild follows)."""
        node = position + self._size
        if node in self._cover:
            self._hidden[position] = height
        else:
            self._sum[node] = height

    def _recompute(self, node: int) -> None:
        if node in self._cover:
            self._sum[node] = 0
        elif node >= self._size:
            return  # an uncovered leaf holds its height
        else:
            total = self._sum[2 * node] + self._sum[2 * node + 1]
            try:
                self._sum[node] = total
            except OverflowError:  # past four bytes: widen once, keep going
                self._sum = array("q", self._sum)
                self._sum[node] = total

    def _pull(self, node: int) -> None:
        while node:
            self._recompute(node)
            node >>= 1
