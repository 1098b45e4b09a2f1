"""Reads a JSON thread file that was cut short (a download that stopped): what is complete.

`recover` walks down the document by hand only along the path to the cut: every member
that decodes whole is decoded by the C scanner in one call, and a member that does not
(it runs into the cut) is opened by hand and walked in turn. What it returns is the
document up to the last complete member, with the containers on the path (each the last
value of the one before) closed, so a site's pruning can drop the records on that path
that lost their body and keep their complete replies.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from threadview.parsing import hn, reddit
from threadview.parsing.jsonscan import scanstring, value_scanner

_WS = re.compile(r"[ \t\n\r]*")
_BARE = re.compile(r"[^ \t\n\r,\]}]*")
_CLOSER = {dict: "}", list: "]"}
_HN_BODY = ("text", "content", "comment_text")
_HN_TIME = ("time", "created_at", "created_at_i")


@dataclass(frozen=True, slots=True)
class CutDocument:
    """A cut-off document closed at its last complete value: the decoded `doc`, the
    containers that were cut (`path`, root first), and how long the text was."""

    doc: object
    path: tuple[object, ...]
    length: int
    ids: frozenset[int]
    """`id()` of each container in `path` (they stay alive as long as `path` does)."""

    def is_cut(self, value: object) -> bool:
        """Whether `value` is one of the containers the cut went through."""
        return id(value) in self.ids


class _NotCut(Exception):
    """The text is whole, or broken somewhere other than at its end."""


def recover(text: str) -> CutDocument | None:
    """The complete part of a JSON document cut off before its end, or None when `text`
    is not that (complete, or broken somewhere other than at its end)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        root, path = _walk(text)
    except _NotCut:
        return None
    length = len(text.encode("utf-8", "surrogatepass"))
    return CutDocument(root, path, length, frozenset(map(id, path)))


def _walk(text: str) -> tuple[object, tuple[object, ...]]:
    """The document up to the cut, and the containers open there (root first)."""
    end = len(text)
    scan = value_scanner()
    pos = skip_ws(text, 0)
    if text[pos : pos + 1] not in ("{", "["):
        raise _NotCut
    root: dict[str, Any] | list[Any] = {} if text[pos] == "{" else []
    frames: list[dict[str, Any] | list[Any]] = [root]
    pos += 1
    member = "first"  # what comes next in frames[-1]: "first", "next" (after a comma), "done"
    deep = False  # the C scanner ran out of stack once: open every container by hand
    while True:
        top = frames[-1]
        pos = skip_ws(text, pos)
        if pos >= end:
            break
        char = text[pos]
        if member == "done" or (member == "first" and char in "}]"):
            if char == "," and member == "done":
                pos, member = pos + 1, "next"
                continue
            if char != _CLOSER[type(top)]:
                raise _NotCut
            frames.pop()
            if not frames:
                raise _NotCut  # the whole document is here
            pos, member = pos + 1, "done"
            continue
        key = None
        if type(top) is dict:
            if char != '"':
                raise _NotCut
            try:
                key, pos = scanstring(text, pos + 1)
            except json.JSONDecodeError as error:
                _check_cut_string(error, end)
                break
            pos = skip_ws(text, pos)
            if pos < end and text[pos] != ":":
                raise _NotCut
            pos = skip_ws(text, pos + 1)
            if pos >= end:
                break
            char = text[pos]
        if char in "{[" and deep:
            value: object = None
        else:
            try:
                value, after = scan(text, pos)
            except RecursionError:
                deep, value = True, None
            except (StopIteration, json.JSONDecodeError) as error:
                value = None
                if char not in "{[":
                    _check_cut_value(text, pos, error)
                    break
            else:
                if after >= end and char not in '{["':
                    break  # a number or word at the very end may itself be cut ("12" of "123")
                _attach(top, key, value)
                pos, member = after, "done"
                continue
        if char not in "{[":
            raise _NotCut
        opened: dict[str, Any] | list[Any] = {} if char == "{" else []
        _attach(top, key, opened)
        frames.append(opened)
        pos, member = pos + 1, "first"
    return root, tuple(frames)


def skip_ws(text: str, pos: int) -> int:
    """The position past any whitespace at `pos` (the pattern also matches nothing)."""
    match = _WS.match(text, pos)  # `[ \t\n\r]*` always matches
    return match.end() if match else pos


def _attach(container: dict[str, Any] | list[Any], key: str | None, value: object) -> None:
    if isinstance(container, dict):
        container[key] = value  # type: ignore[index]  # a dict's frame always has a key
    else:
        container.append(value)


def _check_cut_string(error: json.JSONDecodeError, end: int) -> None:
    """A string that fails to decode is the cut only if it runs to the end."""
    if not error.msg.startswith("Unterminated string") and error.pos < end - 6:
        raise _NotCut


def _check_cut_value(text: str, pos: int, error: Exception) -> None:
    """A string or bare word that fails to decode is the cut only if it runs to the end."""
    if text[pos] == '"':
        if isinstance(error, json.JSONDecodeError):
            _check_cut_string(error, len(text))
        return
    bare = _BARE.match(text, pos)
    if bare is None or bare.end() < len(text):
        raise _NotCut


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
            if not cut.is_cut(data):
                continue
            holder.pop()
            replies = data.get("replies")
            inner = replies.get("data") if isinstance(replies, dict) else None
            children = inner.get("children") if isinstance(inner, dict) else None
            holder.extend(children if isinstance(children, list) else [])
        elif kind != "more" or not isinstance(data, dict) or cut.is_cut(data):
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
        and cut.is_cut(_last_value(root))
    ):
        if isinstance(root, list):
            root.pop()
        else:
            root.popitem()


def _hn_complete(item: dict[str, Any]) -> bool:
    if item.get("deleted") is True:
        return "id" in item
    return any(key in item for key in _HN_BODY) and any(key in item for key in _HN_TIME)
