"""The flat forest and the line index agree with a brute-force model of folding."""

from __future__ import annotations

import tracemalloc
from array import array

from hypothesis import given, settings
from hypothesis import strategies as st
from ui_threads import nested_thread

from threadview.model import Comment, walk
from threadview.ui.widgets.forest_index import FlatForest, LineIndex, line_sums


def test_flat_forest_arrays_match_the_tree():
    thread = nested_thread()
    flat = FlatForest(thread.comments)
    walked = list(walk(thread.comments))
    assert [node for _, node in walked] == list(flat.nodes)
    assert list(flat.depth) == [depth for depth, _ in walked]
    names = [getattr(node, "author", "stub") for node in flat.nodes]
    assert names == ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "stub", "heidi"]
    assert flat.end[0] == 5 and flat.end[5] == 8 and flat.end[8] == 9
    assert flat.parent[3] == 2 and flat.parent[0] == -1
    assert flat.next_sibling(1) == 4 and flat.previous_sibling(4) == 1
    assert flat.previous_sibling(5) == 0 and flat.previous_sibling(0) is None
    assert flat.top_level(3) == 0
    assert flat.position_of(flat.nodes[6].id) == 6  # type: ignore[union-attr]


def test_deep_chain_needs_no_recursion():
    chain = Comment("x0", "a", None, "end")
    for level in range(1, 20_000):
        chain = Comment(f"x{level}", "a", None, "b", (chain,))
    flat = FlatForest((chain,))
    assert len(flat) == 20_000 and flat.end[0] == 20_000 and flat.depth[-1] == 19_999
    index = LineIndex([2] * len(flat))
    index.fold(1, 20_000, +1)
    assert index.total == 2


def _brute(heights, folds, ends):
    """Visible (position, start line) pairs with the given folds."""
    hidden_until = -1
    rows, line = [], 0
    for position, height in enumerate(heights):
        if position < hidden_until:
            continue
        rows.append((position, line))
        line += height
        if position in folds:
            hidden_until = max(hidden_until, ends[position])
    return rows, line


@settings(max_examples=60, deadline=None)
@given(
    depths=st.lists(st.integers(0, 4), min_size=1, max_size=40),
    heights=st.lists(st.integers(1, 6), min_size=40, max_size=40),
    fold_picks=st.lists(st.integers(0, 39), max_size=8),
)
def test_line_index_matches_brute_force(depths, heights, fold_picks):
    depths[0] = 0
    for i in range(1, len(depths)):
        depths[i] = min(depths[i], depths[i - 1] + 1)
    count = len(depths)
    ends = list(range(1, count + 1))
    for i in range(count):
        j = i + 1
        while j < count and depths[j] > depths[i]:
            j += 1
        ends[i] = j
    heights = heights[:count]
    index = LineIndex(heights)
    folds = set()
    for pick in fold_picks:
        position = pick % count
        if position in folds:
            folds.discard(position)
            index.fold(position + 1, ends[position], -1)
        else:
            folds.add(position)
            index.fold(position + 1, ends[position], +1)
    rows, total = _brute(heights, folds, ends)
    assert index.total == total
    for position, start in rows:
        assert index.is_visible(position)
        assert index.line_of(position) == start
        for within in range(heights[position]):
            assert index.at_line(start + within) == (position, within)
    visible = {position for position, _ in rows}
    assert all(not index.is_visible(p) for p in range(count) if p not in visible)
    assert index.at_line(total) is None
    # Heights live in the sums' leaves: a folded leaf's height waits aside, and comes back.
    assert [index.height(p) for p in range(count)] == heights
    changed = {p: heights[p] + 1 + p % 3 for p in range(0, count, 3)}
    for position, height in changed.items():
        index.set_height(position, height)
    for position in folds:
        index.fold(position + 1, ends[position], -1)
    expected = [changed.get(p, height) for p, height in enumerate(heights)]
    assert [index.height(p) for p in range(count)] == expected
    assert index.total == sum(expected) and index.line_of(count - 1) == sum(expected[:-1])


def test_line_index_widens_its_sums_when_rendered_heights_outgrow_four_bytes():
    index = LineIndex([1 << 28, 1 << 28, 5])
    index.set_height(0, (1 << 31) - 10)
    index.set_height(1, 1 << 30)
    assert index.total == (1 << 31) - 10 + (1 << 30) + 5
    assert index.at_line(index.total - 1) == (2, 4)
    assert index.line_of(2) == (1 << 31) - 10 + (1 << 30)


def _state(index: LineIndex, count: int) -> list[tuple[bool, int | None, int]]:
    return [
        (index.is_visible(p), index.line_of(p) if index.is_visible(p) else None, index.height(p))
        for p in range(count)
    ] + [(True, index.total, 0)]


@settings(max_examples=60, deadline=None)
@given(
    heights=st.lists(st.integers(1, 6), min_size=1, max_size=300),
    spans=st.lists(st.tuples(st.integers(0, 299), st.integers(1, 40)), max_size=30),
    undo=st.integers(0, 30),
)
def test_many_folds_at_once_match_folding_one_by_one(heights, spans, undo):
    count = len(heights)
    ranges = [(start % count, min(count, start % count + size)) for start, size in spans]
    new_heights = {start: 2 for start, _ in ranges}
    one_by_one, at_once = LineIndex(heights), LineIndex(heights)
    for start, stop in ranges:
        one_by_one.fold(start, stop, +1)
    for position, height in new_heights.items():
        one_by_one.set_height(position, height)
    at_once.fold_many(ranges, +1, new_heights)
    assert _state(at_once, count) == _state(one_by_one, count)
    # Each cover is placed as `fold` places it, so one can still be lifted alone.
    for start, stop in ranges[:undo]:
        one_by_one.fold(start, stop, -1)
        at_once.fold(start, stop, -1)
    assert _state(at_once, count) == _state(one_by_one, count)
    at_once.fold_many(ranges[undo:], -1, {})
    assert _state(at_once, count) == _state(
        LineIndex([at_once.height(p) for p in range(count)]), count
    )


def test_many_folds_at_once_widen_the_sums_past_four_bytes():
    index = LineIndex([1] * 600)
    big = (1 << 31) - 1
    index.fold_many([(p, p + 1) for p in range(0, 600, 2)], +1, {1: big, 3: big})
    assert index.total == 2 * big + 298
    assert index.line_of(5) == 2 * big


def test_a_line_index_holds_no_cover_per_node_until_something_is_folded():
    heights = array("i", [3]) * 50_000
    sums = line_sums(heights)
    tracemalloc.start()
    try:
        index = LineIndex(heights, sums)
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    # the heights and sums it is handed (it changes them); a cover count for every tree node
    # would add as much again as the sums
    assert held < heights.itemsize * len(heights) + sums.itemsize * len(sums) + 64 * 1024
    index.fold(10, 20_000, 1)
    assert index.total == 3 * (50_000 - 19_990)
    index.fold(10, 20_000, -1)
    assert index.total == 3 * 50_000 and index.is_visible(15)


def test_a_line_index_holds_two_bytes_a_height_and_four_an_inner_node():
    tracemalloc.start()
    try:
        index = LineIndex([3] * 50_000)
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    # four bytes a height and the heights again as the tree's leaves: 724 KB here
    assert held < 50_000 * 2 + 65_536 * 4 + 16 * 1024
    assert index.height(49_999) == 3 and index.total == 150_000
    index.set_height(7, 70_000)  # past two bytes: the heights widen
    assert index.height(7) == 70_000 and index.total == 150_000 - 3 + 70_000
    assert index.line_of(8) == 7 * 3 + 70_000 and index.at_line(21) == (7, 0)
