"""What `s` installs: an order derived from another is what preparing it afresh gives, and a
prepared forest's line sums are held once: by the line index while it is on screen."""

from __future__ import annotations

from array import array
from pathlib import Path

from big_threads import indexed_thread

from threadview.model import ordered
from threadview.ui.orders import PreparedOrders, prepare_order
from threadview.ui.widgets.comment_view import prepare_forest
from threadview.ui.widgets.forest_index import LineIndex, line_sums


def test_an_order_derived_from_another_is_the_order_prepared_afresh(tmp_path: Path):
    thread = indexed_thread(tmp_path, 60)
    oldest = prepare_forest(ordered(thread.comments, "oldest"), 70)
    derived = prepare_order(ordered(thread.comments, "newest"), 70, like=oldest)
    afresh = prepare_forest(ordered(thread.comments, "newest"), 70)
    assert list(derived.flat.nodes.records) == list(afresh.flat.nodes.records)
    assert list(derived.flat.depth) == list(afresh.flat.depth)
    assert list(derived.flat.parent) == list(afresh.flat.parent)
    assert list(derived.flat.end) == list(afresh.flat.end)
    assert list(derived.heights) == list(afresh.heights)
    assert list(derived.comments_before) == list(afresh.comments_before)
    assert derived.sums is not None and list(derived.sums) == list(afresh.sums or ())
    index = LineIndex(array(derived.heights.typecode, derived.heights), derived.sums)
    assert index.total == sum(afresh.heights)


def test_a_prepared_order_holds_two_bytes_a_height_and_four_a_tree_node(tmp_path: Path):
    """At 100,000 comments an order's heights and line sums took 1.45 MB (four bytes a
    height, and the heights again as the tree's leaves); now 0.72 MB."""
    thread = indexed_thread(tmp_path, 60)
    oldest = prepare_forest(ordered(thread.comments, "oldest"), 70)
    derived = prepare_order(ordered(thread.comments, "newest"), 70, like=oldest)
    for prepared in (oldest, derived):
        assert prepared.heights.itemsize == 2 and len(prepared.heights) == len(prepared.flat)
        assert prepared.sums is not None and prepared.sums.itemsize == 4
        assert len(prepared.sums) < 2 * len(prepared.flat)  # inner nodes, no leaves


def test_the_prepared_orders_are_kept_per_thread_and_width(tmp_path: Path):
    thread = indexed_thread(tmp_path, 10)
    orders = PreparedOrders()
    prepared = prepare_forest(ordered(thread.comments, "oldest"), 70)
    orders.put(thread, "oldest", prepared)
    assert orders.get(thread, "oldest", 70) is prepared
    assert orders.get(thread, "oldest", 71) is None
    assert orders.missing(thread, 70) == ["newest"]
    assert orders.get(indexed_thread(tmp_path, 10), "oldest", 70) is None


def test_an_index_from_prepared_sums_answers_alike_and_folds_alike():
    heights = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]
    made = LineIndex(heights, line_sums(heights))
    fresh = LineIndex(heights)
    assert made.total == fresh.total == sum(heights)
    for line in range(sum(heights)):
        assert made.at_line(line) == fresh.at_line(line)
    made.fold(2, 6, +1)
    made.set_height(0, 7)
    assert made.total == fresh.total - sum(heights[2:6]) + 4


def test_a_comment_is_found_in_another_order_by_its_record(tmp_path: Path):
    thread = indexed_thread(tmp_path, 30)
    oldest = prepare_forest(ordered(thread.comments, "oldest"), 70).flat.nodes
    newest = prepare_order(ordered(thread.comments, "newest"), 70).flat.nodes
    for position, node in enumerate(oldest):
        assert newest.position_from(oldest, position) == newest.position_of(node.id)
        assert oldest.position_from(newest, newest.position_of(node.id)) == position
