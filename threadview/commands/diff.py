"""`threadview diff OLD NEW`: what changed between two saves of a thread (see
`threadview.compare` for how comments are matched). Text on a terminal, JSON when piped.
Exit 0 when the saves hold the same comments, 1 when they differ (as diff(1) does)."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from threadview.clip import clip
from threadview.commands.output import one_line, wants_text
from threadview.compare import Edit, Entry, Move, ThreadDiff, compare
from threadview.model import Thread, count_comments, iso_utc, minute_utc
from threadview.parsing import load_path

EXIT_SAME, EXIT_DIFFERENT = 0, 1
_EXCERPT = 72


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Read both files (ParseError leaves for the caller: exit 2), compare, print."""
    old = load_path(args.old, args.from_name)
    new = load_path(args.new, args.from_name)
    changes = compare(old, new)
    if wants_text(args, out):
        out.write(_as_text(args.old, old, args.new, new, changes))
    else:
        out.write(json.dumps(_as_json(args.old, old, args.new, new, changes), indent=1) + "\n")
    out.flush()
    return EXIT_SAME if changes.same else EXIT_DIFFERENT


def _who(entry: Entry) -> str:
    when = minute_utc(entry.timestamp) or "undated"
    return f"{one_line(entry.author) or 'unknown'} · {when} · #{entry.id}"


def _excerpt(body: str) -> str:
    return clip(one_line(body), _EXCERPT)


def _parent(parent: str | None) -> str:
    return f"#{parent}" if parent else "top level"


def _as_text(old_name: str, old: Thread, new_name: str, new: Thread, changes: ThreadDiff) -> str:
    lines = [
        f"old: {one_line(old_name)} ({count_comments(old.comments)} comments)",
        f"new: {one_line(new_name)} ({count_comments(new.comments)} comments)",
    ]
    if old.title != new.title:
        lines.append(f"title: {one_line(old.title or '')} -> {one_line(new.title or '')}")
    for entry in changes.added:
        lines.append(f"+ added    {_who(entry)}\n      {_excerpt(entry.body)}")
    for entry in changes.removed:
        lines.append(f"- removed  {_who(entry)}\n      {_excerpt(entry.body)}")
    for edit in changes.edited:
        lines.append(
            f"~ edited   {_who(edit.new)} (was #{edit.old.id})\n"
            f"      was: {_excerpt(edit.old.body)}\n      now: {_excerpt(edit.new.body)}"
        )
    for move in changes.moved:
        lines.append(
            f"> moved    {_who(move.entry)}: from {_parent(move.old_parent)}"
            f" to {_parent(move.new_parent)}"
        )
    lines.append(
        f"{len(changes.added)} added, {len(changes.removed)} removed, "
        f"{len(changes.edited)} edited, {len(changes.moved)} moved"
    )
    return "\n".join(lines) + "\n"


def _entry(entry: Entry) -> dict[str, object]:
    return {
        "id": entry.id,
        "parent": entry.parent,
        "author": entry.author,
        "timestamp": iso_utc(entry.timestamp) or None,
        "body": entry.body,
    }


def _edit(edit: Edit) -> dict[str, object]:
    return {"old": _entry(edit.old), "new": _entry(edit.new)}


def _move(move: Move) -> dict[str, object]:
    return {**_entry(move.entry), "old_parent": move.old_parent, "new_parent": move.new_parent}


def _as_json(
    old_name: str, old: Thread, new_name: str, new: Thread, changes: ThreadDiff
) -> dict[str, object]:
    return {
        "old": {"path": old_name, "title": old.title, "comments": count_comments(old.comments)},
        "new": {"path": new_name, "title": new.title, "comments": count_comments(new.comments)},
        "same": changes.same,
        "added": [_entry(e) for e in changes.added],
        "removed": [_entry(e) for e in changes.removed],
        "edited": [_edit(e) for e in changes.edited],
        "moved": [_move(m) for m in changes.moved],
    }
