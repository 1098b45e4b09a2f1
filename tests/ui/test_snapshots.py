"""SVG snapshots of the reader on the default sample at three terminal sizes.

The sample has nesting five levels deep, photo captions, a long comment and a stub;
the first thread is folded so a collapsed subtree is on screen too. Times are shown
relative to the first comment, so the pictures do not change with the clock.
"""

from __future__ import annotations

import pytest

from threadview.parsing import load_path
from threadview.samples import default_sample_path
from threadview.ui.app import ThreadViewApp


def sample_app() -> ThreadViewApp:
    return ThreadViewApp(load_path(str(default_sample_path())))


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
def test_reader_with_a_collapsed_subtree(snap_compare, size):
    # j, j: down to the third level; h: fold it, so the tree shows a collapsed subtree.
    assert snap_compare(sample_app(), press=["j", "j", "h"], terminal_size=size)


def test_first_thread_folded_shows_the_long_comment(snap_compare):
    assert snap_compare(sample_app(), press=["h", "J", "J"], terminal_size=(120, 40))


def test_search_highlights_matches(snap_compare):
    press = ["slash", *"light", "enter"]
    assert snap_compare(sample_app(), press=press, terminal_size=(120, 40))


def test_help_screen(snap_compare):
    assert snap_compare(sample_app(), press=["question_mark"], terminal_size=(100, 40))


def test_search_while_typing_shows_the_query(snap_compare):
    # No enter: the bar must show what is being typed, caret and all.
    assert snap_compare(sample_app(), press=["slash", *"lighth"], terminal_size=(80, 24))
