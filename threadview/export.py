"""Write a Thread out: JSON for tools, or the text layout (which parses back to the same tree)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TextIO

from threadview.model import Comment, MoreStub, Node, Story, Thread, iso_utc, walk
from threadview.parsing.layout import (
    CONTINUE_LINE,
    INDENT_CAP,
    MORE_MARK,
    NATIVE_FORMATS,
    byline_of,
    escape_line,
    header_date,
    is_plain,
    write_author,
    write_block_line,
    write_meta,
)

TextAnnotator = Callable[[str], Mapping[str, object]]


def _stamp(value: datetime | None) -> str | None:
    return iso_utc(value) if value is not None else None


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


def write_forest(nodes: Sequence[Node], out: TextIO, annotate: TextAnnotator | None) -> None:
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
        head["extra"] = {k: v for k, v in thread.extra.items() if is_plain(v)}
    article = []
    for block in thread.article:
        item: dict[str, object] = {"kind": block.kind, "text": block.text}
        if block.role:
            item["role"] = block.role
        if annotate is not None:
            item.update(annotate(block.text))
        article.append(item)
    head["article"] = article
    if thread.stories:
        head["stories"] = [_story_fields(story) for story in thread.stories]
    dumps = json.dumps
    out.write(dumps(head, ensure_ascii=False)[:-1] + ', "comments": ')
    write_forest(thread.comments, out, annotate)
    out.write(', "warnings": ' + dumps(list(thread.warnings), ensure_ascii=False))
    if sources is not None:
        out.write(', "sources": ' + dumps(sources, ensure_ascii=False))
    out.write("}\n")


def _story_fields(story: Story) -> dict[str, object]:
    fields: dict[str, object] = {
        "title": story.title,
        "source": story.source,
        "paragraphs": list(story.paragraphs),
    }
    for name in ("submitter", "byline", "image"):
        if getattr(story, name) is not None:
            fields[name] = getattr(story, name)
    if not story.complete:
        fields["complete"] = False
    return fields


def meta_fields(thread: Thread) -> dict[str, object]:
    """The thread facts the layout has no place for, for its metadata line."""
    fields: dict[str, object] = {}
    byline = None if thread.stories else byline_of(thread)
    # The format the written text reads back as untold; a digest always says it is one.
    natural = "scraped" if byline is not None else "text" if thread.comments else "plain"
    if thread.format != natural or thread.stories:
        fields["format"] = thread.format
    if thread.url is not None:
        fields["url"] = thread.url
    extra = {k: v for k, v in thread.extra.items() if is_plain(v)}
    if extra:
        fields["extra"] = extra
    if thread.byline is None and byline is not None:
        fields["byline"] = None  # the byline line is made from source and submitter
    return fields


def write_text(thread: Thread, out: TextIO) -> None:
    """The thread in the text layout; replies indented two spaces a level, up to
    `INDENT_CAP` levels (deeper headers say their depth instead)."""
    write = out.write
    meta = meta_fields(thread)
    if meta:
        write(write_meta(meta) + "\n\n")
    if thread.stories:
        _write_digest(thread, write)
        return
    if thread.title is not None:
        write(f"{thread.title}\n\n")
    byline = byline_of(thread)
    if byline is not None:
        write(byline + "\n")
        if thread.image is not None:
            write(f"image for {thread.image}".rstrip() + "\n")
        write("\n")
    from_site = "format" in meta and thread.format not in NATIVE_FORMATS
    for block in thread.article:
        lines = block.text.split("\n")
        if from_site:
            lines = [write_block_line(line) for line in lines]
        write("\n".join(escape_line(line) for line in lines) + "\n\n")
    for depth, node in walk(thread.comments):
        indent = "  " * min(depth, INDENT_CAP)
        if isinstance(node, MoreStub):
            noun = "reply" if node.count == 1 else "replies"
            stub = f"[+{node.count} more {noun} not in this file]"
            write(f"{indent}{CONTINUE_LINE if node.continued else stub}\n\n")
            continue
        author = write_author(node, depth if depth > INDENT_CAP else None)
        write(f"{indent}{author} on {header_date(node.timestamp)} »\n\n")
        if node.body:
            body = (indent + escape_line(line) if line else "" for line in node.body.split("\n"))
            write("\n".join(body) + "\n\n")


def _write_digest(thread: Thread, write: Callable[[str], object]) -> None:
    """A digest: its masthead, then each story's title, byline, image line and excerpt."""
    if thread.title is not None:
        write(f"{thread.title}\n\n")
    for story in thread.stories:
        if story.title is not None and (story.title != story.image or story.byline is not None):
            write(f"{story.title}\n")
        if story.byline is not None:
            write(f"{story.byline}\n")
        if story.image is not None:
            write(f"image for {story.image}".rstrip() + "\n")
        paragraphs = list(story.paragraphs)
        if story.complete:
            paragraphs[-1:] = [f"{paragraphs[-1]} {MORE_MARK}" if paragraphs else MORE_MARK]
        write("\n" + "".join(f"{text}\n\n" for text in paragraphs))
