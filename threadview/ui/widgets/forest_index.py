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
from itertools import repeat
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


def compact_heights(heights: Sequence[int]) -> array[int]:
    """`heights` in two bytes each, or four where one of them is 65,536 lines or more (a
    giant body at a narrow width): at 100,000 comments an order's heights take 0.2 MB."""
    return array("H" if max(heights, default=0) < 1 << 16 else "i", heights)


def with_height(heights: array[int], position: int, height: int) -> array[int]:
    """`heights` with one changed: in place, or in a wider copy when it does not fit."""
    try:
        heights[position] = height
    except OverflowError:
        heights = array("i" if height < 1 << 31 else "q", heights)
        heights[position] = height
    return heights


def line_sums(heights: Sequence[int]) -> array[int]:
    """The inner nodes of the segment tree of sums over `heights` that `LineIndex` starts
    from (node 1 the root, node n's children 2n and 2n + 1, the heights its leaves, not
    stored here): worked out once (off the UI thread) and handed to each index made over
    the same heights. Each level is summed from the one below through strided views, so
    no level is copied."""
    count = len(heights)
    size = _tree_size(count)
    # Four bytes a sum while the total leaves room to grow (rendered comments can be
    # taller than their estimates), eight beyond that.
    code = "i" if sum(heights) < 1 << 29 else "q"
    sums = array(code, [0]) * size
    if size == 1:
        return sums
    sums[size // 2 : size] = _paired(heights, code, size // 2)
    level = size // 2
    with memoryview(sums) as view:  # each level from the one below, pairwise, in C
        while level > 1:
            half = level // 2
            pairs = map(add, view[level : 2 * level : 2], view[level + 1 : 2 * level : 2])
            sums[half:level] = array(code, pairs)
            level = half
    return sums


def _paired(heights: Sequence[int], code: str, pairs: int) -> array[int]:
    """The lowest inner level: `heights` added pairwise (through strided views when they
    are an array), a lone last one as it is, zeros after, `pairs` sums in all."""
    count = len(heights)
    values = memoryview(heights) if isinstance(heights, array) else heights
    try:
        level = array(code, map(add, values[0 : count - 1 : 2], values[1:count:2]))
    finally:
        if isinstance(values, memoryview):
            values.release()
    if count % 2:
        level.append(heights[count - 1])
    level.extend(repeat(0, pairs - len(level)))
    return level


def _tree_size(count: int) -> int:
    """Leaves of the tree over `count` heights: the power of two at or above it."""
    size = 1
    while size < max(1, count):
        size *= 2
    return size


class LineIndex:
    """Visible line offsets over node heights, with whole ranges folded away by covers.

    A segment tree: `_sum` holds its inner nodes, the heights are its leaves (a leaf under
    a cover counts 0), so the tree costs four bytes a comment beyond the heights' two."""

    __slots__ = ("_cover", "_height", "_size", "_sum", "changes", "count")

    def __init__(self, heights: Sequence[int], sums: array[int] | None = None) -> None:
        """`heights` is kept and changed when it is an array (the caller hands over its
        own copy), else copied; `sums`: `line_sums(heights)`, if already worked out: handed
        over too, the index keeps and changes them."""
        self._height = heights if isinstance(heights, array) else compact_heights(heights)
        self.count = len(heights)
        self._size = _tree_size(self.count)
        self._sum = sums if sums is not None else line_sums(self._height)
        self._cover: dict[int, int] = {}
        """How many folds cover each tree node, for the nodes covered at all (a rebuild
        zeroes their sums): sparse, as an array of every node's would be as big as the
        sums and is mostly zeros."""
        self.changes = 0
        """Counts the changes of layout (heights, folds): lines moved when it changed."""

    @property
    def total(self) -> int:
        """Visible lines in all."""
        return self._value(1)

    def height(self, position: int) -> int:
        return self._height[position]

    def set_height(self, position: int, height: int) -> None:
        """Change one node's height (e.g. after rendering it for real)."""
        if self._height[position] == height:
            return
        self.changes += 1
        self._height = with_height(self._height, position, height)
        self._pull((position + self._size) >> 1)

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
            self._height = with_height(self._height, position, height)
        self._rebuild_sums()

    def _rebuild_sums(self) -> None:
        """Every sum from the heights and covers. The lowest inner level is summed from
        the heights (covered leaves as 0), each level above from its children added
        pairwise as two big integers (one field per node: no sum carries into the next,
        as each fits its type), so the loops run in C; only covered nodes are visited."""
        size, count = self._size, self.count
        if size == 1:
            return
        code = self._sum.typecode
        if code == "i" and sum(self._height) >= 1 << 31:
            code = "q"
            self._sum = array(code, self._sum)  # past four bytes: widen once
        sums, width, order = self._sum, self._sum.itemsize, sys.byteorder
        covered = sorted(self._cover)
        leaves = array(code, self._height)
        leaves.extend(repeat(0, size - count))
        for node in covered[bisect_left(covered, size) :]:
            leaves[node - size] = 0
        with memoryview(leaves) as view:
            sums[size // 2 : size] = array(code, map(add, view[0::2], view[1::2]))
        del leaves
        level = size // 2
        while level:
            if level < size // 2:
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
                before += self._value(2 * node)
                node, low = 2 * node + 1, middle
            else:
                node, high = 2 * node, middle
        return before

    def at_line(self, line: int) -> tuple[int, int] | None:
        """(position, line within the node) for a screen line, None past the end."""
        if line < 0 or line >= self.total:
            return None
        node, value = 1, self._value
        while node < self._size:
            left = 2 * node
            below = value(left)
            if line < below:
                node = left
            else:
                line -= below
                node = left + 1
        return node - self._size, line

    def _value(self, node: int) -> int:
        """A tree node's sum: an inner one's as stored, a leaf's its height (0 when it is
        covered, or past the last position)."""
        size = self._size
        if node < size:
            return self._sum[node]
        position = node - size
        if position >= self.count or node in self._cover:
            return 0
        return self._height[position]

    def _apply(self, node: int, delta: int) -> None:
        self._cover_by(node, delta)
        self._recompute(node)

    def _cover_by(self, node: int, delta: int) -> None:
        """Change how many folds cover `node`."""
        count = self._cover.get(node, 0) + delta
        if count:
            self._cover[node] = count
        else:
            del self._cover[node]

    def _recompute(self, node: int) -> None:
        if node >= self._size:
            return  # a leaf's sum is read from its height and its cover
        if node in self._cover:
            self._sum[node] = 0
            return
        total = self._value(2 * node) + self._value(2 * node + 1)
        try:
            self._sum[node] = total
        except OverflowError:  # past four bytes: widen once, keep going
            self._sum = array("q", self._sum)
            self._sum[node] = total

    def _pull(self, node: int) -> None:
        while node:
            self._recompute(node)
            node >>= 1
