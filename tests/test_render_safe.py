"""Tests for threadview.render.safe: nothing from a file reaches the terminal as a control."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from threadview.render.safe import MAX_MARKS, SYMBOL_STYLE, safe_content, safe_text, sanitize, scan

SGR = re.compile(r"\x1b\[[0-9;]*m")


def ansi(text: Text) -> str:
    """What Rich would write to a true-colour terminal for `text`."""
    out = io.StringIO()
    Console(file=out, force_terminal=True, color_system="truecolor", width=80).print(text)
    return out.getvalue()


def assert_only_sgr(output: str) -> None:
    leftover = SGR.sub("", output)
    assert "\x1b" not in leftover, repr(leftover)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", leftover), repr(leftover)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x1b[2Jb", "a␛[2Jb"),
        ("\x1b[1;1H\x1b[31mred", "␛[1;1H␛[31mred"),
        ("x\x1b]52;c;ZXZpbA==\x07y", "x␛]52;c;ZXZpbA==␇y"),
        ("x\x1b]0;owned\x1b\\y", "x␛]0;owned␛\\y"),
        (
            "\x1b]8;;file:///etc/passwd\x1b\\click\x1b]8;;\x1b\\",
            "␛]8;;file:///etc/passwd␛\\click␛]8;;␛\\",
        ),
        ("\x1bP+q544e\x1b\\", "␛P+q544e␛\\"),
        ("\x1b_Gapc\x1b\\", "␛_Gapc␛\\"),
        ("\x1b^pm\x1b\\", "␛^pm␛\\"),
        ("\x9b2J", "<CSI>2J"),
        ("\x9d0;title\x9c", "<OSC>0;title<ST>"),
        ("\x85", "<NEL>"),
        ("nul\x00bel\x07bs\x08del\x7f", "nul␀bel␇bs␈del␡"),
        ("cr\rvt\x0bff\x0c", "cr␍vt␋ff␌"),
        ("abc\u202edcb\u202c", "abc<RLO>dcb<PDF>"),
        ("\u2066\u2067\u2068\u2069\u200e\u200f\u061c", "<LRI><RLI><FSI><PDI><LRM><RLM><ALM>"),
        ("a\u200bb\u2060c\ufeffd", "a<ZWSP>b<WJ>c<BOM>d"),
        ("a\u200db", "a<ZWJ>b"),
        ("\u3164", "<U+3164>"),
        ("tag\U000e0041", "tag<U+E0041>"),
        ("bad\udc9b", "bad\ufffd"),
        ("line\u2028sep", "line<LS>sep"),
    ],
)
def test_controls_become_symbols(raw: str, shown: str) -> None:
    assert sanitize(raw) == shown
    assert_only_sgr(ansi(safe_text(raw)))


@pytest.mark.parametrize(
    "text",
    [
        "plain text, nothing to do",
        "tab\tand\nnewline kept",
        "café naïve 東京 😀",
        "👨\u200d👩\u200d👧 family",  # ZWJ inside an emoji sequence is real text
        "می\u200cخواهم",  # ZWNJ in Persian
        "नमस्ते",
        "flag 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
        "soft\u00adhyphen",
        "[bold red]not markup[/] $variable [@click=app.quit]x[/]",
    ],
)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert sanitize(text) == text
    assert scan(text)[1] == []


def test_combining_marks_are_capped_with_one_marker() -> None:
    zalgo = "e" + "\u0301" * 100_000 + "x"
    shown = sanitize(zalgo)
    assert shown == "e" + "\u0301" * MAX_MARKS + "<+99997 marks>x"


def test_few_combining_marks_are_kept() -> None:
    text = "e\u0301\u0302 a\u0300"
    assert sanitize(text) == text


def test_unterminated_string_sequence_is_dimmed_only_so_far() -> None:
    raw = "\x1b]52;c;" + "A" * 1000
    plain, spans = scan(raw)
    assert plain == "␛]52;c;" + "A" * 1000
    ((start, end),) = spans
    assert start == 0 and end < 300


def test_non_ascii_inside_a_sequence_is_still_sanitised() -> None:
    assert sanitize("\x1b]0;\u202etitle\x07") == "␛]0;<RLO>title␇"


def test_symbols_are_dim_and_text_keeps_its_style() -> None:
    text = safe_text("a\x00b", style="bold")
    assert text.plain == "a␀b"
    assert text.style == "bold"
    assert [(s.start, s.end, s.style) for s in text.spans] == [(1, 2, SYMBOL_STYLE)]


def test_markup_is_never_parsed() -> None:
    raw = "[link=file:///etc/passwd]x[/link] [@click=app.screenshot('x')]y[/]"
    text = safe_text(raw)
    assert text.plain == raw
    assert text.spans == []
    output = ansi(text)
    assert "\x1b]8" not in output
    assert "file:///etc/passwd" in output


def test_safe_content_keeps_plain_text_and_dims_symbols() -> None:
    content = safe_content("$variable [b]x[/b] \x1b[31m", style="italic")
    assert content.plain == "$variable [b]x[/b] ␛[31m"
    assert any(span.start == 19 for span in content.spans)


def test_every_c0_c1_control_is_replaced() -> None:
    raw = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)])
    shown = sanitize(raw)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", shown)
    assert "\n" in shown and "\t" in shown


def test_big_inputs_stay_linear() -> None:
    # Correctness on large inputs (not timing): one pass, nothing dropped.
    big = "a" * 1_000_000 + "\x1b" + "é" * 100_000
    shown = sanitize(big)
    assert len(shown) == len(big)
    assert shown[1_000_000] == "␛"


def test_committed_unicode_tables_match_this_python() -> None:
    import unicodedata

    from threadview.render import _unicode_tables
    from threadview.render.safe import tables_source

    if unicodedata.unidata_version != _unicode_tables.UNIDATA_VERSION:
        pytest.skip("tables are for another Unicode version; they are computed at run time")
    path = Path(_unicode_tables.__file__)
    assert path.read_text(encoding="utf-8") == tables_source()


def test_computed_tables_give_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    from threadview.render import _unicode_tables, safe

    sample = "z" + "\u0301" * 9 + "\u200b\U000e0041 \u0600 e" + "\U0001d167" * 4
    expected = safe.sanitize(sample)
    assert expected == "z\u0301\u0301\u0301<+6 marks><ZWSP><U+E0041> <U+0600> e" + (
        "\U0001d167" * 3 + "<+1 marks>"
    )
    monkeypatch.setattr(_unicode_tables, "UNIDATA_VERSION", "0.0")
    safe._unicode_patterns.cache_clear()
    try:
        assert safe.sanitize(sample) == expected
    finally:
        safe._unicode_patterns.cache_clear()


async def test_safe_content_in_a_textual_static_is_shown_literally() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    payload = "x\x1b]52;c;QUJD\x07 [bold]y[/] $accent \u202eevil"

    class Probe(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(safe_content(payload, "italic"))

    app = Probe()
    async with app.run_test(size=(60, 5)):
        svg = app.export_screenshot().replace("&#160;", " ")
    assert "␛]52;c;QUJD␇" in svg
    assert "[bold]y[/]" in svg
    assert "$accent" in svg
    assert "&lt;RLO&gt;" in svg
    assert "\x1b" not in svg and "\u202e" not in svg
