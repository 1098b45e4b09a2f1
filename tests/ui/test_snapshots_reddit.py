"""SVG snapshot of a nested Reddit thread in the reader (our own fixture, not a real page):
deleted and removed comments kept as placeholders, markers, scores, edits and more-stubs."""

from __future__ import annotations

from pathlib import Path

from threadview.parsing import load_path
from threadview.ui.app import ThreadViewApp

PAGE = Path(__file__).resolve().parent.parent / "fixtures" / "reddit" / "page.json"


def test_nested_reddit_thread(snap_compare):
    app = ThreadViewApp(load_path(PAGE))
    assert snap_compare(app, press=["j", "j"], terminal_size=(120, 40))
