"""One malloc arena for the reader's threads: what `share_one_arena` does, and that the
reader asks for it before any thread starts."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

import threadview.cli as cli
import threadview.parsing as parsing
from threadview.arenas import on_glibc

THREADS_ALLOCATE = """
import ctypes, sys, threading
from threadview.arenas import share_one_arena
if sys.argv[1] == "share":
    assert share_one_arena()
kept = []
def allocate():
    kept.append([bytearray(64 * 1024) for _ in range(8)])
workers = [threading.Thread(target=allocate) for _ in range(4)]
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()
ctypes.CDLL(None).malloc_stats()
"""

glibc = pytest.mark.skipif(not on_glibc(), reason="glibc's arenas only")


def arenas_used(mode: str) -> int:
    """How many malloc arenas a process whose threads allocate ends with (glibc's own count)."""
    done = subprocess.run(
        [sys.executable, "-c", THREADS_ALLOCATE, mode], capture_output=True, text=True, check=True
    )
    return sum(line.startswith("Arena ") for line in done.stderr.splitlines())


@glibc
def test_threads_started_after_sharing_allocate_from_one_arena() -> None:
    assert arenas_used("own") > 1  # glibc's default: the count can tell them apart
    assert arenas_used("share") == 1


def test_the_reader_shares_one_arena_before_it_reads_the_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []

    def read_document(path: str, head: int | None = None) -> None:
        calls.append("read")
        raise SystemExit(0)

    monkeypatch.setattr(cli, "share_one_arena", lambda: calls.append("share") or True)
    monkeypatch.setattr(parsing, "read_document", read_document)
    monkeypatch.setattr(cli, "refuse_terminal_stdin", lambda path: None)
    with pytest.raises(SystemExit):
        cli.run_open(argparse.Namespace(files=["thread.txt"], from_name=None))
    assert calls == ["share", "read"]
