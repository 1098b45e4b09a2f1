"""JSON thread files cut short (a download that stopped): say where, show what is complete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from threadview.model import Comment, count_comments, iter_comments, walk
from threadview.parsing import load_path
from threadview.parsing.jsoncut import recover
from threadview.parsing.jsonload import parse_json

WHOLE = sorted((FIXTURES / "reddit").glob("*.json")) + sorted((FIXTURES / "hn").glob("*.json"))
WHOLE = [path for path in WHOLE if not path.name.startswith("cut-off")]


def facts(comment: Comment) -> tuple:
    return (comment.author, comment.timestamp, comment.body, comment.state)


def test_a_cut_reddit_page_says_where_and_keeps_the_complete_comments() -> None:
    path = FIXTURES / "reddit" / "cut-off.json"
    thread = load_path(path)
    assert thread.format == "reddit" and thread.title == "Storm photos thread"
    assert thread.warnings[0].startswith(f"the file is cut off at byte {path.stat().st_size}")
    assert "showing the 3 comments complete before the cut" in thread.warnings[0]
    shown = [(depth, node.author, node.orphan) for depth, node in walk(thread.comments)]
    # deckhand_dee and night_ferry were cut inside their replies (Reddit writes `replies`
    # before `body`), keeper_kate inside her body: buoy_counter's parent is not in the file.
    assert shown == [
        (0, "gull_watcher", None),
        (1, "tide_tables", None),
        (0, "buoy_counter", "t1_k4"),
    ]


def test_a_cut_hn_algolia_item_says_where_and_keeps_the_complete_comments() -> None:
    path = FIXTURES / "hn" / "cut-off-algolia.json"
    thread = load_path(path)
    assert thread.format == "hn" and thread.submitter == "harbour_hn"
    assert thread.warnings[0].startswith(f"the file is cut off at byte {path.stat().st_size}")
    assert [c.author for c in iter_comments(thread.comments)] == ["alice", "carol"]


@pytest.mark.parametrize("path", WHOLE, ids=lambda path: path.name)
def test_every_cut_of_a_fixture_shows_only_comments_of_the_whole(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    whole = {facts(c) for c in iter_comments(load_path(path).comments)}
    shown_at_end = 0
    for end in range(1, len(text.rstrip()), 7):
        thread = parse_json(text[:end])  # never raises
        if thread is None:
            continue
        assert "cut off at byte" in thread.warnings[0]
        comments = list(iter_comments(thread.comments))
        assert {facts(c) for c in comments} <= whole, end
        shown_at_end = len(comments)
    assert shown_at_end >= len(whole) - 2  # near the end, nearly everything is shown


def test_json_broken_in_the_middle_is_not_taken_for_a_cut() -> None:
    text = (FIXTURES / "reddit" / "page.json").read_text(encoding="utf-8")
    broken = text.replace('"author": "bob"', '"author" "bob"', 1)
    assert recover(broken) is None
    assert recover(text) is None  # whole: nothing to recover
    assert parse_json(broken) is None  # read as text, as before


def test_a_deep_chain_cut_short_is_read_without_recursion() -> None:
    depth = 4000
    opening = "".join(
        '{"kind": "t1", "data": {"replies": {"kind": "Listing", "data": {"children": ['
        for _ in range(depth)
    )
    post = {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"title": "Deep"}}]}}
    head = json.dumps(post)
    text = f'[{head}, {{"kind": "Listing", "data": {{"children": [{opening}'
    thread = parse_json(text)
    assert thread is not None and thread.title == "Deep"
    assert count_comments(thread.comments) == 0
    assert "cut off at byte" in thread.warnings[0]
