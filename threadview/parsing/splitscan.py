"""A big text file's header scan split across two processes: a child scans the second part.

Most of the reader's full parse of a big file in the text layout is the header scan
(`textindex.scan_range`), C loops over batches whose every step the interpreter's lock
keeps on one core. A child process (`python -m threadview.parsing.splitscan FILE`, started
by the CLI as soon as it knows the file is big, before Textual is imported) reads the end
of the file itself (`split_base`: about half, more of a smaller file), scans it from its
first line start on, counts those records' body sizes, and writes the arrays raw to its
standard output; meanwhile the reader reads the whole file and scans the first part, then
joins the two (`helped`, through `textindex.second_half`). Once joined, the reader hands
the child its first part's arrays (through the child's standard input) and the child
reads the whole file and looks for the records that may be duplicates
(`duplicates.clashing`; a text without more-stubs) while the reader sorts and walks the
forest.

The child's offsets are the file's bytes, so it helps with a file the reader keeps as its
bytes: UTF-8 with no byte-order mark and LF line ends (as threadview writes them). Whatever
goes wrong (one core, no child, another encoding or line ends, a crash, short or garbled
output, a child too late, another file under the same name) the reader does that work
itself, so the result is always the one-process parse's. When the reader goes, however it
goes, the child reads the end of its standard input and leaves. `threadview dump`, the
library and a bookmark's other file use the one-process parse.
"""

from __future__ import annotations

import contextlib
import os
import queue
import selectors
import signal
import subprocess
import sys
import threading
import time
from array import array
from collections.abc import Iterator, Sequence
from itertools import repeat
from operator import add
from pathlib import Path
from typing import Any

from threadview.model import Thread
from threadview.parsing.duplicates import clashing
from threadview.parsing.layout import syntax_for
from threadview.parsing.load import Document, is_json_head, parse_document, read_document
from threadview.parsing.splitwire import (
    ANSWER,
    SHARED,
    Frames,
    frame,
    ordered,
    read_scan,
    scan_frame,
    unframe,
)
from threadview.parsing.textindex import Scanned, body_counts, scan_range, second_half

CHILD_SHARE = 51
"""Percent of the text the child scans, plus `CHILD_LEAD`: it reads only its part of the
file and checks no encoding, where the reader reads and checks the whole file first."""
CHILD_LEAD = 3 << 20
"""Bytes more for the child: it starts before the reader's first paint, the reader's scan
after the paint and its reading of the whole file (about 0.1 s later at 100k comments, in
which the child scans about 3 MB)."""
CHILD_MOST = 90
"""Percent of the text the child scans at most."""
SPLIT_FROM = 4 << 20
"""Smallest file (bytes) given a child. A child costs the other core about 0.1 s (an
interpreter and the parsers' imports); the reader's load after its first paint took 0.21
against 0.24 s with and without one on a 2.9 MB file, 0.39 against 0.52 s on 8.7 MB
(medians of 5, `bench/`'s generated threads)."""
WAIT_SHARE = 0.5
"""How long the reader waits for a child that is not done when the reader is, as a share
of the time the reader would take to do the child's work itself."""
LEAST_WAIT = 0.1
"""The shortest such wait (seconds)."""
SEND_WAIT = 2.0
"""Longest the reader waits for the child to take the first half's arrays (seconds)."""
_MODULE = "threadview.parsing.splitscan"
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def split_base(length: int) -> int:
    """Where the child's part of a text of `length` begins, give or take a line."""
    child = min(length * CHILD_SHARE // 100 + CHILD_LEAD, length * CHILD_MOST // 100)
    return length - child


def split_point(text: Any) -> int:
    """Where the child's part starts: the first line start after `split_base`."""
    newline = b"\n" if isinstance(text, bytes) else "\n"
    at = text.find(newline, split_base(len(text)))
    return len(text) if at < 0 else at + 1


def scan_from(text: Any, split: int) -> Scanned:
    """The scan of the text from `split` on, with its records' body sizes."""
    syntax = syntax_for(text)
    found = scan_range(text, syntax, split, len(text))
    sizes, breaks = body_counts(text, syntax.newline, found.starts, found.ends, len(text))
    found.tail = (0, sizes, breaks)
    return found


def scan_part(part: Any, base: int) -> tuple[int, Scanned]:
    """(split point, scan) of the end of a text that begins at `base` (`part` is
    text[base:]): the scan from the first line start in it on, with offsets into the whole
    text; the same as `scan_from` of the whole text at that split."""
    newline = b"\n" if isinstance(part, bytes) else "\n"
    at = part.find(newline)
    found = scan_from(part, len(part) if at < 0 else at + 1)
    found.starts = array("I", map(add, found.starts, repeat(base)))
    found.ends = array("I", map(add, found.ends, repeat(base)))
    return base + (len(part) if at < 0 else at + 1), found


def answer_of(
    text: Any, found: Scanned, shared: bytes | None
) -> tuple[set[int], array[int], array[int]]:
    """What the child answers once it has the first part's arrays as the reader sent them
    (`Child.share`): the first part's body sizes and blank-line breaks, and the records of
    the whole text that may be duplicates (`duplicates.clashing`); ValueError when those
    arrays are not what they should be. `found`: the child's own part's scan."""
    _, (starts, ends, stamps) = unframe(shared or b"", SHARED)
    split = found.starts[0] if found.starts else len(text)
    if starts and not ordered(starts, ends, 0, split - 1):
        raise ValueError("the first part's records are out of place")
    syntax = syntax_for(text)
    sizes, breaks = body_counts(text, syntax.newline, starts, ends, split)
    starts, ends, stamps = starts + found.starts, ends + found.ends, stamps + found.stamps
    return clashing(text, syntax, starts, ends, stamps, {}, set()), sizes, breaks


def facts_of(text: Any, split: int, identity: Sequence[int] | None) -> dict[str, Any]:
    """What must agree between the two processes' texts for a half to be usable."""
    kind = "bytes" if isinstance(text, bytes) else "str"
    return {"identity": list(identity or ()), "length": len(text), "kind": kind, "split": split}


class Child:
    """A child process scanning the second half of one file (`textindex.SecondHalf`)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        assert process.stdout is not None
        self._frames = Frames(process.stdout.fileno())
        self._identity: tuple[int, int, int] | None = None
        self._facts: dict[str, Any] | None = None
        self._records = 0
        self._first = 0
        self._answered = False
        self._clashing: set[int] | None = None
        self._head: tuple[array[int], array[int]] | None = None
        self._since = 0.0
        self._ratio = 1.0
        """The child's work against the reader's, for how long to wait (`_deadline`)."""
        self._closed = False

    def expect(self, identity: tuple[int, int, int] | None) -> None:
        """The reader read this file (`Document.identity`): the child must have too."""
        self._identity = identity

    def split(self, text: Any, start: int) -> int | None:
        if self._identity is None or self._facts is not None or self._closed:
            return None
        split = split_point(text)
        if not start < split < len(text):
            self.close()
            return None
        self._facts = facts_of(text, split, self._identity)
        self._since = time.monotonic()
        self._ratio = (len(text) - split) / (split - start)
        return split

    def take(self) -> Scanned | None:
        data = self._frames.next(self._deadline())
        read = read_scan(data) if data is not None else None
        if read is None or read[0] != self._facts:
            self.close()
            return None
        self._records = len(read[1].starts)
        return read[1]

    def share(self, first: Scanned) -> bool:
        assert self._facts is not None
        arrays = (first.starts, first.ends, first.stamps)
        data = b"".join(frame({"split": self._facts["split"]}, arrays))
        if self._closed or not self._send(data, time.monotonic() + SEND_WAIT):
            self.close()
            return False
        self._first = len(first.starts)
        self._records += self._first
        self._since, self._ratio = time.monotonic(), 1.0
        return True

    def clashing(self) -> set[int] | None:
        self._read_answer()
        found, self._clashing = self._clashing, None
        return found

    def head_sizes(self) -> tuple[array[int], array[int]] | None:
        self._read_answer()
        found, self._head = self._head, None
        return found

    def _read_answer(self) -> None:
        """Read the child's last message, once (the child is closed after): what each of
        `clashing` and `head_sizes` gives, once, if it came right."""
        if self._answered:
            return
        self._answered = True
        data = self._frames.next(self._deadline()) if not self._closed else None
        self.close()
        try:
            _, (records, sizes, breaks) = unframe(data or b"", ANSWER)
        except (ValueError, TypeError, KeyError):
            return
        if records and not (min(records) >= 0 and max(records) < self._records):
            return
        if len(sizes) == len(breaks) == self._first:
            self._clashing, self._head = set(records), (sizes, breaks)

    def _deadline(self) -> float:
        """When to stop waiting: a share (`WAIT_SHARE`) of how long the reader would take
        to do the child's work itself, judged by its own part's time."""
        now = time.monotonic()
        return now + max(LEAST_WAIT, (now - self._since) * self._ratio * WAIT_SHARE)

    def _send(self, data: bytes, deadline: float) -> bool:
        """Write `data` to the child by `deadline`; whether it all went."""
        stdin = self.process.stdin
        assert stdin is not None
        fd = stdin.fileno()
        os.set_blocking(fd, False)
        view = memoryview(data)
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_WRITE)
            while view:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    return False
                try:
                    view = view[os.write(fd, view) :]
                except BlockingIOError:
                    continue
                except OSError:  # the child is gone
                    return False
        return True

    def close(self) -> None:
        """End the child (if it still runs) and let go of its pipes."""
        if self._closed:
            return
        self._closed = True
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
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


@contextlib.contextmanager
def helped(document: Document, child: Child | None) -> Iterator[Document]:
    """What to parse (`load.parse_document`) for the whole thread of a preview `document`,
    and, with a `child`, a parse inside the block helped by it: the file is read whole
    here, and the header scan split (`textindex.second_half`). The child may still be
    finding duplicates after: the caller closes it once the forest is prepared."""
    if child is None or document.rest_of is None or is_json_head(document):
        yield document
        return
    whole = read_document(document.rest_of)
    child.expect(whole.identity)
    token = second_half.set(child)
    try:
        yield whole
    finally:
        second_half.reset(token)


def parse_whole(document: Document, from_name: str | None, child: Child | None) -> Thread:
    """The whole thread of a preview `document`, helped by `child` (`helped`)."""
    with helped(document, child) as whole:
        return parse_document(whole, from_name)


def _listen(inbox: queue.SimpleQueue[bytes | None]) -> None:
    """The child's ear: the first half's arrays, when the reader sends them; then the end
    of the pipe (the reader quit, or was killed), the child's cue to go."""
    fd = sys.stdin.fileno()
    inbox.put(Frames(fd).next(None))
    while os.read(fd, 1 << 16):
        pass
    os._exit(0)


def main(argv: Sequence[str]) -> int:
    """The child: scan the second half of FILE and write it (`frame`) to stdout; then,
    given the first half, the records that may be duplicates.
    `--fault WHAT` fails on purpose: crash, exit, short, garbage, slow, noisy, mute."""
    inbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    threading.Thread(target=_listen, args=(inbox,), daemon=True).start()
    path, fault = argv[0], argv[2] if len(argv) > 2 else None
    out = sys.stdout.buffer
    if fault == "noisy":
        sys.stderr.write("Traceback (most recent call last):\n  a child's complaint\n")
        return 1
    if fault == "crash":
        os.kill(os.getpid(), signal.SIGKILL)
    if fault == "exit":
        return 3
    if fault == "slow":
        time.sleep(60)
    part, base, identity = _read_from(path, whole=False)
    if b"\r" in part:  # the reader's text has other line ends: its offsets differ
        return 1
    split, found = scan_part(part, base)
    length = base + len(part)
    del part
    facts = {"identity": list(identity), "length": length, "kind": "bytes", "split": split}
    parts = scan_frame(facts, found)
    if fault in ("short", "garbage"):
        whole = b"".join(parts)
        out.write(whole[: len(whole) // 2] if fault == "short" else whole[::-1])
        out.flush()
        return 0
    for each in parts:
        out.write(each)
    out.flush()
    if fault == "mute":
        time.sleep(60)
    shared = inbox.get()
    # The candidates' authors and bodies lie anywhere: the whole file is read now (it
    # must be the one read before, with no other line ends in its first part either).
    text, _, again = _read_from(path, whole=True)
    if again != identity or b"\r" in text:
        return 1
    records, sizes, breaks = answer_of(text, found, shared)
    for each in frame({}, [array("i", sorted(records)), sizes, breaks]):
        out.write(each)
    out.flush()
    return 0


def _read_from(path: str, whole: bool) -> tuple[bytes, int, tuple[int, int, int]]:
    """(the file from where the child's part begins, or whole; where that is; the file's
    identity as `Document.identity` has it)."""
    with open(path, "rb") as handle:
        base = 0 if whole else split_base(os.fstat(handle.fileno()).st_size)
        handle.seek(base)
        data = handle.read()
        read = os.fstat(handle.fileno())
    return data, base, (read.st_size, read.st_mtime_ns, read.st_ino)


if __name__ == "__main__":
    try:
        code = main(sys.argv[1:])
        sys.stdout.flush()
    except BaseException:  # stderr is the null device: the reader does the work itself
        code = 1
    os._exit(code)
