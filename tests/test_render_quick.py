"""The quick tokeniser agrees with markdown-it wherever it answers (a differential test)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadview.render import markdown as md
from threadview.render.quick import simple_tokens


def through_markdown_it(body: str, width: int):
    """Render with the quick path switched off, so markdown-it tokenises every body."""
    real = md.simple_tokens
    md.simple_tokens = lambda _body: None
    try:
        return md.render_markdown(body, width)
    finally:
        md.simple_tokens = real


def key(lines):
    return [
        (line.plain, str(line.style), [(s.start, s.end, str(s.style)) for s in line.spans])
        for line in lines
    ]


PIECES = [
    "word",
    "Word",
    "two words",
    "3.5",
    "1. ",
    "1) ",
    "2019 was",
    "a-b",
    "x = y",
    "#tag",
    "# h",
    "->",
    ">>",
    "> ",
    ">",
    "* ",
    "- ",
    "+ ",
    "*",
    "_",
    "`",
    "[",
    "]",
    "(",
    ")",
    "!",
    "&amp;",
    "&",
    "<",
    "<b>",
    "~",
    "~~",
    "|",
    "---",
    "===",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\n\n\n",
    "é",
    "日本",
    "\u00a0",
    "\u2028",
    "\x1b[31m",
    "\x0c",
    "http://x.org/a",
    ":",
    "\\",
    "    code",
]
bodies = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
LINES = st.sampled_from(
    [
        "Plain words here.",
        "Another line, with commas!",
        "> Quoted words?",
        "* Item one.",
        "* Item two.",
        "- Dash item.",
        "",
        "",
        "See https://example.org/a/1",
        "Numbers 2019 and 42.",
        "Ünïcode ✓ 😀 text",
    ]
)


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(bodies, st.sampled_from([8, 30, 80]))
def test_same_lines_as_markdown_it_on_odd_pieces(body, width):
    if simple_tokens(body) is None:
        return
    assert key(md.render_markdown(body, width)) == key(through_markdown_it(body, width))


@settings(max_examples=800, deadline=None)
@given(st.lists(LINES, max_size=10).map("\n".join), st.sampled_from([8, 40, 120]))
def test_same_lines_as_markdown_it_on_ordinary_bodies(body, width):
    if simple_tokens(body) is None:
        return
    assert key(md.render_markdown(body, width)) == key(through_markdown_it(body, width))


def test_common_bodies_take_the_quick_path_and_markup_does_not():
    quick = [
        "Hello there.",
        "One.\n\nTwo, three.",
        "> A quote.\n\nReply.",
        "* a.\n* b.\n\nAfter.",
        "See https://example.org/x",
    ]
    for body in quick:
        assert simple_tokens(body) is not None, body
    markup = ["*em*", "a\n===", "1. one", "> a\nlazy", "* a\n\n* b", "x\n    y", "&amp;", "[l](u)"]
    for body in markup:
        assert simple_tokens(body) is None, body
