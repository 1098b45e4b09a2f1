"""A parsed thread made ready for the library: rows, compressed text blocks and search text
in batches that the store writes one by one in its transaction, the file's facts on the way."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from threadview.bookmarks.records import thread_key
from threadview.model import Comment, Thread, iter_comments
from threadview.store.identity import thread_identity
from threadview.store.records import ARTICLE_ID

BLOCK_BYTES = 16 * 1024
"""Text is compressed in blocks of about this size: big enough for zlib to find repeats,
small enough that a search hit decompresses little."""
PACE_EVERY = 32
"""Comments prepared between two calls of `prepare`'s `pace` (about a millisecond of work)."""

Row = tuple[int, str, str, int | None, int, int, int]
"""(position, comment id, author, epoch seconds, block index, start, length).

No separate body hash: the comment id is already a hash of author, time and body."""


BATCH_COMMENTS = 512
"""Comments made into rows at once: the store writes a batch before the next is made, so
indexing a big thread holds one batch of rows and search text, never the whole thread's.
With 2,048 the reader's first visit of a 100,000-comment thread peaked about 1 MB higher
(paired runs); a batch of 512 is still one `executemany` per few hundred KB of text."""


@dataclass  # no slots: weakly referable, so a test can check a batch dies
class Batch:
    """Rows, search texts and compressed blocks for a run of comments; a row's block index
    counts within the batch's `blocks`."""

    rows: list[Row] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    blocks: list[bytes] = field(default_factory=list)


@dataclass(slots=True)
class Prepared:
    """What the store writes for one thread file: its rows, made batch by batch by
    `batches` while the store writes, and the file's facts, gathered on the way."""

    identity: str
    bookmark_key: str
    title: str
    source: str
    submitter: str
    thread: Thread
    pace: Callable[[], None] | None = None
    batch_size: int = BATCH_COMMENTS
    first_time: int | None = None
    last_time: int | None = None
    comment_count: int = 0

    def _count(self, stamp: int | None) -> None:
        self.comment_count += 1
        if stamp is not None:
            self.first_time = stamp if self.first_time is None else min(self.first_time, stamp)
            self.last_time = stamp if self.last_time is None else max(self.last_time, stamp)

    def batches(self) -> Iterator[Batch]:
        """The rows in file order, `batch_size` comments a batch, the title and article's
        row last; the file's facts (times, count) are complete once the last batch is
        out. Each batch is made only when asked for; drop it before asking again."""
        batch = Batch()
        blocks = _Blocks(batch.blocks)
        for position, comment in enumerate(iter_comments(self.thread.comments)):
            if self.pace is not None and position % PACE_EVERY == 0:
                self.pace()
            data = comment.body.encode("utf-8", "replace")
            stamp = _stamp(comment)
            self._count(stamp)
            batch.rows.append((position, comment.id, comment.author, stamp, *blocks.add(data)))
            batch.texts.append(data.decode("utf-8"))
            if len(batch.rows) >= self.batch_size:
                blocks.close()
                yield batch
                batch = Batch()
                blocks = _Blocks(batch.blocks)
        article = "\n\n".join(block.text for block in self.thread.article)
        head = f"{self.title}\n{article}" if article else self.title
        if head.strip():
            data = head.encode("utf-8", "replace")
            where = blocks.add(data)
            batch.rows.append((-1, ARTICLE_ID, self.submitter, self.first_time, *where))
            batch.texts.append(data.decode("utf-8"))
        blocks.close()
        if batch.rows:
            yield batch


def _stamp(comment: Comment) -> int | None:
    return int(comment.timestamp.timestamp()) if comment.timestamp is not None else None


class _Blocks:
    """Packs texts into compressed blocks, handing back where each one lives."""

    def __init__(self, into: list[bytes]) -> None:
        self._into = into
        self._open = bytearray()

    def add(self, data: bytes) -> tuple[int, int, int]:
        if len(self._open) >= BLOCK_BYTES:
            self.close()
        start = len(self._open)
        self._open += data
        return len(self._into), start, len(data)

    def close(self) -> None:
        if self._open:
            self._into.append(zlib.compress(bytes(self._open), 6))
            self._open = bytearray()


def prepare(thread: Thread, pace: Callable[[], None] | None = None) -> Prepared:
    """The library's rows for `thread`, one per comment plus one for title and article, to
    be made by `batches`; `pace` is called every `PACE_EVERY` comments there (the reader
    gives its UI thread the interpreter)."""
    prepared = Prepared(
        identity=thread_identity(thread),
        bookmark_key=thread_key(thread),
        title=thread.title or "",
        source=thread.source or "",
        submitter=thread.submitter or "",
        thread=thread,
        pace=pace,
        batch_size=BATCH_COMMENTS,
    )
    return prepared
