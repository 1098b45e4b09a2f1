"""Every layout marks the submitter's own live comments "op", so the reader shows [op]
whatever the file was (the reader also marks them from the thread's submitter alone:
`tests/ui/test_power.py`)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from threadview.export import write_json, write_text
from threadview.model import iter_comments
from threadview.parsing import load_path, parse_text

WITH_SUBMITTER_COMMENTS = [
    "hn/algolia.json",
    "hn/levels-flat.json",
    "hn/levels-nested.json",
    "hn/official-list.json",
    "hn/official-map.json",
    "reddit/context-orphans.json",
    "reddit/page.json",
    "text/facts.txt",
    "text/submitter-replies.txt",
    "ui/notes-and-links.txt",
]


def _by_submitter(thread):  # type: ignore[no-untyped-def]
    return [
        c
        for c in iter_comments(thread.comments)
        if c.author == thread.submitter and c.state == "live"
    ]


@pytest.mark.parametrize("name", WITH_SUBMITTER_COMMENTS)
def test_the_submitters_comments_are_marked_op(name):
    thread = load_path(str(FIXTURES / name))
    own = _by_submitter(thread)
    assert own, "the fixture has a comment by its submitter"
    assert all("op" in c.markers for c in own)


@pytest.mark.parametrize("name", ["hn/algolia.json", "reddit/page.json"])
def test_the_mark_survives_a_dump_as_text_and_as_json(name, tmp_path: Path):
    thread = load_path(str(FIXTURES / name))
    text = io.StringIO()
    write_text(thread, text)
    own = _by_submitter(parse_text(text.getvalue()))
    assert own and all("op" in c.markers for c in own)
    dumped = tmp_path / "dump.json"
    with dumped.open("w", encoding="utf-8") as out:
        write_json(thread, out)
    own = _by_submitter(load_path(str(dumped)))
    assert own and all("op" in c.markers for c in own)
