"""What changed between two saves of a thread: added, removed, edited and moved comments.

Comment ids are a hash of author, time and body, so an edited comment gets a new id.
Matching is therefore in two steps: first by id (the same comment; a different parent
means the reply moved), then what is left by author and timestamp (an edit: same author,
same time, different body; several leftovers with the same author and time pair in
order). Undated comments are only matched by id. Pure: no I/O.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from threadview.model import Comment, Node, Thread


@dataclass(frozen=True, slots=True)
class Entry:
    """A comment as the comparison sees it: where it hangs and what it says."""

    id: str
    parent: str | None
    author: str
    timestamp: datetime | None
    body: str


@dataclass(frozen=True, slots=True)
class Edit:
    old: Entry
    new: Entry


@dataclass(frozen=True, slots=True)
class Move:
    """The same comment under a different parent (None: top level)."""

    entry: Entry
    old_parent: str | None
    new_parent: str | None


@dataclass(slots=True)
class ThreadDiff:
    added: list[Entry] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)
    edited: list[Edit] = field(default_factory=list)
    moved: list[Move] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return not (self.added or self.removed or self.edited or self.moved)


def entries(nodes: Iterable[Node]) -> list[Entry]:
    """Every comment in pre-order with its parent's id, without recursion."""
    found: list[Entry] = []
    stack: list[tuple[str | None, list[Node]]] = [(None, list(reversed(list(nodes))))]
    while stack:
        parent, pending = stack[-1]
        if not pending:
            stack.pop()
            continue
        node = pending.pop()
        if not isinstance(node, Comment):
            continue
        found.append(Entry(node.id, parent, node.author, node.timestamp, node.body))
        if node.replies:
            stack.append((node.id, list(reversed(list(node.replies)))))
    return found


def compare(old: Thread, new: Thread) -> ThreadDiff:
    """The changes that take `old` to `new`."""
    before = entries(old.comments)
    after = entries(new.comments)
    new_ids = {entry.id for entry in after}
    old_ids = {entry.id for entry in before}
    left = [entry for entry in before if entry.id not in new_ids]
    came = [entry for entry in after if entry.id not in old_ids]
    result = ThreadDiff()
    waiting: dict[tuple[str, datetime], list[Entry]] = defaultdict(list)
    for entry in left:
        if entry.timestamp is None:
            result.removed.append(entry)
        else:
            waiting[(entry.author, entry.timestamp)].append(entry)
    renamed: dict[str, str] = {}
    for entry in came:
        queue = waiting.get((entry.author, entry.timestamp)) if entry.timestamp else None
        if queue:
            earlier = queue.pop(0)
            result.edited.append(Edit(earlier, entry))
            renamed[earlier.id] = entry.id
        else:
            result.added.append(entry)
    result.removed.extend(entry for queue in waiting.values() for entry in queue)
    order = {entry.id: index for index, entry in enumerate(before)}
    result.removed.sort(key=lambda entry: order[entry.id])
    old_parent = {entry.id: entry.parent for entry in before}
    earlier_of = {new_id: old_id for old_id, new_id in renamed.items()}
    for entry in after:
        earlier_id = earlier_of.get(entry.id, entry.id)
        if earlier_id not in old_parent:
            continue
        was = old_parent[earlier_id]
        was = renamed.get(was, was) if was is not None else None
        if was != entry.parent:
            result.moved.append(Move(entry, was, entry.parent))
    return result
