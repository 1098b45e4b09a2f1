"""The index's bulk scan against the plain line-by-line reading it replaced, and its cost.

The scan finds headers, stamps and parents by C loops over batches of matches and takes a
shortcut for the writer's own indents; the reference here reads one line at a time with an
indent stack, so the two can be compared on any text, batch boundaries and odd indents too.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from types import FrameType
from typing import Any
from unittest.mock import patch

from hypothesis import given
from hypothesis import strategies as st

from tests.test_parsing_lossless import SETTINGS, headers, lines
from threadview.parsing import ParseError, parse_bytes, parse_text, textindex
from threadview.parsing.layout import DEPTH_INDENT, TEXT, read_trailer
from threadview.parsing.stamps import UNDATED, datetime_stamp
from threadview.parsing.textindex import CommentIndex
from threadview.ui.widgets.comment_view import prepare_forest

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]
MONTHS += ["September", "October", "November", "December"]


def reference(text: str) -> tuple[list[int], list[int], list[int], set[int], set[int]]:
    """(starts, parents, stamps, stubs, orphans) read a line at a time."""
    records: list[tuple[int, int, Any, bool]] = []  # start, indent, match, is a stub
    offset = 0
    for line in text.split("\n"):
        header = TEXT.header.fullmatch(line)
        stub = None if header else TEXT.more.fullmatch(line)
        if header or stub:
            found = header or stub
            assert found is not None
            records.append((offset, len(found.group("indent")), found, stub is not None))
        offset += len(line) + 1
    starts, parents, stamps = [start for start, _, _, _ in records], [], []
    stubs: set[int] = set()
    orphans: set[int] = set()
    stack: list[tuple[int, int]] = []  # (indent, record)
    for record, (start, indent, match, is_stub) in enumerate(records):
        after = starts[record + 1] if record + 1 < len(records) else len(text)
        line_end = text.find("\n", start)
        line_end = after if line_end < 0 or line_end > after else line_end
        if is_stub:
            stamps.append(UNDATED)
            if not text[line_end:after].strip(" \t\f\v\n"):
                stubs.add(record)
                level = len(stack)
                while level and stack[level - 1][0] >= indent:
                    level -= 1
                parents.append(stack[level - 1][1] if level else -1)
                continue
            orphans.add(record)
        else:
            stamps.append(_stamp(match))
        depth = None
        if not is_stub and indent >= DEPTH_INDENT:
            trailer = read_trailer(match.group("author"))[1]
            depth = trailer.depth if trailer else None
        if depth is not None:
            del stack[min(depth, len(stack)) :]
        else:
            while stack and stack[-1][0] >= indent:
                stack.pop()
        parents.append(stack[-1][1] if stack else -1)
        stack.append((indent, record))
    return starts, parents, stamps, stubs, orphans


def _stamp(match: Any) -> int:
    if match.group("date") is None:
        return UNDATED
    try:
        moment = datetime(
            int(match["year"]),
            MONTHS.index(match["month"]) + 1,
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
            tzinfo=timezone.utc,
        )
    except ValueError:
        return UNDATED
    return datetime_stamp(moment)


def index_of(data: str | bytes) -> CommentIndex[Any] | None:
    try:
        thread = parse_text(data) if isinstance(data, str) else parse_bytes(data)
    except ParseError:
        return None
    index = getattr(thread.comments, "comment_index", None)
    assert index is None or isinstance(index, CommentIndex)
    return index


def check(text: str) -> None:
    """The index of `text`, as str and as bytes, holds what the line-by-line reading does."""
    starts, parents, stamps, stubs, orphans = reference(text)
    for data in (text, text.encode("utf-8", "surrogatepass")):
        index = index_of(data)
        if index is None:
            assert not starts or isinstance(data, bytes)
            continue
        offsets = list(index.starts)
        if isinstance(data, bytes):  # byte offsets: compare the lines they start
            offsets = [len(data[:at].decode("utf-8", "surrogatepass")) for at in offsets]
        assert offsets == starts
        assert list(index.parents) == parents
        assert list(index.stamps) == stamps
        assert set(index.stubs) == stubs
        assert index.orphans == orphans


indented = st.builds(
    lambda spaces, header: " " * spaces + header.lstrip(" "),
    st.sampled_from([0, 0, 2, 2, 4, 6, 1, 3, 8, 64, 66]),
    headers,
)
capped = st.builds(
    lambda depth, spaces: f"{' ' * spaces}deep [depth {depth}] on May 1st, 2020 at 10:00 UTC »",
    st.integers(0, 40),
    st.sampled_from([DEPTH_INDENT, DEPTH_INDENT + 2, DEPTH_INDENT - 2]),
)
odd = st.sampled_from(
    [
        "two » arrows on May 1st, 2020 at 10:00 UTC »",
        "a on May 1st, 2020 at 10:00:61 UTC »",
        "a on February 29th, 2021 at 10:00 UTC »",
        "a on February 29th, 2020 at 24:00 UTC »",
        "a on May 1st, 2020 at 7:05 UTC »  ",
        "  [continue this thread: more replies not in this file]",
        "    [+3 more replies not in this file]",
        "stray text",
    ]
)


@SETTINGS
@given(st.lists(st.one_of(lines.map("\n".join), indented, capped, odd), max_size=60))
def test_the_bulk_scan_reads_what_a_line_by_line_reading_reads(parts: list[str]) -> None:
    check("\n\n".join(parts))


@SETTINGS
@given(parts=st.lists(st.one_of(indented, odd, capped), min_size=1, max_size=30))
def test_batch_boundaries_lose_and_repeat_no_header(parts: list[str]) -> None:
    with patch.object(textindex, "_BATCH", 2):  # a header's two arrows may fall in two
        check("\n\nbody » text\n\n".join(parts))


def test_the_writers_indents_and_any_other_indents_give_the_same_parents() -> None:
    regular = [0, 2, 4, 4, 2, 4, 6, 0, 2, 0, 0, 2]
    odd = [0, 3, 5, 5, 3, 1, 0, 4, 2, 6]
    for indents in (regular, odd, [2, 4, 2, 0]):
        check(
            "".join(
                f"{' ' * n}u{k} on May 1st, 2020 at 10:0{k % 10} UTC »\n\nb\n\n"
                for k, n in enumerate(indents)
            )
        )


def python_calls(action: Any) -> int:
    """How many Python functions (and generator steps) `action` runs."""
    calls = 0

    def count(frame: FrameType, event: str, arg: object) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(count)
    try:
        action()
    finally:
        sys.setprofile(None)
    return calls


def big_text(comments: int) -> Iterator[str]:
    yield "Title\n\nAuthored by ex.com and submitted by sub\n\nArticle.\n\n"
    for n in range(comments):
        depth = [0, 1, 2, 1, 2, 3][n % 6]
        minute, hour = n % 60, n // 60 % 24
        when = f"May {n % 28 + 1}th, 2020 at {hour}:{minute:02d}"
        yield f"{'  ' * depth}user{n % 97} on {when} UTC »\n\n"
        yield f"{'  ' * depth}body {n} with some words\n\n"


def test_the_whole_load_makes_no_python_call_per_comment() -> None:
    """Loading a text thread and preparing it for the screen runs Python code per batch
    and per distinct day, never per comment (the scan, the stamps, the parents' shortcut,
    the sort, the pre-order, the height estimates): 20,000 comments, far fewer calls."""
    data = "".join(big_text(20_000)).encode()

    def load() -> None:
        forest = parse_bytes(data).comments
        prepare_forest(forest, 100)

    assert python_calls(load) < 2_000


def test_whether_headers_carry_scores_is_known_from_the_scan() -> None:
    """`has_scores` (asked on the UI thread when a thread is installed) searched the whole
    text for "score" and then read every header's trailer: 0.4 s at 1M comments. The scan
    sees it: no header is read again, wherever the word is."""
    header = "u{n} on May 1st, 2020 at 10:{m:02d} UTC »\n\nthe score was {n}\n\n"
    text = "".join(header.format(n=n, m=n % 60) for n in range(300))
    scored = text + "late [score 3, edited] on May 2nd, 2020 at 10:00 UTC »\n\nscored\n"
    marked = text + "late [edited] on May 2nd, 2020 at 10:00 UTC »\n\nnot scored\n"
    read: list[int] = []
    with patch.object(textindex, "_BATCH", 7):  # the scored header is in the last batch
        for data, expected in ((scored, True), (marked, False), (text, False)):
            index = index_of(data.encode())
            assert index is not None
            with patch.object(CommentIndex, "trailer", lambda self, record: read.append(record)):
                assert index.has_scores() is expected
    assert read == []


def test_a_prepared_forest_is_named_without_printing_its_arrays() -> None:
    """A worker handed a prepared forest (`@work`) names itself with its arguments'
    reprs: a million heights and sums printed took 0.4 s of the UI thread at install."""
    forest = parse_bytes("".join(big_text(5_000)).encode()).comments
    prepared = prepare_forest(forest, 100)
    assert len(repr(prepared)) < 200
