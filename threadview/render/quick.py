"""The plain subset of Markdown most comments are written in, tokenised without markdown-it.

Importing markdown-it costs ~20 ms, a good part of the reader's start-up; most bodies
are plain paragraphs, one-line `> ` quotes and `* ` lists, which need none of it.
`simple_tokens` returns the tokens markdown-it ("commonmark", no HTML) makes for such a
body, or None as soon as anything could mean more (emphasis, code, links, entities,
escapes, HTML, headings, rules, tables, ordered lists, indentation, lazy lines, loose
lists...): those bodies go to markdown-it. The tests compare both on generated bodies.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Protocol

_SPECIAL = re.compile(r"[\\`*_\[\]<&~|\t\r\x00]")
"""Anywhere in a line: characters that can start inline syntax (or tables, code, NUL)."""
_BLOCK_START = re.compile(r"[>#*+\-=~`<\[|_]|\d+[.)]")
"""At the start of a line's text: what could open or underline a block."""
_ITEM = ("* ", "- ", "+ ")


class MarkdownToken(Protocol):
    """What the renderer reads of a token: markdown-it's own, or this module's `Token`."""

    @property
    def type(self) -> str: ...
    @property
    def nesting(self) -> int: ...
    @property
    def content(self) -> str: ...
    @property
    def children(self) -> Sequence[MarkdownToken] | None: ...
    @property
    def hidden(self) -> bool: ...
    @property
    def tag(self) -> str: ...
    @property
    def markup(self) -> str: ...
    @property
    def attrs(self) -> Mapping[str, str | int | float]: ...


_NO_ATTRS: Mapping[str, str | int | float] = MappingProxyType({})


class Token:
    """The fields of markdown-it's Token that the renderer reads (the plain subset has no
    tags, markup or attributes)."""

    __slots__ = ("children", "content", "hidden", "nesting", "type")

    def __init__(
        self,
        type: str,
        nesting: int = 0,
        content: str = "",
        children: list[Token] | None = None,
        hidden: bool = False,
    ) -> None:
        self.type = type
        self.nesting = nesting
        self.content = content
        self.children = children
        self.hidden = hidden

    @property
    def tag(self) -> str:
        return ""

    @property
    def markup(self) -> str:
        return ""

    @property
    def attrs(self) -> Mapping[str, str | int | float]:
        return _NO_ATTRS


def _plain_line(line: str) -> bool:
    """Whether `line` is text and nothing else, as the only or a continuation line."""
    return (
        bool(line)
        and not line[0].isspace()
        and not line[-1].isspace()
        and _BLOCK_START.match(line) is None
        and _SPECIAL.search(line) is None
    )


def _paragraph(lines: list[str], hidden: bool = False) -> list[Token]:
    children: list[Token] = []
    for line in lines:
        if children:
            children.append(Token("softbreak"))
        children.append(Token("text", content=line))
    return [
        Token("paragraph_open", 1, hidden=hidden),
        Token("inline", content="\n".join(lines), children=children),
        Token("paragraph_close", -1, hidden=hidden),
    ]


def simple_tokens(body: str) -> list[Token] | None:
    """markdown-it's tokens for a body in the plain subset; None for any other body."""
    tokens: list[Token] = []
    previous = ""
    for block in body.split("\n\n"):
        lines = [line for line in block.split("\n") if line]  # more blank lines: one gap
        if not lines:
            continue
        head = lines[0][:2]
        if head == "> ":
            rest = [line[2:] for line in lines]
            if not all(line.startswith("> ") and _plain_line(line[2:]) for line in lines):
                return None
            tokens += [
                Token("blockquote_open", 1),
                *_paragraph(rest),
                Token("blockquote_close", -1),
            ]
            kind = "quote"
        elif head in _ITEM:
            if previous == "list" or not all(
                line.startswith(head) and _plain_line(line[2:]) for line in lines
            ):
                return None  # a list after a list would be one loose list
            tokens.append(Token("bullet_list_open", 1))
            for line in lines:
                tokens += [
                    Token("list_item_open", 1),
                    *_paragraph([line[2:]], hidden=True),
                    Token("list_item_close", -1),
                ]
            tokens.append(Token("bullet_list_close", -1))
            kind = "list"
        else:
            if not all(_plain_line(line) for line in lines):
                return None
            tokens += _paragraph(lines)
            kind = "paragraph"
        previous = kind
    return tokens
