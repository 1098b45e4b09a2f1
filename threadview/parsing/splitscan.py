"""A big text file's header scan split across two processes: a child scans the second half.

Most of the reader's full parse of a big file in the text layout is the header scan
(`textindex.scan_range`), C loops over batches whose every step the interpreter's lock
keeps on one core. A child process (`python -m threadview.parsing.splitscan FILE`, started
by the CLI as soon as it knows the file is big, before Textual is imported) reads the file
itself, scans it from the first line start after its middle to its end, counts those
records' body sizes, and writes the arrays raw to its standard output; meanwhile the
reader scans the first half and then joins the two (`parse_whole`, through
`textindex.second_half`). Whatever goes wrong (one core, no child, a crash, short or
garbled output, a child too late, another file under the same name) the reader scans the
second half itself, so the result is always the one-process parse's. The child's standard
input is a pipe from the reader that is never written: when the reader goes, however it
goes, the child reads the end of it and leaves. `threadview dump`, the library and a
bookmark's other file use the one-process parse.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import threading
import time
from array import array
from collections.abc import Sequence
from operator import lt
from pathlib import Path
from typing import Any, Protocol

from threadview.model import Thread
from threadview.parsing.layout import syntax_for
from threadview.parsing.load import Document, is_json_head, parse_document, read_document
from threadview.parsing.scraped import layout_text
from threadview.parsing.textindex import Repeats, Scanned, body_counts, scan_range, second_half

SPLIT_FROM = 8 << 20
"""Smallest file (bytes) given a child: below it the whole parse takes a few tenths of a
second, and a child's start (an interpreter and the parsers' imports, about 0.1 s of the
other core) gains little."""
WAIT_SHARE = 0.5
"""How long the reader waits for a child that is not done when its own half is, as a share
of the time its half took (doing the child's half itself takes about that long)."""
LEAST_WAIT = 0.1
"""The shortest such wait (seconds)."""
_MAGIC = b"threadview-splitscan 1\n"
_TYPECODES = ("I", "I", "I", "q", "I", "I")
"""starts, line ends, indents, stamps, body sizes, blank-line breaks."""
_MODULE = "threadview.parsing.splitscan"
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def split_point(text: Any) -> int:
    """Where the second half starts: the first line start after the text's middle."""
    newline = b"\n" if isinstance(text, bytes) else "\n"
    at = text.find(newline, len(text) // 2)
    return len(text) if at < 0 else at + 1


def scan_second_half(text: Any) -> tuple[int, Scanned]:
    """(split point, scan of the text from it on with its records' body sizes)."""
    split = split_point(text)
    syntax = syntax_for(text)
    found = scan_range(text, syntax, split, len(text))
    sizes, breaks = body_counts(text, syntax.newline, found.starts, found.ends, len(text))
    found.tail = (0, sizes, breaks)
    return split, found


def facts_of(text: Any, split: int, identity: Sequence[int] | None) -> dict[str, Any]:
    """What must agree between the two processes' texts for a half to be usable."""
    kind = "bytes" if isinstance(text, bytes) else "str"
    return {"identity": list(identity or ()), "length": len(text), "kind": kind, "split": split}


class Sink(Protocol):
    """Where `write_scan` writes: a binary stream."""

    def write(self, data: Any, /) -> int: ...
    def flush(self) -> None: ...


def write_scan(out: Sink, facts: dict[str, Any], found: Scanned) -> None:
    """A half's scan as a JSON head line of facts and sizes, then the arrays' raw bytes."""
    assert found.tail is not None
    arrays = (found.starts, found.ends, found.indents, found.stamps, *found.tail[1:])
    head = {
        **facts,
        "scored": found.scored,
        "impossible": [found.impossible.count, found.impossible.first],
        "arrays": [[each.typecode, each.itemsize, len(each)] for each in arrays],
    }
    out.write(_MAGIC + json.dumps(head).encode() + b"\n")
    for each in arrays:
        out.write(memoryview(each).cast("B"))
    out.flush()


def read_scan(data: bytes) -> tuple[dict[str, Any], Scanned] | None:
    """(facts, scan) from what `write_scan` wrote, or None for anything else (short,
    garbled, inconsistent: records out of order or outside the half)."""
    cut = data.find(b"\n", len(_MAGIC))
    if not data.startswith(_MAGIC) or cut < 0:
        return None
    try:
        head = json.loads(data[len(_MAGIC) : cut])
        shapes = [tuple(each) for each in head["arrays"]]
        count, first = head["impossible"]
        facts = {name: head[name] for name in ("identity", "length", "kind", "split")}
        scored = head["scored"]
    except (ValueError, TypeError, KeyError):
        return None
    expected = [(code, array(code).itemsize) for code in _TYPECODES]
    if [shape[:2] for shape in shapes] != expected:
        return None
    records = shapes[0][2]
    if any(shape[2] != records for shape in shapes) or not isinstance(first, str):
        return None
    arrays: list[array[int]] = []
    at = cut + 1
    for code, size, length in shapes:
        each = array(code)
        each.frombytes(data[at : at + size * length])
        if len(each) != length:
            return None
        arrays.append(each)
        at += size * length
    starts, ends, indents, stamps, sizes, breaks = arrays
    if at != len(data) or not isinstance(scored, bool) or not isinstance(count, int):
        return None
    if records and not (
        facts["split"] <= starts[0]
        and ends[-1] <= facts["length"]
        and all(map(lt, starts, ends))
        and all(map(lt, ends, starts[1:]))
    ):
        return None
    impossible = Repeats("impossible date in comment header")
    impossible.count, impossible.first = count, first
    found = Scanned(starts, ends, indents, stamps, scored, impossible, (0, sizes, breaks))
    return facts, found


class Child:
    """A child process scanning the second half of one file (`textindex.SecondHalf`)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self._identity: tuple[int, int, int] | None = None
        self._facts: dict[str, Any] | None = None
        self._began = 0.0

    def expect(self, identity: tuple[int, int, int] | None) -> None:
        """The reader read this file (`Document.identity`): the child must have too."""
        self._identity = identity

    def split(self, text: Any, start: int) -> int | None:
        if self._identity is None or self._facts is not None:
            return None
        split = split_point(text)
        if not start < split < len(text):
            self.close()
            return None
        self._facts = facts_of(text, split, self._identity)
        self._began = time.monotonic()
        return split

    def take(self) -> Scanned | None:
        wait = max(LEAST_WAIT, (time.monotonic() - self._began) * WAIT_SHARE)
        data = self._output(time.monotonic() + wait)
        self.close()
        read = read_scan(data) if data is not None else None
        if read is None or read[0] != self._facts:
            return None
        return read[1]

    def _output(self, deadline: float) -> bytes | None:
        """All the child wrote, once it has ended well, or None if it ended badly or is
        not done by `deadline` (monotonic seconds)."""
        stdout = self.process.stdout
        assert stdout is not None
        chunks: list[bytes] = []
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    return None
                chunk = os.read(stdout.fileno(), 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        try:
            code = self.process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            return None
        return b"".join(chunks) if code == 0 else None

    def close(self) -> None:
        """End the child (if it still runs) and let go of its pipes."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()


def cores() -> int:
    """How many cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def start(path: str, python: str = sys.executable, fault: str | None = None) -> Child | None:
    """A child scanning the second half of the file at `path`, or None when it cannot be
    started. `fault` makes the child fail on purpose (`main`; for the tests)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH")]))
    env["PYTHONSAFEPATH"] = "1"  # the working directory's modules are not ours
    argv = [python, "-m", _MODULE, path, *(["--fault", fault] if fault else [])]
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # the terminal's ^C and hang-up are the reader's
        )
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    return Child(process)


def start_for(document: Document) -> Child | None:
    """A child for the full parse of a preview `document` when it pays: a file in the text
    layout of at least `SPLIT_FROM` bytes, and a second core to run on."""
    path = document.rest_of
    if path is None or is_json_head(document) or cores() < 2:
        return None
    try:
        if os.stat(path).st_size < SPLIT_FROM:
            return None
    except OSError:
        return None
    return start(path)


def parse_whole(document: Document, from_name: str | None, child: Child | None) -> Thread:
    """The whole thread of a preview `document` (`load.parse_document`), its header scan
    split with `child` when there is one; the child is ended after."""
    if child is None:
        return parse_document(document, from_name)
    try:
        if document.rest_of is None or is_json_head(document):
            return parse_document(document, from_name)
        whole = read_document(document.rest_of)
        child.expect(whole.identity)
        token = second_half.set(child)
        try:
            return parse_document(whole, from_name)
        finally:
            second_half.reset(token)
    finally:
        child.close()


def _leave_with_parent() -> None:
    """The reader holds the other end of standard input and never writes: its end (the
    reader quit, or was killed) is the child's cue to go."""
    sys.stdin.buffer.read()
    os._exit(0)


def main(argv: Sequence[str]) -> int:
    """The child: scan the second half of FILE and write it (`write_scan`) to stdout.
    `--fault WHAT` fails on purpose: crash, exit, short, garbage, slow, noisy."""
    threading.Thread(target=_leave_with_parent, daemon=True).start()
    path, fault = argv[0], argv[2] if len(argv) > 2 else None
    out = sys.stdout.buffer
    if fault == "noisy":
        sys.stderr.write("Traceback (most recent call last):\n  a child's complaint\n")
        return 1
    if fault == "crash":
        os.kill(os.getpid(), 9)
    if fault == "exit":
        return 3
    if fault == "slow":
        time.sleep(60)
    document = read_document(path)
    text = _layout_text(document.raw)
    split, found = scan_second_half(text)
    facts = facts_of(text, split, document.identity)
    if fault in ("short", "garbage"):
        wrote = _Collected()
        write_scan(wrote, facts, found)
        whole = bytes(wrote.data)
        out.write(whole[: len(whole) // 2] if fault == "short" else whole[::-1])
        out.flush()
        return 0
    write_scan(out, facts, found)
    return 0


def _layout_text(raw: str | bytes) -> str | bytes:
    """`scraped.layout_text` of either kind (a union must pick one side first)."""
    if isinstance(raw, str):
        return layout_text(raw)
    return layout_text(raw)


class _Collected:
    """A byte sink for `write_scan` (the faults that spoil its output)."""

    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, data: Any) -> int:
        self.data += data
        return len(data)

    def flush(self) -> None:
        """Nothing to flush."""


if __name__ == "__main__":
    try:
        code = main(sys.argv[1:])
        sys.stdout.flush()
    except BaseException:  # stderr is the null device: the reader scans the half itself
        code = 1
    os._exit(code)
