"""Reads a Reddit comments page from its file one top-level comment at a time.

A page is ``[post Listing, comments Listing]``, and nearly all of it is the comments
Listing's `children`. `read_page` decodes the file a chunk at a time, hands each
top-level comment (with its replies) to `reddit.ThreadBuilder` as soon as the C scanner has
decoded it, and drops it: the file's text, its decoded document and the thread are never
all held at once. With a `limit` it stops after that many comments, for the reader's
first paint, having read only the head of the file.

Anything else (another shape, a broken or cut-off file, bytes that are not UTF-8, a
document too deep for the C scanner) returns None: the caller reads the file whole, as
before, and reports or recovers what it finds in the same words.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import replace
from typing import Any, BinaryIO

from threadview.gcpause import collector_paused
from threadview.model import Thread
from threadview.parsing import reddit
from threadview.parsing.jsonscan import scanstring, value_scanner

CHUNK = 4 << 20
"""Bytes read at a time for a whole file (1 MB costs as much time, 4 MB less rescanning)."""
_LONGEST_CUT = 16
"""A failure this close to the text's end may be a cut token (``-Infinity``, ``\\uXXXX``)."""
_WS = re.compile(r"[ \t\n\r]*")
PREVIEW_CHUNK = 256 << 10
PREVIEW_BUDGET = 8 << 20
"""The most a preview reads: a first comment bigger than this waits for the full parse."""


class _Unreadable(Exception):
    """Not a page this reader takes (or broken): the caller reads the file whole."""


class _Enough(Exception):
    """The preview has read its budget, or met a comment too deep to decode in one call."""


class _Feed:
    """The file's text, decoded as far as the scan needs; what is consumed is dropped."""

    __slots__ = ("_chunk", "_decoder", "_handle", "_scan", "budget", "eof", "pos", "read", "text")

    def __init__(self, handle: BinaryIO, chunk: int) -> None:
        self._handle = handle
        self._chunk = chunk
        self.budget: int | None = None
        """Bytes to read at most before `more` says `_Enough` (None: no end)."""
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._scan = value_scanner()
        self.text = ""
        self.pos = 0
        self.eof = False
        self.read = 0

    def more(self) -> None:
        """Read at least as much again as is unread, so a value spanning many chunks is
        rescanned only a few times (the rescans cost at most twice the value)."""
        if self.eof:
            raise _Unreadable  # the value or the file is broken or cut off
        if self.budget is not None and self.read >= self.budget:
            raise _Enough
        size = max(self._chunk, len(self.text) - self.pos)
        if self.budget is not None:
            size = min(size, self.budget - self.read)
        data = self._handle.read(size)
        self.eof = not data
        self.read += len(data)
        try:
            decoded = self._decoder.decode(data, final=self.eof)
        except UnicodeDecodeError:
            raise _Unreadable from None  # the whole-file reader says where, and reads it
        self.text = self.text[self.pos :] + decoded
        self.pos = 0

    def _cut_at(self, where: int, why: str = "") -> None:
        """A value failed to decode at `where`: read on if the chunk's end may have cut
        it, else it is broken (found now, not after reading the rest of the file)."""
        if why.startswith("Unterminated string") or where + _LONGEST_CUT >= len(self.text):
            self.more()
        else:
            raise _Unreadable

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end of the file)."""
        while True:
            spaces = _WS.match(self.text, self.pos)  # `[...]*` matches, if only nothing
            self.pos = spaces.end() if spaces else self.pos
            if self.pos < len(self.text):
                return self.text[self.pos]
            if self.eof:
                return ""
            self.more()

    def take(self, char: str) -> bool:
        """Step over `char` if it is next."""
        if self.peek() != char:
            return False
        self.pos += 1
        return True

    def expect(self, char: str) -> None:
        if not self.take(char):
            raise _Unreadable

    def value(self) -> object:
        """The next value, decoded whole by the C scanner."""
        self.peek()
        while True:
            try:
                value, end = self._scan(self.text, self.pos)
            except StopIteration as stop:
                self._cut_at(stop.value)
                continue
            except json.JSONDecodeError as error:
                self._cut_at(error.pos, error.msg)
                continue
            except RecursionError:
                if self.budget is not None:  # a preview paints what came before it
                    raise _Enough from None
                raise _Unreadable from None  # the whole read's decoder goes any depth
            except ValueError:
                raise _Unreadable from None  # a giant integer: the whole read copes
            if end < len(self.text) or self.eof:
                self.pos = end
                return value
            self.more()  # a number at the chunk's end may go on in the next one

    def key(self) -> str:
        """The next member's name, and its colon."""
        if self.peek() != '"':
            raise _Unreadable
        while True:
            try:
                key, end = scanstring(self.text, self.pos + 1)
            except json.JSONDecodeError as error:
                self._cut_at(error.pos, error.msg)
                continue
            self.pos = end
            self.expect(":")
            return str(key)


def read_page(handle: BinaryIO, limit: int | None = None) -> Thread | None:
    """The Reddit comments page in `handle`, or None when it is not one this reader
    takes (the caller then reads the file whole).

    With `limit`, a preview: the post and whole top-level comments (with their replies)
    until at least `limit` comments and stubs are in, or `PREVIEW_BUDGET` bytes are read;
    marked ``partial`` when some were left out. Its comments are the full parse's, field
    for field, but for one case: a top-level comment whose parent is further on in the
    file is marked as a reply to a comment not in it. A preview has no warnings: the
    full parse gives them for the whole file.
    """
    feed = _Feed(handle, CHUNK if limit is None else PREVIEW_CHUNK)
    try:
        with collector_paused():
            return _page(feed, limit)
    except _Unreadable:
        return None


def _page(feed: _Feed, limit: int | None) -> Thread | None:
    feed.expect("[")
    post = reddit.page_post(feed.value())
    if post is None:
        raise _Unreadable
    feed.expect(",")
    builder = reddit.ThreadBuilder(post)
    if limit is not None:
        feed.budget = PREVIEW_BUDGET  # from here on: the post is needed whatever its size
    try:
        listing = _object(feed, builder, limit, ("data", "children"))
    except _Enough:
        listing = None
    if listing is None:
        thread = builder.thread()
        return replace(thread, warnings=(), extra={**thread.extra, "partial": True})
    feed.expect("]")
    if feed.peek() or reddit.listing_children(listing) is None:
        raise _Unreadable  # more after the pair, or the second value is no Listing
    return builder.thread()


def _object(
    feed: _Feed, builder: reddit.ThreadBuilder, limit: int | None, path: tuple[str, ...]
) -> dict[str, Any] | None:
    """An object whose member `path[0]` is opened by hand (down `path` to the comments),
    every other member decoded whole; None when a preview has its comments."""
    feed.expect("{")
    found: dict[str, Any] = {}
    if feed.take("}"):
        return found
    while True:
        key = feed.key()
        if key in found:
            raise _Unreadable  # json.loads keeps the last of repeated names: read whole
        if key == path[0] and len(path) > 1 and feed.peek() == "{":
            inner = _object(feed, builder, limit, path[1:])
            if inner is None:
                return None
            found[key] = inner
        elif key == path[0] and len(path) == 1 and feed.peek() == "[":
            if not _comments(feed, builder, limit):
                return None
            found[key] = []
        else:
            found[key] = feed.value()
        if feed.take("}"):
            return found
        feed.expect(",")


def _comments(feed: _Feed, builder: reddit.ThreadBuilder, limit: int | None) -> bool:
    """The comments Listing's children, each added as soon as it is decoded; False when
    a preview stopped before their end."""
    feed.expect("[")
    if feed.take("]"):
        return True
    while True:
        if limit is not None and len(builder) >= limit:
            return False
        child = feed.value()
        if isinstance(child, dict) and child.get("kind") == "t3":
            raise _Unreadable  # a post among the comments: not a comments page
        builder.add([child])
        del child  # before the next one is decoded
        if feed.take("]"):
            return True
        feed.expect(",")
