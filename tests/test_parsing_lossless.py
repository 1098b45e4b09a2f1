"""Property tests: whatever comes in, parsing never crashes, loses no line, and round-trips."""

from __future__ import annotations

import io
import json
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import sample
from threadview.export import meta_fields, write_text
from threadview.model import Comment, MoreStub, Thread, count_comments, iter_comments, walk
from threadview.parsing import ParseError, parse_bytes, parse_text
from threadview.parsing.digest import MASTHEAD_JOIN
from threadview.parsing.layout import MORE_MARK, write_meta
from threadview.parsing.scraped import BLANK, is_header_line, split_lines

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _norm(line: str) -> str:
    """A line as compared: a digest's closing » is a mark, not text (a lone one is nothing)."""
    return line.strip(BLANK).rstrip("\\").strip(BLANK).removesuffix(MORE_MARK).rstrip(BLANK)


def input_lines(text: str) -> tuple[Counter[str], int]:
    """Non-blank input lines (headers counted apart), normalised for comparison."""
    if text.startswith("\ufeff"):
        text = text[1:]
    content: Counter[str] = Counter()
    headers = 0
    for line in split_lines(text):
        if not line.strip(BLANK):
            continue
        if is_header_line(line):
            headers += 1
        elif _norm(line):
            content[_norm(line)] += 1
    return content, headers


def model_lines(thread: Thread, text: str | None = None) -> tuple[Counter[str], int]:
    """Every line the model holds, from every place a line can land. The metadata line
    counts only when `text` (the input) had it: a plain text whose first line became its
    title has metadata to write, but did not read any."""
    pieces: list[str] = [thread.byline or ""]
    pieces += (thread.title or "").split(MASTHEAD_JOIN) if thread.stories else [thread.title or ""]
    if thread.image is not None:
        pieces.append(f"image for {thread.image}")
    meta = meta_fields(thread)
    if meta and (text is None or write_meta(meta) in text):
        pieces.append(write_meta(meta))
    pieces += [block.text for block in thread.article]
    for story in thread.stories:
        pieces += [story.title or "", story.byline or ""]
        if story.image is not None:
            pieces.append(f"image for {story.image}")
        pieces += story.paragraphs
    nodes = 0
    for _, node in walk(thread.comments):
        nodes += 1
        if isinstance(node, Comment):
            pieces.append(node.body)
    content: Counter[str] = Counter()
    for piece in pieces:
        for line in piece.split("\n"):
            if _norm(line):
                content[_norm(line)] += 1
    return content, nodes


def assert_lossless(text: str, thread: Thread) -> None:
    expected, headers = input_lines(text)
    held, nodes = model_lines(thread, text)
    stray_stubs = sum(1 for w in thread.warnings if "after a more-stub" in w)
    assert nodes == headers
    if stray_stubs:
        return
    if thread.stories:  # a story's title may also be its image line's: one line, two places
        assert set(expected) <= set(held)
        return
    assert held == expected


def round_trips(thread: Thread) -> None:
    out = io.StringIO()
    write_text(thread, out)
    again = parse_text(out.getvalue())
    assert again == thread
    assert count_comments(again.comments) == count_comments(thread.comments)


months = st.sampled_from(["January", "May", "November", "February"])
authors = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), min_size=1
).filter(lambda a: a.strip(BLANK) == a and " on " not in a and a.strip())
headers = st.builds(
    lambda indent, author, month, day, suffix, hour, minute: (
        f"{' ' * indent}{author} on {month} {day}{suffix}, 2019 at {hour:02d}:{minute:02d} UTC »"
    ),
    st.integers(0, 6),
    authors,
    months,
    st.integers(1, 31),
    st.sampled_from(["st", "nd", "rd", "th"]),
    st.integers(0, 23),
    st.integers(0, 59),
)
free_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=40
)
special = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "Authored by a.example and submitted by b",
        "Authored by",
        "image for x",
        "image for",
        "[+2 more replies not in this file]",
        "  [+1 more reply not in this file]",
        "x on an unknown date »",
        "quoted » arrow",
        "ends with a backslash \\",
        "bob on May 1st, 2020 at 10:00 UTC »\\",
        "> quote",
        "    code",
        "\x1b[31mred",
        "\u202eevil",
    ]
)
lines = st.lists(st.one_of(headers, free_text, special), max_size=40)
endings = st.sampled_from(["\n", "\r\n", "\r"])


@SETTINGS
@given(lines, endings)
def test_structured_text_parses_losslessly_and_round_trips(parts, ending):
    text = ending.join(parts)
    try:
        thread = parse_text(text)
    except ParseError:
        assert not text.strip()
        return
    assert_lossless(text, thread)
    round_trips(thread)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_is_lossless(text):
    try:
        thread = parse_text(text)
    except ParseError:
        assert not text.strip() or _is_json(text)  # JSON of a shape we don't read
        return
    assert_lossless(text, thread)


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_parse_or_raise_parse_error(data):
    try:
        thread = parse_bytes(data)
    except ParseError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert isinstance(thread, Thread)
    assert all(isinstance(n, (Comment, MoreStub)) for _, n in walk(thread.comments))


def test_real_sample_is_lossless_and_round_trips():
    path = sample("dailypopulous-2019-11-08-culiacan.txt")
    text = path.read_text(encoding="utf-8")
    thread = parse_text(text)
    assert_lossless(text, thread)
    round_trips(thread)


@SETTINGS
@given(lines, endings)
def test_bytes_and_text_parse_to_the_same_thread(parts, ending):
    from threadview.parsing.scraped import parse_layout

    text = ending.join(parts)
    try:
        as_text = parse_layout(text)
    except ParseError:
        return
    as_bytes = parse_layout(text.encode("utf-8"))
    assert as_bytes == as_text
    assert as_bytes.warnings == as_text.warnings
    assert [c.id for c in iter_comments(as_bytes.comments)] == [
        c.id for c in iter_comments(as_text.comments)
    ]
