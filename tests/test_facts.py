"""Thread facts, author stats, the timeline and score order, checked against the model."""

from __future__ import annotations

import io
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from threadview.export import write_json, write_text
from threadview.facts import (
    _LADDER,
    MAX_BUCKETS,
    UNIT_SECONDS,
    author_stats,
    bucket_size,
    first_minutes,
    thread_facts,
    thread_rows,
    timeline,
)
from threadview.model import (
    Comment,
    MoreStub,
    Thread,
    has_scores,
    iter_comments,
    sorted_forest,
    sorted_thread,
    walk,
)
from threadview.parsing import parse_bytes, parse_document, read_document
from threadview.parsing.stamps import datetime_stamp
from threadview.parsing.views import IndexedForest

FACTS = FIXTURES / "text" / "facts.txt"
UTC = timezone.utc


def load(path) -> Thread:  # type: ignore[no-untyped-def]
    return parse_document(read_document(str(path)))


def eager(thread: Thread) -> Thread:
    """The same thread as tuples of comments: written as JSON and read back."""
    out = io.StringIO()
    write_json(thread, out)
    made = parse_bytes(out.getvalue().encode())
    assert not isinstance(made.comments, IndexedForest)
    return made


def flat(thread: Thread) -> list[tuple[int, object]]:
    return list(walk(sorted_forest(thread.comments, "oldest")))


def test_the_fixture_is_index_backed():
    assert isinstance(load(FACTS).comments, IndexedForest)


@pytest.mark.parametrize("make", [load, lambda p: eager(load(p))], ids=["indexed", "eager"])
def test_facts_match_the_model(make):
    thread = make(FACTS)
    comments = list(iter_comments(thread.comments))
    stamps = [c.timestamp for c in comments if c.timestamp is not None]
    hours = Counter(s.replace(minute=0, second=0) for s in stamps)
    busiest = min(hours.items(), key=lambda item: (-item[1], item[0]))
    depths = [depth for depth, node in walk(thread.comments) if isinstance(node, Comment)]
    facts = thread_facts(thread, bookmarks=4)
    assert facts.comments == len(comments)
    assert facts.authors == len({c.author for c in comments})
    assert facts.max_depth == max(depths)
    assert (facts.first, facts.last) == (min(stamps), max(stamps))
    assert (facts.busiest_hour, facts.busiest_count) == busiest
    assert facts.bookmarks == 4
    # The fixture holds one Spanish and one French note, and links to two hosts twice
    # each (the byline names portnews.example once, the body once).
    assert dict(facts.languages) == {"es": 1, "fr": 1}
    assert dict(facts.sources) == {"ferries.example": 2, "portnews.example": 2}


@pytest.mark.parametrize("make", [load, lambda p: eager(load(p))], ids=["indexed", "eager"])
def test_author_stats_match_the_model(make):
    thread = make(FACTS)
    comments = list(iter_comments(thread.comments))
    counts = Counter(c.author for c in comments)
    stats = author_stats(thread)
    assert [s.author for s in stats] == sorted(
        counts, key=lambda a: (-counts[a], min(c.timestamp for c in comments if c.author == a))
    )
    nodes = flat(thread)
    for s in stats:
        times = [c.timestamp for c in comments if c.author == s.author]
        assert (s.comments, s.first, s.last) == (counts[s.author], min(times), max(times))
        assert s.submitter == (s.author == "harbour_master")
        first = nodes[s.first_position][1]
        assert isinstance(first, Comment) and first.author == s.author
        assert not any(
            isinstance(node, Comment) and node.author == s.author
            for _, node in nodes[: s.first_position]
        )


@pytest.mark.parametrize("make", [load, lambda p: eager(load(p))], ids=["indexed", "eager"])
def test_timeline_buckets_count_every_comment_and_point_at_the_earliest(make):
    thread = make(FACTS)
    line = timeline(thread)
    nodes = flat(thread)
    dated = [(p, n) for p, (_, n) in enumerate(nodes) if isinstance(n, Comment) and n.timestamp]
    assert sum(b.count for b in line.buckets) == len(dated)
    assert len(line.buckets) <= MAX_BUCKETS
    step = timedelta(seconds=line.seconds)
    for bucket in line.buckets:
        inside = [
            (n.timestamp, p) for p, n in dated if bucket.start <= n.timestamp < bucket.start + step
        ]
        assert bucket.count == len(inside)
        assert bucket.first_position == (min(inside)[1] if inside else None)
    for _, node in dated:
        at = line.bucket_of(node.timestamp)
        assert at is not None and line.buckets[at].start <= node.timestamp


def test_first_minutes_keeps_the_comments_of_the_opening_span():
    thread = load(FACTS)
    nodes = flat(thread)
    dated = [(p, n.timestamp) for p, (_, n) in enumerate(nodes) if isinstance(n, Comment)]
    start = min(t for _, t in dated)
    for minutes in (0, 1, 15, 40, 60 * 24):
        expected = [p for p, t in dated if t < start + timedelta(minutes=minutes)]
        assert first_minutes(thread, minutes) == expected


@pytest.mark.parametrize(
    ("span", "unit"),
    [
        (timedelta(minutes=45), "minute"),
        (timedelta(hours=5), "minute"),
        (timedelta(hours=30), "minute"),
        (timedelta(hours=80), "hour"),
        (timedelta(days=40), "hour"),
        (timedelta(days=70), "day"),
        (timedelta(days=3000), "day"),
    ],
)
def test_bucket_size_is_the_narrowest_that_fits(span, unit):
    first = datetime_stamp(datetime(2024, 3, 5, 7, 13, tzinfo=UTC))
    last = first + int(span.total_seconds())
    chosen_unit, width = bucket_size(first, last)
    assert chosen_unit == unit
    size = UNIT_SECONDS[chosen_unit] * width
    assert last // size - first // size + 1 <= MAX_BUCKETS
    narrower = [u_w for u_w in _LADDER if UNIT_SECONDS[u_w[0]] * u_w[1] < size]
    for narrow_unit, narrow_width in narrower:
        small = UNIT_SECONDS[narrow_unit] * narrow_width
        assert last // small - first // small + 1 > MAX_BUCKETS


def test_a_thread_without_dates_has_an_empty_timeline():
    thread = Thread("t", None, None, None, (), (Comment("a", "x", None, "hi"), MoreStub(2)))
    line = timeline(thread)
    assert line.buckets == () and line.undated == 1
    assert thread_facts(thread).first is None and first_minutes(thread, 5) == []


def _score_key(node):  # type: ignore[no-untyped-def]
    return (-node.score, node.timestamp)


def test_score_order_sorts_every_reddit_level_highest_first():
    thread = load(FIXTURES / "reddit" / "page.json")
    assert has_scores(thread) and has_scores(thread.comments)
    forest = sorted_forest(thread.comments, "score")
    levels = [forest] + [n.replies for n in iter_comments(forest) if n.replies]
    for level in levels:
        scored = [n for n in level if isinstance(n, Comment)]
        assert scored == sorted(scored, key=_score_key)
        assert [n for n in level if isinstance(n, MoreStub)] == list(level[len(scored) :])
    assert Counter(c.id for c in iter_comments(forest)) == Counter(
        c.id for c in iter_comments(thread.comments)
    )


def test_score_ties_go_oldest_first():
    when = datetime(2024, 1, 1, tzinfo=UTC)
    late = Comment("b", "late", when + timedelta(minutes=5), "x", score=3)
    early = Comment("a", "early", when, "y", score=3)
    top = Comment("c", "top", when + timedelta(minutes=9), "z", score=9)
    assert [c.author for c in sorted_forest((late, early, top), "score")] == [
        "top",
        "early",
        "late",
    ]


@pytest.mark.parametrize("path", [FIXTURES / "hn" / "algolia.json", FACTS])
def test_score_order_without_scores_is_oldest_first(path):
    thread = load(path)
    assert not has_scores(thread) and not has_scores(thread.comments)
    assert sorted_thread(thread, "score").comments == sorted_forest(thread.comments, "oldest")


def test_index_backed_forest_answers_scores_without_making_comments():
    forest = load(FACTS).comments
    assert isinstance(forest, IndexedForest)
    forest.comment_index.node = None  # type: ignore[method-assign]  # making one would fail
    assert not has_scores(forest)
    assert forest.resorted("score").order == "oldest"


_authors = st.sampled_from(["ana", "ben", "cara", "dev"])


@st.composite
def text_threads(draw):  # type: ignore[no-untyped-def]
    """Small threads in the text layout: random shape, authors, minutes apart."""
    count = draw(st.integers(1, 25))
    start = datetime(2024, 5, 1, tzinfo=UTC)
    depths = [0]
    lines = ["A thread", ""]
    for index in range(count):
        depth = draw(st.integers(0, depths[-1] + 1)) if index else 0
        depths.append(depth)
        when = start + timedelta(minutes=draw(st.integers(0, 60 * 24 * 3)))
        author = draw(_authors)
        stamp = when.strftime("%B ") + f"{when.day}th, {when.year} at {when:%H:%M} UTC"
        pad = "  " * depth
        lines += [f"{pad}{author} on {stamp} »", "", f"{pad}comment {index}", ""]
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_threads())
def test_index_backed_and_eager_forests_agree(text):
    indexed = parse_bytes(text.encode())
    assert isinstance(indexed.comments, IndexedForest)
    made = eager(indexed)
    rows, eager_rows = thread_rows(indexed), thread_rows(made)
    assert list(rows.depths) == list(eager_rows.depths)
    assert list(rows.authors) == list(eager_rows.authors)
    assert list(rows.stamps) == list(eager_rows.stamps)
    assert thread_facts(indexed) == thread_facts(made)
    assert author_stats(indexed) == author_stats(made)
    assert timeline(indexed) == timeline(made)
    for minutes in (1, 30, 600):
        assert first_minutes(indexed, minutes) == first_minutes(made, minutes)


def test_text_round_trip_keeps_the_facts():
    thread = load(FACTS)
    out = io.StringIO()
    write_text(thread, out)
    again = parse_bytes(out.getvalue().encode())
    assert thread_facts(again) == thread_facts(thread)
    assert timeline(again) == timeline(thread)


def test_score_order_of_the_text_layout_matches_the_eager_forest():
    """Scores survive the text layout in header trailers; the index sorts by them alone."""
    site = load(FIXTURES / "reddit" / "page.json")
    out = io.StringIO()
    write_text(site, out)
    indexed = parse_bytes(out.getvalue().encode())
    assert isinstance(indexed.comments, IndexedForest)
    assert has_scores(indexed)
    for order in ("score", "oldest", "newest"):
        ours = [getattr(n, "id", n) for _, n in walk(sorted_forest(indexed.comments, order))]
        theirs = [getattr(n, "id", n) for _, n in walk(sorted_forest(site.comments, order))]
        assert ours == theirs, order
    assert thread_facts(indexed) == thread_facts(site)
    assert author_stats(indexed) == author_stats(site)
