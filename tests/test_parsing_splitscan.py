"""The header scan split across two processes gives what one process gives, or falls back.

The split is checked in one process first (the child's work framed to bytes and read back,
exactly as the pipe carries it) on generated texts at every line start, then with the real
child process on a file: working, failing in each way it can, and outlived by nobody.
"""

from __future__ import annotations

import contextlib
import os
import select
import subprocess
import sys
import textwrap
import time
from array import array
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_parsing_lossless import headers, lines
from tests.test_parsing_textindex_bulk import capped, indented, odd
from threadview.model import Thread
from threadview.parsing import (
    ParseError,
    load,
    parse_bytes,
    parse_text,
    replies,
    splitscan,
    splitwire,
    textindex,
)
from threadview.parsing.textindex import CommentIndex, Scanned

SPLIT_SETTINGS = settings(max_examples=60, deadline=None)
same = st.sampled_from(
    [
        "twin on May 1st, 2020 at 10:00 UTC »\n\nthe same words",
        "  twin on May 1st, 2020 at 10:00 UTC »\n\n  the same words",
        "twin [score 3] on May 1st, 2020 at 10:00 UTC »\n\nthe  same\nwords",
        "other on an unknown date »\n\nundated",
    ]
)
parts = st.lists(st.one_of(lines.map("\n".join), headers, indented, capped, odd, same), max_size=20)


class InProcess:
    """`textindex.SecondHalf` at a chosen line start, the child's work done here and framed
    to bytes and read back as `splitscan.Child` reads it from the pipe."""

    def __init__(self, pick: int) -> None:
        self.pick = pick
        self.text: Any = None
        self.at = 0
        self.found: Scanned | None = None
        self.shared: bytes | None = None
        self.used = False

    def split(self, text: Any, start: int) -> int | None:
        newline = b"\n" if isinstance(text, bytes) else "\n"
        starts = [0] + [at + 1 for at in range(len(text)) if text[at : at + 1] == newline]
        if self.pick >= len(starts) or not start < starts[self.pick] < len(text):
            return None
        self.text, self.at = text, starts[self.pick]
        return self.at

    def take(self) -> Scanned | None:
        split, found = splitscan.scan_part(self.text[self.at - 1 :], self.at - 1)
        assert split == self.at
        facts = splitscan.facts_of(self.text, self.at, None)
        read = splitwire.read_scan(b"".join(splitwire.scan_frame(facts, found)))
        assert read is not None and read[0] == facts
        self.found, self.used = read[1], True
        return read[1]

    def share(self, first: Scanned) -> bool:
        arrays = (first.starts, first.ends, first.stamps)
        self.shared = b"".join(splitwire.frame({"split": self.at}, arrays))
        return True

    def clashing(self) -> set[int] | None:
        return self._answer()[0]

    def head_sizes(self) -> tuple[Any, Any] | None:
        _, sizes, breaks = self._answer()
        return sizes, breaks

    def _answer(self) -> tuple[set[int], Any, Any]:
        assert self.found is not None
        records, sizes, breaks = splitscan.answer_of(self.text, self.found, self.shared)
        data = b"".join(splitwire.frame({}, [array("i", sorted(records)), sizes, breaks]))
        _, (read, sizes, breaks) = splitwire.unframe(data, ("i", "I", "I"))
        return set(read), sizes, breaks


def everything(thread: Thread) -> dict[str, Any]:
    """All that the index holds, and all the warnings, as plain values."""
    index = getattr(thread.comments, "comment_index", None)
    facts: dict[str, Any] = {"warnings": thread.warnings, "format": thread.format}
    if not isinstance(index, CommentIndex):
        return facts | {"comments": list(thread.comments)}
    sizes, breaks = index.body_sizes()
    facts |= {
        "starts": list(index.starts),
        "ends": list(index.ends),
        "stamps": list(index.stamps),
        "parents": list(index.parents),
        "stubs": dict(index.stubs),
        "orphans": set(index.orphans),
        "scores": index.has_scores(),
        "duplicates": index.duplicates(),
        "sizes": list(sizes),
        "breaks": list(breaks),
    }
    for order in ("oldest", "newest", "score"):
        facts[order] = [list(each) for each in index.preorder(order)]
    return facts


def parsed(data: str | bytes, helper: textindex.SecondHalf | None = None) -> dict[str, Any]:
    token = textindex.second_half.set(helper)
    try:
        thread = parse_text(data) if isinstance(data, str) else parse_bytes(data)
    except ParseError as error:
        return {"error": str(error)}
    finally:
        textindex.second_half.reset(token)
    return everything(thread)


def inputs(text: str) -> list[str | bytes]:
    """The text as str, as UTF-8, with CRLF line ends, and as Windows-1252 bytes."""
    encoded = text.encode("utf-8", "surrogatepass")
    crlf = encoded.replace(b"\n", b"\r\n")
    cp1252 = encoded.replace(b"words", b"w\xf6rds")  # not UTF-8: read as Windows-1252
    return [text, encoded, crlf, cp1252]


@SPLIT_SETTINGS
@given(parts)
def test_a_split_at_any_line_start_gives_what_one_process_gives(chunks: list[str]) -> None:
    text = "Title\n\nArticle.\n\n" + "\n\n".join(chunks)
    for data in inputs(text):
        alone = parsed(data)
        lines_here = data.count(b"\n" if isinstance(data, bytes) else "\n") + 2
        for pick in range(lines_here):
            assert parsed(data, InProcess(pick)) == alone, (data, pick)


def test_the_split_is_used_and_finds_duplicates_across_the_halves() -> None:
    comment = "twin on May 1st, 2020 at 10:00 UTC »\n\nthe same words\n\n"
    text = (
        "Title\n\nArticle.\n\n" + comment + "x on May 2nd, 2020 at 10:00 UTC »\n\nb\n\n" + comment
    )
    helper = InProcess(9)
    split = parsed(text, helper)
    assert helper.used and helper.shared is not None
    assert split == parsed(text)
    assert split["duplicates"] == {2: "~2"}


def test_garbled_frames_are_refused() -> None:
    text = "a on May 1st, 2020 at 10:00 UTC »\n\nb\n"
    found = splitscan.scan_from(text, 0)
    whole = b"".join(splitwire.scan_frame(splitscan.facts_of(text, 0, None), found))
    assert splitwire.read_scan(whole) is not None
    for spoilt in (whole[:-1], whole + b"x", whole[::-1], whole.replace(b'"I"', b'"q"', 1), b""):
        assert splitwire.read_scan(spoilt) is None


# ----- the real child process ----------------------------------------------------------


def write_thread(path: Path, comments: int, pad: int = 0) -> str:
    """A text thread with a duplicate pair, one in each half, and an impossible date;
    `pad` more letters to each body."""
    body = [f"Title\n\nArticle.\n\n{'twin on May 1st, 2020 at 10:00 UTC »'}\n\nsame\n\n"]
    for n in range(comments):
        depth = [0, 1, 2, 1][n % 4]
        body.append(
            f"{'  ' * depth}u{n % 7} on May {n % 28 + 1}th, 2020 at 1:{n % 60:02d} UTC »\n\n"
        )
        body.append(f"{'  ' * depth}words {n} {'x' * pad}\n\n")
    body.append("late on February 30th, 2020 at 10:00 UTC »\n\nno such day\n\n")
    body.append("twin on May 1st, 2020 at 10:00 UTC »\n\nsame\n")
    text = "".join(body)
    path.write_text(text, encoding="utf-8")
    return text


class Spy:
    """What the reader got from the child: its half, its duplicate candidates."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.took: list[bool] = []
        self.clashed: list[bool] = []
        take, clashing = splitscan.Child.take, splitscan.Child.clashing

        def spied_take(child: splitscan.Child) -> Scanned | None:
            found = take(child)
            self.took.append(found is not None)
            return found

        def spied_clashing(child: splitscan.Child) -> set[int] | None:
            found = clashing(child)
            self.clashed.append(found is not None)
            return found

        monkeypatch.setattr(splitscan.Child, "take", spied_take)
        monkeypatch.setattr(splitscan.Child, "clashing", spied_clashing)


def split_load(path: Path, child: splitscan.Child | None) -> dict[str, Any]:
    """What the reader's full load holds, with `child` helping (closed after)."""
    try:
        preview = load.read_document(path, head=4096)
        assert preview.rest_of is not None
        return everything(splitscan.parse_whole(preview, None, child))
    finally:
        if child is not None:
            child.close()


@pytest.fixture
def patient(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader waits for a child as long as a child may take to start on a busy machine
    (in the reader the child starts before Textual is imported and is done in time)."""
    monkeypatch.setattr(splitscan, "LEAST_WAIT", 30.0)


def test_the_real_child_scans_the_second_half(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, patient: None
) -> None:
    path = tmp_path / "thread.txt"
    write_thread(path, 3000)
    spy = Spy(monkeypatch)
    child = splitscan.start(str(path))
    assert child is not None
    found = split_load(path, child)
    assert spy.took == [True] and spy.clashed == [True]
    assert found == everything(load.load_path(path))
    assert len(found["duplicates"]) == 1
    assert any("impossible date" in warning for warning in found["warnings"])
    assert child.process.returncode is not None


@pytest.mark.parametrize("fault", ["crash", "exit", "short", "garbage", "noisy", "slow", "mute"])
def test_a_failing_child_leaves_the_reader_doing_its_half(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str], fault: str
) -> None:
    monkeypatch.setattr(splitscan, "LEAST_WAIT", 5.0)  # long enough to start, not to wait long
    path = tmp_path / "thread.txt"
    write_thread(path, 3000)
    spy = Spy(monkeypatch)
    child = splitscan.start(str(path), fault=fault)
    assert child is not None
    found = split_load(path, child)
    assert found == everything(load.load_path(path))
    if fault == "mute":  # its half arrived; its duplicate candidates did not
        assert spy.took == [True] and spy.clashed == [False]
    else:
        assert spy.took == [False] and spy.clashed == []
    assert child.process.returncode is not None
    assert capfd.readouterr() == ("", "")  # no traceback, nothing of the child's


@pytest.mark.parametrize(
    ("spoil", "took", "clashed"),
    [
        (lambda data: data.replace(b"\n", b"\r\n"), [False], []),
        (lambda data: b"\xef\xbb\xbf" + data, [False], []),
        (lambda data: data.replace(b"words 2999", b"w\xf6rds 2999"), [False], []),
        (lambda data: data.replace(b"words 1 ", b"w\xf6rds 1 "), [False], []),
        # Lone CRs early on: the reader's text keeps its length and the child's part is
        # the same, but the child reads the whole file for the duplicates, and stops.
        (lambda data: data.replace(b"\n\n", b"\n\r", 100), [True], [False]),
    ],
    ids=["crlf", "bom", "cp1252-late", "cp1252-early", "early-cr"],
)
def test_a_file_not_kept_as_its_bytes_is_scanned_by_the_reader(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    patient: None,
    spoil: Any,
    took: list[bool],
    clashed: list[bool],
) -> None:
    """The child's offsets are the file's bytes: other line ends, a byte-order mark or
    another encoding make the reader's text another, and the reader does the work."""
    path = tmp_path / "thread.txt"
    write_thread(path, 3000)
    path.write_bytes(spoil(path.read_bytes()))
    spy = Spy(monkeypatch)
    child = splitscan.start(str(path))
    assert child is not None
    found = split_load(path, child)
    assert (spy.took, spy.clashed) == (took, clashed)
    assert found == everything(load.load_path(path))


def test_a_child_that_cannot_start_or_a_single_core_means_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "thread.txt"
    write_thread(path, 100)
    assert splitscan.start(str(path), python=str(tmp_path / "no-python")) is None
    monkeypatch.setattr(splitscan, "SPLIT_FROM", 1)
    preview = load.read_document(path, head=1024)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert splitscan.start_for(preview) is None
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    child = splitscan.start_for(preview)
    assert child is not None
    child.close()
    assert split_load(path, None) == everything(load.load_path(path))


def test_a_file_changed_after_the_child_read_it_is_scanned_by_the_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, patient: None
) -> None:
    path = tmp_path / "thread.txt"
    text = write_thread(path, 3000)
    spy = Spy(monkeypatch)
    child = splitscan.start(str(path))
    assert child is not None and child.process.stdout is not None
    ready, _, _ = select.select([child.process.stdout], [], [], 60)  # it has read the file
    assert ready
    changed = text.replace("words", "WORDS")  # the same size, other content
    with open(path, "r+b") as handle:
        handle.write(changed.encode())
    info = os.stat(path)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    found = split_load(path, child)
    assert spy.took == [False]
    assert found == everything(load.load_path(path))
    assert found == everything(load.parse_bytes(changed.encode()))


def test_the_child_gets_a_pipe_for_standard_input_even_when_the_reader_has_none(
    tmp_path: Path,
) -> None:
    path = tmp_path / "thread.txt"
    write_thread(path, 3000)
    script = textwrap.dedent(
        f"""
        import os, sys
        os.close(0)
        from threadview.parsing import load, splitscan
        splitscan.LEAST_WAIT = 30.0
        child = splitscan.start({str(path)!r})
        link = os.readlink(f"/proc/{{child.process.pid}}/fd/0")
        preview = load.read_document({str(path)!r}, head=4096)
        take = splitscan.Child.take
        took = []
        splitscan.Child.take = lambda self: took.append(take(self)) or took[-1]
        thread = splitscan.parse_whole(preview, None, child)
        child.close()
        print(link.startswith("pipe:"), took[0] is not None, len(thread.comments))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.stderr == ""
    pipe, helped, _ = done.stdout.split()
    assert pipe == "True" and helped == "True"


def children_of_file(path: Path) -> list[int]:
    """The pids of child scans of `path` still running."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                words = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"threadview.parsing.splitscan" in words and str(path).encode() in words:
                found.append(int(entry))
    return found


def test_quitting_the_reader_while_the_child_runs_leaves_no_process(tmp_path: Path) -> None:
    """`threadview FILE` in a pseudo-terminal on a file big enough for a child, quit as
    soon as it paints: the child goes with it."""
    import pty

    path = tmp_path / "big.txt"
    write_thread(path, 40_000, pad=200)
    assert path.stat().st_size >= splitscan.SPLIT_FROM
    reader = str(Path(sys.executable).with_name("threadview"))
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(reader, [reader, str(path)], dict(os.environ, TERM="xterm-256color"))
    try:
        seen: list[int] = []
        screen = b""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (seen and b"words" in screen):
            if select.select([fd], [], [], 0.05)[0]:
                try:
                    screen += os.read(fd, 1 << 16)
                except OSError:
                    break
            seen = seen or children_of_file(path)
        assert seen, "the reader started no child for a big file"
        os.write(fd, b"q")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not os.waitpid(pid, os.WNOHANG)[0]:
            if select.select([fd], [], [], 0.05)[0]:
                with contextlib.suppress(OSError):
                    os.read(fd, 1 << 16)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and children_of_file(path):
            time.sleep(0.05)
        assert children_of_file(path) == []
    finally:
        os.close(fd)
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


@SPLIT_SETTINGS
@given(parts)
def test_the_first_header_is_what_finding_every_header_gives_first(chunks: list[str]) -> None:
    text = "\n\n".join(chunks)
    for data in (text, text.encode("utf-8", "surrogatepass")):
        first = replies.find_first_header(data)
        expected = next(replies.find_headers(data), None)
        if expected is None or first is None:
            assert first is expected
        else:
            assert first[:2] == expected[:2] and first[2].re is expected[2].re
