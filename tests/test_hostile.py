"""The hostile corpus: every file loads (or is refused clearly) and renders with no escapes.

For each case in tests/hostile/MANIFEST.json the thread is loaded with the real loader,
every text field is rendered through threadview.render and printed by a true-colour Rich
console; the only escape sequences allowed in the output are the SGR ones Rich writes
itself, and the payload must be visible as the sanitiser's symbols.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text

from threadview import cli
from threadview.model import Comment, Thread, walk
from threadview.parsing import ParseError, load_path, parse_bytes
from threadview.render import (
    render_markdown,
    render_plain_lines,
    safe_content,
    safe_text,
    truncate,
)

HOSTILE = Path(__file__).resolve().parent / "hostile"
MANIFEST = json.loads((HOSTILE / "MANIFEST.json").read_text(encoding="utf-8"))
WIDTH = 80

SGR = re.compile(r"\x1b\[[0-9;]*m")
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _load_generator():
    spec = importlib.util.spec_from_file_location("hostile_generate", HOSTILE / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = _load_generator().generate


def _comments(thread: Thread, limit: int | None) -> list[tuple[int, Comment]]:
    found = [(depth, node) for depth, node in walk(thread.comments) if isinstance(node, Comment)]
    if limit is not None and len(found) > 2 * limit:
        found = found[:limit] + found[-limit:]
    return found


def render_thread(thread: Thread, limit: int | None = None) -> list[Text]:
    """Every text field of `thread` as the UI would draw it (bodies as Markdown)."""
    lines: list[Text] = []
    for field in (
        thread.title,
        thread.source,
        thread.submitter,
        thread.byline,
        thread.image,
        thread.url,
        *thread.warnings,
    ):
        if field:
            lines.extend(render_plain_lines(field, WIDTH))
    for value in thread.extra.values():
        if isinstance(value, str):
            lines.extend(render_plain_lines(value, WIDTH))
    for block in thread.article:
        style = "italic" if block.kind == "caption" else ""
        lines.extend(render_plain_lines(block.text, WIDTH, style))
    for depth, comment in _comments(thread, limit):
        header = safe_text(comment.author, "bold")
        header.append(" " + " ".join(comment.markers))
        lines.append(truncate(header, WIDTH))
        lines.extend(render_markdown(comment.body, max(10, WIDTH - 2 * min(depth, 20))))
    return lines


def ansi(lines: Iterable[Text], limit: int = 5000) -> str:
    """What a true-colour terminal would receive for the first `limit` lines."""
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="truecolor", width=WIDTH)
    for index, line in enumerate(lines):
        if index >= limit:
            break
        console.print(line, crop=False, soft_wrap=True)
    return out.getvalue()


def assert_terminal_safe(lines: list[Text], limit: int = 5000) -> str:
    """Only Rich's SGR escapes in the output; no control, C1, bidi or link. Returns the text."""
    for line in lines:
        assert cell_len(line.plain) <= WIDTH, line.plain[:100]
        for span in line.spans:
            style = Style.parse(span.style) if isinstance(span.style, str) else span.style
            assert style.link is None
    output = ansi(lines, limit)
    visible = SGR.sub("", output)
    assert "\x1b" not in visible, repr(visible[visible.index("\x1b") - 20 :][:80])
    match = FORBIDDEN.search(visible.replace("\n", ""))
    assert match is None, repr(visible[max(0, match.start() - 20) : match.start() + 20])
    return visible


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


FILES = MANIFEST["files"]


def test_manifest_lists_every_file_and_enough_cases() -> None:
    listed = {entry["file"] for entry in FILES}
    present = {p.name for p in HOSTILE.iterdir() if p.suffix in (".txt", ".json")}
    assert listed == present - {"MANIFEST.json"}
    assert len(listed) >= 40
    for entry in FILES:
        assert entry["expect"] in ("opens", "refused") and entry["shows"] and entry["threat"]
        assert set(entry["screen"]) <= set(entry["shows"])
        assert (HOSTILE / entry["file"]).stat().st_size < 50_000


@pytest.mark.parametrize("entry", FILES, ids=[entry["file"] for entry in FILES])
def test_hostile_file(entry: dict) -> None:
    path = HOSTILE / entry["file"]
    if entry["expect"] == "refused":
        with pytest.raises(ParseError) as caught:
            load_path(path)
        message = str(caught.value)
        assert "\n" not in message
        for needle in entry["shows"]:
            assert needle in message
        assert_terminal_safe(render_plain_lines(message, WIDTH))
        return
    thread = load_path(path)
    visible = assert_terminal_safe(render_thread(thread))
    for needle in entry["shows"]:
        assert squeeze(needle) in squeeze(visible), needle
    assert len(_comments(thread, None)) == entry["comments"]


@pytest.mark.parametrize("entry", FILES, ids=[entry["file"] for entry in FILES])
def test_dump_of_hostile_file_exits_0_or_2_with_one_line(
    entry: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["dump", "--format", "json", str(HOSTILE / entry["file"])])
    err = capsys.readouterr().err
    if entry["expect"] == "refused":
        assert code == cli.EXIT_INPUT
        assert err.startswith("threadview: error: ") and err.count("\n") == 1, err
    else:
        assert (code, err) == (cli.EXIT_OK, "")


@pytest.mark.parametrize(
    "case", MANIFEST["generated"], ids=[case["name"] for case in MANIFEST["generated"]]
)
def test_generated_hostile_case(case: dict, tmp_path: Path) -> None:
    path = tmp_path / f"{case['name']}.{'json' if 'json' in case['name'] else 'txt'}"
    path.write_bytes(generate(case["name"], case["params"]))
    thread = load_path(path)
    lines = render_thread(thread, limit=20)
    visible = assert_terminal_safe(lines, limit=2000)
    tail = ansi(lines[-2000:], 2000)
    for needle in case["shows"]:
        assert squeeze(needle) in squeeze(visible + SGR.sub("", tail)), needle


def test_safe_content_of_every_title_keeps_markup_literal() -> None:
    for entry in FILES:
        if entry["expect"] != "opens":
            continue
        thread = load_path(HOSTILE / entry["file"])
        content = safe_content(thread.title or "")
        assert "\x1b" not in content.plain
        assert not FORBIDDEN.search(content.plain)
        if thread.title and "[" in thread.title:
            assert "[" in content.plain


# Property tests ----------------------------------------------------------------------

NASTY = st.sampled_from(
    [
        "\x1b",
        "\x1b[",
        "\x1b]",
        "\x1bP",
        "\x07",
        "\x1b\\",
        "\x9b",
        "\x9d",
        "\x9c",
        "\x00",
        "\u202e",
        "\u2066",
        "\u200b",
        "\u0301",
        "[",
        "]",
        "[bold]",
        "[@click=app.quit]",
        "$x",
        "»",
        "\n",
        "\r",
        "\t",
        " ",
        "  ",
        "*",
        "`",
        ">",
        "- ",
        "1. ",
        "http://",
        "&#x1b;",
        "東",
        "😀",
        "\ufeff",
        "\x85",
        "\x7f",
        "a",
        "word",
    ]
)
NASTY_TEXT = st.lists(NASTY | st.characters(), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_any_bytes_parse_or_raise_parse_error_and_render_safely(data: bytes) -> None:
    try:
        thread = parse_bytes(data)
    except ParseError as error:
        assert_terminal_safe(render_plain_lines(str(error), WIDTH))
        return
    assert_terminal_safe(render_thread(thread, limit=50))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NASTY_TEXT, NASTY_TEXT, NASTY_TEXT, NASTY_TEXT)
def test_nasty_text_in_every_field_renders_safely(
    title: str, author: str, body: str, reply: str
) -> None:
    layout = (
        f"{title or 't'}\n\nAuthored by ex.com and submitted by {author}\n\nArticle {body}\n\n"
        f"{author or 'a'} on November 8th, 2019 at 02:00 UTC »\n\n{body}\n\n"
        f"  b on November 8th, 2019 at 02:01 UTC »\n\n  {reply}\n"
    )
    try:
        thread = parse_bytes(layout.encode("utf-8", "surrogatepass"))
    except ParseError:
        return
    assert_terminal_safe(render_thread(thread))


@settings(max_examples=200, deadline=None)
@given(NASTY_TEXT, st.integers(min_value=1, max_value=100))
def test_any_text_through_every_render_function_emits_only_sgr(text: str, width: int) -> None:
    lines = [
        safe_text(text),
        *render_plain_lines(text, width),
        *render_markdown(text, width),
    ]
    for line in lines[1:]:
        assert cell_len(line.plain) <= width
    assert_terminal_safe([line for line in lines if cell_len(line.plain) <= WIDTH])
    content = safe_content(text)
    assert not FORBIDDEN.search(content.plain.replace("\n", "").replace("\t", ""))
