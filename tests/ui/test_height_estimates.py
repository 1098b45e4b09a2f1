"""The height guesses worked out in bulk are `estimate_lines` for every node."""

from __future__ import annotations

from threadview.model import Comment, MoreStub, ordered
from threadview.parsing import parse_bytes
from threadview.parsing.views import PreorderNodes
from threadview.render import comment as cr
from threadview.ui.widgets.comment_view import comments_before, estimate_heights
from threadview.ui.widgets.forest_index import FlatForest

HEADER = "{indent}{author} on May 1st, 2020 at 10:{minute:02} UTC »\n"


def _text() -> bytes:
    """Nested comments, blank lines, long bodies, stubs, and a last header with no newline."""
    parts = []
    for n in range(40):
        depth = n % 7
        parts.append(HEADER.format(indent=" " * (4 * depth), author=f"u{n}", minute=n))
        body = ("word " * (n * 9)).strip()
        parts.append("\n" + ("\n\n".join([body] * (n % 4)) if n % 5 else "") + "\n\n")
        if n % 9 == 4:
            parts.append(" " * (4 * (depth + 1)) + "[+3 more replies not in this file]\n\n")
    parts.append(HEADER.format(indent="", author="last", minute=59).rstrip("\n"))
    return "".join(parts).encode()


def test_bulk_estimates_are_the_formula_for_every_node_at_every_width():
    thread = parse_bytes(_text())
    for order in ("oldest", "newest"):
        flat = FlatForest(ordered(thread.comments, order))
        nodes = flat.nodes
        assert isinstance(nodes, PreorderNodes)
        index, records = nodes.comment_index, nodes.records
        stubs = nodes.stub_positions()
        assert stubs  # the text has more-stubs: their height is a line and a separator
        for width in (20, 45, 80, 160):
            heights = estimate_heights(flat, width, comments_before(len(flat), stubs))
            expected = []
            for position, record in enumerate(records):
                if isinstance(nodes[position], MoreStub):
                    expected.append(1 + cr.SEPARATOR_LINES)
                    continue
                start, stop = index.body_span(record)
                breaks = index.text.count(b"\n\n", start, stop)
                depth = flat.depth[position]
                expected.append(cr.estimate_lines(stop - start, breaks, depth, width))
            assert list(heights) == expected


def test_bulk_estimates_of_a_plain_forest_read_the_raw_bodies():
    replies = (Comment("b", "bob", None, "x" * 300), MoreStub(2))
    forest = (Comment("a", "ann", None, "one\n\ntwo\n\nthree", replies), MoreStub(5))
    flat = FlatForest(forest)
    heights = estimate_heights(flat, 60, comments_before(len(flat), flat.nodes.stub_positions()))
    raw = forest[0].raw_body
    assert list(heights) == [
        cr.estimate_lines(len(raw), 2, 0, 60),
        cr.estimate_lines(300, 0, 1, 60),
        1 + cr.SEPARATOR_LINES,
        1 + cr.SEPARATOR_LINES,
    ]
