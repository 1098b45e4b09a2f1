"""A worker process for the library reliability tests: indexes a folder, one line per file.

Usage: helpers_library_worker.py DATA_DIR FOLDER
Prints "file" after each file is done (so a test can kill it mid-scan), then "done".
"""

from __future__ import annotations

import sys
from pathlib import Path

from threadview.store.indexer import Indexer
from threadview.store.library import LibraryStore


def main(argv: list[str]) -> int:
    with LibraryStore.open(Path(argv[0])) as store:
        Indexer(store, lambda report, path: print("file", flush=True)).scan([argv[1]])
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
