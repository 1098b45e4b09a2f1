"""A big Reddit page is read a top-level comment at a time: the same thread as a whole read,
a preview from the file's head, and the whole read for anything the stream can't take."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import sample
from threadview.model import Comment, Node, Thread, count_comments, iter_comments, walk
from threadview.parsing import (
    ParseError,
    jsonstream,
    load_path,
    parse_bytes,
    parse_document,
    read_document,
)
from threadview.parsing.jsonstream import read_page

_GEN = Path(__file__).resolve().parents[1] / "bench" / "gen_reddit.py"
_spec = importlib.util.spec_from_file_location("gen_reddit", _GEN)
assert _spec is not None and _spec.loader is not None
gen_reddit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen_reddit)


def _page(comments: int, seed: int) -> list[Any]:
    return gen_reddit.page(comments, seed)  # type: ignore[no-any-return]


def _write(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _outcome(read: Callable[[], object]) -> object:
    """The thread `read` makes, or its one-line error."""
    try:
        return read()
    except ParseError as error:
        return str(error)


def _whole(data: bytes) -> object:
    """What the whole-file reader makes of `data`."""
    return _outcome(lambda: parse_bytes(data))


def _same(thread: object, other: object) -> bool:
    """Equal threads with the same warnings (threads compare equal whatever their warnings)."""
    return thread == other and getattr(thread, "warnings", None) == getattr(other, "warnings", None)


def _whole_file(path: Path) -> Any:
    return parse_bytes(path.read_bytes())


def _preview(path: Path, limit: int) -> Any:
    """What `threadview FILE` paints first, from a head the size of a few comments."""
    return parse_document(read_document(path, head=512), limit=limit)


@settings(max_examples=25, deadline=None)
@given(
    comments=st.integers(0, 120),
    seed=st.integers(0, 10_000),
    chunk=st.sampled_from([1, 2, 7, 64, 1000, 1 << 20]),
)
def test_the_stream_makes_the_whole_reads_thread_at_any_chunk_size(
    comments: int, seed: int, chunk: int
) -> None:
    data = json.dumps(_page(comments, seed)).encode()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonstream, "CHUNK", chunk)
        streamed = read_page(io.BytesIO(data))
    assert streamed is not None and _same(streamed, _whole(data))


def _by_id(forest: tuple[Node, ...]) -> dict[str, Comment]:
    return {comment.id: comment for comment in iter_comments(forest)}


@pytest.mark.parametrize(("comments", "seed", "limit"), [(60, 1, 5), (300, 2, 40), (1500, 3, 200)])
def test_a_preview_is_the_full_threads_comments_and_reads_only_the_head(
    tmp_path: Path, comments: int, seed: int, limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonstream, "PREVIEW_CHUNK", 4096)
    path = _write(tmp_path / "page.json", _page(comments, seed))
    full = _whole_file(path)
    preview = _preview(path, limit)
    assert preview.extra.pop("partial") is True and "partial" not in full.extra
    assert (preview.title, preview.article, preview.extra) == (full.title, full.article, full.extra)
    nodes = sum(1 for _ in walk(preview.comments))
    assert limit <= nodes < sum(1 for _ in walk(full.comments))
    everything = _by_id(full.comments)
    for comment in iter_comments(preview.comments):
        assert everything[comment.id] == comment  # the same comment, with all its replies
    top = {node.id for node in full.comments if isinstance(node, Comment)}
    assert all(node.id in top for node in preview.comments if isinstance(node, Comment))
    with path.open("rb") as handle:
        read_page(handle, limit)
        assert handle.tell() < path.stat().st_size * nodes / count_comments(full.comments) * 2


def test_a_preview_past_its_budget_paints_the_post_and_what_is_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonstream, "PREVIEW_CHUNK", 512)
    monkeypatch.setattr(jsonstream, "PREVIEW_BUDGET", 5000)
    path = _write(tmp_path / "page.json", _page(300, 5))
    preview = _preview(path, 200)
    assert preview.extra["partial"] is True and preview.title == _whole_file(path).title
    assert count_comments(preview.comments) < 10
    with path.open("rb") as handle:
        read_page(handle, 200)
        assert handle.tell() <= 5000
    full = parse_document(read_document(path, head=512))
    assert full == _whole_file(path) and count_comments(full.comments) == 300


def _orphans_page() -> list[Any]:
    """Top-level comments naming a parent that is, or is not, elsewhere in the file."""
    doc = _page(40, 9)
    children = doc[1]["data"]["children"]
    children[0]["data"]["parent_id"] = "t1_nowhere"
    reply = children[0]["data"]["replies"]
    named = reply["data"]["children"][0]["data"]["name"] if reply else "t1_c0000001"
    children[-2]["data"]["parent_id"] = named
    return doc


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(_orphans_page, id="orphans"),
        pytest.param(
            lambda: [*_page(5, 1)[:1], {"kind": "Listing", "data": {"children": []}}],
            id="no-comments",
        ),
        pytest.param(lambda: {"kind": "Listing", "data": _page(5, 1)[1]["data"]}, id="listing"),
    ],
)
def test_shapes_around_a_page_read_as_the_whole_read_does(make: Any) -> None:
    data = json.dumps(make()).encode()
    streamed = read_page(io.BytesIO(data))
    assert streamed is None or _same(streamed, _whole(data))
    assert _same(parse_document(_head_document(data)), _whole(data))


def _head_document(data: bytes) -> Any:
    """The reader's head document for `data` written to a file."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="tv-stream-"))
    path = folder / "page.json"
    path.write_bytes(data)
    return read_document(path, head=16)


def _broken(data: bytes) -> dict[str, bytes]:
    middle = len(data) // 2
    return {
        "cut": data[: middle + 3],
        "garbage-inside": data[:middle] + b"}}]]" + data[middle:],
        "extra-after": data + b" [1]",
        "repeated-data": b'"data": {}, "data": {"after"'.join(data.split(b'"data": {"after"', 2)),
        "not-utf8": data.replace(b"Benchmarks", b"Benchm\xe4rks").replace(b"the ", b"th\xe9 ", 3),
        "post-among-comments": data.replace(b'"kind": "t1"', b'"kind": "t3"', 1),
        "huge-integer": data.replace(b'"score": 1234', b'"score": ' + b"9" * 5000, 1),
    }


@pytest.mark.parametrize("case", list(_broken(b"")))
def test_broken_pages_are_read_whole_as_before(case: str) -> None:
    data = _broken(json.dumps(_page(80, 4)).encode())[case]
    assert read_page(io.BytesIO(data)) is None
    whole = _whole(data)
    assert _outcome(lambda: parse_document(_head_document(data))) == whole
    preview = _outcome(lambda: parse_document(_head_document(data), limit=10))
    if isinstance(whole, str):
        assert preview == whole
        return
    assert isinstance(preview, Thread)
    expected = whole.comments if case == "not-utf8" else None
    assert preview.extra.get("partial") or preview == whole
    if expected is not None:
        assert preview.comments == expected and preview.warnings == whole.warnings


def test_a_cut_page_previews_its_head_then_says_where_it_was_cut(tmp_path: Path) -> None:
    data = json.dumps(_page(300, 6)).encode()
    path = tmp_path / "cut.json"
    path.write_bytes(data[: len(data) * 2 // 3])
    preview = _preview(path, 20)
    full = parse_document(read_document(path, head=512))
    assert full == _whole_file(path) and "cut off at byte" in full.warnings[0]
    assert preview.extra["partial"] is True and preview.warnings == ()
    assert 0 < count_comments(preview.comments) < count_comments(full.comments)


def test_load_path_reads_a_big_page_a_comment_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "page.json", _page(800, 8))
    assert path.stat().st_size > 1 << 20
    streamed: list[Thread | None] = []

    def spy(handle: Any, limit: int | None = None) -> Thread | None:
        streamed.append(read_page(handle, limit))
        return streamed[-1]

    monkeypatch.setattr(jsonstream, "read_page", spy)
    assert load_path(path) == _whole_file(path) and streamed[0] is not None


_ROOT = Path(__file__).resolve().parents[1]
_OUR_JSON = sorted(
    path
    for folder in ("tests/fixtures", "tests/hostile", "sample_threads")
    for path in (_ROOT / folder).rglob("*.json")
)


def _streams_as_the_whole_read(path: Path) -> bool:
    """Whether the stream (in 37-byte chunks) takes the file; when it does, its thread
    must be the whole read's."""
    data = path.read_bytes()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonstream, "CHUNK", 37)
        streamed = read_page(io.BytesIO(data))
    assert streamed is None or _same(streamed, _whole(data)), path.name
    return streamed is not None


def test_our_json_files_stream_as_they_read_whole() -> None:
    taken = [path.name for path in _OUR_JSON if _streams_as_the_whole_read(path)]
    assert len(taken) >= 5, taken  # the Reddit pages among them


@pytest.mark.parametrize("name", ["reddit-self-2013.json", "reddit-test-small.json"])
def test_real_reddit_samples_stream_as_they_read_whole(name: str) -> None:
    assert _streams_as_the_whole_read(sample(name))


def test_a_page_broken_early_is_found_without_reading_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = json.dumps(_page(800, 2)).encode()
    where = data.index(b'{"kind": "t1"', len(data) // 4)
    broken = io.BytesIO(data[:where] + b"@" + data[where:])
    monkeypatch.setattr(jsonstream, "CHUNK", 64 << 10)
    assert read_page(broken) is None
    assert broken.tell() < len(data) // 2


def test_a_big_text_dump_of_a_page_is_previewed_as_text(tmp_path: Path) -> None:
    from threadview.export import write_text

    path = tmp_path / "page.txt"
    with path.open("w", encoding="utf-8") as out:
        write_text(_whole(json.dumps(_page(300, 2)).encode()), out)  # type: ignore[arg-type]
    assert path.read_text(encoding="utf-8").startswith("[threadview {")
    head = read_document(path, head=4096)
    assert head.rest_of == str(path) and len(head.raw) <= 4096
    assert isinstance(head.raw, bytes) and head.raw.startswith(b"[threadview {")  # not JSON
    preview = parse_document(head, limit=10)
    assert preview.extra["partial"] is True and count_comments(preview.comments) < 300
    assert parse_document(head) == _whole(path.read_bytes())


def test_a_page_with_a_byte_order_mark_previews_and_streams(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + json.dumps(_page(300, 1)).encode()
    path = tmp_path / "bom.json"
    path.write_bytes(data)
    head = read_document(path, head=4096)
    assert head.rest_of == str(path)
    assert parse_document(head, limit=20).extra["partial"] is True
    assert read_page(io.BytesIO(data)) == parse_document(head) == _whole(data)


def _deep_page(depth: int) -> bytes:
    """A page whose first top-level comment is a chain of `depth` replies, written out by
    hand (`json.dumps` recurses as deep as the document)."""
    doc = _page(3, 1)
    first = dict(doc[1]["data"]["children"][0], data={**doc[1]["data"]["children"][0]["data"]})
    first["data"]["replies"] = "@REPLIES@"
    before, after = json.dumps(first).split('"@REPLIES@"')
    opening = '{"kind": "Listing", "data": {"children": ['
    heads = [before.replace("c0000000", f"deep{level}") + opening for level in range(depth)]
    tails = ["]}}" + after.replace("c0000000", f"deep{level}") for level in range(depth)]
    chain = "".join(heads) + json.dumps(doc[1]["data"]["children"][1]) + "".join(reversed(tails))
    whole = json.dumps(doc)
    where = whole.index('"children": [', whole.index('"children": [') + 1) + len('"children": [')
    return (whole[:where] + chain + ", " + whole[where:]).encode()


def test_a_page_too_deep_for_the_c_scanner_previews_at_once_then_reads_whole(
    tmp_path: Path,
) -> None:
    depth = sys.getrecursionlimit() + 100
    data = _deep_page(depth)
    path = tmp_path / "deep.json"
    path.write_bytes(data)
    head = read_document(path, head=4096)
    preview = parse_document(head, limit=200)
    assert preview.extra["partial"] is True and preview.comments == ()
    assert preview.title == _whole(data).title  # type: ignore[attr-defined]
    full = parse_document(head)
    assert _same(full, _whole(data)) and count_comments(full.comments) == depth + 4
