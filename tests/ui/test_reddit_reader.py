"""Reddit pages of less common shapes as the reader shows them (our own fixtures): orphans,
"continue this thread", the first comment's label, self posts, polls and user histories."""

from __future__ import annotations

from pathlib import Path

from threadview.parsing import load_path
from threadview.ui.app import ThreadViewApp

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reddit"
SIZE = (160, 50)


def screen_text(app: ThreadViewApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def shown(name: str) -> str:
    """The screen after opening the fixture, then the notices it raised, one a line."""
    app = ThreadViewApp(load_path(FIXTURES / name))
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        notices = [str(n.message) for n in app._notifications]
        return "\n".join([screen_text(app), *notices])


def header_of(screen: str, author: str) -> str:
    lines = screen.splitlines()
    return next(line for line in lines if f"• {author}" in line or f"▾ {author}" in line)


async def test_orphans_are_marked_in_their_header():
    screen = await shown("context-orphans.json")
    mark = "reply to a comment not in this file"
    assert mark in header_of(screen, "tide_tables")
    assert mark in header_of(screen, "gull_watcher")
    assert mark not in header_of(screen, "pier_keeper")
    assert mark not in header_of(screen, "deckhand_dee")


async def test_continue_this_thread_is_shown_without_an_invented_count():
    screen = await shown("context-orphans.json")
    assert "[continue this thread: more replies not in this file]" in screen
    assert "[+1 more reply not in this file]" not in screen


async def test_only_the_first_comment_is_labelled_first():
    screen = await shown("context-orphans.json")
    assert screen.count("· first") == 1
    assert "· first" in header_of(screen, "tide_tables")
    assert "· +30s" in header_of(screen, "gull_watcher")  # 30 s after the first
    assert "· +1m" in header_of(screen, "pier_keeper")


async def test_a_self_post_shows_its_subreddit_and_author_and_its_poll():
    screen = await shown("self-poll.json")
    assert "self.AskHarbour" not in screen
    assert "Authored by" not in screen
    assert "Posted in r/AskHarbour · submitted by buoy_counter" in screen
    assert "The night boat (1 vote)" in screen
    assert "Poll: 44 votes in total" in screen


async def test_a_user_history_says_what_it_is():
    screen = await shown("user-history.json")
    assert "Comments by u/night_ferry" in screen
    assert "u/night_ferry's comments, not one thread" in screen  # the notice
    assert "[thread]" in header_of(screen, "r/AskHarbour")


async def test_a_cut_off_page_shows_its_complete_comments_and_says_where():
    screen = await shown("cut-off.json")
    assert "Storm photos thread" in screen
    assert "The pier lights stayed on all night." in screen
    assert "First time in ten years." in screen
    assert "when the" not in screen  # the comment the cut went through is not shown
    assert "the file is cut off at byte 2881" in screen  # the notice
