"""The forest contract (`model.Forest`): the index-backed forest and the plain-node adapter
answer every question the reader asks alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadview.model import (
    Comment,
    Forest,
    MoreStub,
    NodeForest,
    as_forest,
    ordered,
    walk,
)
from threadview.parsing import load_path
from threadview.parsing.views import IndexedForest

SAMPLES = Path(__file__).resolve().parent.parent / "sample_threads"


def _both(name: str) -> tuple[Forest, Forest]:
    indexed = load_path(SAMPLES / name).comments
    assert isinstance(indexed, IndexedForest)
    plain = as_forest(tuple(indexed))
    assert isinstance(plain, NodeForest)
    return as_forest(indexed), plain


def test_as_forest_keeps_a_forest_and_wraps_plain_nodes():
    indexed = load_path(SAMPLES / "night-ferry.txt").comments
    assert as_forest(indexed) is indexed
    assert isinstance(as_forest(()), Forest)
    assert not isinstance((), Forest)


@pytest.mark.parametrize("name", ["night-ferry.txt", "harbour-light.txt"])
@pytest.mark.parametrize("order", ["oldest", "newest"])
def test_both_forests_answer_alike(name, order):
    indexed, plain = (forest.resorted(order) for forest in _both(name))
    assert indexed.count_comments() == plain.count_comments()
    (i_nodes, i_depths, i_ups), (p_nodes, p_depths, p_ups) = indexed.flatten(), plain.flatten()
    assert list(i_nodes) == list(p_nodes) and len(i_nodes) == len(p_nodes)
    assert list(i_depths) == list(p_depths) and list(i_ups) == list(p_ups)
    assert i_nodes.stub_positions() == p_nodes.stub_positions()
    assert any(isinstance(node, MoreStub) for node in p_nodes) == bool(p_nodes.stub_positions())
    assert i_nodes.first_time() == p_nodes.first_time() is not None
    for needle in ("the", "a", "zzz-not-there"):
        assert i_nodes.matching(needle) == p_nodes.matching(needle)
    for position, node in enumerate(p_nodes):
        if isinstance(node, Comment):
            assert i_nodes.position_of(node.id) == p_nodes.position_of(node.id) == position
            assert p_nodes.position_of_comment(node) == i_nodes.position_of_comment(node)
    assert p_nodes.position_of("0123456789abcdef") is None
    authors = {node.author for node in p_nodes if isinstance(node, Comment)}
    for author in (*sorted(authors), "deckchair", "nobody", ""):
        assert i_nodes.authored_by(author) == p_nodes.authored_by(author)


def test_plain_body_sizes_are_length_and_blank_lines():
    comment = Comment("a", "ann", None, "one\n\ntwo\n\nthree")
    nodes, _, _ = NodeForest((comment, MoreStub(3))).flatten()
    sizes, breaks = nodes.body_sizes()
    assert (list(sizes), list(breaks)) == ([len(comment.raw_body), 0], [2, 0])


def test_a_plain_forest_resorts_every_level():
    indexed, plain = _both("night-ferry.txt")
    newest = plain.resorted("newest")
    assert [node for _, node in walk(newest)] == [
        node for _, node in walk(indexed.resorted("newest"))
    ]


def test_ordered_leaves_the_parsers_order_and_resorts_another():
    indexed = load_path(SAMPLES / "night-ferry.txt").comments
    assert ordered(indexed, "oldest") is indexed
    plain = tuple(indexed)
    assert list(ordered(plain, "oldest")) == list(plain)
    newest = ordered(plain, "newest")
    assert isinstance(newest, NodeForest)
    assert [n for _, n in walk(newest)] == [n for _, n in walk(indexed.resorted("newest"))]


def test_authored_by_reads_headers_not_names_in_bodies_or_longer_names():
    from datetime import datetime, timedelta, timezone
    from io import StringIO

    from threadview.export import write_text
    from threadview.model import IdAllocator, Thread
    from threadview.parsing import parse_text

    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    ids = IdAllocator()

    def made(n: int, author: str, body: str, replies=(), orphan=None) -> Comment:
        stamp = start + timedelta(minutes=n)
        return Comment(ids.make(author, stamp, body), author, stamp, body, replies, orphan=orphan)

    forest = (
        made(1, "anna", "ann is not anna.\n\nann on June 1st", (made(2, "ann", "anna, hi"),)),
        made(3, "bo", "annann", (made(4, "ann", "x"), MoreStub(2))),
        made(5, "ann", "ann ann ann"),
        made(6, "[unknown]", "an orphan", orphan="t1_gone"),
    )
    out = StringIO()
    write_text(Thread("text", "T", None, None, (), forest), out)
    indexed = parse_text(out.getvalue()).comments
    assert isinstance(indexed, IndexedForest)
    for order in ("oldest", "newest"):
        i_nodes = indexed.resorted(order).flatten()[0]
        p_nodes = as_forest(tuple(indexed.resorted(order))).flatten()[0]
        for author in ("ann", "anna", "bo", "an", "[unknown]", "nobody"):
            expected = [
                p
                for p, node in enumerate(p_nodes)
                if isinstance(node, Comment) and node.author == author
            ]
            assert i_nodes.authored_by(author) == p_nodes.authored_by(author) == expected
    assert len(as_forest(indexed).flatten()[0].authored_by("ann")) == 3
