"""The thread model: small immutable records for an article and its comment forest.

No I/O and no Textual here. Every walk over the tree is iterative, so a reply chain
10,000 levels deep never meets Python's recursion limit.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal, Protocol, TypeVar, overload, runtime_checkable

from threadview.blake import blake2b

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

BlockKind = Literal["paragraph", "caption"]
SortOrder = Literal["oldest", "newest", "score"]


@dataclass(frozen=True, slots=True)
class ArticleBlock:
    """One block of the article: a paragraph or a photo caption.

    `role` refines a block without changing its kind: ``"title"`` for the title repeated
    as the first paragraph. ``None`` for ordinary article text.
    """

    kind: BlockKind
    text: str
    role: str | None = None


@dataclass(frozen=True, slots=True, eq=False)
class MoreStub:
    """Replies that exist on the site but are not in the file (Reddit's "more").

    `continued` is Reddit's "continue this thread" link: the replies are on another page
    and the site gave no count (`count` is then what the site said, usually 0).
    """

    count: int
    continued: bool = False

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, MoreStub)
            and other.count == self.count
            and other.continued == self.continued
        )

    def __hash__(self) -> int:
        return hash(("more", self.count, self.continued))


@dataclass(frozen=True, slots=True, eq=False)
class Comment:
    """A comment and its replies.

    `state` is ``"live"``, ``"deleted"``, ``"removed"`` or ``"dead"``; a deleted comment
    with live replies stays in the tree as a placeholder. `markers` holds site markers
    such as ``"op"``, ``"moderator"``, ``"admin"``, ``"stickied"``. `raw_body` is the body
    as the parser kept it (text, or UTF-8 bytes); read it through `body`. `orphan` is the
    site's id of the comment this one replies to when that comment is not in the file (a
    page saved with ``?context=`` or "continue this thread"), else None.
    """

    id: str
    author: str
    timestamp: datetime | None
    raw_body: str | bytes
    replies: Siblings = ()
    score: int | None = None
    edited: bool = False
    state: str = "live"
    markers: tuple[str, ...] = ()
    orphan: str | None = None

    @property
    def body(self) -> str:
        """The body text; parsers may keep it as UTF-8 bytes, which is a third or a
        quarter of the memory of a Python string holding emoji."""
        raw = self.raw_body
        return raw if isinstance(raw, str) else raw.decode("utf-8", "replace")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Comment):
            return NotImplemented
        return nodes_equal((self,), (other,))

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return (
            f"Comment(id={self.id!r}, author={self.author!r}, "
            f"timestamp={self.timestamp!r}, replies={len(self.replies)})"
        )


@dataclass(frozen=True, slots=True)
class Story:
    """One story of an edition digest: its title, where it is from, and its excerpt.

    `title` comes from the story's title line, else from its ``image for`` line. `byline`
    and `image` keep those lines as the page had them (``None`` when absent). `complete`
    is False when the excerpt never reached its closing ``»`` (the page was cut off).
    """

    title: str | None
    source: str | None
    paragraphs: tuple[str, ...]
    submitter: str | None = None
    byline: str | None = None
    image: str | None = None
    complete: bool = True


Node = Comment | MoreStub
Siblings = Sequence[Node]
"""A level of siblings: a tuple, or a sequence that makes its nodes when read (the text
layout's parser keeps an index into the file and makes comments on demand). Ask it what
the reader needs through `as_forest`."""


class FlatNodes(Protocol):
    """Every node of a forest in display (pre-)order, and the look-ups the reader makes
    over them; an index-backed forest answers these without making the nodes."""

    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, item: int) -> Node: ...
    @overload
    def __getitem__(self, item: slice) -> Sequence[Node]: ...
    def __iter__(self) -> Iterator[Node]: ...

    def stub_positions(self) -> set[int]:
        """The positions of the more-stubs."""
        ...

    def first_time(self) -> datetime | None:
        """The earliest comment time, or None when nothing is dated."""
        ...

    def body_sizes(self) -> tuple[Sequence[int], Sequence[int]]:
        """(body lengths, blank-line breaks), one of each per position: enough to guess a
        comment's height (a stub's pair means nothing)."""
        ...

    def subtree_ends(self, parents: Sequence[int]) -> Sequence[int]:
        """Where each position's subtree ends (one past its last reply's, at any depth),
        given each position's parent (`Forest.flatten`'s third part)."""
        ...

    def matching(self, needle: str) -> list[int]:
        """Positions of comments whose author or body contain `needle` (already casefolded)."""
        ...

    def matching_in(self, needle: str, start: int, stop: int) -> Iterator[int]:
        """`matching`'s positions from `start` up to `stop`, as they are found."""
        ...

    def matching_among(self, needle: str, positions: Iterable[int]) -> Iterator[int]:
        """Those of `positions` (ascending) that `matching` gives."""
        ...

    def candidates(self, needle: str, pause: Callable[[], bool]) -> Sequence[int] | None:
        """Ascending positions that `matching` could give (a superset, found faster than
        by asking each comment), with `pause` called now and then; None when any may, or
        when `pause` says stop."""
        ...

    def keyed_bodies(self) -> Iterator[tuple[Hashable, str]]:
        """(key, body) of every comment in display order; a comment's key is the same in
        every flattening of the same forest, whatever its order."""
        ...

    def positions_of_keys(self, keys: Collection[Hashable]) -> Sequence[int]:
        """The positions, in order, of the comments whose key is in `keys`."""
        ...

    def position_of(self, comment_id: str) -> int | None:
        """The position of the comment with this id."""
        ...

    def authored_by(self, author: str) -> list[int]:
        """Positions of the comments written by `author`, in order."""
        ...

    def position_of_comment(self, comment: Comment) -> int | None:
        """The position of a comment with the same id as `comment` (from another
        flattening of the same thread)."""
        ...

    def position_from(self, other: FlatNodes, position: int) -> int | None:
        """The position here of the comment at `position` in `other` (another flattening
        of the same thread); None for a stub, or a comment not here."""
        ...


@runtime_checkable
class Forest(Protocol):
    """What the reader may ask of a comment forest (its top level of siblings). The text
    layout's index-backed forest (`parsing/views.py`) is one; `as_forest` wraps any other
    level of siblings (the JSON parsers' tuples) in `NodeForest`."""

    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Node]: ...

    def resorted(self: _SomeForest, order: SortOrder) -> _SomeForest:
        """The same nodes with every level sorted `order`."""
        ...

    def flatten(self) -> tuple[FlatNodes, Sequence[int], Sequence[int]]:
        """Every node in pre-order, with its depth and its parent's position (-1 on top)."""
        ...

    def count_comments(self) -> int:
        """How many comments (not stubs) the whole forest holds."""
        ...

    def has_scores(self) -> bool:
        """Whether any comment carries the site's score (so "score" order means something)."""
        ...


_SomeForest = TypeVar("_SomeForest", bound=Forest)


def subtree_ends(parents: Sequence[int]) -> array[int]:
    """Where each pre-order position's subtree ends, from each position's parent: a
    subtree's end is its last reply's, worked out from the last position back."""
    count = len(parents)
    ends = array("i", range(1, count + 1))
    for position in range(count - 1, -1, -1):
        up = parents[position]
        if up >= 0 and ends[position] > ends[up]:
            ends[up] = ends[position]
    return ends


def as_forest(comments: Forest | Siblings) -> Forest:
    """`comments` as a `Forest`: itself when it is one, else wrapped in `NodeForest`."""
    return comments if isinstance(comments, Forest) else NodeForest(comments)


def ordered(comments: Siblings, order: SortOrder) -> Forest:
    """A thread's comments as a `Forest` in `order`, ready to flatten. Parsers give them
    oldest first, so that order costs nothing; another re-sorts."""
    forest = as_forest(comments)
    return forest if order == "oldest" else forest.resorted(order)


class NodeForest(Sequence[Node]):
    """A level of siblings held as plain nodes, behind the `Forest` contract."""

    __slots__ = ("_nodes",)

    def __init__(self, nodes: Siblings) -> None:
        self._nodes = nodes

    def __len__(self) -> int:
        return len(self._nodes)

    @overload
    def __getitem__(self, item: int) -> Node: ...
    @overload
    def __getitem__(self, item: slice) -> Sequence[Node]: ...
    def __getitem__(self, item: int | slice) -> Node | Sequence[Node]:
        return self._nodes[item]

    def __iter__(self) -> Iterator[Node]:
        return iter(self._nodes)

    def __repr__(self) -> str:
        return f"NodeForest({len(self._nodes)} nodes)"

    def resorted(self, order: SortOrder) -> NodeForest:
        return NodeForest(sorted_forest(self._nodes, order))

    def flatten(self) -> tuple[NodeList, array[int], array[int]]:
        nodes: list[Node] = []
        depths, parents = array("i"), array("i")
        stack: list[int] = []
        for depth, node in walk(self._nodes):
            del stack[depth:]
            nodes.append(node)
            depths.append(depth)
            parents.append(stack[-1] if stack else -1)
            stack.append(len(nodes) - 1)
        return NodeList(nodes), depths, parents

    def count_comments(self) -> int:
        return sum(1 for _ in iter_comments(self._nodes))

    def has_scores(self) -> bool:
        return any(comment.score is not None for comment in iter_comments(self._nodes))


class NodeList(Sequence[Node]):
    """Nodes in pre-order held in a list, behind the `FlatNodes` contract (each look-up
    reads the nodes)."""

    __slots__ = ("_ids", "_nodes")

    def __init__(self, nodes: list[Node]) -> None:
        self._nodes = nodes
        self._ids: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._nodes)

    @overload
    def __getitem__(self, item: int) -> Node: ...
    @overload
    def __getitem__(self, item: slice) -> list[Node]: ...
    def __getitem__(self, item: int | slice) -> Node | list[Node]:
        return self._nodes[item]

    def __iter__(self) -> Iterator[Node]:
        return iter(self._nodes)

    def stub_positions(self) -> set[int]:
        return {p for p, node in enumerate(self._nodes) if not isinstance(node, Comment)}

    def subtree_ends(self, parents: Sequence[int]) -> array[int]:
        return subtree_ends(parents)

    def first_time(self) -> datetime | None:
        stamps = (node.timestamp for node in self._nodes if isinstance(node, Comment))
        return min((stamp for stamp in stamps if stamp is not None), default=None)

    def body_sizes(self) -> tuple[Sequence[int], Sequence[int]]:
        sizes, breaks = array("q"), array("q")
        for node in self._nodes:
            if not isinstance(node, Comment):
                sizes.append(0)
                breaks.append(0)
                continue
            raw = node.raw_body  # not .body: no decoding for a guess (bytes count is near enough)
            sizes.append(len(raw))
            breaks.append(raw.count(b"\n\n") if isinstance(raw, bytes) else raw.count("\n\n"))
        return sizes, breaks

    def matching(self, needle: str) -> list[int]:
        return list(self.matching_in(needle, 0, len(self._nodes)))

    def matching_in(self, needle: str, start: int, stop: int) -> Iterator[int]:
        return self.matching_among(needle, range(max(0, start), min(stop, len(self._nodes))))

    def matching_among(self, needle: str, positions: Iterable[int]) -> Iterator[int]:
        nodes = self._nodes
        for position in positions:
            node = nodes[position]
            if isinstance(node, Comment) and (
                needle in node.body.casefold() or needle in node.author.casefold()
            ):
                yield position

    def candidates(self, needle: str, pause: Callable[[], bool]) -> None:
        return None  # the comments are made already: asking each is the fastest way

    def keyed_bodies(self) -> Iterator[tuple[Hashable, str]]:
        for node in self._nodes:
            if isinstance(node, Comment):
                yield node.id, node.body

    def positions_of_keys(self, keys: Collection[Hashable]) -> list[int]:
        if not keys:
            return []
        return [
            position
            for position, node in enumerate(self._nodes)
            if isinstance(node, Comment) and node.id in keys
        ]

    def position_of(self, comment_id: str) -> int | None:
        if self._ids is None:
            self._ids = {
                node.id: position
                for position, node in enumerate(self._nodes)
                if isinstance(node, Comment)
            }
        return self._ids.get(comment_id)

    def position_of_comment(self, comment: Comment) -> int | None:
        return self.position_of(comment.id)

    def position_from(self, other: FlatNodes, position: int) -> int | None:
        node = other[position]
        return self.position_of(node.id) if isinstance(node, Comment) else None

    def authored_by(self, author: str) -> list[int]:
        return [
            position
            for position, node in enumerate(self._nodes)
            if isinstance(node, Comment) and node.author == author
        ]


@dataclass(frozen=True, slots=True, eq=False)
class Thread:
    """A parsed thread: the article, its byline facts, and the comment forest (or, for an
    edition digest, its stories). Two threads are equal when everything but the parse
    warnings is."""

    format: str
    title: str | None
    source: str | None
    submitter: str | None
    article: tuple[ArticleBlock, ...]
    comments: Siblings
    warnings: tuple[str, ...] = ()
    byline: str | None = None
    image: str | None = None
    url: str | None = None
    extra: dict[str, object] = field(default_factory=dict)
    stories: tuple[Story, ...] = ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Thread):
            return NotImplemented
        return (
            self.format == other.format
            and self.title == other.title
            and self.source == other.source
            and self.submitter == other.submitter
            and self.byline == other.byline
            and self.image == other.image
            and self.url == other.url
            and self.extra == other.extra
            and self.article == other.article
            and self.stories == other.stories
            and nodes_equal(self.comments, other.comments)
        )

    __hash__ = None  # type: ignore[assignment]  # equal threads may differ: unhashable

    def __repr__(self) -> str:
        return (
            f"Thread(format={self.format!r}, title={self.title!r}, "
            f"comments={count_comments(self.comments)})"
        )


def _shallow_equal(a: Node, b: Node) -> bool:
    if isinstance(a, MoreStub) or isinstance(b, MoreStub):
        return a == b
    return (
        a.id == b.id
        and a.author == b.author
        and a.timestamp == b.timestamp
        and _same_body(a, b)
        and len(a.replies) == len(b.replies)
        and a.score == b.score
        and a.edited == b.edited
        and a.state == b.state
        and a.markers == b.markers
    )


def _same_body(a: Comment, b: Comment) -> bool:
    if type(a.raw_body) is type(b.raw_body):
        return a.raw_body == b.raw_body
    return a.body == b.body


def nodes_equal(left: Siblings, right: Siblings) -> bool:
    """Whether two forests have the same shape and the same comments, field by field."""
    if len(left) != len(right):
        return False
    stack = [(left, right)]
    while stack:
        xs, ys = stack.pop()
        for x, y in zip(xs, ys, strict=True):
            if not _shallow_equal(x, y):
                return False
            if isinstance(x, Comment) and isinstance(y, Comment) and x.replies:
                stack.append((x.replies, y.replies))
    return True


def walk(nodes: Iterable[Node]) -> Iterator[tuple[int, Node]]:
    """Yield ``(depth, node)`` in pre-order, without recursion."""
    stack: list[tuple[int, Iterator[Node]]] = [(0, iter(nodes))]
    while stack:
        depth, it = stack[-1]
        node = next(it, None)
        if node is None:
            stack.pop()
            continue
        yield depth, node
        if isinstance(node, Comment) and node.replies:
            stack.append((depth + 1, iter(node.replies)))


def iter_comments(nodes: Iterable[Node]) -> Iterator[Comment]:
    """Every comment in pre-order (stubs left out)."""
    for _, node in walk(nodes):
        if isinstance(node, Comment):
            yield node


def count_comments(nodes: Iterable[Node]) -> int:
    """How many comments (not stubs) the forest holds."""
    if isinstance(nodes, Forest):  # an index-backed forest counts without making comments
        return nodes.count_comments()
    return sum(1 for _ in iter_comments(nodes))


def max_depth(nodes: Iterable[Node]) -> int:
    """The deepest level in the forest (0 for top-level only, -1 when empty)."""
    return max((depth for depth, _ in walk(nodes)), default=-1)


def _stamp_of(node: Node) -> datetime | None:
    return node.timestamp if isinstance(node, Comment) else None


def _in_order(nodes: list[Node] | tuple[Node, ...], order: SortOrder) -> bool:
    previous = None
    for node in nodes:
        stamp = node.timestamp if isinstance(node, Comment) else None
        if stamp is None:
            return False
        if previous is not None and (stamp < previous if order == "oldest" else stamp > previous):
            return False
        previous = stamp
    return True


def sort_siblings(nodes: Iterable[Node], order: SortOrder) -> tuple[Node, ...]:
    """One level of siblings by timestamp in `order` (undated last), or by score, highest
    first with ties oldest first (unscored last); input order on remaining ties."""
    nodes = nodes if isinstance(nodes, (list, tuple)) else list(nodes)
    if order == "score":
        return _by_score(nodes)
    if _in_order(nodes, order):
        return tuple(nodes)
    dated = [node for node in nodes if _stamp_of(node) is not None]
    undated = [node for node in nodes if _stamp_of(node) is None] if len(dated) < len(nodes) else ()
    # sorted() is stable, and stays stable with reverse=True, so ties keep input order.
    dated.sort(key=_stamp_of, reverse=(order == "newest"))  # type: ignore[arg-type]  # all dated
    return (*dated, *undated)


def _score_key(node: Comment) -> tuple[int, bool, datetime | int]:
    stamp = node.timestamp
    return (-(node.score or 0), stamp is None, 0 if stamp is None else stamp)


def _by_score(nodes: list[Node] | tuple[Node, ...]) -> tuple[Node, ...]:
    scored = [node for node in nodes if isinstance(node, Comment) and node.score is not None]
    rest = [node for node in nodes if not isinstance(node, Comment) or node.score is None]
    scored.sort(key=_score_key)
    return (*scored, *rest)


def _rebuild(
    nodes: Siblings, arrange: Callable[[list[Node]], tuple[Node, ...]]
) -> tuple[Node, ...]:
    """Rebuild a forest bottom-up without recursion; `arrange` orders each level of
    siblings (given in input order)."""
    flat = list(walk(nodes))
    children: list[list[Node]] = [[] for _ in flat]
    top: list[Node] = []
    parents: list[int] = []
    depth_stack: list[int] = []
    for index, (depth, _) in enumerate(flat):
        del depth_stack[depth:]
        parents.append(depth_stack[-1] if depth_stack else -1)
        depth_stack.append(index)
    for index in range(len(flat) - 1, -1, -1):
        node = flat[index][1]
        if isinstance(node, Comment) and node.replies:
            kids = children[index]
            kids.reverse()
            node = _with_replies(node, arrange(kids))
        parent = parents[index]
        (children[parent] if parent >= 0 else top).append(node)
    top.reverse()
    return arrange(top)


def has_scores(thread: Thread | Siblings) -> bool:
    """Whether any comment of a thread (or forest) carries the site's score, so "score"
    order means something; an index-backed forest answers without making its comments."""
    nodes = thread.comments if isinstance(thread, Thread) else thread
    if isinstance(nodes, Forest):
        return nodes.has_scores()
    return any(comment.score is not None for comment in iter_comments(nodes))


def effective_order(nodes: Siblings, order: SortOrder) -> SortOrder:
    """`order`, except "score" on a forest without scores, which sorts oldest first."""
    return "oldest" if order == "score" and not has_scores(nodes) else order


def sorted_forest(nodes: Siblings, order: SortOrder = "oldest") -> Siblings:
    """The forest with every level of siblings sorted in `order` ("score" falls back to
    "oldest" when no comment has a score: see `effective_order`)."""
    order = effective_order(nodes, order)
    if isinstance(nodes, Forest):  # an index-backed forest re-sorts without making comments
        return nodes.resorted(order)
    return _rebuild(nodes, lambda kids: sort_siblings(kids, order))


def _with_replies(node: Comment, replies: tuple[Node, ...]) -> Comment:
    return replace(node, replies=replies)


def sorted_thread(thread: Thread, order: SortOrder = "oldest") -> Thread:
    """The same thread with its comments sorted in `order` (see `sorted_forest`)."""
    return replace(thread, comments=sorted_forest(thread.comments, order))


_BLANK_LINE = re.compile(r"^[ \t\f\v]+$", re.MULTILINE)
_NEWLINES = re.compile(r"\r\n|\r")


def normalize_body(text: str) -> str:
    """A body as the text layout keeps it: LF line ends, blank lines empty, no blank
    lines at either end. Every parser passes bodies through this, so a thread written
    out as text and read back is equal to the original."""
    if "\r" in text:
        text = _NEWLINES.sub("\n", text)
    if " \n" in text or "\t\n" in text or "\f" in text or "\v" in text or text[-1:] in " \t":
        text = _BLANK_LINE.sub("", text)
    return text.strip("\n")


def iso_utc(timestamp: datetime | None) -> str:
    """The timestamp as ``2019-11-08T02:00:00Z`` (empty for None)."""
    if timestamp is None:
        return ""
    # isoformat() is several times faster than formatting six fields; [:19] drops "+00:00".
    return timestamp.isoformat(timespec="seconds")[:19] + "Z"


def minute_utc(timestamp: datetime | None) -> str:
    """The timestamp to the minute, as ``2019-11-08 02:00`` (empty for None)."""
    return iso_utc(timestamp)[:16].replace("T", " ")


def comment_id(author: str, timestamp: datetime | None, body: str | bytes) -> str:
    """A comment's stable id: a hash of author, UTC timestamp and body.

    The same comment in a re-saved or moved file gets the same id, so bookmarks find it.
    """
    return _hash_id(author, iso_utc(timestamp), body)


def _hash_id(author: str, stamp: str, body: str | bytes) -> str:
    digest = blake2b(f"{author}\x00{stamp}\x00".encode("utf-8", "surrogatepass"), digest_size=8)
    digest.update(body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()  # fed in two parts: a giant body is not copied to be hashed


def content_ids(records: Iterable[tuple[str, datetime | None, str | bytes]]) -> list[str]:
    """`comment_id` for many comments at once (the parsers' fast path). Duplicates are
    left alike here; `IdAllocator` numbers them."""
    stamps: dict[datetime | None, str] = {None: ""}
    blake = blake2b
    made: list[str] = []
    for author, timestamp, body in records:
        stamp = stamps.get(timestamp)
        if stamp is None:
            stamp = stamps[timestamp] = iso_utc(timestamp)
        head = f"{author}\x00{stamp}\x00".encode("utf-8", "surrogatepass")
        tail = body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass")
        made.append(blake(head + tail, digest_size=8).hexdigest())
    return made


class IdAllocator:
    """Hands out stable ids for one thread, numbering exact duplicates (``~2``...) in
    the order asked. Ask in the sorted pre-order so ids survive a round trip through the
    text layout."""

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def make(self, author: str, timestamp: datetime | None, body: str) -> str:
        return self.claim(comment_id(author, timestamp, body))

    def make_many(self, records: Iterable[tuple[str, datetime | None, str]]) -> list[str]:
        return [self.claim(base) for base in content_ids(records)]

    def claim(self, base: str) -> str:
        """`base` itself the first time, then ``base~2``, ``base~3``..."""
        if base not in self._seen:
            self._seen.add(base)
            return base
        count = 2
        while f"{base}~{count}" in self._seen:
            count += 1
        made = f"{base}~{count}"
        self._seen.add(made)
        return made
