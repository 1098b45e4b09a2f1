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

BIG_BLOCKS_MAPPED = """
import ctypes, sys
from threadview.arenas import share_one_arena
class Info(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]
libc = ctypes.CDLL(None)
libc.mallinfo2.restype = Info
if sys.argv[1] == "share":
    assert share_one_arena()
freed = bytearray(4 << 20)  # a mapped block freed: glibc raises its threshold to 4 MB
del freed
kept = [bytearray(256 << 10) for _ in range(8)]
print(libc.mallinfo2().hblkhd)  # bytes in blocks mapped on their own
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


def mapped_after_a_big_free(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", BIG_BLOCKS_MAPPED, mode], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


@glibc
def test_blocks_of_a_few_hundred_kb_stay_mapped_after_a_big_one_is_freed() -> None:
    """Mapped, a freed array gives its pages back; from the heap it left a hole that kept
    them (the orders' and the line index's arrays, several MB at 100k comments)."""
    assert mapped_after_a_big_free("own") < 1 << 20  # glibc's default: from the heap
    assert mapped_after_a_big_free("share") >= 8 * (256 << 10)


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
