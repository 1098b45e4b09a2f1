"""Tests for threadview.render.markdown and .wrap: Markdown bodies as safe screen lines."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text

from tests.conftest import sample
from threadview.render.markdown import (
    MAX_MARKDOWN_CHARS,
    QUOTE_BAR,
    render_markdown,
)
from threadview.render.wrap import render_plain_lines, truncate, wrap_text

SGR = re.compile(r"\x1b\[[0-9;]*m")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plains(lines: list[Text]) -> list[str]:
    return [line.plain for line in lines]


def styles_at(line: Text, index: int) -> str:
    """The style of the character at `index`, as a string (spans combined)."""
    style = Style.parse(str(line.style)) if line.style else Style()
    for span in line.spans:
        if span.start <= index < span.end:
            style += Style.parse(str(span.style)) if isinstance(span.style, str) else span.style
    return str(style)


def ansi(lines: list[Text]) -> str:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="truecolor", width=200)
    for line in lines:
        console.print(line)
    return out.getvalue()


def assert_fits(lines: list[Text], width: int) -> None:
    for line in lines:
        assert cell_len(line.plain) <= width, (width, line.plain)


def test_emphasis_strong_code_and_strike_are_styled() -> None:
    (line,) = render_markdown("a *em* **strong** `code` ~~gone~~", 80)
    assert line.plain == "a em strong code gone"
    assert "italic" in styles_at(line, 2)
    assert "bold" in styles_at(line, 5)
    assert "cyan" in styles_at(line, 12)
    assert "strike" in styles_at(line, 17)
    assert styles_at(line, 0) == "none"


def test_paragraphs_reflow_and_are_separated_by_one_blank_line() -> None:
    lines = render_markdown("one\ntwo\n\nthree", 80)
    assert plains(lines) == ["one two", "", "three"]


def test_hard_break_starts_a_new_line() -> None:
    assert plains(render_markdown("one  \ntwo", 80)) == ["one", "two"]


def test_quote_bar_on_every_wrapped_line() -> None:
    lines = render_markdown("> " + "word " * 30, 24)
    assert len(lines) > 3
    assert all(line.plain.startswith(QUOTE_BAR) for line in lines)
    assert_fits(lines, 24)


def test_nested_quote_shows_two_bars_and_blank_line_keeps_the_outer_bar() -> None:
    lines = plains(render_markdown("> outer\n>\n> > inner", 40))
    assert lines == ["▌ outer", "▌", "▌ ▌ inner"]


def test_bullet_list_has_hanging_indent() -> None:
    lines = plains(render_markdown("- " + "alpha " * 10 + "\n- second", 20))
    assert lines[0].startswith("• alpha")
    assert all(line.startswith("  ") for line in lines[1:-1])
    assert lines[-1] == "• second"


def test_nested_tight_list_and_gap_after_list() -> None:
    lines = plains(render_markdown("- a\n- b\n  - c\n\nafter", 40))
    assert lines == ["• a", "• b", "  ◦ c", "", "after"]


def test_ordered_list_keeps_its_start_number_and_indent() -> None:
    lines = plains(render_markdown("7. seven " + "x " * 10 + "\n8. eight", 12))
    assert lines[0].startswith("7. seven")
    assert lines[1].startswith("   ")
    assert lines[-1] == "8. eight"


def test_code_block_keeps_lines_and_folds_without_losing_text() -> None:
    code = "def f():\n    return '" + "x" * 50 + "'"
    lines = render_markdown(f"```\n{code}\n```", 20)
    assert_fits(lines, 20)
    assert "".join(plains(lines)) == code.replace("\n", "")
    assert plains(lines)[0] == "def f():"
    assert "cyan" in styles_at(lines[0], 0)


def test_indented_code_block_expands_tabs() -> None:
    (line,) = render_markdown("    a\tb", 40)
    assert line.plain == "a   b"


def test_link_shows_text_and_url_without_link_style() -> None:
    lines = render_markdown("see [the docs](https://example.com/a) now", 80)
    assert plains(lines) == ["see the docs (https://example.com/a) now"]
    assert "underline" in styles_at(lines[0], 4)
    for span in lines[0].spans:
        style = Style.parse(span.style) if isinstance(span.style, str) else span.style
        assert style.link is None
    assert "\x1b]8" not in ansi(lines)


def test_autolink_is_not_repeated_and_long_urls_are_cut_after_the_text() -> None:
    assert plains(render_markdown("<https://example.com>", 80)) == ["https://example.com"]
    url = "https://example.com/" + "p" * 200
    (line, *_) = render_markdown(f"[t]({url})", 200)
    assert line.plain.startswith("t (https://example.com/")
    assert line.plain.endswith("…)")


def test_javascript_and_file_links_stay_literal_text() -> None:
    text = "[a](javascript:alert(1)) [b](file:///etc/passwd)"
    assert plains(render_markdown(text, 200)) == [text]


def test_raw_html_is_shown_as_text() -> None:
    lines = plains(render_markdown("<script>alert(1)</script>\n\n<b>bold?</b>", 80))
    assert lines == ["<script>alert(1)</script>", "", "<b>bold?</b>"]


def test_heading_bold_and_rule_spans_the_width() -> None:
    lines = render_markdown("## Title\n\n---\n\nafter", 30)
    assert lines[0].plain == "Title"
    assert "bold" in styles_at(lines[0], 0)
    assert lines[2].plain == "─" * 30


def test_table_rows_become_lines() -> None:
    lines = plains(render_markdown("| a | b |\n|---|---|\n| 1 | 2 |", 40))
    assert lines == ["a │ b", "1 │ 2"]


def test_image_shows_alt_and_source() -> None:
    assert plains(render_markdown("![a cat](cat.png)", 80)) == ["[image: a cat] (cat.png)"]


def test_markup_in_bodies_is_never_parsed() -> None:
    body = "[bold red]x[/] [@click=app.screenshot('x')]y[/] [link=file:///etc/passwd]z $var"
    (line,) = render_markdown(body, 200)
    assert line.plain == body
    assert line.spans == []


def test_escape_sequences_are_sanitised_everywhere() -> None:
    body = (
        "t\x1b[2J *e\x1b]0;x\x07* `c\x9b1m` [l\u202e](http://e.com/\x1b) ![\x1bP](x)\n\n"
        "```\n\x1b]52;c;QQ==\x07\n```\n\n&#x1b;[31m &#155;"
    )
    lines = render_markdown(body, 60)
    output = SGR.sub("", ansi(lines))
    assert "\x1b" not in output
    assert not CONTROL.search(output)
    joined = "\n".join(plains(lines))
    for shown in ("␛[2J", "␛]0;x␇", "<CSI>1m", "<RLO>", "␛]52;c;QQ==␇"):
        assert shown in joined


def test_decorate_sees_each_block_before_wrapping_and_only_adds_styles() -> None:
    seen: list[str] = []

    def decorate(text: Text) -> None:
        seen.append(text.plain)
        start = text.plain.find("example.org")
        if start >= 0:
            text.stylize("reverse", start, start + len("example.org"))

    body = "first example.org " + "word " * 20 + "\n\n> second"
    lines = render_markdown(body, 20, decorate=decorate)
    assert seen[0].startswith("first example.org word")
    assert seen[1] == "second"
    assert "reverse" in styles_at(lines[0], lines[0].plain.find("example"))


def test_base_style_is_on_every_line() -> None:
    lines = render_markdown("a\n\n> b", 20, base_style="on blue")
    assert len(lines) == 3
    assert all(str(line.style) == "on blue" for line in lines)


def test_deep_nesting_falls_back_to_plain_text_and_keeps_every_word() -> None:
    body = "".join("  " * depth + f"- item{depth}\n" for depth in range(60))
    lines = render_markdown(body, 80)
    joined = " ".join(plains(lines))
    assert all(f"item{depth}" in joined for depth in range(60))
    quotes = render_markdown("> " * 5000 + "deepest", 80)
    assert "deepest" in " ".join(plains(quotes))


def test_very_long_body_is_plain_but_complete() -> None:
    body = "*x* " * (MAX_MARKDOWN_CHARS // 4 + 10)
    lines = render_markdown(body, 80)
    assert_fits(lines, 80)
    assert sum(line.plain.count("*x*") for line in lines) == MAX_MARKDOWN_CHARS // 4 + 10


def test_giant_word_and_url_are_folded_exactly() -> None:
    word = "a" * 1_000_000
    lines = render_plain_lines(word, 80)
    assert len(lines) == 12_500
    assert all(line.plain == "a" * 80 for line in lines)
    url = "https://example.com/" + "b" * 100_000
    lines = render_markdown(f"go {url} now", 50)
    assert_fits(lines, 50)
    assert "".join(plains(lines)).replace(" ", "") == f"go{url}now"


def test_wide_characters_never_split_or_overflow() -> None:
    lines = wrap_text(Text("東京" * 20 + " 😀😀😀"), 7)
    assert_fits(lines, 7)
    assert "".join(plains(lines)).replace(" ", "") == "東京" * 20 + "😀😀😀"


def test_render_plain_lines_keeps_blank_lines_and_sanitises() -> None:
    lines = render_plain_lines("one\n\ntwo\x07", 10, style="italic")
    assert plains(lines) == ["one", "", "two␇"]
    assert str(lines[0].style) == "italic"


def test_truncate_is_cell_safe() -> None:
    assert truncate(Text("東京東京"), 5).plain == "東京…"
    assert truncate(Text("abcdef"), 3).plain == "ab…"
    assert truncate(Text("abc"), 3).plain == "abc"
    assert truncate(Text("abc"), 0).plain == ""
    assert cell_len(truncate(Text("東京"), 2).plain) <= 2


@settings(max_examples=200, deadline=None)
@given(
    st.text(st.characters(blacklist_categories=()), max_size=400),
    st.integers(min_value=1, max_value=120),
)
def test_any_body_fits_the_width_and_emits_only_sgr(body: str, width: int) -> None:
    lines = render_markdown(body, width)
    assert_fits(lines, width)
    output = SGR.sub("", ansi(lines))
    assert "\x1b" not in output
    assert not CONTROL.search(output)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.from_regex(r"[a-z]{1,30}", fullmatch=True), min_size=1, max_size=60),
    st.integers(min_value=1, max_value=60),
)
def test_plain_words_are_never_lost(words: list[str], width: int) -> None:
    lines = render_markdown(" ".join(words), width)
    assert "".join(plains(lines)).replace(" ", "") == "".join(words)


@pytest.mark.parametrize(
    "name",
    ["dailypopulous-2019-11-08-culiacan.txt", "reddit-self-2013.json", "reddit-test-small.json"],
)
def test_real_sample_bodies_render_within_width(name: str) -> None:
    from threadview.model import iter_comments
    from threadview.parsing import load_path
    from threadview.render.decorate import decorate

    thread = load_path(sample(name))
    comments = list(iter_comments(thread.comments))
    assert comments
    for comment in comments:
        for width in (24, 80):
            lines = render_markdown(comment.body, width, decorate=decorate)
            assert_fits(lines, width)
            words = re.findall(r"[A-Za-z]{4,}", comment.body)
            shown = "".join(plains(lines))
            # Markdown syntax goes, words stay: spot-check the first and last word.
            if words:
                assert words[0] in shown.replace(" ", "") or words[0] in shown
                assert words[-1] in shown.replace(" ", "") or words[-1] in shown
        assert "\x1b" not in SGR.sub("", ansi(render_markdown(comment.body, 80)))


def test_code_blocks_are_not_decorated():
    seen: list[str] = []
    render_markdown(
        'A "quote" -> "here".\n\n```\n"x" -> "y"\n```\n\n    "p" => "q"\n',
        60,
        decorate=lambda text: seen.append(text.plain),
    )
    assert any("quote" in plain for plain in seen)
    assert not any('"x"' in plain or '"p"' in plain for plain in seen)
