"""The text layout keeps the whole model: trailers, depth markers, the metadata line."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from threadview.export import write_text
from threadview.model import (
    ArticleBlock,
    Comment,
    IdAllocator,
    MoreStub,
    Node,
    Thread,
    comment_id,
    count_comments,
    iter_comments,
    max_depth,
    normalize_body,
    sorted_forest,
    walk,
)
from threadview.parsing import load_path, parse_text

T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def text_of(thread: Thread) -> str:
    out = io.StringIO()
    write_text(thread, out)
    return out.getvalue()


def with_ids(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    """The forest sorted as the reader sorts it, ids handed out as the reader does."""
    ids = IdAllocator()
    flat = list(walk(sorted_forest(nodes)))
    made: dict[int, str] = {}
    for index, (_, node) in enumerate(flat):
        if isinstance(node, Comment):
            made[index] = ids.make(node.author, node.timestamp, node.body)

    counter = iter(range(len(flat)))

    def rebuild(level: tuple[Node, ...]) -> tuple[Node, ...]:
        out: list[Node] = []
        for node in level:
            index = next(counter)
            if isinstance(node, MoreStub):
                out.append(node)
            else:
                node = replace(node, id=made[index])
                out.append(replace(node, replies=rebuild(tuple(node.replies))))
        return tuple(out)

    return rebuild(tuple(sorted_forest(nodes)))


words = st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=8)
line = st.lists(words, min_size=1, max_size=5).map(" ".join)
authors = st.one_of(
    words,
    st.sampled_from(["x [op]", "y []", "z [score 3, edited]", "[deleted]", "w [depth 2]"]),
)
markers = st.lists(
    st.sampled_from(["op", "moderator", "admin", "stickied", "Special Person", "edited"]),
    max_size=3,
    unique=True,
).map(tuple)
bodies = st.lists(
    st.one_of(line, st.just(""), line.map(lambda t: t + "  "), line.map(lambda t: t + "\\")),
    max_size=4,
).map(lambda parts: normalize_body("\n".join(parts)))


@st.composite
def comments(draw: st.DrawFn, depth: int = 0) -> Comment:
    stamp = draw(st.one_of(st.none(), st.integers(0, 500)))
    replies: tuple[Node, ...] = ()
    if depth < 3:
        replies = tuple(draw(st.lists(comments(depth + 1), max_size=3)))
        if draw(st.booleans()):
            replies += (MoreStub(draw(st.integers(1, 50))),)
    return Comment(
        "",
        draw(authors),
        None if stamp is None else T0 + timedelta(minutes=stamp),
        draw(bodies),
        replies,
        draw(st.one_of(st.none(), st.integers(-50, 5000))),
        draw(st.booleans()),
        draw(st.sampled_from(["live", "deleted", "removed", "dead"])),
        draw(markers),
    )


@st.composite
def threads(draw: st.DrawFn) -> Thread:
    fmt = draw(st.sampled_from(["reddit", "hn"]))  # scraped pages: test_parsing_lossless
    source = draw(st.one_of(st.none(), st.just("news.example")))
    submitter = draw(st.one_of(st.none(), words))
    inner = st.one_of(line, st.sampled_from(["", "\\", "\\\\", "x\\"]))
    article = tuple(
        ArticleBlock("paragraph", "\n".join([draw(line), *draw(st.lists(inner, max_size=3))]))
        for _ in range(draw(st.integers(0, 3)))
    )
    return Thread(
        fmt,
        draw(line),
        source,
        submitter,
        article,
        with_ids(tuple(draw(st.lists(comments(), max_size=4)))),
        url=draw(st.one_of(st.none(), st.just("https://news.example/a?b=1"))),
        extra=draw(st.dictionaries(words, st.one_of(st.integers(), words, st.booleans()))),
    )


@SETTINGS
@given(threads())
def test_any_thread_round_trips_with_every_field(thread):
    again = parse_text(text_of(thread))
    assert again == thread
    pairs = zip(walk(again.comments), walk(thread.comments), strict=True)
    for (_, got), (_, want) in pairs:
        if isinstance(want, Comment):
            assert (got.id, got.score, got.edited, got.state, got.markers) == (
                want.id,
                want.score,
                want.edited,
                want.state,
                want.markers,
            )


def test_comment_state_score_edits_and_markers_survive_the_text_layout():
    thread = load_path(FIXTURES / "reddit" / "page.json")
    states = {(c.score, c.edited, c.state, c.markers) for c in iter_comments(thread.comments)}
    assert len(states) > 1  # the fixture has more than live comments of one kind
    again = parse_text(text_of(thread))
    assert again == thread
    assert (again.format, again.url, again.extra) == (thread.format, thread.url, thread.extra)


def test_a_made_up_byline_is_not_read_back_as_the_pages_own():
    thread = Thread("reddit", "T", "self.AskReddit", "ann", (), ())
    text = text_of(thread)
    assert "Authored by self.AskReddit and submitted by ann" in text
    assert parse_text(text).byline is None


def test_an_old_reader_takes_the_trailer_for_part_of_the_author():
    from threadview.parsing.layout import TEXT

    header = "bob [score 12, edited, op] on May 1st, 2020 at 10:00 UTC »"

    match = TEXT.header.fullmatch(header)
    assert match is not None and match.group("author") == "bob [score 12, edited, op]"
    comment = parse_text(header + "\n\nhi\n").comments[0]
    assert (comment.author, comment.score, comment.edited, comment.markers) == (
        "bob",
        12,
        True,
        ("op",),
    )


def test_markdown_hard_line_breaks_and_code_blocks_in_a_self_post_survive():
    article = (
        ArticleBlock("paragraph", "first line  \nsecond line\\\nthird"),
        ArticleBlock("paragraph", "```\nx = 1\n\n\\\ny = 2\n```"),
    )
    thread = Thread("reddit", "T", None, "ann", article, ())
    assert parse_text(text_of(thread)).article == article


def deep_chain(depth: int) -> tuple[Comment, ...]:
    node: Comment | None = None
    for level in range(depth - 1, -1, -1):
        replies = (node,) if node is not None else ()
        stamp = T0 + timedelta(seconds=level)
        ident = comment_id(f"u{level}", stamp, f"b{level}")
        node = Comment(ident, f"u{level}", stamp, f"b{level}", replies)
    assert node is not None
    return (node,)


def test_a_deep_chain_is_written_in_linear_size_and_reads_back_to_its_depth():
    texts = {}
    for depth in (1_000, 5_000):
        thread = Thread("text", None, None, None, (), deep_chain(depth))
        texts[depth] = text = text_of(thread)
        again = parse_text(text)
        assert max_depth(again.comments) == depth - 1
        assert count_comments(again.comments) == depth
        assert again == thread
    # five times the comments, about five times the text (not twenty-five)
    assert len(texts[5_000]) < 6 * len(texts[1_000])
    from threadview.parsing.layout import INDENT_CAP

    indents = [len(ln) - len(ln.lstrip(" ")) for ln in texts[5_000].splitlines()]
    assert max(indents) == 2 * INDENT_CAP


def test_branches_past_the_indent_cap_come_back_to_their_own_parents():
    def level(depth: int) -> Comment:
        replies: tuple[Node, ...] = (level(depth + 1),) if depth < 40 else ()
        if depth in (10, 33, 35):  # a second, later reply beside the deep one
            late = Comment("", f"side{depth}", T0 + timedelta(hours=depth), "late", ())
            replies += (late,)
        return Comment("", f"u{depth}", T0 + timedelta(minutes=depth), f"b{depth}", replies)

    thread = Thread("text", None, None, None, (), with_ids((level(0),)))
    again = parse_text(text_of(thread))
    assert again == thread
    depths = {node.author: depth for depth, node in walk(again.comments)}
    assert (depths["side35"], depths["side33"], depths["side10"], depths["u40"]) == (36, 34, 11, 40)


def test_a_site_thread_read_back_is_not_taken_for_a_cut_off_page():
    thread = Thread("reddit", "T", None, "ann", (ArticleBlock("paragraph", "Hello"),), ())
    again = parse_text(text_of(thread))
    assert again == thread and again.warnings == ()


def test_a_hostile_metadata_line_is_only_a_line_of_text():
    nested = '[threadview {"a": ' + "[" * 100_000 + "]" * 100_000 + "}]"
    for first in (nested, '[threadview {"url": 5}]', '[threadview {"extra": {"a": [1]}}]'):
        thread = parse_text(f"{first}\n\nAuthored by x.example\n\nA.\n")
        assert thread.title == first and thread.url is None
