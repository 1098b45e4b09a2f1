"""The index-backed comment forest: the same tree, order and ids as eager records would give."""

from __future__ import annotations

from hypothesis import given

from tests.test_parsing_lossless import SETTINGS, endings, lines
from threadview.model import (
    Comment,
    MoreStub,
    _rebuild,
    comment_id,
    count_comments,
    nodes_equal,
    normalize_body,
    sort_siblings,
    sorted_forest,
    walk,
)
from threadview.parsing import ParseError, parse_bytes, parse_text
from threadview.parsing.textindex import IndexedForest


def frozen(forest):
    """The forest made eagerly into plain tuples (every comment made once)."""
    return _rebuild(tuple(forest), tuple)


def levels(forest):
    yield forest
    for _, node in walk(forest):
        if isinstance(node, Comment) and node.replies:
            yield node.replies


def check_index(forest) -> None:
    assert isinstance(forest, IndexedForest)
    eager = frozen(forest)
    assert nodes_equal(forest, eager) and forest == eager
    for level in levels(forest):
        assert tuple(sort_siblings(tuple(level), "oldest")) == tuple(level)
        walked = sum(1 for _, node in walk(level) if isinstance(node, Comment))
        assert count_comments(level) == walked  # a level of replies counts from the index
    newest = forest.resorted("newest")
    expected = sorted_forest(eager, "newest")
    assert [n.id if isinstance(n, Comment) else n for _, n in walk(newest)] == [
        n.id if isinstance(n, Comment) else n for _, n in walk(expected)
    ]
    assert nodes_equal(newest, expected)
    for order, view in (("oldest", forest), ("newest", newest)):
        records, depths, ups = forest.comment_index.preorder(order)
        walked = list(walk(view))
        assert list(depths) == [depth for depth, _ in walked]
        made = [forest.comment_index.node(record, order) for record in records]
        assert nodes_equal(tuple(made), tuple(node for _, node in walked))
        for position, up in enumerate(ups):
            assert up < position and (up < 0 or depths[up] == depths[position] - 1)
    for view in (forest, newest):
        nodes, _, _ = view.flatten()
        for position, node in enumerate(nodes):
            if isinstance(node, Comment):
                assert nodes.position_of(node.id) == position
                assert nodes.position_of_comment(node) == position
        assert nodes.position_of("not an id") is None
        made = list(nodes)
        words = {"a", "on", "unknown", "»", " b", "\\"}
        words |= {c.body[:3].casefold() for c in made if isinstance(c, Comment) and c.body}
        for needle in words:
            expected = [
                p
                for p, c in enumerate(made)
                if isinstance(c, Comment)
                and (needle in c.body.casefold() or needle in c.author.casefold())
            ]
            assert nodes.matching(needle) == expected, needle
    comments = [n for _, n in walk(forest) if isinstance(n, Comment)]
    assert count_comments(forest) == len(comments)
    ids = [c.id for c in comments]
    assert len(set(ids)) == len(ids)
    seen: set[str] = set()
    for comment in comments:  # duplicates are numbered in oldest-first pre-order
        base = comment_id(comment.author, comment.timestamp, comment.body)
        assert comment.id == base if base not in seen else comment.id.startswith(base + "~")
        seen.add(base)


@SETTINGS
@given(lines, endings)
def test_index_agrees_with_eager_records(parts, ending):
    text = ending.join(parts)
    for parse, data in ((parse_text, text), (parse_bytes, text.encode("utf-8", "surrogatepass"))):
        try:
            thread = parse(data)
        except ParseError:
            return
        if thread.comments:
            check_index(thread.comments)


def test_a_reply_after_a_stub_hangs_under_the_comment_above():
    thread = parse_text(
        "a on January 1st, 2019 at 00:00 UTC »\n"
        "[+1 more replies not in this file]\n"
        " b on January 1st, 2019 at 00:00 UTC »\n"
    )
    first, stub = thread.comments
    assert isinstance(stub, MoreStub)
    assert [reply.author for reply in first.replies] == ["b"]
    check_index(thread.comments)


def test_exact_duplicates_are_numbered_oldest_first_even_when_the_file_is_newest_first():
    header = "ann on May 1st, 2020 at {} UTC »\n\nsame words\n\n"
    text = header.format("10:00") + header.format("09:00") + header.format("09:00")
    text += header.format("09:00:00")  # the same time written with seconds
    thread = parse_text(text)
    stamps = [c.timestamp.hour for c in thread.comments]
    assert stamps == [9, 9, 9, 10]
    ids = [c.id for c in thread.comments]
    assert ids[1] == ids[0] + "~2" and ids[2] == ids[0] + "~3"
    assert "~" not in ids[3]
    check_index(thread.comments)


def test_undated_comments_and_stubs_sort_last_in_file_order():
    thread = parse_text(
        "x on an unknown date »\n\none\n\n"
        "[+3 more replies not in this file]\n"
        "y on May 1st, 2020 at 10:00 UTC »\n\ntwo\n\n"
        "z on an unknown date »\n\nthree\n"
    )
    kinds = [n.author if isinstance(n, Comment) else n.count for n in thread.comments]
    assert kinds == ["y", "x", 3, "z"]
    newest = [
        n.author if isinstance(n, Comment) else n.count
        for n in sorted_forest(thread.comments, "newest")
    ]
    assert newest == ["y", "x", 3, "z"]
    assert count_comments(thread.comments) == 3


def test_newest_first_is_read_from_oldest_first_with_ties_and_undated_at_every_level():
    def header(name: str, when: str, indent: str = "") -> str:
        date = "an unknown date" if when == "-" else f"May 1st, 2020 at {when} UTC"
        return f"{indent}{name} on {date} »\n\n{indent}{name} says so\n\n"

    text = "".join(
        [
            header("a", "10:00"),
            header("a1", "11:00", "  "),
            header("a2", "11:00", "  "),
            header("a3", "-", "  "),
            header("a4", "09:30", "  "),
            header("a5", "11:00", "  "),
            header("b", "10:00"),
            header("c", "-"),
            header("d", "12:00"),
            header("d1", "-", "  "),
            header("d2", "-", "  "),
            header("e", "10:00"),
        ]
    )
    thread = parse_text(text)
    newest = [n.author for _, n in walk(sorted_forest(thread.comments, "newest"))]
    assert newest == ["d", "d1", "d2", "a", "a1", "a2", "a5", "a4", "a3", "b", "e", "c"]
    check_index(thread.comments)


def test_deep_chain_builds_and_walks_without_recursion():
    depth = 3000
    text = "".join(
        f"{'  ' * level}u{level} on May 1st, 2020 at 10:00 UTC »\n{'  ' * level}body {level}\n"
        for level in range(depth)
    )
    thread = parse_text(text)
    assert max(d for d, _ in walk(thread.comments)) == depth - 1
    _, depths, _ = thread.comments.comment_index.preorder("newest")
    assert list(depths) == list(range(depth))


def test_depths_take_a_byte_each_unless_a_thread_is_deeper_than_a_byte_holds():
    def chain(depth: int) -> str:
        return "".join(
            f"{'  ' * level}u{level} on May 1st, 2020 at 10:00 UTC »\n{'  ' * level}b{level}\n"
            for level in range(depth)
        )

    for depth in (256, 257):
        index = parse_text(chain(depth)).comments.comment_index
        for order in ("oldest", "newest"):
            _, depths, _ = index.preorder(order)
            assert list(depths) == list(range(depth))
            assert depths.itemsize == (1 if depth <= 256 else 4)


def test_header_times_are_read_exactly_and_impossible_ones_warned_about():
    from datetime import datetime, timezone

    lines = {
        "9:05": datetime(2019, 3, 1, 9, 5, tzinfo=timezone.utc),
        "09:05:07": datetime(2019, 3, 1, 9, 5, 7, tzinfo=timezone.utc),
        "0:00": datetime(2019, 3, 1, tzinfo=timezone.utc),
        "23:59:59": datetime(2019, 3, 1, 23, 59, 59, tzinfo=timezone.utc),
        "24:00": None,
        "12:60": None,
        "12:00:60": None,
    }
    text = "".join(
        f"u{n} on March 1st, 2019 at {clock} UTC »\n\nbody {n}\n\n" for n, clock in enumerate(lines)
    )
    text += "x on February 30th, 2019 at 10:00 UTC »\n\nno such day\n"
    for data in (text, text.encode()):
        thread = parse_text(data) if isinstance(data, str) else parse_bytes(data)
        got = {c.author: c.timestamp for c in thread.comments}
        for n, expected in enumerate(lines.values()):
            assert got[f"u{n}"] == expected
        assert got["x"] is None
        [warning] = [w for w in thread.warnings if "impossible date" in w]
        assert warning.endswith("and 3 more like it")


def test_a_hundred_thousand_impossible_dates_are_one_warning_with_a_count() -> None:
    text = "Title\n\nAuthored by ex.com and submitted by sub\n\nArticle.\n\n" + "".join(
        f"u{n} on February 30th, 2019 at 10:00 UTC »\n\nbody {n}\n\n" for n in range(100_000)
    )
    thread = parse_text(text)
    assert thread.warnings == (
        "impossible date in comment header: 'u0 on February 30th, 2019 at 10:00 UTC »'"
        " and 99,999 more like it",
    )


def test_text_after_many_more_stubs_is_one_warning_with_a_count() -> None:
    stub = "  [+2 more replies not in this file]\n\n  stray text\n\n"
    text = "".join(
        f"u{n} on March 1st, 2019 at 10:00 UTC »\n\nbody {n}\n\n{stub}" for n in range(50)
    )
    warnings = parse_text(text).warnings
    assert len(warnings) == 1 and warnings[0].endswith("and 49 more like it"), warnings


def test_making_a_giant_comment_copies_its_body_once() -> None:
    """A 4 MB body was sliced, stripped (a copy) and joined to its header to be hashed (a
    copy): three times its size at once, 1.5 GB for a 500 MB body."""
    import tracemalloc

    body = ("word " * 19 + "word  \n\n") * 40_000
    text = (
        "a on March 1st, 2019 at 10:00 UTC »\n\n\n\n" + body + "\n\n\n"
        "b on March 1st, 2019 at 10:01 UTC »\n\nafter\n"
    )
    thread = parse_bytes(text.encode())
    tracemalloc.start()
    try:
        made = thread.comments[0]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert made.body == normalize_body(body)
    assert peak < 1.3 * len(body)


def test_a_needle_across_a_normalised_line_end_is_found():
    # The body is "0\n\n0": the blank line held a space, which the body no longer has,
    # so the raw text alone would say "0\n\n0" is not there (found by hypothesis).
    thread = parse_text("0 on January 1st, 2019 at 00:00 UTC »\n0\n \n0")
    nodes, _, _ = thread.comments.flatten()
    assert [c.body for c in nodes] == ["0\n\n0"]
    assert nodes.matching("0\n\n0") == [0]
    check_index(thread.comments)


def test_duplicates_read_only_the_headers_of_comments_sharing_a_time() -> None:
    """The duplicate search read every header's author (a line search and a slice per
    comment, 11 s of a 1M-comment load); only comments sharing a time can be duplicates."""
    header = "{} on May 1st, 2020 at {} UTC »\n\nsame words\n\n"
    minutes = [f"10:{minute:02}" for minute in range(50)]
    text = "".join(header.format("ann", minute) for minute in minutes)
    text += header.format("ann", "11:00") * 2 + header.format("bob", "11:00")
    forest = parse_bytes(text.encode()).comments
    assert isinstance(forest, IndexedForest)
    index = forest.comment_index
    read: list[int] = []

    class Counted(list[int]):
        def __getitem__(self, record: int) -> int:  # type: ignore[override]  # ints only
            read.append(record)
            return super().__getitem__(record)

    index.starts = Counted(index.starts)  # type: ignore[assignment]  # counting the reads
    suffixes = index.duplicates()
    assert set(read) == {50, 51, 52}
    assert sorted(suffixes.items()) == [(51, "~2")]


def test_ids_are_hashed_only_for_comments_whose_bodies_may_be_equal() -> None:
    """Every comment sharing author and time had its id made (decoded, normalised and
    hashed: 300,000 of them in the 1M-comment bench file, none a duplicate); the body's
    text without blanks and escapes is compared first. A duplicate at another indent, with
    an escaped header-like line, is still found."""
    body = "same words\n\nann on May 1st, 2020 at 09:00 UTC »\\\n"
    reply = "".join("    " + line if line else "" for line in body.splitlines(keepends=True))
    text = (
        "ann on May 1st, 2020 at 09:00 UTC »\n\n" + body + "\n"
        "    ann on May 1st, 2020 at 09:00 UTC »\n\n" + reply + "\n"
        "ann on May 1st, 2020 at 09:00 UTC »\n\nother words\n\n"
        "ann on May 1st, 2020 at 09:00 UTC »\n\nmore words\n"
    )
    forest = parse_bytes(text.encode()).comments
    assert isinstance(forest, IndexedForest)
    index = forest.comment_index
    made: list[int] = []
    fields = index.fields

    def counted(record: int) -> tuple[str, int, bytes]:
        made.append(record)
        return fields(record)

    index.fields = counted  # type: ignore[method-assign]  # counting the ids made
    assert index.duplicates() == {1: "~2"}
    assert set(made) == {0, 1}
    first = forest[0]
    assert isinstance(first, Comment) and first.replies[0].id == first.id + "~2"
