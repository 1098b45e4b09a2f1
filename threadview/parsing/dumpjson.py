"""Reads threadview's own JSON dump (`threadview dump --format json`) back into the same Thread.

The dump keeps every field of the model, so reading it is a lossless round trip: ids,
times, bodies, states, markers, orphans and stubs come back as they were written, in
the order written. What `dump` adds beside the model (links, notes, sources) is derived
from the text and is worked out again, so it is not read.
"""

from __future__ import annotations

from typing import Any

from threadview.model import ArticleBlock, Comment, IdAllocator, MoreStub, Node, Story, Thread
from threadview.parsing.jsontree import is_int, utc_from_iso

_HEAD = ("format", "article", "comments", "warnings")
_KINDS = ("paragraph", "caption")


def shape(doc: object) -> str | None:
    """``"dump"`` for a document `threadview dump` wrote, else None."""
    if not isinstance(doc, dict) or not all(key in doc for key in _HEAD):
        return None
    if not isinstance(doc["format"], str) or not isinstance(doc["comments"], list):
        return None
    return (
        "dump" if isinstance(doc["article"], list) and isinstance(doc["warnings"], list) else None
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def parse(doc: dict[str, Any]) -> Thread:
    """The thread a dump describes; entries that are not comments or stubs are skipped
    with a warning."""
    skipped = 0
    article: list[ArticleBlock] = []
    for block in doc["article"]:
        if isinstance(block, dict) and block.get("kind") in _KINDS and _text(block.get("text")):
            article.append(ArticleBlock(block["kind"], block["text"], _text(block.get("role"))))
        else:
            skipped += 1
    comments, bad = _forest(doc["comments"])
    skipped += bad
    warnings = tuple(w for w in doc["warnings"] if isinstance(w, str))
    if skipped:
        warnings += (f"skipped {skipped} entries of the dump that are not comments or blocks",)
    extra = doc.get("extra")
    return Thread(
        format=doc["format"],
        title=_text(doc.get("title")),
        source=_text(doc.get("source")),
        submitter=_text(doc.get("submitter")),
        article=tuple(article),
        comments=comments,
        warnings=warnings,
        byline=_text(doc.get("byline")),
        image=_text(doc.get("image")),
        url=_text(doc.get("url")),
        extra=dict(extra) if isinstance(extra, dict) else {},
        stories=_stories(doc.get("stories")),
    )


def _stories(items: object) -> tuple[Story, ...]:
    """An edition digest's stories, as the dump lists them (entries of another shape are
    left out: a story needs its list of paragraphs)."""
    if not isinstance(items, list):
        return ()
    stories: list[Story] = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("paragraphs"), list):
            continue
        stories.append(
            Story(
                title=_text(item.get("title")),
                source=_text(item.get("source")),
                paragraphs=tuple(p for p in item["paragraphs"] if isinstance(p, str)),
                submitter=_text(item.get("submitter")),
                byline=_text(item.get("byline")),
                image=_text(item.get("image")),
                complete=item.get("complete") is not False,
            )
        )
    return tuple(stories)


_PENDING = MoreStub(-1)
"""Holds a node's place until it is built (replies are built before their parent)."""


def _forest(items: list[Any]) -> tuple[tuple[Node, ...], int]:
    """The nested comments, built bottom-up without recursion; and how many were skipped."""
    entries: list[dict[str, Any]] = []
    kids: list[list[int]] = []
    top: list[int] = []
    skipped = 0
    stack: list[tuple[list[Any], list[int]]] = [(items, top)]
    while stack:
        level, siblings = stack.pop()
        for item in level:
            if not isinstance(item, dict) or not (_is_stub(item) or _is_comment(item)):
                skipped += 1
                continue
            index = len(entries)
            siblings.append(index)
            entries.append(item)
            kids.append([])
            replies = item.get("replies")
            if isinstance(replies, list) and replies and not _is_stub(item):
                stack.append((replies, kids[index]))
    ids = IdAllocator()
    built: list[Node] = [_PENDING] * len(entries)
    for index in range(len(entries) - 1, -1, -1):  # a reply always comes after its parent
        item = entries[index]
        if _is_stub(item):
            built[index] = MoreStub(item["more"], item.get("continue") is True)
            continue
        _, timestamp = utc_from_iso(item.get("timestamp"))
        author, body = item["author"], item["body"]
        given = item.get("id")
        markers = item.get("markers")
        score = item.get("score")
        built[index] = Comment(
            given if isinstance(given, str) else ids.make(author, timestamp, body),
            author,
            timestamp,
            body,
            tuple([built[k] for k in kids[index]]),
            score if is_int(score) else None,
            item.get("edited") is True,
            _text(item.get("state")) or "live",
            tuple(m for m in markers if isinstance(m, str)) if isinstance(markers, list) else (),
            _text(item.get("orphan")),
        )
    return tuple([built[k] for k in top]), skipped


def _is_stub(item: dict[str, Any]) -> bool:
    return is_int(item.get("more")) and item["more"] >= 0 and "author" not in item


def _is_comment(item: dict[str, Any]) -> bool:
    return isinstance(item.get("author"), str) and isinstance(item.get("body"), str)
