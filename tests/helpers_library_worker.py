"""A worker process for the library reliability tests: indexes a folder, one line per file.

Usage: helpers_library_worker.py DATA_DIR FOLDER [--step]
Prints "file" after each file is done (so a test can kill it mid-scan), then "done".
With --step it then waits for a line on stdin before the next file, so a test that kills it
knows it is still indexing: it can get at most one file ahead of the test.
"""

from __future__ import annotations

import sys
from pathlib import Path

from threadview.store.indexer import Indexer
from threadview.store.library import LibraryStore


def main(argv: list[str]) -> int:
    step = "--step" in argv[2:]

    def progress(report: object, path: object) -> None:
        print("file", flush=True)
        if step:
            sys.stdin.readline()

    with LibraryStore.open(Path(argv[0])) as store:
        Indexer(store, progress).scan([argv[1]])
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
