"""Reddit pages of less common shapes, from our own fixtures: pages saved below their top
(orphans), "continue this thread" stubs, self posts, polls and a user's comment history."""

from __future__ import annotations

import io
import json
from pathlib import Path

from threadview.export import write_json
from threadview.model import Comment, MoreStub, iter_comments, walk
from threadview.parsing import load_path

FIXTURES = Path(__file__).parent / "fixtures" / "reddit"


def dumped(name: str) -> dict:
    out = io.StringIO()
    write_json(load_path(FIXTURES / name), out)
    return json.loads(out.getvalue())


def test_replies_to_comments_not_in_the_file_are_marked_and_warned_once() -> None:
    thread = load_path(FIXTURES / "context-orphans.json")
    top = [node for node in thread.comments if isinstance(node, Comment)]
    assert [(c.author, c.orphan) for c in top] == [
        ("tide_tables", "t1_gone1"),
        ("gull_watcher", "t1_gone2"),
        ("pier_keeper", None),  # its parent is the post
        ("night_ferry", "t1_gone1"),
    ]
    reply = top[0].replies[0]
    assert isinstance(reply, Comment) and reply.orphan is None  # its parent is in the file
    orphan_warnings = [w for w in thread.warnings if "not in this file" in w]
    assert len(orphan_warnings) == 1 and orphan_warnings[0].startswith("3 comments reply")


def test_orphans_dump_the_missing_parents_id() -> None:
    comments = dumped("context-orphans.json")["comments"]
    assert [c.get("orphan") for c in comments] == ["t1_gone1", "t1_gone2", None, "t1_gone1"]
    assert "orphan" not in comments[0]["replies"][0]


def test_a_page_from_the_top_has_no_orphans() -> None:
    thread = load_path(FIXTURES / "page.json")
    assert all(c.orphan is None for c in iter_comments(thread.comments))
    assert not any("not in this file" in w for w in thread.warnings)


def test_continue_this_thread_keeps_what_the_site_said() -> None:
    thread = load_path(FIXTURES / "context-orphans.json")
    stubs = [node for _, node in walk(thread.comments) if isinstance(node, MoreStub)]
    assert stubs == [MoreStub(0, continued=True)]
    stub = dumped("context-orphans.json")["comments"][0]["replies"][0]["replies"][0]
    assert stub == {"more": 0, "continue": True}
    counted = [r for c in dumped("page.json")["comments"] for r in _stubs(c)]
    assert {"more": 3} in counted  # an ordinary stub is unchanged


def _stubs(node: dict) -> list[dict]:
    found, stack = [], [node]
    while stack:
        item = stack.pop()
        if "more" in item:
            found.append(item)
        stack.extend(item.get("replies", []))
    return found


def test_a_self_post_has_no_outside_source() -> None:
    thread = load_path(FIXTURES / "self-poll.json")
    assert thread.source is None and thread.url is None
    assert thread.submitter == "buoy_counter"
    assert thread.extra["subreddit"] == "r/AskHarbour"
    link = load_path(FIXTURES / "context-orphans.json")
    assert link.source == "example.org"


def test_poll_options_and_votes_are_in_the_article_and_the_dump() -> None:
    thread = load_path(FIXTURES / "self-poll.json")
    assert [block.text for block in thread.article] == [
        "Counting for the council survey.",
        "- The 7:25 & the 17:40 (31 votes)",
        "- The night boat (1 vote)",
        "- I walk the causeway (12 votes)",
        "Poll: 44 votes in total",
    ]
    article = [block["text"] for block in dumped("self-poll.json")["article"]]
    assert "- The night boat (1 vote)" in article


def test_a_user_history_is_named_and_grouped_by_thread() -> None:
    thread = load_path(FIXTURES / "user-history.json")
    assert thread.title == "Comments by u/night_ferry"
    assert any("u/night_ferry's comments" in w and "3 threads" in w for w in thread.warnings)
    groups = [node for node in thread.comments if isinstance(node, Comment)]
    assert [(g.author, g.body.split("\n")[0], g.markers) for g in groups] == [
        ("r/harbourtown", "Ferry timetable changes from March", ("thread",)),
        ("r/AskHarbour", "Which ferry do you take most?", ("thread",)),
        ("r/harbourtown", "Lighthouse open day & tours", ("thread",)),
    ]
    under = [[(r.body, r.orphan) for r in g.replies] for g in groups]  # type: ignore[union-attr]
    assert under == [
        [
            ("Does anyone know if the Sunday boats change?", None),
            ("And the last boat back is earlier too.", None),
        ],
        [("Agreed, the night boat is the quiet one.", "t1_x9")],
        [("Went last year, the lens room is worth it.", None)],
    ]
    assert "subreddit" not in thread.extra  # the comments come from several


def test_a_listing_of_one_threads_comments_is_not_a_history() -> None:
    thread = load_path(FIXTURES / "listing-raw-json.json")
    assert not any("comments, not one thread" in w for w in thread.warnings)
    assert not any("thread" in c.markers for c in iter_comments(thread.comments))


def test_continue_this_thread_survives_the_text_layout() -> None:
    from threadview.export import write_text
    from threadview.parsing import parse_text
    from threadview.parsing.layout import CONTINUE_LINE

    thread = load_path(FIXTURES / "context-orphans.json")
    out = io.StringIO()
    write_text(thread, out)
    assert f"    {CONTINUE_LINE}\n" in out.getvalue()
    back = parse_text(out.getvalue())
    stubs = [node for _, node in walk(back.comments) if isinstance(node, MoreStub)]
    assert stubs == [MoreStub(0, continued=True)]


def test_a_body_that_reads_like_the_continue_line_stays_a_body() -> None:
    from threadview.export import write_text
    from threadview.model import Thread
    from threadview.parsing import parse_text
    from threadview.parsing.layout import CONTINUE_LINE

    comment = Comment("x", "gull_watcher", None, f"quoting the page:\n{CONTINUE_LINE}")
    out = io.StringIO()
    write_text(Thread("text", "T", None, None, (), (comment,)), out)
    (back,) = parse_text(out.getvalue()).comments
    assert isinstance(back, Comment) and back.body == comment.body
