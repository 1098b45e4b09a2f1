"""Search's candidates, found in the file's text block by block, are exactly the comments
whose raw text holds the query: confirmed by the real matcher, the matches are what asking
every comment gives, for terms only in an author, a URL, markup, or behind a casefold."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from threadview.parsing import load_path
from threadview.parsing import views as views_module
from threadview.parsing.rawsearch import ASCII_FOLDERS
from threadview.parsing.views import PreorderNodes
from threadview.ui.widgets.forest_index import FlatForest

FOLDS = Path(__file__).parent / "fixtures" / "text" / "folds.txt"

NEEDLES = [
    "strasse",  # an author (Straße) and a body
    "sam",  # only the author ſam, whose long s folds to s
    "kelvin",  # the Kelvin sign in a body, and a URL's query
    "k",
    "fine",  # the ligature ﬁ
    "i̇lker",  # İ folds to two characters
    "witness",  # a URL and a body
    "example.org/witness-report",
    "**bold",  # markup
    "`code`",
    "ana on june",  # a header-like line, escaped, in a body
    "utc »",  # every header line, and one body's escaped header-like line
    "σίσυφοσ",  # a final sigma
    "café",
    "[unknown]",
    "zzz",
]


def nodes_of(path: Path) -> PreorderNodes:
    nodes = FlatForest(load_path(str(path)).comments).nodes
    assert isinstance(nodes, PreorderNodes)
    return nodes


def raw_holders(nodes: PreorderNodes, needle: str) -> list[int]:
    """What asking each comment's raw text gives (the prefilter `matching_among` applies)."""
    index = nodes.comment_index
    text, starts = index.text, index.starts
    decode = index.syntax.decode if isinstance(text, bytes) else str
    found = []
    for position, record in enumerate(nodes.records):
        after = starts[record + 1] if record + 1 < len(starts) else len(text)
        if needle in decode(text[starts[record] : after]).casefold() or record in index.orphans:
            found.append(position)
    return found


@pytest.fixture(params=["utf-8", "cp1252"])
def folds(request, tmp_path: Path) -> Path:
    """The fixture as UTF-8 bytes, or read as str text (a stray Windows-1252 byte)."""
    if request.param == "utf-8":
        return FOLDS
    path = tmp_path / "folds-cp1252.txt"
    shutil.copy(FOLDS, path)
    with path.open("ab") as out:
        out.write(b"\nA stray \x93quote\x94.\n")
    return path


@pytest.mark.parametrize("block", [1, 2, 4096])
@pytest.mark.parametrize("needle", NEEDLES)
def test_candidates_are_the_raw_holders_and_confirm_to_the_matches(
    folds: Path, needle: str, block: int, monkeypatch
):
    monkeypatch.setattr(views_module, "BLOCK_RECORDS", block)
    nodes = nodes_of(folds)
    candidates = nodes.candidates(needle, lambda: True)
    assert candidates is not None
    assert list(candidates) == raw_holders(nodes, needle)
    assert list(nodes.matching_among(needle, candidates)) == nodes.matching(needle)


def test_the_fixture_needs_the_folds():
    nodes = nodes_of(FOLDS)
    authors = {position: nodes[position].author for position in range(len(nodes))}
    assert [authors[p] for p in nodes.matching("sam")] == ["ſam"]
    assert len(nodes.matching("kelvin")) == 2
    assert [authors[p] for p in nodes.matching("utc »")] == ["İlker"], "its escaped line"
    assert nodes.matching("strasse"), "the author's ß folds to ss"


def test_a_needle_across_lines_leaves_every_comment_to_the_matcher():
    assert nodes_of(FOLDS).candidates("scale\nand", lambda: True) is None


def test_a_pause_that_says_stop_stops(monkeypatch):
    monkeypatch.setattr(views_module, "BLOCK_RECORDS", 1)
    calls: list[int] = []

    def stop() -> bool:
        calls.append(1)
        return False

    assert nodes_of(FOLDS).candidates("witness", stop) is None
    assert calls == [1]


def test_ascii_folders_are_every_character_whose_casefold_holds_ascii():
    found = {
        character
        for character in map(chr, range(sys.maxunicode + 1))
        if not character.isascii() and any(each.isascii() for each in character.casefold())
    }
    assert set(ASCII_FOLDERS) == found
