"""Input that is not a regular file (a FIFO, a pipe named `/dev/stdin`) is read exactly once."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.tmuxpane import COMMAND, Pane, needs_tmux
from threadview.cli import PREVIEW_BYTES, PREVIEW_COMMENTS
from threadview.model import count_comments
from threadview.parsing import load_path

NESTED = FIXTURES / "text" / "nested.txt"
pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def _fifo_fed_once(folder: Path, data: bytes) -> Path:
    """A FIFO that a writer thread fills with `data` once, when a reader opens it."""
    fifo = folder / "thread.fifo"
    os.mkfifo(fifo)

    def write() -> None:
        # The old code closed the FIFO before reading: the write then meets a broken pipe.
        with contextlib.suppress(BrokenPipeError), open(fifo, "wb") as handle:
            handle.write(data)

    threading.Thread(target=write, daemon=True).start()
    return fifo


def _big_thread() -> bytes:
    """A text thread bigger than the reader's preview, so it would be read in two parts."""
    text = NESTED.read_bytes()
    head, _, comments = text.partition(b"ana on")
    copies = PREVIEW_BYTES // len(comments) + 2
    return head + b"ana on" + comments * copies


def test_dump_reads_a_fifo_once(tmp_path: Path) -> None:
    fifo = _fifo_fed_once(tmp_path, NESTED.read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "threadview", "dump", "--format", "text", str(fifo)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Community garden plans") and "  cara on June 1st" in done.stdout


def test_the_readers_load_path_reads_a_fifo_once(tmp_path: Path) -> None:
    """What `threadview FILE` does before it paints, then what the reader does after."""
    data = _big_thread()
    expected = count_comments(load_path(_write(tmp_path / "plain.txt", data)).comments)
    fifo = _fifo_fed_once(tmp_path, data)
    script = (
        "from threadview.parsing import parse_document, read_document\n"
        "from threadview.model import count_comments\n"
        f"doc = read_document({str(fifo)!r}, head={PREVIEW_BYTES})\n"
        f"preview = parse_document(doc, limit={PREVIEW_COMMENTS})\n"
        "print(count_comments(parse_document(doc).comments))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) == expected > PREVIEW_COMMENTS


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@needs_tmux
def test_the_reader_opens_a_fifo_and_quits(tmp_path: Path) -> None:
    fifo = _fifo_fed_once(tmp_path, NESTED.read_bytes())
    env = {"TERM": "xterm-256color", "THREADVIEW_DATA_DIR": str(tmp_path / "data")}
    pane = Pane([str(COMMAND), str(fifo)], env, width=120, height=40)
    try:
        screen = pane.wait_for("I would volunteer", "EXITED=", timeout=30)
        assert "EXITED=" not in screen, screen
        pane.keys("q")
        assert "EXITED=0" in pane.wait_for("EXITED=", timeout=30)
    finally:
        pane.close()


@needs_tmux
def test_the_reader_opens_dev_stdin_from_a_pipe(tmp_path: Path) -> None:
    env = {"TERM": "xterm-256color", "THREADVIEW_DATA_DIR": str(tmp_path / "data")}
    line = f"cat {NESTED} | {COMMAND} /dev/stdin"
    pane = Pane(["sh", "-c", line], env, width=120, height=40)
    try:
        screen = pane.wait_for("I would volunteer", "EXITED=", timeout=30)
        assert "EXITED=" not in screen, screen
        pane.keys("q")
        assert "EXITED=0" in pane.wait_for("EXITED=", timeout=30)
    finally:
        pane.close()
