"""Which comment records of a text-layout index may be exact duplicates, by C loops.

Two comments are duplicates when their ids (author, time and normalised body, hashed)
agree. Only comments sharing a time can be: the times held twice are counted, then an
(author, time) key is made for those, then a squeezed window of each body for the keys
held twice, then whole squeezed bodies: each step by C loops (`map`) over the survivors of
the last. The index numbers what is left (`CommentIndex.duplicates`); another process can
work this out from the index's arrays alone (`splitscan`).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import compress, filterfalse, islice, repeat
from operator import add, eq, getitem, lt
from typing import Any

from threadview.model import MoreStub
from threadview.parsing.layout import AnyStr, Syntax, read_trailer

_DROPPED = " \t\r\n\f\v\\"
"""Every character normalising a body may take out (blanks, line ends, escapes)."""
_DROP_TABLE = str.maketrans("", "", _DROPPED)
_DROP_BYTES = _DROPPED.encode()
_PREFIX = 24
"""Bytes of a squeezed body compared first: most bodies differ this early."""
_WINDOW = 128
"""Bytes of a body squeezed for its prefix (more only when they hold fewer than `_PREFIX`)."""


def clashing(
    text: AnyStr,
    syntax: Syntax[AnyStr],
    starts: array[int],
    ends: array[int],
    stamps: array[int],
    stubs: dict[int, MoreStub],
    orphans: set[int],
) -> set[int]:
    """The comment records whose id may equal another's: `starts`, `ends` and `stamps`
    are each record's header line start and end and its time, in file order; `stubs`
    are no comments, `orphans` (stubs kept as comments) have an unknown author."""
    # Only comments sharing a time can be duplicates: the times held twice are counted
    # in C, and only their records (stubs left out) have an author read.
    shared = {stamp for stamp, seen in Counter(stamps).items() if seen > 1}
    candidates = array("i", compress(range(len(starts)), map(shared.__contains__, stamps)))
    del shared
    if stubs:
        candidates = array("i", filterfalse(stubs.__contains__, candidates))
    # A hash of (author, time) per candidate, by C loops over their header lines; only
    # the candidates whose hash is held twice have their bodies compared. A collision
    # costs a comment id made later, never a wrong id.
    lines = array("q", map(ends.__getitem__, candidates))
    times = map(stamps.__getitem__, candidates)
    names = _authors(text, syntax, starts, orphans, candidates, lines)
    keys = array("q", map(hash, zip(names, times, strict=True)))
    held = _held_twice(keys)
    chosen = list(map(held.__contains__, keys))
    members = array("i", compress(candidates, chosen))
    keys = array("q", compress(keys, chosen))
    lines = array("q", compress(lines, chosen))
    del held, candidates, chosen
    return _same_bodies(text, starts, orphans, members, keys, lines)


def _authors(
    text: AnyStr,
    syntax: Syntax[AnyStr],
    starts: array[int],
    orphans: set[int],
    records: array[int],
    line_ends: array[int],
) -> list[Any]:
    """The author of each comment record as its header line has it, in the text's own
    type (an orphan's "[unknown]"), by C loops: each line's " on " found from its end,
    the part before it sliced and unindented; only a name ending like a trailer is read
    in Python. `line_ends`: where each record's header line ends."""
    kind = type(text)
    on = b" on " if isinstance(text, bytes) else " on "
    firsts = array("q", map(starts.__getitem__, records))
    cuts = map(text.rfind, repeat(on), firsts, line_ends)
    lines = map(text.__getitem__, map(slice, firsts, cuts))
    authors: list[Any] = list(map(kind.lstrip, lines, repeat(syntax.space)))
    trailers = map(kind.endswith, authors, repeat(syntax.close))
    for at in compress(range(len(authors)), trailers):
        plain, _ = read_trailer(syntax.decode(authors[at]))
        authors[at] = plain.encode() if isinstance(text, bytes) else plain
    if orphans:
        for at in compress(range(len(records)), map(orphans.__contains__, records)):
            authors[at] = "[unknown]"
    return authors


def _same_bodies(
    text: AnyStr,
    starts: array[int],
    orphans: set[int],
    records: array[int],
    keys: array[int],
    line_ends: array[int],
) -> set[int]:
    """The records whose bodies may equal another's with the same key (author and
    time): a body's text without the bytes its normalising can take out (blanks, line
    ends, escapes) is hashed first, by C loops, so a comment id (a decoded, normalised,
    hashed body) is made only for those. A body starts where its header line ends."""
    if not records:
        return set()
    begins = line_ends
    if orphans:
        for at in compress(range(len(records)), map(orphans.__contains__, records)):
            begins[at] = starts[records[at]]  # its stub line is part of its body
    # Each body ends where the next record starts (records ascend: only the last may
    # be the text's last record).
    last = records[-1] == len(starts) - 1
    ends = array(
        "q", map(starts.__getitem__, map(add, records[:-1] if last else records, repeat(1)))
    )
    if last:
        ends.append(len(text))
    kind = type(text)
    # First each body's squeezed start (a window of it: a whole body is read only
    # when its window holds too little), then whole bodies where the starts agree.
    cuts = array("q", map(min, ends, map(add, begins, repeat(_WINDOW))))
    starts_of = list(_squeezed(map(text.__getitem__, map(slice, begins, cuts)), kind))
    for at in compress(range(len(cuts)), map(lt, map(len, starts_of), repeat(_PREFIX))):
        if cuts[at] < ends[at]:
            starts_of[at] = next(_squeezed([text[begins[at] : ends[at]]], kind))
    prefixes = map(getitem, starts_of, repeat(slice(_PREFIX)))
    both = array("q", map(hash, zip(keys, prefixes, strict=True)))
    del starts_of, cuts
    held = _held_twice(both)
    kept = array("i", compress(range(len(records)), map(held.__contains__, both)))
    del held, both
    firsts, lasts = map(begins.__getitem__, kept), map(ends.__getitem__, kept)
    squeezed = map(hash, _squeezed(map(text.__getitem__, map(slice, firsts, lasts)), kind))
    whole = array("q", map(hash, zip(map(keys.__getitem__, kept), squeezed, strict=True)))
    held = _held_twice(whole)
    return {records[at] for at in compress(kept, map(held.__contains__, whole))}


def _squeezed(chunks: Iterable[Any], kind: type) -> Iterator[Any]:
    """Each chunk (all str or all bytes, as `kind` says) without any of `_DROPPED`: equal
    for bodies that normalise alike. A C loop over the chunks."""
    if kind is bytes:
        return map(bytes.translate, chunks, repeat(None), repeat(_DROP_BYTES))
    return map(str.translate, chunks, repeat(_DROP_TABLE))


def _held_twice(keys: array[int]) -> set[int]:
    """The keys held more than once, found by a sort (C loops, no dict of every key)."""
    ordered = sorted(keys)
    return set(compress(ordered, map(eq, ordered, islice(ordered, 1, None))))
