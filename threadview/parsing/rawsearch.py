"""Which records of a text thread may hold a search's needle, found in the file's text by C.

Search asks `needle in raw.casefold()` of each record's decoded text before its real match
(`PreorderNodes.matching_in`). Here the same question is answered for a block of records at
once: the block is folded in one call and searched with `find`, each hit mapped to its
record by `bisect` over the header offsets. Folding a block in one call is the same as
folding each record while every character folds to one: in UTF-8 bytes that holds for an
ASCII needle unless the block has one of `ASCII_FOLDERS`; in str text, whenever the folded
block is as long as the block. Any other block is asked record by record, as before.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from typing import AnyStr

ASCII_FOLDERS = (
    "\u00df\u0130\u0149\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e"
    "\u212a\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
)
"""The non-ASCII characters whose casefold holds an ASCII one (long s is `s`, the ligature
fi is `fi`, Kelvin's K is `k`...): a test checks them against Python's Unicode tables."""

_NOT_LEADS = bytes(set(range(256)) - {character.encode()[0] for character in ASCII_FOLDERS})
"""Every byte that starts none of `ASCII_FOLDERS`: a block that is all these has none."""

BLOCK_RECORDS = 4096
"""Records searched in one call (about a megabyte of text): between blocks the caller may
let other threads run."""


def candidate_records(
    text: AnyStr,
    starts: Sequence[int],
    needle: str,
    decode: Callable[[AnyStr], str],
    first: int,
    last: int,
) -> Iterator[int]:
    """The records from `first` up to `last` whose decoded text, casefolded, holds `needle`
    (itself casefolded), ascending."""
    size = len(starts)
    begin = starts[first]
    end = starts[last] if last < size else len(text)
    chunk = text[begin:end]
    if isinstance(chunk, bytes) and not needle.isascii() and chunk.isascii():
        return  # an ASCII block folds to ASCII
    folded = _fold_block(chunk, needle)
    if folded is None:
        for record in range(first, last):
            after = starts[record + 1] if record + 1 < size else len(text)
            if needle in decode(text[starts[record] : after]).casefold():
                yield record
        return
    block, find = folded
    at = block.find(find)
    while at >= 0:
        record = bisect_right(starts, begin + at, first, last) - 1
        following = starts[record + 1] if record + 1 < size else len(text)
        if begin + at + len(find) <= following:
            yield record
            at = block.find(find, following - begin)
        else:  # across two records' texts: in neither
            at = block.find(find, at + 1)


def _fold_block(chunk: AnyStr, needle: str) -> tuple[AnyStr, AnyStr] | None:
    """(the block folded, the needle as found in it), or None when folding the block in
    one call could differ from folding each record."""
    if isinstance(chunk, bytes):
        if not needle.isascii():
            return None
        if not chunk.isascii() and chunk.translate(None, _NOT_LEADS):  # a rare byte, in C
            letters = set(needle)
            for character in ASCII_FOLDERS:
                if letters.intersection(character.casefold()) and character.encode() in chunk:
                    return None
        return chunk.lower(), needle.encode("ascii")
    folded = chunk.casefold()
    return (folded, needle) if len(folded) == len(chunk) else None


def found_positions(records: Sequence[int], positions: array[int]) -> array[int]:
    """The display positions of `records` (`positions[record]`, -1: not shown), ascending."""
    return array("i", sorted(filter((-1).__ne__, map(positions.__getitem__, records))))
