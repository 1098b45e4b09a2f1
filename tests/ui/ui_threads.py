"""Hand-built threads for the UI tests (model objects, no parser involved)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from threadview.model import ArticleBlock, Comment, IdAllocator, MoreStub, Node, Thread

START = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)


def build(spec: list, allocator: IdAllocator | None = None, clock: list[int] | None = None):
    """Comments from nested lists: ("author", "body", [replies]) or an int for a stub."""
    allocator = allocator or IdAllocator()
    clock = clock if clock is not None else [0]
    nodes: list[Node] = []
    for item in spec:
        if isinstance(item, int):
            nodes.append(MoreStub(item))
            continue
        author, body, replies = item
        clock[0] += 1
        stamp = START + timedelta(minutes=7 * clock[0])
        kids = tuple(build(replies, allocator, clock))
        nodes.append(Comment(allocator.make(author, stamp, body), author, stamp, body, kids))
    return nodes


NESTED = [
    (
        "alice",
        "A: the first top-level comment about the harbour.",
        [
            (
                "bob",
                "A1: a reply to alice.",
                [
                    (
                        "carol",
                        "A1a: deeper, mentions a lighthouse.",
                        [
                            ("dave", "A1a-i: deepest reply.", []),
                        ],
                    ),
                ],
            ),
            ("erin", "A2: second reply to alice.", []),
        ],
    ),
    (
        "frank",
        "B: second top-level comment.",
        [
            ("grace", "B1: reply to frank about the lighthouse.", []),
            2,
        ],
    ),
    ("heidi", "C: third top-level comment, no replies.", []),
]


def nested_thread(**extra: object) -> Thread:
    """Three top-level threads, replies four levels deep, a stub, two captions."""
    article = (
        ArticleBlock("paragraph", "The harbour council met on Tuesday."),
        ArticleBlock("caption", "The lighthouse at dusk"),
        ArticleBlock("paragraph", "They voted to keep the light on."),
    )
    return Thread(
        "text",
        "Harbour vote",
        "example.org",
        "tester",
        article,
        tuple(build(NESTED)),
        extra=dict(extra),
    )


def long_thread(count: int = 120) -> Thread:
    """`count` top-level comments, each two lines long, for paging tests."""
    spec = [
        (f"user{n}", f"Comment number {n}.\n\nSecond paragraph of {n}.", []) for n in range(count)
    ]
    return Thread("text", "Long", None, None, (), tuple(build(spec)))
