"""The comment forest as flat pre-order arrays, plus a line index that skips collapsed ranges.

No Textual here. `FlatForest` gives each node a position with its depth, parent and subtree
end; `LineIndex` maps positions to screen lines and back in O(log n), and folds a subtree of
any size in O(log n) by covering its range (nested folds just stack covers).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from operator import add

from threadview.model import Comment, FlatNodes, Node, as_forest


class FlatForest:
    """Nodes in pre-order with parallel arrays: depth, parent position, subtree end.

    `nodes` is the forest's `FlatNodes`: for an index-backed forest a sequence that makes
    each node when read, for plain nodes the model's `NodeList`.
    """

    __slots__ = ("_ids", "depth", "end", "nodes", "parent")

    def __init__(self, forest: Iterable[Node]) -> None:
        self.nodes: FlatNodes
        # An index-backed forest has these arrays already, its nodes made on demand; any
        # other is walked once by the model's adapter. Either way `nodes` answers the
        # `FlatNodes` look-ups (search, keys, positions).
        siblings = forest if isinstance(forest, Sequence) else tuple(forest)
        self.nodes, self.depth, self.parent = as_forest(siblings).flatten()
        parents = self.parent
        count = len(self.nodes)
        ends = array("i", range(1, count + 1))
        for position in range(count - 1, -1, -1):
            up = parents[position]
            if up >= 0 and ends[position] > ends[up]:
                ends[up] = ends[position]
        self.end = ends
        self._ids: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.nodes)

    def position_of(self, comment_id: str) -> int | None:
        """The position of a comment by id (index built on first use)."""
        finder = getattr(self.nodes, "position_of", None)
        if finder is not None:
            return finder(comment_id)
        if self._ids is None:
            self._ids = {
                node.id: position
                for position, node in enumerate(self.nodes)
                if isinstance(node, Comment)
            }
        return self._ids.get(comment_id)

    def locate(self, node: Node) -> int | None:
        """The position of a comment equal by id to `node` (from another flattening of the
        same thread): index-backed nodes find it by its time, without a table of ids."""
        if not isinstance(node, Comment):
            return None
        finder = getattr(self.nodes, "position_of_comment", None)
        return finder(node) if finder is not None else self.position_of(node.id)

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


def line_sums(heights: Sequence[int]) -> array[int]:
    """The segment tree of sums over `heights` that `LineIndex` starts from: worked out
    once (off the UI thread) and handed to each index made over the same heights."""
    count = len(heights)
    size = 1
    while size < max(1, count):
        size *= 2
    # Four bytes a sum while the total leaves room to grow (rendered comments can be
    # taller than their estimates), eight beyond that.
    code = "i" if sum(heights) < 1 << 29 else "q"
    sums = array(code, [0]) * (2 * size)
    sums[size : size + count] = array(code, heights)
    level = size
    while level > 1:  # each level from the one below, pairwise, in C
        half = level // 2
        left, right = sums[level : 2 * level : 2], sums[level + 1 : 2 * level : 2]
        sums[half:level] = array(code, map(add, left, right))
        level = half
    return sums


class LineIndex:
    """Visible line offsets over node heights, with whole ranges folded away by covers."""

    __slots__ = ("_cover", "_height", "_size", "_sum", "changes", "count")

    def __init__(self, heights: Iterable[int], sums: array[int] | None = None) -> None:
        """`sums`: `line_sums(heights)`, if already worked out (it is copied, not kept)."""
        self._height = array("i", heights)
        self.count = len(self._height)
        self._sum = sums[:] if sums is not None else line_sums(self._height)
        self._size = len(self._sum) // 2
        self._cover = array("i", [0]) * len(self._sum)
        self.changes = 0
        """Counts the changes of layout (heights, folds): lines moved when it changed."""

    @property
    def total(self) -> int:
        """Visible lines in all."""
        return self._sum[1]

    def height(self, position: int) -> int:
        return self._height[position]

    def set_height(self, position: int, height: int) -> None:
        """Change one node's height (e.g. after rendering it for real)."""
        if self._height[position] == height:
            return
        self.changes += 1
        self._height[position] = height
        node = position + self._size
        self._sum[node] = 0 if self._cover[node] else height
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

    def is_visible(self, position: int) -> bool:
        node = position + self._size
        while node:
            if self._cover[node]:
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
        self._cover[node] += delta
        self._recompute(node)

    def _recompute(self, node: int) -> None:
        if self._cover[node]:
            self._sum[node] = 0
        elif node >= self._size:
            position = node - self._size
            self._sum[node] = self._height[position] if position < self.count else 0
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
