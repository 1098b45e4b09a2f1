"""Write a Thread out: JSON for tools, or the text layout (which parses back to the same tree)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import TextIO

from threadview.model import MONTH_NAMES, Comment, MoreStub, Node, Thread, walk
from threadview.parsing.replies import CONTINUE_LINE
from threadview.parsing.scraped import is_header_line

TextAnnotator = Callable[[str], dict[str, object]]


def _stamp(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else None


def _comment_fields(node: Comment, annotate: TextAnnotator | None) -> dict[str, object]:
    fields: dict[str, object] = {
        "id": node.id,
        "author": node.author,
        "timestamp": _stamp(node.timestamp),
        "body": node.body,
    }
    if node.score is not None:
        fields["score"] = node.score
    if node.edited:
        fields["edited"] = True
    if node.state != "live":
        fields["state"] = node.state
    if node.markers:
        fields["markers"] = list(node.markers)
    if node.orphan is not None:
        fields["orphan"] = node.orphan
    if annotate is not None:
        fields.update(annotate(node.body))
    return fields


def write_forest(nodes: tuple[Node, ...], out: TextIO, annotate: TextAnnotator | None) -> None:
    """Stream the forest as nested JSON without recursion (json.dumps recurses in C)."""
    out.write("[")
    has_items = [False]
    for depth, node in walk(nodes):
        while len(has_items) > depth + 1:
            out.write("]}")
            has_items.pop()
        if has_items[-1]:
            out.write(", ")
        has_items[-1] = True
        if isinstance(node, MoreStub):
            stub: dict[str, object] = {"more": node.count}
            if node.continued:
                stub["continue"] = True
            out.write(json.dumps(stub))
            continue
        head = json.dumps(_comment_fields(node, annotate), ensure_ascii=False)
        out.write(head[:-1] + ', "replies": [')
        if node.replies:
            has_items.append(False)
        else:
            out.write("]}")
    while len(has_items) > 1:
        out.write("]}")
        has_items.pop()
    out.write("]")


def write_json(
    thread: Thread,
    out: TextIO,
    annotate: TextAnnotator | None = None,
    sources: list[dict[str, object]] | None = None,
) -> None:
    """The documented dump: format, title, source, submitter, article, comments, warnings."""
    head: dict[str, object] = {
        "format": thread.format,
        "title": thread.title,
        "source": thread.source,
        "submitter": thread.submitter,
        "byline": thread.byline,
        "image": thread.image,
        "url": thread.url,
    }
    if thread.extra:
        head["extra"] = {k: v for k, v in thread.extra.items() if _is_plain(v)}
    article = []
    for block in thread.article:
        item: dict[str, object] = {"kind": block.kind, "text": block.text}
        if block.role:
            item["role"] = block.role
        if annotate is not None:
            item.update(annotate(block.text))
        article.append(item)
    head["article"] = article
    dumps = json.dumps
    out.write(dumps(head, ensure_ascii=False)[:-1] + ', "comments": ')
    write_forest(thread.comments, out, annotate)
    out.write(', "warnings": ' + dumps(list(thread.warnings), ensure_ascii=False))
    if sources is not None:
        out.write(', "sources": ' + dumps(sources, ensure_ascii=False))
    out.write("}\n")


def _is_plain(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def header_date(stamp: datetime | None) -> str:
    """The header's date phrase: ``November 8th, 2019 at 02:00 UTC`` or ``an unknown date``."""
    if stamp is None:
        return "an unknown date"
    clock = f"{stamp.hour:02d}:{stamp.minute:02d}"
    if stamp.second:
        clock += f":{stamp.second:02d}"
    month = MONTH_NAMES[stamp.month - 1]
    return f"{month} {stamp.day}{_ordinal(stamp.day)}, {stamp.year} at {clock} UTC"


def _escaped(line: str) -> str:
    """A line that would read back as a header (or as an escaped one) gets a trailing
    backslash; the parser takes one off again (`scraped.unescape`)."""
    if "»" not in line and "more repl" not in line:
        return line
    return line + "\\" if is_header_line(line.rstrip("\\")) else line


def byline_of(thread: Thread) -> str | None:
    """The byline to write: the one read, else one made from source and submitter."""
    if thread.byline is not None:
        return thread.byline
    if thread.title is None and thread.source is None and thread.submitter is None:
        return None
    line = "Authored by"
    if thread.source:
        line += f" {thread.source}"
    if thread.submitter:
        line += f" and submitted by {thread.submitter}"
    return line


def write_text(thread: Thread, out: TextIO) -> None:
    """The thread in the text layout; replies indented two spaces a level."""
    write = out.write
    if thread.title is not None:
        write(f"{thread.title}\n\n")
    byline = byline_of(thread)
    if byline is not None:
        write(byline + "\n")
        if thread.image is not None:
            write(f"image for {thread.image}".rstrip() + "\n")
        write("\n")
    for block in thread.article:
        write("\n".join(_escaped(line) for line in block.text.split("\n")) + "\n\n")
    for depth, node in walk(thread.comments):
        indent = "  " * depth
        if isinstance(node, MoreStub):
            noun = "reply" if node.count == 1 else "replies"
            stub = f"[+{node.count} more {noun} not in this file]"
            write(f"{indent}{CONTINUE_LINE if node.continued else stub}\n\n")
            continue
        write(f"{indent}{node.author} on {header_date(node.timestamp)} »\n\n")
        if node.body:
            lines = (indent + _escaped(line) if line else "" for line in node.body.split("\n"))
            write("\n".join(lines) + "\n\n")
