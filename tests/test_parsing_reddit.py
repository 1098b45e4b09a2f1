"""Reddit JSON: golden models from our fixtures, the real samples, and deep nesting."""

from __future__ import annotations

import importlib.util
import io
import json
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadview.model import (
    ArticleBlock,
    Comment,
    MoreStub,
    comment_id,
    count_comments,
    iter_comments,
    max_depth,
    nodes_equal,
    walk,
)
from threadview.parsing.jsonload import parse_json

FIXTURES = Path(__file__).parent / "fixtures" / "reddit"
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
SELF_2013 = SAMPLES / "reddit-self-2013.json"
SMALL = SAMPLES / "reddit-test-small.json"


def load(name: str):
    thread = parse_json((FIXTURES / name).read_text(encoding="utf-8"))
    assert thread is not None
    return thread


def stamp(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, timezone.utc)


def outline(nodes) -> list[tuple]:
    """The forest as rows a test can compare: depth plus the fields that matter."""
    rows = []
    for depth, node in walk(nodes):
        if isinstance(node, MoreStub):
            rows.append((depth, "continue" if node.continued else "more", node.count))
        else:
            rows.append(
                (
                    depth,
                    node.author,
                    int(node.timestamp.timestamp()) if node.timestamp else None,
                    node.body,
                    node.score,
                    node.edited,
                    node.state,
                    node.markers,
                )
            )
    return rows


def test_comments_page_golden() -> None:
    thread = load("page.json")
    assert thread.format == "reddit"
    assert thread.title == "Cats & dogs: which is better > the other?"
    assert thread.source is None  # a self post has no outside source
    assert thread.submitter == "alice"
    assert thread.url is None
    assert thread.article == (
        ArticleBlock("paragraph", "I have both & can't decide."),
        ArticleBlock("paragraph", "> quoting my neighbour"),
        ArticleBlock("paragraph", "Third paragraph\nwith two lines."),
    )
    assert thread.extra["site"] == "reddit"
    assert thread.extra["subreddit"] == "r/testsub"
    assert thread.extra["score"] == 321
    assert (
        thread.extra["permalink"] == "https://www.reddit.com/r/testsub/comments/abc123/cats_dogs/"
    )
    assert thread.extra["created"] == "2023-11-14T22:13:20Z"  # plain, so dumps keep it
    assert thread.warnings == ()
    assert outline(thread.comments) == [
        (
            0,
            "modbot",
            1700000900,
            "Please keep it civil.",
            1,
            False,
            "live",
            ("moderator", "stickied"),
        ),
        (0, "bob", 1700001000, "Dogs & cats both <3\n\nSecond paragraph.", 5, False, "live", ()),
        # A deleted comment stays as a placeholder so its live reply keeps its place.
        (1, "[deleted]", 1700001050, "[deleted]", 1, False, "deleted", ()),
        (2, "carol", 1700001060, "A live reply to a deleted comment.  ", 2, False, "live", ()),
        (1, "alice", 1700001100, "Thanks! (edited to fix a typo)", 3, True, "live", ("op",)),
        (2, "more", 3),
        (0, "[deleted]", 1700001300, "[removed]", 1, False, "removed", ()),
        # A deleted leaf stays too: it says something was there.
        (0, "[deleted]", 1700001400, "[deleted]", 1, False, "deleted", ()),
        (0, "erin", 1700001500, "An admin speaks.", -4, False, "live", ("admin",)),
        (0, "more", 12),
    ]


def test_ids_timestamps_and_bodies_follow_the_model_rules() -> None:
    thread = load("page.json")
    for comment in iter_comments(thread.comments):
        assert comment.timestamp is not None
        assert comment.timestamp.tzinfo is timezone.utc
        assert comment.timestamp.microsecond == 0
        assert comment.id == comment_id(comment.author, comment.timestamp, comment.body)
    carol = next(c for c in iter_comments(thread.comments) if c.author == "carol")
    assert carol.timestamp == stamp(1700001060)  # 1700001060.9: the fraction is dropped


def test_single_listing_saved_with_raw_json() -> None:
    thread = load("listing-raw-json.json")
    assert (thread.title, thread.source, thread.submitter, thread.url) == (None, None, None, None)
    assert thread.article == ()
    assert thread.extra["subreddit"] == "r/python"
    assert outline(thread.comments) == [
        (0, "[unknown]", 1599999000, "No author field at all.", 1, False, "live", ()),
        # raw_json=1: body_html is escaped once, so the body's "&amp;" is literal text.
        (
            0,
            "frank",
            1600000000,
            "Saved with raw_json=1: a > b && c < d, and &amp; stays literal.",
            7,
            False,
            "live",
            (),
        ),
        (1, "grace", 1600000100, "Agreed.", 2, False, "live", ()),
        # "continue this thread" (count 0, id "_"): kept as the site said it.
        (0, "continue", 0),
    ]


def test_link_post_without_comments() -> None:
    thread = load("link-post.json")
    assert thread.title == "Bridge reopens after repairs"
    assert thread.source == "example.com"
    assert thread.url == "https://example.com/story?id=7&ref=rss"
    assert thread.submitter == "henry"
    assert thread.article == ()
    assert thread.comments == ()


def t1(name: str, created: float, body: str = "text", replies: list | None = None, **fields):
    data = {
        "id": name,
        "author": fields.pop("author", name),
        "created_utc": created,
        "body": body,
        "replies": listing(replies) if replies else "",
    }
    data.update(fields)
    return {"kind": "t1", "data": data}


def listing(children: list) -> dict:
    return {"kind": "Listing", "data": {"children": children}}


def parse_doc(doc: object):
    thread = parse_json(json.dumps(doc))
    assert thread is not None
    return thread


def test_escapes_are_undone_once_and_only_for_gt_lt_amp() -> None:
    body = "a &amp;gt; b &gt; c &lt; d &quot;e&quot; &#39;"
    thread = parse_doc(listing([t1("x", 1, body)]))
    assert thread.comments[0].body == "a &gt; b > c < d &quot;e&quot; &#39;"


def test_exact_duplicates_get_suffixed_ids_in_reading_order() -> None:
    doc = listing([t1("a", 10, "same", author="u"), t1("b", 10, "same", author="u")])
    first, second = parse_doc(doc).comments
    base = comment_id("u", stamp(10), "same")
    assert (first.id, second.id) == (base, f"{base}~2")


def test_siblings_sorted_oldest_first_undated_last_ties_in_input_order() -> None:
    doc = listing(
        [
            t1("late", 30),
            t1("undated", None),
            t1("early", 10),
            {"kind": "more", "data": {"count": 2, "children": ["p", "q"]}},
            t1("tie1", 20),
            t1("tie2", 20),
        ]
    )
    rows = outline(parse_doc(doc).comments)
    assert [row[1] for row in rows] == ["early", "tie1", "tie2", "late", "undated", "more"]


def test_entries_that_are_not_comments_are_skipped_with_a_warning() -> None:
    doc = [
        listing([{"kind": "t3", "data": {"title": "T", "author": "op"}}]),
        listing([t1("a", 1), {"kind": "t1", "data": "broken"}, 7]),
    ]
    thread = parse_doc(doc)
    assert count_comments(thread.comments) == 1
    assert thread.warnings == ("skipped 2 Reddit entries that are not comments",)


def chain_text(depth: int) -> str:
    """A comments page whose single thread is `depth` comments deep (built as text,
    since json.dumps itself recurses)."""
    post = json.dumps(
        listing(
            [
                {
                    "kind": "t3",
                    "data": {"title": "Deep", "author": "op0", "is_self": True, "domain": "self.x"},
                }
            ]
        )
    )
    opens = []
    for level in range(depth):
        opens.append(
            f'{{"kind": "t1", "data": {{"author": "u{level}", "created_utc": {1000 + level}, '
            f'"body": "level {level}", "replies": {{"kind": "Listing", "data": {{"children": ['
        )
    closes = "]}}}}" * depth
    return f'[{post}, {{"kind": "Listing", "data": {{"children": [{"".join(opens)}{closes}]}}}}]'


@pytest.mark.parametrize("depth", [10, 10_000])
def test_deep_chains_parse_without_recursion(depth: int) -> None:
    text = chain_text(depth)
    if depth > 1000:
        with pytest.raises(RecursionError):
            json.loads(text)  # the C scanner cannot: the fallback decoder must
    thread = parse_json(text)
    assert thread is not None
    assert count_comments(thread.comments) == depth
    assert max_depth(thread.comments) == depth - 1
    bodies = [c.body for c in iter_comments(thread.comments)]
    assert bodies[0] == "level 0" and bodies[-1] == f"level {depth - 1}"
    assert thread == parse_json(text)  # equality walks the chain iteratively


def raw_comments(doc: list) -> list[tuple[int, dict]]:
    """(depth, data) of every t1 and more entry in a comments page, read straight from JSON."""
    found = []
    stack = [(0, child) for child in doc[1]["data"]["children"]]
    while stack:
        depth, child = stack.pop()
        found.append((depth, child))
        replies = child["data"].get("replies")
        if child["kind"] == "t1" and replies:
            stack.extend((depth + 1, c) for c in replies["data"]["children"])
    return found


@pytest.mark.skipif(not SELF_2013.exists(), reason=f"real sample {SELF_2013} not present")
def test_real_self_post_2013() -> None:
    text = SELF_2013.read_text(encoding="utf-8")
    raw = raw_comments(json.loads(text))
    raw_t1 = [data["data"] for _, data in raw if data["kind"] == "t1"]
    thread = parse_json(text)
    assert thread is not None
    comments = list(iter_comments(thread.comments))
    stubs = [node for _, node in walk(thread.comments) if isinstance(node, MoreStub)]
    assert len(comments) == len(raw_t1) == 199
    assert len(stubs) == sum(1 for _, data in raw if data["kind"] == "more") == 125
    comment_depths = [d for d, node in walk(thread.comments) if isinstance(node, Comment)]
    assert max(comment_depths) == max(d for d, data in raw if data["kind"] == "t1") == 9
    assert max_depth(thread.comments) == 10  # "continue this thread" stubs below level 10
    states = Counter(c.state for c in comments)
    assert states == {"live": 194, "deleted": 4, "removed": 1}
    assert sum(c.edited for c in comments) == sum(bool(d["edited"]) for d in raw_t1) == 10
    assert len({c.id for c in comments}) == 199
    # Deleted comments with live replies keep their place in the tree.
    assert any(c.state != "live" and c.replies for c in comments)
    op = thread.submitter
    assert op == "hglkgkjd"
    assert all(("op" in c.markers) == (c.author == op) for c in comments)
    assert thread.source is None and thread.url is None
    assert len(thread.article) == 6 and thread.extra["subreddit"] == "r/self"
    assert not any("&gt;" in c.body or "&amp;" in c.body for c in comments)
    for _, node in walk(thread.comments):
        if isinstance(node, Comment) and node.replies:
            times = [r.timestamp for r in node.replies if isinstance(r, Comment)]
            assert times == sorted(times)


@pytest.mark.skipif(not SMALL.exists(), reason=f"real sample {SMALL} not present")
def test_real_small_response() -> None:
    thread = parse_json(SMALL.read_text(encoding="utf-8"))
    assert thread is not None
    assert (thread.title, thread.source, thread.submitter) == ("Test", None, "testuser")
    assert thread.article == (ArticleBlock("paragraph", "Hello"),)
    assert count_comments(thread.comments) == 2
    assert max_depth(thread.comments) == 1
    assert [c.markers for c in iter_comments(thread.comments)] == [("op",), ("op",)]


def as_text(thread) -> str:
    """The thread in the text layout (`dump --format text`)."""
    from threadview import export

    out = io.StringIO()
    export.write_text(thread, out)
    return out.getvalue()


def round_trip(thread):
    from threadview.parsing import parse_text

    return parse_text(as_text(thread))


@pytest.mark.skipif(not SELF_2013.exists(), reason=f"real sample {SELF_2013} not present")
def test_real_sample_round_trips_through_the_text_layout() -> None:
    thread = parse_json(SELF_2013.read_text(encoding="utf-8"))
    back = round_trip(thread)
    assert back == thread  # title, source, submitter, article and the whole tree
    assert [c.id for c in iter_comments(back.comments)] == [
        c.id for c in iter_comments(thread.comments)
    ]
    assert [n.count for _, n in walk(back.comments) if isinstance(n, MoreStub)] == [
        n.count for _, n in walk(thread.comments) if isinstance(n, MoreStub)
    ]


def test_generated_page_round_trips_through_the_text_layout() -> None:
    path = Path(__file__).resolve().parents[1] / "bench" / "gen_reddit.py"
    spec = importlib.util.spec_from_file_location("gen_reddit", path)
    gen_reddit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen_reddit)
    thread = parse_doc(gen_reddit.page(300, seed=11))
    assert count_comments(thread.comments) == 300
    assert round_trip(thread) == thread


@pytest.mark.parametrize("name", ["page.json", "listing-raw-json.json", "link-post.json"])
def test_fixtures_round_trip_through_the_text_layout(name: str) -> None:
    thread = load(name)
    back = round_trip(thread)
    assert back == thread  # title, source, submitter, article blocks and the whole tree
    assert nodes_equal(back.comments, thread.comments)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 1000), st.integers(0, 50), st.booleans()), min_size=1, max_size=40
    )
)
def test_random_forests_keep_every_reply_under_its_parent(specs) -> None:
    """Each spec: (parent choice, created time, ends with a `more` stub)."""
    parents = [-1 if n == 0 else spec[0] % (n + 1) - 1 for n, spec in enumerate(specs)]
    entries = [t1(f"n{n}", float(spec[1]), f"body {n}") for n, spec in enumerate(specs)]
    kids: list[list[dict]] = [[] for _ in specs]
    top: list[dict] = []
    for n in range(len(specs) - 1, -1, -1):
        children = kids[n][::-1] + (
            [{"kind": "more", "data": {"count": n + 1}}] if specs[n][2] else []
        )
        if children:
            entries[n]["data"]["replies"] = listing(children)
        (kids[parents[n]] if parents[n] >= 0 else top).append(entries[n])
    thread = parse_doc(listing(top[::-1]))
    seen_parent: dict[str, str | None] = {}
    stubs: dict[str, int] = {}
    levels = [thread.comments]
    stack = [(None, node) for node in thread.comments]
    while stack:
        parent, node = stack.pop()
        if isinstance(node, MoreStub):
            stubs[parent] = node.count
            continue
        seen_parent[node.body] = parent
        stack.extend((node.body, reply) for reply in node.replies)
        levels.append(node.replies)
    for siblings in levels:
        # Oldest first, the stub last; siblings come in input order n, so (time, n) ascends.
        kinds = [isinstance(r, MoreStub) for r in siblings]
        assert kinds == sorted(kinds)
        keys = [(r.timestamp, int(r.body.split()[1])) for r in siblings if isinstance(r, Comment)]
        assert keys == sorted(keys)
    assert seen_parent == {
        f"body {n}": (f"body {parents[n]}" if parents[n] >= 0 else None) for n in range(len(specs))
    }
    assert stubs == {f"body {n}": n + 1 for n, spec in enumerate(specs) if spec[2]}
    assert len({c.id for c in iter_comments(thread.comments)}) == len(specs)
