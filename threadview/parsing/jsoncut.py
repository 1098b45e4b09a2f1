"""Reads a JSON thread file that was cut short (a download that stopped): what is complete.

`recover` scans the text once, remembers the last place where a value had just ended
(or a container had just opened) and the containers open there, and closes them: the
document as it was up to that point. The containers it had to close are the path from
the root to the cut (each the last value of the one before), so a site's pruning can
drop the records on that path that lost their body and keep their complete replies.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from threadview.parsing import hn, reddit

_TOKEN = re.compile(
    r'[ \t\n\r]*(?:("(?:[^"\\]|\\.)*")|([{}\[\],:])|([^ \t\n\r{}\[\],:"]+)|("))', re.S
)
"""One token: a whole string, a mark, a bare word (number, true...), or a string's
opening quote that never closes (the cut is inside that string)."""
_CLOSER = {"{": "}", "[": "]"}
_HN_BODY = ("text", "content", "comment_text")
_HN_TIME = ("time", "created_at", "created_at_i")


@dataclass(frozen=True, slots=True)
class CutDocument:
    """A cut-off document closed at its last complete value: the decoded `doc`, the
    containers that were cut (`path`, root first), and how long the text was."""

    doc: object
    path: tuple[object, ...]
    length: int


def recover(text: str) -> CutDocument | None:
    """The complete part of a JSON document cut off before its end, or None when `text`
    is not that (complete, or broken somewhere other than at its end)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    stack: list[str] = []
    expect: list[str] = []  # per open container: "key", "colon", "value" or "comma"
    safe, safe_depth = 0, 0
    pos, end = 0, len(text)
    while True:
        match = _TOKEN.match(text, pos)
        if match is None:
            if text[pos:].strip():
                return None
            break
        string, mark, bare, lone_quote = match.groups()
        if lone_quote is not None:  # a string that never ends: the cut is inside it
            break
        pos = match.end()
        state = expect[-1] if expect else "value"
        if mark in ("{", "["):
            if state != "value" or (not stack and safe):
                return None
            stack.append(mark)
            expect.append("key" if mark == "{" else "value")
            safe, safe_depth = pos, len(stack)
            continue
        if mark in ("}", "]"):
            if not stack or _CLOSER[stack[-1]] != mark or state not in ("comma", "key", "value"):
                return None
            stack.pop()
            expect.pop()
        elif mark == ",":
            if state != "comma":
                return None
            expect[-1] = "key" if stack[-1] == "{" else "value"
            continue
        elif mark == ":":
            if state != "colon":
                return None
            expect[-1] = "value"
            continue
        elif state == "key":
            if string is None:
                return None
            expect[-1] = "colon"
            continue
        elif state != "value":
            return None
        elif bare is not None and pos == end:
            break  # a number or word at the very end may itself be cut ("12" of "123")
        if not stack:
            return None  # a whole value: not cut off (or extra data after it)
        expect[-1] = "comma"
        safe, safe_depth = pos, len(stack)
    if not stack or not safe:
        return None
    open_now = stack[:safe_depth]
    closers = "".join(_CLOSER[char] for char in reversed(open_now))
    try:
        from threadview.parsing.jsonload import loads

        doc = loads(text[:safe] + closers)
    except (json.JSONDecodeError, RecursionError, ValueError):
        return None
    path: list[object] = []
    node: object = doc
    for _ in open_now:
        path.append(node)
        node = _last_value(node)
    return CutDocument(doc, tuple(path), len(text.encode("utf-8", "surrogatepass")))


def prune(cut: CutDocument) -> tuple[str, str] | None:
    """Prune a cut document for its site; returns the site (``"reddit"`` or ``"hn"``)
    and the shape to parse it as, or None when it is neither site's."""
    doc = cut.doc
    root = doc[0] if isinstance(doc, list) and doc else doc
    if isinstance(root, dict) and root.get("kind") == "Listing":
        prune_reddit(cut)
        kind = reddit.shape(cut.doc)
        return ("reddit", kind) if kind else None
    prune_hn(cut)
    kind = hn.shape(doc)
    if kind is None and isinstance(doc, dict) and isinstance(doc.get("children"), list):
        kind = "algolia"  # Algolia's keys are sorted: a cut inside `children` loses `id`
    return ("hn", kind) if kind else None


def _last_value(container: object) -> object:
    if isinstance(container, list):
        return container[-1] if container else None
    if isinstance(container, dict) and container:
        return next(reversed(container.values()))
    return None


def _is_cut(value: object, path: tuple[object, ...]) -> bool:
    return any(value is item for item in path)


def prune_reddit(cut: CutDocument) -> None:
    """Drop the Reddit records the cut went through; a dropped comment's complete replies
    take its place (their parent is not in the file). The post is kept as far as it goes."""
    path = cut.path
    for depth in range(len(path) - 1, 0, -1):
        thing, holder = path[depth], path[depth - 1]
        if not isinstance(thing, dict) or not isinstance(holder, list) or holder[-1:] != [thing]:
            continue
        data = thing.get("data")
        kind = thing.get("kind")
        if kind == "Listing" or (kind == "t3" and isinstance(data, dict)):
            continue
        if kind == "t1" and isinstance(data, dict):
            # Any cut comment goes: its last fields (`body_html`) say how its body is escaped.
            if not _is_cut(data, path):
                continue
            holder.pop()
            replies = data.get("replies")
            inner = replies.get("data") if isinstance(replies, dict) else None
            children = inner.get("children") if isinstance(inner, dict) else None
            holder.extend(children if isinstance(children, list) else [])
        elif kind != "more" or not isinstance(data, dict) or _is_cut(data, path):
            holder.pop()
    doc = cut.doc
    if isinstance(doc, list) and 1 <= len(doc) <= 2:
        comments = doc[1] if len(doc) == 2 else None
        data = comments.get("data") if isinstance(comments, dict) else None
        if not isinstance(data, dict) or not isinstance(data.get("children"), list):
            doc[1:] = [{"kind": "Listing", "data": {"children": []}}]


def prune_hn(cut: CutDocument) -> None:
    """Drop the HN items the cut went through that lost their text or time; a dropped
    item's complete replies (Algolia's `children`) take its place."""
    path = cut.path
    for depth in range(len(path) - 1, 0, -1):
        item, holder = path[depth], path[depth - 1]
        if not isinstance(item, dict) or _hn_complete(item):
            continue
        if isinstance(holder, list) and holder[-1:] == [item]:
            holder.pop()
            children = item.get("children")
            holder.extend(children if isinstance(children, list) else [])
        elif isinstance(holder, dict) and holder and _last_value(holder) is item:
            del holder[next(reversed(holder))]
    root = cut.doc
    # An item cut before a key its shape needs (`type`) would hide the whole list.
    if (
        isinstance(root, (list, dict))
        and root
        and "children" not in root
        and hn.shape(root) is None
        and _is_cut(_last_value(root), path)
    ):
        if isinstance(root, list):
            root.pop()
        else:
            root.popitem()


def _hn_complete(item: dict) -> bool:
    if item.get("deleted") is True:
        return "id" in item
    return any(key in item for key in _HN_BODY) and any(key in item for key in _HN_TIME)
