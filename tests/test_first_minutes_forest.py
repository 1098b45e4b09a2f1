"""`facts.first_minutes_forest`: the comments of the first N minutes, still as a tree."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from threadview.facts import first_minutes_forest
from threadview.model import Comment, Thread, walk

START = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)


def comment(name: str, minute: int | None, *replies: Comment) -> Comment:
    when = None if minute is None else START + timedelta(minutes=minute)
    return Comment(name, name, when, f"{name} says hi", tuple(replies))


def shape(minutes: int, *forest: Comment) -> list[tuple[int, str]]:
    thread = Thread("text", "t", None, None, (), forest)
    return [(depth, node.id) for depth, node in walk(first_minutes_forest(thread, minutes))]  # type: ignore[union-attr]


def test_keeps_the_tree_of_the_comments_in_the_window():
    forest = (
        comment("a", 0, comment("a1", 3, comment("a1x", 12)), comment("a2", 9)),
        comment("b", 5),
        comment("c", 30),
    )
    assert shape(10, *forest) == [(0, "a"), (1, "a1"), (1, "a2"), (0, "b")]
    assert shape(1, *forest) == [(0, "a")]
    assert shape(60, *forest)[-1] == (0, "c")


def test_a_reply_whose_parent_is_outside_hangs_from_the_nearest_kept_ancestor():
    forest = (comment("a", 0, comment("late", 50, comment("early", 4))), comment("u", None))
    assert shape(10, *forest) == [(0, "a"), (1, "early")]
    orphaned = (comment("late", 50, comment("early", 4)), comment("first", 0))
    assert shape(10, *orphaned) == [(0, "first"), (0, "early")]
