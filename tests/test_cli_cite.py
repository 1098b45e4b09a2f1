"""`threadview dump` with --format markdown, --comment, --sort score and --facts, as run."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import FIXTURES
from threadview.model import Comment, iter_comments, walk
from threadview.parsing import parse_document, read_document

NESTED = FIXTURES / "text" / "nested.txt"
FACTS = FIXTURES / "text" / "facts.txt"
REDDIT = FIXTURES / "reddit" / "page.json"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "threadview", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )


def ids(path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    thread = parse_document(read_document(str(path)))
    return {c.author: c.id for c in iter_comments(thread.comments)}


def test_markdown_dump_of_the_whole_thread():
    result = run("dump", "--format", "markdown", str(NESTED))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("# Community garden plans go to a vote\n")
    assert "> > > **cara** · 2024-06-01 11:00 UTC" in out
    assert out.index("**dana**") < out.index("**ana**") < out.index("**dev**")


def test_markdown_cite_of_one_comment():
    result = run("dump", "--comment", ids(NESTED)["cara"], "--format", "markdown", str(NESTED))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert [line for line in out.splitlines() if "**" in line] == [
        "> **ana** · 2024-06-01 10:00 UTC",
        "> > **ben** · 2024-06-01 10:30 UTC",
        "> > > **cara** · 2024-06-01 11:00 UTC",
    ]
    assert "Source: northside.example" in out


def test_comment_as_json_is_its_subthread():
    result = run("dump", "--comment", ids(NESTED)["ben"], "--format", "json", str(NESTED))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [c["author"] for c in data["comments"]] == ["ben"]
    assert [r["author"] for r in data["comments"][0]["replies"]] == ["cara"]
    text = run("dump", "--comment", ids(NESTED)["ben"], "--format", "text", str(NESTED))
    assert text.stdout.count(" on June") == 2 and text.stdout.index("ben on") < text.stdout.index(
        "cara on"
    )


def test_unknown_comment_is_one_line_and_exit_1():
    for fmt in ("markdown", "json", "text"):
        result = run("dump", "--comment", "0123456789abcdef", "--format", fmt, str(NESTED))
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and "no comment with id" in result.stderr


def test_markdown_output_passes_the_text_gate():
    hostile = (
        "Title\n\nAuthored by a.example and submitted by x\n\nArticle.\n\n"
        "ana on June 1st, 2024 at 10:00 UTC »\n\nbad \x1b]52;c;aGk=\x07 and \u202e bidi\n"
    )
    result = run("dump", "--format", "markdown", "-", stdin=hostile)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    raw = run("dump", "--format", "markdown", "--raw", "-", stdin=hostile)
    assert "\x1b]52" in raw.stdout


def test_sort_score_orders_reddit_by_score():
    result = run("dump", "--sort", "score", "--format", "json", str(REDDIT))
    assert result.returncode == 0 and result.stderr == ""
    top = [c for c in json.loads(result.stdout)["comments"] if "author" in c]
    scores = [(c["score"], c["timestamp"]) for c in top]
    assert scores == sorted(scores, key=lambda s: (-s[0], s[1]))


def test_sort_score_without_scores_says_so_and_sorts_oldest():
    result = run("dump", "--sort", "score", "--format", "json", str(NESTED))
    assert result.returncode == 0
    assert "no scores" in result.stderr and result.stderr.count("\n") == 1
    oldest = run("dump", "--format", "json", str(NESTED))
    assert json.loads(result.stdout) == json.loads(oldest.stdout)


def test_facts_json_when_piped():
    result = run("dump", "--facts", str(FACTS))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    thread = parse_document(read_document(str(FACTS)))
    comments = [n for _, n in walk(thread.comments) if isinstance(n, Comment)]
    assert data["facts"]["comments"] == len(comments)
    assert {a["author"]: a["comments"] for a in data["authors"]} == {
        name: sum(1 for c in comments if c.author == name) for name in {c.author for c in comments}
    }
    assert sum(b["count"] for b in data["timeline"]["buckets"]) == len(comments)
    assert [a["author"] for a in data["authors"] if a["submitter"]] == ["harbour_master"]


def test_facts_as_text():
    result = run("dump", "--facts", "--format", "text", str(FACTS))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("comments      8\n")
    assert "harbour_master (submitter)" in result.stdout and "timeline (a bar per" in result.stdout


def test_facts_refuses_comment_and_markdown():
    for extra in (("--comment", "x"), ("--format", "markdown")):
        result = run("dump", "--facts", *extra, str(FACTS))
        assert result.returncode == 2 and "--facts" in result.stderr
