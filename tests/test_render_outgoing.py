"""The gates for text leaving the program: what a copy or a dump may carry."""

from __future__ import annotations

import json
import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from threadview.render.outgoing import clipboard_text, escape_json
from threadview.render.safe import sanitize

# What may never be pasted: C0 but newline and tab, DEL, C1, bidi controls, surrogates.
SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
NASTY = st.sampled_from(
    [
        *("\x1b[201~", "\x1b]52;c;AAAA\x07", "\x9b", "\x85", "\x7f", "\r", "\x00", "\u202e"),
        *("\u2066", "\udcff", "\ud800", "\n", "\t", "\u200b", "\U000e0049", "\u2028", "\ufeff"),
        *("a", "東", "😀"),
    ]
)
TEXT = st.lists(NASTY | st.characters(), max_size=40).map("".join)


def test_a_bracketed_paste_end_cannot_reach_the_clipboard():
    clip = clipboard_text("run this:\x1b[201~\ntouch pwned\n")
    assert clip.text == "run this:␛[201~\ntouch pwned\n"
    assert clip.replaced == 1
    assert "1 control or invisible character or sequence" in clip.note


def test_copied_text_reads_as_the_reader_shows_it():
    raw = "a\tb\nc\u202ed\x85e\x7f \U0001f468\u200d\U0001f469 x\u200by"
    clip = clipboard_text(raw)
    assert clip.text == sanitize(raw) == "a\tb\nc<RLO>d<NEL>e␡ \U0001f468\u200d\U0001f469 x<ZWSP>y"
    assert clip.replaced == 4


def test_a_lone_surrogate_is_copied_as_a_replacement_character():
    clip = clipboard_text("before \udcff after")
    assert clip.text == "before \ufffd after"
    assert clip.text.encode("utf-8")


def test_clean_text_is_copied_unchanged_and_says_nothing():
    clip = clipboard_text("plain words\n\twith a tab, ünïcödé and 東京")
    assert clip.text == "plain words\n\twith a tab, ünïcödé and 東京"
    assert (clip.replaced, clip.note) == (0, "")


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_nothing_the_gate_lets_through_can_control_a_terminal(text: str):
    clip = clipboard_text(text)
    assert not FORBIDDEN.search(clip.text), repr(clip.text)
    clip.text.encode("utf-8")  # never raises: no lone surrogate is left
    assert clipboard_text(clip.text).text == clip.text


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, max_size=4), TEXT)
def test_escaped_json_is_safe_and_reads_back_to_the_raw_text(values: list[str], key: str):
    # A high surrogate right before a low one is one character to any JSON reader, and no
    # parser of ours makes that pair (JSON joins it; bytes decode only to low surrogates).
    assume(not SURROGATE_PAIR.search(key + "".join(values)))
    document = json.dumps({key: values}, ensure_ascii=False)
    escaped = escape_json(document)
    assert not FORBIDDEN.search(escaped), repr(escaped)
    assert "\u2028" not in escaped and "\U000e0049" not in escaped and "\u200b" not in escaped
    assert json.loads(escaped) == {key: values}


def test_json_escapes_del_c1_bidi_and_tags_as_u_escapes():
    document = json.dumps(["\x7f\x85\u202e\U000e0049"], ensure_ascii=False)
    assert escape_json(document) == '["\\u007f\\u0085\\u202e\\udb40\\udc49"]'
