"""Choosing a JSON reader by content: near misses, forced sites, and the deep-JSON decoder."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadview.parsing.errors import ParseError
from threadview.parsing.jsonload import loads_iterative, parse_json

FIXTURES = Path(__file__).parent / "fixtures"
REDDIT_PAGE = (FIXTURES / "reddit" / "page.json").read_text(encoding="utf-8")
HN_ALGOLIA = (FIXTURES / "hn" / "algolia.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("path", "site"),
    [
        ("reddit/page.json", "reddit"),
        ("reddit/listing-raw-json.json", "reddit"),
        ("reddit/link-post.json", "reddit"),
        ("hn/algolia.json", "hn"),
        ("hn/official-list.json", "hn"),
        ("hn/official-map.json", "hn"),
        ("hn/levels-nested.json", "hn"),
        ("hn/levels-flat.json", "hn"),
    ],
)
def test_every_fixture_is_detected_by_content(path: str, site: str) -> None:
    thread = parse_json((FIXTURES / path).read_text(encoding="utf-8"))
    assert thread is not None and thread.format == site


def listing(*kinds: str) -> dict:
    return {"kind": "Listing", "data": {"children": [{"kind": k, "data": {}} for k in kinds]}}


@pytest.mark.parametrize(
    ("doc", "says"),
    [
        ({}, "unrecognised JSON"),
        ([], "unrecognised JSON"),
        ({"foo": [1, 2], "bar": None}, "unrecognised JSON"),
        ([1, 2, 3], "unrecognised JSON"),
        ("just a string", "unrecognised JSON"),
        (listing("t3", "t3"), "holds posts (t3) but no comments"),
        (listing(), "Reddit Listing is empty"),
        ([listing("t3"), listing("t3")], "holds posts (t3)"),
        (listing("t1", "t3"), "holds t1, t3"),
        ({"id": 1, "kids": [2, 3]}, "HN item without its author"),
        ({"children": [], "title": "no id"}, "`children` but no HN `id`"),
        ({"comments": [{"id": 1, "by": "a"}]}, "unrecognised JSON"),
        ({"1": {"id": 1, "kids": []}}, "unrecognised JSON"),
    ],
)
def test_near_misses_get_a_one_line_error_naming_what_we_read(doc: object, says: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_json(json.dumps(doc))
    message = str(caught.value)
    assert says in message
    assert "\n" not in message
    for shape in ("Reddit comments page", "Hacker News Algolia item", "`level`"):
        assert shape in message


@pytest.mark.parametrize("text", ["[Title] of a scraped page\n\nbody", "{not json", "[+3 more"])
def test_text_that_is_not_json_returns_none(text: str) -> None:
    assert parse_json(text) is None


def test_forced_site_that_does_not_fit_is_an_error() -> None:
    with pytest.raises(ParseError, match=r"^--from reddit: .*found an HN document"):
        parse_json(HN_ALGOLIA, "reddit")
    with pytest.raises(ParseError, match=r"^--from hn: .*found a Reddit document"):
        parse_json(REDDIT_PAGE, "hn")
    with pytest.raises(ParseError, match=r"^--from hn: .*found JSON an empty object"):
        parse_json("{}", "hn")
    with pytest.raises(ParseError, match=r"^--from hn: the file is not valid JSON \(line 1"):
        parse_json("{oops", "hn")


def test_forced_site_that_fits_and_other_names() -> None:
    assert parse_json(REDDIT_PAGE, "reddit").format == "reddit"
    assert parse_json(HN_ALGOLIA, "hn").format == "hn"
    assert parse_json(REDDIT_PAGE, "text") is None  # not ours: the caller reads it as text


def test_byte_order_mark_is_ignored() -> None:
    assert parse_json("\ufeff" + REDDIT_PAGE).format == "reddit"


def test_public_loader_opens_json_without_a_flag() -> None:
    from threadview.parsing import parse_text

    assert parse_text(REDDIT_PAGE).format == "reddit"
    assert parse_text(HN_ALGOLIA).format == "hn"


SAME_AS_JSON = [
    '{"a": [1, -2.5, 3e2, -0, 1E-2, true, false, null], "b": {}, "c": [], "d": "x\\u00e9\\n"}',
    ' [ { "k" : [ [ ] , { } , "s" ] } , 12345678901234567890 ] ',
    '"top-level string"',
    "-7",
    '{"dup": 1, "dup": 2}',
    '[[[[["deep"]]]], {"x": {"y": {"z": []}}}]',
    '{"emoji": "\\ud83d\\ude00", "raw": "ü€"}',
    "[Infinity, -Infinity]",
]


@pytest.mark.parametrize("text", SAME_AS_JSON)
def test_iterative_decoder_matches_json_loads(text: str) -> None:
    assert loads_iterative(text) == json.loads(text)


def test_iterative_decoder_reads_nan() -> None:
    assert math.isnan(loads_iterative("[NaN]")[0])


@pytest.mark.parametrize(
    "text", ["", "[1,]", "[1 2]", '{"a" 1}', '{"a": 1,}', "{1: 2}", "[1] x", '"open', "[", "tru"]
)
def test_iterative_decoder_rejects_what_json_rejects(text: str) -> None:
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    with pytest.raises(json.JSONDecodeError):
        loads_iterative(text)


def test_iterative_decoder_handles_depth_the_c_scanner_cannot() -> None:
    depth = 50_000
    text = "[" * depth + "1" + "]" * depth
    value = loads_iterative(text)
    for _ in range(depth):
        (value,) = value
    assert value == 1


def test_names_from_the_file_cannot_break_the_one_line_error() -> None:
    hostile = "\x1b[31mred\nline\x07" + "x" * 200
    for doc in ({hostile: 1}, {"kind": "Listing", "data": {"children": [{"kind": hostile}]}}):
        with pytest.raises(ParseError) as caught:
            parse_json(json.dumps(doc), "reddit")
        message = str(caught.value)
        assert message.isprintable() and "\x1b" not in message
        assert len(message) < 400


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES, st.sampled_from([None, 1]), st.booleans())
def test_iterative_decoder_matches_json_loads_on_random_documents(
    value: object, indent: int | None, ascii_only: bool
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    assert loads_iterative(text) == json.loads(text)
