"""Rejoining hard-wrapped plain text: what joins and what stays apart."""

from __future__ import annotations

from threadview.render.reflow import Piece, reflow, reflow_blocks, wrap_column

WRAPPED = (
    "The tide came in slowly this morning and the boats at the inner\n"
    "mooring swung round to face the harbour mouth, as they always do\n"
    "at this time of year."
)


def test_a_hard_wrapped_paragraph_is_one_piece():
    column = wrap_column([WRAPPED])
    assert reflow(WRAPPED, column) == [Piece("text", " ".join(WRAPPED.split("\n")))]


def test_short_lines_list_items_quotes_and_indented_lines_stay_apart():
    text = "Thanks,\nMira"
    assert [piece.text for piece in reflow(text, 64)] == ["Thanks,", "Mira"]
    items = "We agreed on these things, which are listed:\n- one thing\n- another"
    assert [piece.text for piece in reflow(items, 44)] == [
        "We agreed on these things, which are listed:",
        "- one thing",
        "- another",
    ]
    code = "    x = 1\n    y = 2"
    assert reflow(code, 10) == [Piece("verbatim", "    x = 1"), Piece("verbatim", "    y = 2")]


def test_a_quote_is_rejoined_inside_the_quote():
    pieces = reflow_blocks(
        [WRAPPED, "> a quoted line that was wrapped at nearly the very same column as\n> the rest."]
    )
    assert pieces[1] == [
        Piece("quote", "a quoted line that was wrapped at nearly the very same column as the rest.")
    ]


def test_single_lines_say_nothing_about_the_column():
    assert wrap_column(["one line", "another line"]) == 0
    assert reflow("one line", 0) == [Piece("text", "one line")]
