"""`threadview dump` reads its own JSON back: dump -> read -> dump is byte for byte the same,
for every fixture, hostile file and sample thread (and the real samples when present)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, SAMPLES
from threadview.annotate import annotations_json, sources_json
from threadview.export import write_json
from threadview.model import Thread, sorted_thread
from threadview.parsing import ParseError, load_path, parse_text
from threadview.parsing.jsonload import parse_json

FILES = sorted(
    [
        *(path for path in FIXTURES.rglob("*") if path.suffix in (".json", ".txt")),
        *(ROOT / "threadview" / "sample_threads").glob("*.txt"),
        *(ROOT / "tests" / "hostile").glob("*.txt"),
        *(ROOT / "tests" / "hostile").glob("*.json"),
    ]
)


def dump(thread: Thread) -> str:
    """The JSON `threadview dump` writes, annotations and sources included."""
    out = io.StringIO()
    write_json(thread, out, annotations_json, sources_json(thread))
    return out.getvalue()


def loaded(path: Path) -> Thread:
    try:
        return load_path(path)
    except ParseError:
        pytest.skip(f"{path.name} is not a thread (refused with a one-line error)")


def check_round_trip(thread: Thread) -> None:
    first = dump(thread)
    back = parse_json(first)
    assert back is not None
    assert dump(back) == first
    assert back == thread and back.warnings == thread.warnings and back.extra == thread.extra


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_a_dump_reads_back_to_the_same_dump(path: Path) -> None:
    check_round_trip(loaded(path))


@pytest.mark.parametrize(
    "path",
    sorted(SAMPLES.glob("*")) if SAMPLES.is_dir() else [],
    ids=lambda path: path.name,
)
def test_a_dump_of_a_real_sample_reads_back_to_the_same_dump(path: Path) -> None:
    check_round_trip(loaded(path))


def test_a_newest_first_dump_keeps_its_order() -> None:
    thread = sorted_thread(load_path(FIXTURES / "reddit" / "page.json"), "newest")
    check_round_trip(thread)


def test_a_deep_chain_reads_back_without_recursion() -> None:
    text = "".join(
        f"{'  ' * depth}u{depth} on January 1st, 2020 at 00:00 UTC »\n\n{'  ' * depth}r{depth}\n\n"
        for depth in range(3000)
    )
    check_round_trip(parse_text(text))


def test_the_cli_dumps_its_own_dump(tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    source = FIXTURES / "reddit" / "context-orphans.json"
    run = [sys.executable, "-m", "threadview", "dump", "--format", "json"]
    made = subprocess.run([*run, str(source)], capture_output=True, text=True, check=True)
    first.write_text(made.stdout, encoding="utf-8")
    again = subprocess.run([*run, str(first)], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert again.stdout == made.stdout
    assert json.loads(again.stdout)["comments"][0]["orphan"] == "t1_gone1"


def test_a_damaged_dump_skips_what_is_not_a_comment_with_a_warning() -> None:
    doc = json.loads(dump(load_path(FIXTURES / "reddit" / "page.json")))
    doc["comments"].insert(0, {"nonsense": True})
    doc["comments"].append(7)
    thread = parse_json(json.dumps(doc))
    assert thread is not None
    assert thread.warnings[-1].startswith("skipped 2 entries of the dump")
