"""A worker process for the bookmarks reliability tests: writes bookmarks, reports commits.

Usage: helpers_bookmarks_worker.py DATA_DIR PREFIX COUNT [--wait]
Adds COUNT bookmarks (COUNT 0: until killed) on comments "PREFIX-<n>" of one shared thread,
each in its own transaction, and prints "<comment id> <bookmark id>" after each commit. With
--wait it prints "ready" and waits for a line on stdin before opening the store, so two
workers start together.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from threadview.bookmarks import BookmarkStore
from threadview.model import ArticleBlock, Comment, Thread

THREAD = Thread(
    "text",
    "Reliability thread",
    "example.org",
    "tester",
    (ArticleBlock("paragraph", "An article."),),
    (),
)
# A body spanning several pages, so a kill can land in the middle of writing one bookmark.
BODY = "\n\n".join(f"Paragraph {n}: " + "words and more words " * 40 for n in range(20))


def main(argv: list[str]) -> int:
    data_dir, prefix, count = Path(argv[0]), argv[1], int(argv[2])
    if "--wait" in argv:
        print("ready", flush=True)
        sys.stdin.readline()
    numbers = range(count) if count else itertools.count()
    with BookmarkStore.open(data_dir) as store:
        for n in numbers:
            comment = Comment(f"{prefix}-{n}", f"{prefix} author", None, f"{n}: {BODY}")
            mark = store.add(THREAD, comment, None, note=f"note {n}")
            print(comment.id, mark.id, flush=True)
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
