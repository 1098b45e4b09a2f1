"""Markdown for notes: the whole thread, or one comment cited with its chain of ancestors.

A comment at reply depth d is a block quote d + 1 levels deep (``>`` repeated), headed by
its author and UTC time, so pasted notes keep the thread's shape. Thread text keeps its own
Markdown, except what would change that shape: a line starting with ``>`` or ``#``, a
setext underline, and a code fence left open are escaped or closed. Control characters
are not handled here: callers pass the result through an output gate
(`render.outgoing.clipboard_text` for the clipboard, `render.safe.sanitize` for a terminal).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TextIO

from threadview.model import Comment, MoreStub, Node, Thread, walk
from threadview.parsing.views import IndexedForest

_STRUCTURE = re.compile(r"^([ \t]*)([>#]|=+[ \t]*$|-[- \t]*$)")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_AUTOLINK = re.compile(r"https?://[^\s<>]+")
_INLINE = re.compile(r"([\\`*_\[\]<>#|~])")


class UnknownComment(LookupError):
    """No comment in the thread has the id asked for."""


def _inline(text: str) -> str:
    """Text for a header line: one line, Markdown punctuation escaped."""
    return _INLINE.sub(r"\\\1", " ".join(text.split()))


def safe_block(text: str) -> list[str]:
    """A body or article block as Markdown lines that cannot change the quote or heading
    structure around them: such lines get a backslash, and an open fence is closed."""
    lines: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)[0] * len(opened.group(1))
        elif fence is not None and opened and _closes(line, fence):
            fence = None
        elif fence is None:
            line = _STRUCTURE.sub(r"\1\\\2", line, count=1)
        lines.append(line)
    if fence is not None:
        lines.append(fence)
    return lines


def _closes(line: str, fence: str) -> bool:
    """Whether `line` closes a fence opened with `fence` (CommonMark: the same character
    at least as many times, and nothing after it but blanks)."""
    found = _FENCE.match(line)
    return (
        found is not None and found.group(1).startswith(fence) and not line[found.end() :].strip()
    )


def _quoted(lines: list[str], level: int) -> list[str]:
    marker = "> " * level
    bare = marker.rstrip()
    return [marker + line if line else bare for line in lines]


def _stamp(comment: Comment) -> str:
    when = comment.timestamp
    return "unknown time" if when is None else when.strftime("%Y-%m-%d %H:%M UTC")


def _comment_lines(thread: Thread, comment: Comment, level: int) -> list[str]:
    head = f"**{_inline(comment.author) or 'unknown'}**"
    if thread.submitter is not None and comment.author == thread.submitter:
        head += " (submitter)"
    head += f" · {_stamp(comment)}"
    if comment.score is not None:
        head += f" · {comment.score} points"
    if comment.state != "live":
        head += f" · {comment.state}"
    lines = [head]
    if comment.body:
        lines += ["", *safe_block(comment.body)]
    return _quoted(lines, level)


def _stub_line(stub: MoreStub, level: int) -> list[str]:
    if stub.continued:
        text = "*(the thread continues on another page)*"
    else:
        noun = "reply" if stub.count == 1 else "replies"
        text = f"*({stub.count} more {noun} not in this file)*"
    return _quoted([text], level)


def _heading(thread: Thread) -> list[str]:
    lines = [f"# {_inline(thread.title or 'Untitled thread')}", ""]
    facts = []
    if thread.source:
        facts.append(f"Source: {_inline(thread.source)}")
    url = (thread.url or "").strip()
    if _AUTOLINK.fullmatch(url):
        facts.append(f"<{url}>")
    if thread.submitter:
        facts.append(f"Submitted by {_inline(thread.submitter)}")
    if facts:
        lines += [" · ".join(facts), ""]
    return lines


def _node_lines(thread: Thread, depth: int, node: Node) -> list[str]:
    if isinstance(node, MoreStub):
        return _stub_line(node, depth + 1)
    return _comment_lines(thread, node, depth + 1)


def iter_markdown(thread: Thread) -> Iterator[str]:
    """The whole thread as Markdown, in pieces: title, source, submitter, article, then
    every comment as a quote block as deep as its reply depth."""
    yield "\n".join(_heading(thread)) + "\n"
    for block in thread.article:
        lines = safe_block(block.text)
        if block.kind == "caption":
            lines = [f"*{line}*" if line else line for line in lines]
        yield "\n".join(lines) + "\n\n"
    yield "---\n\n"
    for depth, node in walk(thread.comments):
        yield "\n".join(_node_lines(thread, depth, node)) + "\n\n"


def write_markdown(thread: Thread, out: TextIO) -> None:
    """`iter_markdown` written to `out`."""
    for piece in iter_markdown(thread):
        out.write(piece)


def ancestry(thread: Thread, comment_id: str) -> list[Comment]:
    """The comment with id `comment_id` and its ancestors, root first; raises
    `UnknownComment`. An index-backed forest finds it without making other comments."""
    forest = thread.comments
    if isinstance(forest, IndexedForest):
        nodes, _, ups = forest.flatten()
        position = nodes.position_of(comment_id)
        if position is None:
            raise UnknownComment(comment_id)
        chain: list[Comment] = []
        while position >= 0:
            node = nodes[position]
            assert isinstance(node, Comment)
            chain.append(node)
            position = ups[position]
        chain.reverse()
        return chain
    path: list[Comment] = []
    for depth, node in walk(forest):
        if not isinstance(node, Comment):
            continue
        del path[depth:]
        path.append(node)
        if node.id == comment_id:
            return path
    raise UnknownComment(comment_id)


def subthread(thread: Thread, comment_id: str) -> Thread:
    """The thread with only the comment `comment_id` and its replies as its comments
    (article and byline kept); raises `UnknownComment`."""
    return replace(thread, comments=(ancestry(thread, comment_id)[-1],))


def cite(thread: Thread, comment_id: str) -> str:
    """The comment with its chain of ancestors as a Markdown quote block, each level one
    ``>`` deeper, headed by the thread's title and source; raises `UnknownComment`."""
    chain = ancestry(thread, comment_id)
    pieces = ["\n".join(_heading(thread))]
    for level, comment in enumerate(chain, start=1):
        pieces.append("\n".join(_comment_lines(thread, comment, level)))
    return "\n\n".join(pieces) + "\n"
