"""The thread model: ordering, ids, equality, and no recursion on deep chains."""

from __future__ import annotations

import io
import json
import sys
from datetime import datetime, timedelta, timezone

from threadview.export import write_json, write_text
from threadview.model import (
    Comment,
    IdAllocator,
    MoreStub,
    Thread,
    comment_id,
    count_comments,
    max_depth,
    normalize_body,
    sort_siblings,
    sorted_forest,
    walk,
)
from threadview.parsing import parse_text

T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)


def make(author: str, minutes: int | None, replies: tuple = ()) -> Comment:
    stamp = None if minutes is None else T0 + timedelta(minutes=minutes)
    return Comment(comment_id(author, stamp, author), author, stamp, author, replies)


def chain(depth: int) -> tuple[Comment, ...]:
    node: Comment | None = None
    for level in range(depth - 1, -1, -1):
        node = make(f"u{level}", level, (node,) if node else ())
    assert node is not None
    return (node,)


def test_siblings_sort_by_time_with_undated_last_and_input_order_on_ties():
    nodes = [make("late", 9), make("undated1", None), make("tieA", 5), make("tieB", 5)]
    nodes.append(make("undated2", None))
    oldest = [n.author for n in sort_siblings(nodes, "oldest")]
    newest = [n.author for n in sort_siblings(nodes, "newest")]
    assert oldest == ["tieA", "tieB", "late", "undated1", "undated2"]
    assert newest == ["late", "tieA", "tieB", "undated1", "undated2"]


def test_more_stubs_sort_after_dated_comments():
    nodes = [MoreStub(3), make("b", 2), make("a", 1)]
    assert sort_siblings(nodes, "oldest") == (nodes[2], nodes[1], nodes[0])


def test_sorted_forest_sorts_every_level():
    forest = (make("p", 0, (make("r2", 5), make("r1", 3))), make("q", -1))
    result = sorted_forest(forest, "oldest")
    assert [c.author for c in result] == ["q", "p"]
    assert [c.author for c in result[1].replies] == ["r1", "r2"]
    back = sorted_forest(result, "newest")
    assert [c.author for c in back[0].replies] == ["r2", "r1"]


def test_ids_are_stable_and_depend_on_author_time_and_body():
    a = comment_id("ann", T0, "hello")
    assert a == comment_id("ann", T0, "hello")
    assert (
        len(
            {
                a,
                comment_id("bob", T0, "hello"),
                comment_id("ann", None, "hello"),
                comment_id("ann", T0, "hello!"),
            }
        )
        == 4
    )


def test_duplicate_comments_get_suffixed_ids():
    ids = IdAllocator()
    first = ids.make("ann", T0, "same")
    assert ids.make("ann", T0, "same") == f"{first}~2"
    assert ids.make_many([("ann", T0, "same"), ("bob", T0, "x")])[0] == f"{first}~3"


def test_normalize_body_keeps_inner_blank_lines_and_trailing_spaces():
    assert normalize_body("\n \nfirst  \n\t\n\nsecond\r\n\n") == "first  \n\n\nsecond"


def test_ten_thousand_levels_walk_sort_compare_and_dump_without_recursion():
    limit = sys.getrecursionlimit()
    deep = chain(10_000)
    assert max_depth(deep) == 9_999
    assert count_comments(deep) == 10_000
    resorted = sorted_forest(deep, "newest")
    assert resorted == deep and resorted[0] == deep[0]
    assert "replies=1" in repr(deep[0])
    thread = Thread("text", "deep", None, None, (), deep)
    out = io.StringIO()
    write_json(thread, out)
    text = out.getvalue()
    assert text.count('"replies": [') == 10_000
    assert text.count("[") == text.count("]") and text.endswith("}\n")
    shallow = io.StringIO()
    write_json(Thread("text", "t", None, None, (), chain(50)), shallow)
    assert json.loads(shallow.getvalue())["comments"][0]["replies"][0]["author"] == "u1"
    assert sys.getrecursionlimit() == limit


def test_deep_chain_survives_text_round_trip():
    deep = chain(1_500)
    thread = Thread("text", "deep", "example.org", "me", (), deep)
    out = io.StringIO()
    write_text(thread, out)
    again = parse_text(out.getvalue())
    assert again == thread
    assert max_depth(again.comments) == 1_499


def test_walk_is_preorder_with_depths():
    forest = (make("a", 0, (make("b", 1, (make("c", 2),)), make("d", 3))), make("e", 4))
    assert [(d, n.author) for d, n in walk(forest)] == [
        (0, "a"),
        (1, "b"),
        (2, "c"),
        (1, "d"),
        (0, "e"),
    ]
