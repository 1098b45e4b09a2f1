"""Hostile inputs too big to commit, generated on demand (see MANIFEST.json "generated")."""

from __future__ import annotations

import json
from collections.abc import Callable

HEADER = "{indent}{author} on November 8th, 2019 at {hour:02d}:{minute:02d}:{second:02d} UTC »\n\n"
TOP = "Generated hostile thread\n\nAuthored by example.com and submitted by poster\n\nArticle.\n\n"


def _header(author: str, index: int = 0, indent: str = "") -> str:
    hour, minute, second = index // 3600 % 24, index // 60 % 60, index % 60
    return HEADER.format(indent=indent, author=author, hour=hour, minute=minute, second=second)


def giant_line(chars: int) -> bytes:
    """One comment whose body is a single word of `chars` characters."""
    return (TOP + _header("mallory") + "x" * chars + "\n").encode()


def giant_url(chars: int) -> bytes:
    """One comment holding a URL of `chars` characters, bare and as a Markdown link."""
    url = "https://example.com/" + "a" * chars
    return (TOP + _header("mallory") + f"{url}\n\n[link]({url})\n").encode()


def zalgo(marks: int) -> bytes:
    """One letter carrying `marks` combining marks, in the title and a body."""
    text = "Z" + "\u0301" * marks + "algo"
    return (
        f"{text}\n\nAuthored by example.com and submitted by poster\n\nArticle.\n\n"
        + _header("mallory")
        + text
        + "\n"
    ).encode()


def deep_json(depth: int) -> bytes:
    """A Hacker News (Algolia) item whose reply chain is `depth` levels deep."""
    tail = ""
    for level in range(depth - 1, -1, -1):
        tail = (
            f'{{"id": {level + 2}, "type": "comment", "author": "u{level}", '
            f'"created_at_i": {1700000000 + level}, "text": "level {level}", '
            f'"parent_id": {level + 1}, "children": [{tail}]}}'
        )
    story = {"id": 1, "type": "story", "author": "pg", "title": "Deep", "created_at_i": 1700000000}
    head = json.dumps(story)[:-1]
    return f'{head}, "children": [{tail}]}}'.encode()


def deep_text(depth: int) -> bytes:
    """Text-layout replies, each one level deeper than the last."""
    parts = [TOP]
    for level in range(depth):
        indent = "  " * level
        parts.append(_header(f"u{level}", level, indent) + f"{indent}level {level}\n\n")
    return "".join(parts).encode()


def many_headers(count: int) -> bytes:
    """`count` top-level comments."""
    return (
        TOP + "".join(_header(f"u{i % 97}", i) + f"comment {i}\n\n" for i in range(count))
    ).encode()


def blank_lines(lines: int) -> bytes:
    """Two comments with `lines` blank lines between them."""
    return (
        TOP + _header("a") + "before\n" + "\n" * lines + _header("b", 1) + "after the blanks\n"
    ).encode()


def markdown_quotes(depth: int) -> bytes:
    """A body of `depth` nested Markdown quotes."""
    return (TOP + _header("mallory") + "> " * depth + "bottom\n").encode()


def giant_body(chars: int) -> bytes:
    """One comment whose body is `chars` characters of ordinary paragraphs, then a reply."""
    paragraph = ("Every word of this paragraph is ordinary prose. " * 8).rstrip() + "\n\n"
    body = paragraph * (chars // len(paragraph) + 1)
    return (
        TOP + _header("mallory") + body + "the last paragraph\n\n"
        "  " + _header("bob", 1) + "  a reply after the giant\n"
    ).encode()


def _hn_story(text: str) -> bytes:
    story = {"id": 1, "type": "story", "author": "pg", "title": "Tags", "created_at_i": 1700000000}
    comment = {"id": 2, "type": "comment", "author": "mallory", "created_at_i": 1700000001}
    return json.dumps({**story, "children": [{**comment, "text": text, "children": []}]}).encode()


def unmatched_tags(count: int) -> bytes:
    """An HN comment of `count` unmatched and unclosed tags (quadratic for HTMLParser)."""
    piece = '<i>a</b><a href="https://e.com/">b<code>c<!--d<a "e</span>'
    return _hn_story("first words " + piece * count + " last words")


def ordinary_hn(chars: int) -> bytes:
    """An HN story whose comments are ordinary HTML paragraphs: `unmatched_tags`'s baseline."""
    paragraph = "<p>Plain words with a <i>little</i> markup and a " + (
        '<a href="https://example.com/x">https://example.com/x</a> link.'
    )
    kids = []
    size = 0
    while size < chars:
        text = "Ordinary comment." + paragraph * 10
        kids.append(
            {
                "id": len(kids) + 2,
                "type": "comment",
                "author": f"u{len(kids) % 50}",
                "created_at_i": 1700000001 + len(kids),
                "text": text,
                "children": [],
            }
        )
        size += len(text) + 100
    story = {
        "id": 1,
        "type": "story",
        "author": "pg",
        "title": "Ordinary",
        "created_at_i": 1700000000,
    }
    return json.dumps({**story, "children": kids}).encode()


GENERATORS: dict[str, Callable[..., bytes]] = {
    "giant-line": giant_line,
    "giant-url": giant_url,
    "zalgo": zalgo,
    "deep-json": deep_json,
    "deep-text": deep_text,
    "many-headers": many_headers,
    "blank-lines": blank_lines,
    "markdown-quotes": markdown_quotes,
    "giant-body": giant_body,
    "unmatched-tags-json": unmatched_tags,
    "ordinary-hn-json": ordinary_hn,
}


def generate(name: str, params: dict[str, int]) -> bytes:
    """The bytes of generated case `name` with the manifest's `params`."""
    return GENERATORS[name](**params)
