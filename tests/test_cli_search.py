"""`threadview search` and `threadview diff` as a user runs them: both output forms, exit
codes, hostile names, and no Textual on the way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.library_helpers import comment, thread, write

A1 = comment("ann", 1, "The ferry schedule is a disgrace.")
B2 = comment("bob", 2, "I take the lantern bus instead.", comment("cy", 3, "Me too, lantern fan."))


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "threadview", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
    )


def library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    write(folder / "ferry.txt", thread("Ferry news", A1, B2))
    return folder


def test_search_pipes_json_lines_with_where_and_who(tmp_path):
    result = run("search", "lantern", str(library(tmp_path)))
    assert result.returncode == 0, result.stderr
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert {hit["comment_id"] for hit in hits} == {B2.id, B2.replies[0].id}
    hit = next(hit for hit in hits if hit["author"] == "bob")
    assert hit["title"] == "Ferry news" and hit["path"].endswith("ferry.txt")
    assert hit["timestamp"] == "2024-09-02T07:02:00Z"
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end] == "lantern"


def test_search_prints_text_on_request(tmp_path):
    result = run("search", "--format", "text", "author:ann ferry", str(library(tmp_path)))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Ferry news"
    assert lines[1].strip().endswith("ferry.txt")
    assert lines[2].strip() == f"ann · 2024-09-02 07:01 · #{A1.id}"
    assert "ferry schedule" in lines[3]


def test_search_defaults_to_the_current_folder(tmp_path):
    result = run("search", "disgrace", cwd=library(tmp_path))
    assert result.returncode == 0 and A1.id in result.stdout


def test_search_exit_codes(tmp_path):
    folder = str(library(tmp_path))
    assert run("search", "zeppelin", folder).returncode == 1
    bad = run("search", '"unclosed', folder)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.count("\n") == 1 and "unbalanced" in bad.stderr
    assert run("search", "before:someday", folder).returncode == 2
    missing = run("search", "ferry", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "not a folder" in missing.stderr


def test_search_lists_hostile_names_safely(tmp_path):
    folder = os.fsencode(tmp_path / "lib")
    write(folder + b"/esc\x1b]52;c;aGk=\x07\n\xff.txt", thread("Ferry", A1))
    result = subprocess.run(
        [sys.executable, "-m", "threadview", "search", "--format", "text", "ferry", folder],
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert "\x1b" not in out and "\x07" not in out
    assert "esc␛]52;c;aGk=␇␊\ufffd.txt" in out
    piped = subprocess.run(
        [sys.executable, "-m", "threadview", "search", "ferry", folder],
        capture_output=True,
        timeout=60,
    )
    hits = [json.loads(line) for line in piped.stdout.splitlines()]
    [hit] = [hit for hit in hits if hit["comment_id"] == A1.id]
    assert os.fsencode(hit["path"]) == folder + b"/esc\x1b]52;c;aGk=\x07\n\xff.txt"


def test_search_never_imports_textual(tmp_path):
    code = (
        "import sys; from threadview import cli; "
        f"code = cli.main(['search', 'ferry', {str(library(tmp_path))!r}]); "
        "print('TEXTUAL' if any(m.startswith('textual') for m in sys.modules) else 'clean', code)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.splitlines()[-1] == "clean 0", result.stderr


def test_search_names_a_broken_thread_file_once_on_stderr(tmp_path):
    folder = library(tmp_path)
    (folder / "cut.json").write_text('[{"kind": "Listing", "data": {"children": [')
    first = run("search", "ferry", str(folder))
    assert first.returncode == 0
    [line] = first.stderr.splitlines()
    assert line.startswith("threadview: not indexed: ") and "cut.json" in line
    assert run("search", "ferry", str(folder)).stderr == ""  # remembered, not re-read
