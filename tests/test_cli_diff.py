"""`threadview diff OLD NEW`: added, removed, edited and moved comments, text and JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.library_helpers import comment, thread, write
from threadview.compare import compare

ANN = comment("ann", 1, "The ferry schedule is a disgrace.")
BOB = comment("bob", 2, "I take the bus instead.")
CY = comment("cy", 3, "A reply to ann.")
DEE = comment("dee", 4, "Added later.")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "threadview", "diff", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )


def saves(tmp_path: Path) -> tuple[str, str]:
    """v2: bob's comment edited, cy's reply moved from ann to bob, dee added, ann's gone."""
    old = thread("Ferry", comment("ann", 1, ANN.body, CY), BOB)
    edited_bob = comment("bob", 2, "I take the bus instead (edited).", CY)
    new = thread("Ferry", edited_bob, DEE)
    write(tmp_path / "old.txt", old)
    write(tmp_path / "new.txt", new)
    return str(tmp_path / "old.txt"), str(tmp_path / "new.txt")


def test_diff_pipes_json(tmp_path):
    result = run(*saves(tmp_path))
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert [e["author"] for e in data["added"]] == ["dee"]
    assert [e["author"] for e in data["removed"]] == ["ann"]
    [edit] = data["edited"]
    assert edit["old"]["body"] == BOB.body and edit["new"]["body"].endswith("(edited).")
    assert edit["old"]["id"] != edit["new"]["id"]
    [move] = data["moved"]
    assert (move["id"], move["old_parent"]) == (CY.id, ANN.id)
    assert move["new_parent"] == edit["new"]["id"]


def test_diff_prints_text_on_request(tmp_path):
    result = run("--format", "text", *saves(tmp_path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("old: ") and lines[0].endswith("(3 comments)")
    assert any(line.startswith("+ added    dee · 2024-09-02 07:04") for line in lines)
    assert any(line.startswith("- removed  ann") for line in lines)
    assert any(line.startswith("~ edited   bob") for line in lines)
    assert any(line.startswith("> moved    cy") and "from #" in line for line in lines)
    assert lines[-1] == "1 added, 1 removed, 1 edited, 1 moved"


def test_identical_saves_exit_0(tmp_path):
    old, _ = saves(tmp_path)
    result = run(old, old)
    assert result.returncode == 0 and json.loads(result.stdout)["same"] is True


def test_an_edited_parent_does_not_make_its_replies_moved():
    old = thread("T", comment("ann", 1, "Before.", CY))
    new = thread("T", comment("ann", 1, "After.", CY))
    changes = compare(old, new)
    assert len(changes.edited) == 1 and changes.moved == [] and changes.added == []


def test_unreadable_input_is_one_line_and_exit_2(tmp_path):
    old, _ = saves(tmp_path)
    (tmp_path / "bin").write_bytes(b"\x7fELF" + bytes(100))
    for other in (str(tmp_path / "missing.txt"), str(tmp_path / "bin")):
        result = run(old, other)
        assert result.returncode == 2 and result.stderr.count("\n") == 1


def test_hostile_bodies_are_sanitised_in_text(tmp_path):
    old = thread("T", ANN)
    new = thread("T", ANN, comment("eve", 9, "\x1b]52;c;aGk=\x07 \x1b[2J gotcha"))
    write(tmp_path / "a.txt", old)
    write(tmp_path / "b.txt", new)
    result = run("--format", "text", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert "\x1b" not in result.stdout and "␛" in result.stdout
