"""A parsed thread made ready for the library: rows, compressed text blocks and search
text, built before the write transaction so the database is locked only to copy them in."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from threadview.bookmarks.records import thread_key
from threadview.model import Thread, iter_comments
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


@dataclass(slots=True)
class Prepared:
    """Everything the store writes for one thread file."""

    identity: str
    bookmark_key: str
    title: str
    source: str
    submitter: str
    first_time: int | None = None
    last_time: int | None = None
    comment_count: int = 0
    rows: list[Row] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    blocks: list[bytes] = field(default_factory=list)

    @property
    def comment_ids(self) -> list[str]:
        return [row[1] for row in self.rows if row[0] >= 0]


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
    """The library's rows for `thread`: one per comment, plus one for title and article.
    `pace` is called every `PACE_EVERY` comments (the reader gives its UI thread the
    interpreter there)."""
    prepared = Prepared(
        identity=thread_identity(thread),
        bookmark_key=thread_key(thread),
        title=thread.title or "",
        source=thread.source or "",
        submitter=thread.submitter or "",
    )
    blocks = _Blocks(prepared.blocks)
    rows, texts = prepared.rows, prepared.texts
    stamps: list[int] = []
    for position, comment in enumerate(iter_comments(thread.comments)):
        if pace is not None and position % PACE_EVERY == 0:
            pace()
        body = comment.body
        data = body.encode("utf-8", "replace")
        stamp = int(comment.timestamp.timestamp()) if comment.timestamp is not None else None
        if stamp is not None:
            stamps.append(stamp)
        rows.append((position, comment.id, comment.author, stamp, *blocks.add(data)))
        texts.append(data.decode("utf-8"))
    prepared.comment_count = len(rows)
    prepared.first_time = min(stamps, default=None)
    prepared.last_time = max(stamps, default=None)
    article = "\n\n".join(block.text for block in thread.article)
    head = f"{prepared.title}\n{article}" if article else prepared.title
    if head.strip():
        data = head.encode("utf-8", "replace")
        where = blocks.add(data)
        rows.append((-1, ARTICLE_ID, prepared.submitter, prepared.first_time, *where))
        texts.append(data.decode("utf-8"))
    blocks.close()
    return prepared
