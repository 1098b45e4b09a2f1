"""Reader power keys, pressed as a person would: the author spotlight (a . , A), folding by
depth (1-9 0 C x), the score order (s) and citing a sub-thread (c).

Each test asserts what is on screen: the pane's rendered lines, the header, the toasts.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from textual.widgets._toast import Toast

from threadview.model import Comment, IdAllocator, Thread, iter_comments
from threadview.parsing import load_path
from threadview.render.safe import sanitize
from threadview.settings import load_settings
from threadview.ui.app import ThreadViewApp
from threadview.ui.screens.authors import AuthorsScreen

SIZE = (120, 40)
START = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
NESTED = Path(__file__).resolve().parent.parent / "fixtures" / "text" / "nested.txt"
DUMP = [sys.executable, "-m", "threadview", "dump"]
OSC52 = re.compile("\x1b\\]52;c;([A-Za-z0-9+/=]*)\x07")

# (author, body, score, replies); olive submitted the thread, and no comment carries the
# site's "op" marker: the reader marks her from the thread's submitter alone.
SPEC = [
    (
        "olive",
        "Top one about the quay.",
        5,
        [
            ("bob", "Reply b1 to olive.", 2, [("olive", "Deep o under bob.", 1, [])]),
            ("dan", "Reply d1, the only one by dan.", 7, []),
        ],
    ),
    ("bob", "Top two about the tides.", 10, [("carol", "Reply c2 to bob.", 3, [])]),
    ("erin", "Top three about gulls.", 1, [("olive", "Reply o3 to erin.", 4, [])]),
]


def _build(spec: list, ids: IdAllocator, clock: list[int]) -> tuple[Comment, ...]:
    made = []
    for author, body, score, replies in spec:
        clock[0] += 1
        stamp = START + timedelta(minutes=5 * clock[0])
        kids = _build(replies, ids, clock)
        made.append(Comment(ids.make(author, stamp, body), author, stamp, body, kids, score))
    return tuple(made)


def power_thread(*, scores: bool = True) -> Thread:
    spec = SPEC if scores else _unscored(SPEC)
    return Thread("text", "Quay talk", "example.org", "olive", (), _build(spec, IdAllocator(), [0]))


def _unscored(spec: list) -> list:
    return [(a, b, None, _unscored(r)) for a, b, _, r in spec]


def pane_text(app: ThreadViewApp) -> str:
    """Every line the comment pane draws right now."""
    pane = app.reader.comment_pane
    return "\n".join(pane.render_line(y).text for y in range(pane.size.height))


def header_text(app: ThreadViewApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips()[:1])


def screen_text(app: ThreadViewApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def toasts(app: ThreadViewApp) -> str:
    return " | ".join(str(toast.render()) for toast in app.screen.query(Toast))


def selected_body(app: ThreadViewApp) -> str | None:
    comment = app.reader.comment_pane.selected_comment
    return comment.body if comment else None


HEADER = re.compile(r"[▸▾•] (?:◆ )?(\w+)(?: \[op\])? · 2024-05-01 (\d\d:\d\d)")


def shown_headers(app: ThreadViewApp) -> list[str]:
    """The comments whose headers are on screen, as "author hh:mm", top to bottom."""
    return [" ".join(found.groups()) for found in HEADER.finditer(pane_text(app))]


def header_of(app: ThreadViewApp, body: str) -> str:
    """The header line drawn just above a comment's body (fails if it is not shown)."""
    lines = pane_text(app).splitlines()
    at = next(n for n, line in enumerate(lines) if body in line)
    return lines[at - 1]


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
    await pilot.pause()


def app_for(thread: Thread) -> ThreadViewApp:
    return ThreadViewApp(thread)


# ----- the author spotlight --------------------------------------------------------------


async def test_a_spotlights_every_comment_by_the_author_and_others_stay_plain():
    app = app_for(power_thread())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert "◆" not in pane_text(app)
        await press(pilot, "a")
        for body in ("Top one", "Deep o under bob", "Reply o3 to erin"):
            assert "◆ olive" in header_of(app, body), pane_text(app)
        for body in ("Reply b1", "Reply d1", "Top two", "Reply c2", "Top three"):
            assert "◆" not in header_of(app, body)
            assert body in pane_text(app), "the others stay on screen, readable"
        assert "Spotlight on olive: 3 comments" in toasts(app)
        await press(pilot, "a")
        assert "◆" not in pane_text(app), "a again turns the spotlight off"
        assert app.reader.spotlight is None


async def test_full_stop_and_comma_step_through_the_authors_comments_and_wrap():
    app = app_for(power_thread())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(pilot, "a", "full_stop")
        assert selected_body(app) == "Deep o under bob."
        assert "olive: comment 2 of 3" in toasts(app)
        await press(pilot, "full_stop")
        assert selected_body(app) == "Reply o3 to erin."
        await press(pilot, "full_stop")
        assert selected_body(app) == "Top one about the quay."
        assert "olive: comment 1 of 3 (back to the first)" in toasts(app)
        await press(pilot, "comma")
        assert selected_body(app) == "Reply o3 to erin."
        assert "olive: comment 3 of 3 (back to the last)" in toasts(app)


async def test_full_stop_reaches_a_comment_inside_a_folded_thread():
    app = app_for(power_thread())
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "a", "C")
        assert "Deep o under bob" not in pane_text(app)
        await press(pilot, "full_stop")
        assert selected_body(app) == "Deep o under bob."
        assert "◆ olive" in header_of(app, "Deep o under bob")


async def test_full_stop_says_when_the_author_wrote_nothing_else():
    app = app_for(power_thread())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(pilot, "j", "j", "j")
        assert selected_body(app) == "Reply d1, the only one by dan."
        await press(pilot, "a", "full_stop")
        assert "No other comments by dan" in toasts(app)
        assert selected_body(app) == "Reply d1, the only one by dan."


async def test_full_stop_without_a_spotlight_says_how_to_start_one():
    app = app_for(power_thread())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(pilot, "full_stop")
        assert "press a on one of their comments" in toasts(app)


async def test_the_spotlight_follows_a_re_sort():
    app = app_for(power_thread())
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "a", "s")  # newest first: o3's thread comes first
        await press(pilot, "g", "full_stop")
        assert selected_body(app) == "Reply o3 to erin."
        assert "◆ olive" in header_of(app, "Reply o3 to erin")


async def test_the_submitter_is_marked_op_without_the_sites_marker():
    thread = power_thread()
    assert all("op" not in c.markers for c in thread.comments)
    app = app_for(thread)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "olive [op]" in header_of(app, "Top one")
        assert "olive [op]" in header_of(app, "Reply o3 to erin")
        assert "[op]" not in header_of(app, "Top two")


# ----- the authors panel -----------------------------------------------------------------


async def wait_for_rows(app: ThreadViewApp, pilot) -> AuthorsScreen:
    for _ in range(100):
        screen = app.screen
        if isinstance(screen, AuthorsScreen) and screen.stats is not None:
            await pilot.pause()
            return screen
        await pilot.pause(0.02)
    raise AssertionError("the authors panel never showed its rows")


async def test_the_authors_panel_lists_counts_times_and_the_submitter():
    app = app_for(power_thread())
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "A")
        await wait_for_rows(app, pilot)
        shown = screen_text(app)
        assert "olive [op] · 3 comments" in shown
        assert "first 2024-05-01 12:05 UTC · last 2024-05-01 12:40 UTC" in shown
        assert "bob · 2 comments" in shown and "dan · 1 comment" in shown
        assert "5 authors" in shown


async def test_typing_filters_the_authors_and_enter_spotlights_one():
    app = app_for(power_thread())
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "A")
        await wait_for_rows(app, pilot)
        await press(pilot, *"er")
        shown = screen_text(app)
        assert "erin · 1 comment" in shown
        assert "olive" not in shown.split("Authors")[1].split("enter spotlights")[0]
        assert "1 of 5 authors match" in shown
        await press(pilot, "enter")
        assert not isinstance(app.screen, AuthorsScreen)
        assert selected_body(app) == "Top three about gulls."
        assert "◆ erin" in header_of(app, "Top three")


async def test_a_key_typed_on_the_authors_list_goes_to_the_filter():
    app = app_for(power_thread())
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "A")
        screen = await wait_for_rows(app, pilot)
        screen.option_list.focus()
        await press(pilot, "down", *"er")
        assert screen.focused is screen.filter_input
        assert "1 of 5 authors match" in screen_text(app)
        assert "erin · 1 comment" in screen_text(app)


async def test_escape_clears_the_filter_then_closes_the_panel():
    app = app_for(power_thread())
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "A")
        await wait_for_rows(app, pilot)
        await press(pilot, "z", "escape")
        assert isinstance(app.screen, AuthorsScreen)
        assert "5 authors" in screen_text(app)
        await press(pilot, "escape")
        assert not isinstance(app.screen, AuthorsScreen)
        assert app.reader.spotlight is None


# ----- folding by depth ------------------------------------------------------------------


TOPS = ["olive 12:05", "bob 12:25", "erin 12:35"]
EVERY = [
    "olive 12:05",
    "bob 12:10",
    "olive 12:15",
    "dan 12:20",
    "bob 12:25",
    "carol 12:30",
    "erin 12:35",
    "olive 12:40",
]


async def test_digits_show_only_that_many_levels_and_zero_expands_all():
    app = app_for(power_thread())
    async with app.run_test(size=(160, 48)) as pilot:
        await press(pilot, "1")
        assert shown_headers(app) == TOPS
        assert "Top one" not in pane_text(app)
        assert "3 replies hidden" in pane_text(app)
        await press(pilot, "2")
        assert shown_headers(app) == [
            "olive 12:05",
            "bob 12:10",
            "dan 12:20",
            "bob 12:25",
            "carol 12:30",
            "erin 12:35",
            "olive 12:40",
        ]
        assert pane_text(app).count("— 1 reply hidden") == 1  # bob's reply to olive
        await press(pilot, "0")
        assert shown_headers(app) == EVERY
        assert "hidden" not in pane_text(app)


async def test_folding_away_the_selected_comment_selects_its_shown_ancestor():
    app = app_for(power_thread())
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "j", "j")
        assert selected_body(app) == "Deep o under bob."
        await press(pilot, "2")
        assert selected_body(app) == "Reply b1 to olive."
        await press(pilot, "C")
        assert selected_body(app) == "Top one about the quay."
        assert shown_headers(app) == TOPS


async def test_x_folds_the_thread_and_moves_to_the_next_top_level_one():
    app = app_for(power_thread())
    async with app.run_test(size=(160, 48)) as pilot:
        await press(pilot, "j")
        assert selected_body(app) == "Reply b1 to olive."
        await press(pilot, "x")
        assert selected_body(app) == "Top two about the tides."
        assert shown_headers(app) == ["olive 12:05", *EVERY[4:]]
        assert "— 3 replies hidden" in pane_text(app)
        await press(pilot, "x", "x")
        assert selected_body(app) == "Top three about gulls.", "the last one stays selected"
        assert shown_headers(app) == TOPS


async def test_depth_folds_and_folds_by_hand_survive_a_re_sort_and_a_resize():
    app = app_for(power_thread())
    async with app.run_test(size=(160, 48)) as pilot:
        await press(pilot, "1", "J", "l")  # depth 1, then bob's thread opened by hand
        assert shown_headers(app) == ["olive 12:05", "bob 12:25", "carol 12:30", "erin 12:35"]
        await press(pilot, "s")  # newest first
        assert shown_headers(app) == ["erin 12:35", "bob 12:25", "carol 12:30", "olive 12:05"]
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert shown_headers(app) == ["erin 12:35", "bob 12:25", "carol 12:30", "olive 12:05"]
        await press(pilot, "0")
        assert len(shown_headers(app)) == 8


async def test_depth_keys_keep_the_selected_comment_where_it_was_on_screen():
    app = app_for(power_thread())
    async with app.run_test(size=(80, 12)) as pilot:
        await press(pilot, "J", "j")
        pane = app.reader.comment_pane
        assert selected_body(app) == "Reply c2 to bob."
        before, lines = pane._cursor_screen_offset(), pane.visible_line_count()
        await press(pilot, "2")
        assert pane.visible_line_count() < lines, "olive's deep reply above was folded"
        assert selected_body(app) == "Reply c2 to bob."
        assert pane._cursor_screen_offset() == before
        assert "Reply c2 to bob." in pane_text(app)


# ----- the score order -------------------------------------------------------------------


async def test_s_cycles_oldest_newest_and_best_score_and_remembers_it():
    app = app_for(power_thread())
    async with app.run_test(size=SIZE) as pilot:
        assert "sort: oldest first" in header_text(app)
        await press(pilot, "s")
        assert "sort: newest first" in header_text(app)
        await press(pilot, "s")
        assert "sort: best score first" in header_text(app)
        await press(pilot, "g")
        assert selected_body(app) == "Top two about the tides."  # 10 points
        lines = pane_text(app).splitlines()
        tops = [line.strip("│ ").split(" about")[0] for line in lines if "Top " in line]
        assert tops == ["Top two", "Top one", "Top three"]
        assert load_settings()[0].sort == "score"
        await press(pilot, "s")
        assert "sort: oldest first" in header_text(app)


async def test_s_flips_between_two_orders_without_scores():
    app = app_for(power_thread(scores=False))
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "s", "s")
        assert "sort: oldest first" in header_text(app)


async def test_a_remembered_score_order_reads_as_oldest_on_a_thread_without_scores(tmp_path):
    config = Path(os.environ["THREADVIEW_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text(json.dumps({"sort": "score"}))
    app = app_for(power_thread(scores=False))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "sort: oldest first" in header_text(app)
        await press(pilot, "s")
        assert "sort: newest first" in header_text(app)


# ----- citing ----------------------------------------------------------------------------


def record_terminal(app: ThreadViewApp) -> list[str]:
    written: list[str] = []
    driver = app._driver
    assert driver is not None
    real = driver.write

    def write(data: str) -> None:
        written.append(data)
        real(data)

    driver.write = write  # type: ignore[method-assign]
    return written


async def test_c_copies_the_same_citation_as_dump_markdown():
    app = ThreadViewApp(load_path(str(NESTED)))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        cara = next(c for c in iter_comments(app.thread.comments) if c.author == "cara")
        app.reader.comment_pane.select_comment_id(cara.id)
        await pilot.pause()
        comment = app.reader.comment_pane.selected_comment
        assert comment is not None and comment.author == "cara"
        written = record_terminal(app)
        await press(pilot, "c")
        copies = [base64.b64decode(x).decode() for x in OSC52.findall("".join(written))]
        told = toasts(app)
    dumped = subprocess.run(
        [*DUMP, "--comment", comment.id, "--format", "markdown", str(NESTED)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert copies == [dumped]
    assert "> > > **cara**" in dumped
    lines = dumped.count("\n")
    assert f"Copied citation ({lines} lines)" in told


# ----- hostile names -----------------------------------------------------------------------

HOSTILE = "[bold red]mallory[/]\x1b[2J\u202e"


def hostile_thread() -> Thread:
    spec = [(HOSTILE, "First by the hostile name.", None, []), ("bob", "Reply.", None, [])]
    spec.append((HOSTILE, "Second by the hostile name.", None, []))
    return Thread("text", "T", None, HOSTILE, (), _build(spec, IdAllocator(), [0]))


async def test_a_hostile_name_is_shown_as_text_in_the_spotlight_and_the_panel():
    app = app_for(hostile_thread())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(pilot, "a")
        shown = sanitize(HOSTILE)
        assert "[bold red]mallory[/]" in shown and "\x1b" not in shown
        assert f"◆ {shown} [op]" in header_of(app, "First by the hostile name")
        assert f"Spotlight on {shown}: 2 comments" in toasts(app)
        await press(pilot, "full_stop")
        assert f"{shown}: comment 2 of 2" in toasts(app)
        await press(pilot, "A")
        await wait_for_rows(app, pilot)
        assert f"{shown} [op] · 2 comments" in screen_text(app)


def test_an_author_without_dated_comments_reads_as_such_in_the_panel():
    from threadview.facts import AuthorStats
    from threadview.ui.screens.authors import author_row

    undated = author_row(AuthorStats("drifter", 1, None, None, False, 0)).plain
    assert "no dated comments" in undated and "UTC" not in undated
    when = datetime(2024, 5, 1, 12, 5, tzinfo=timezone.utc)
    dated = author_row(AuthorStats("pilot", 2, when, when, True, 0)).plain
    assert "first 2024-05-01 12:05 UTC · last 2024-05-01 12:05 UTC" in dated
