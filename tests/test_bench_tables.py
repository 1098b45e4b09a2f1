"""The benchmarks' one table layout (`bench/tables.py`): Markdown that lines up, a verdict."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SPEC = importlib.util.spec_from_file_location(
    "bench_tables", Path(__file__).resolve().parent.parent / "bench" / "tables.py"
)
assert SPEC is not None and SPEC.loader is not None
tables = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(tables)


def test_a_table_is_markdown_with_the_figures_right_aligned():
    text = tables.markdown_table(
        ["measure", "100,000", "target"], [["`s` / the same at 1,000", "1.3", "<= 3"]]
    )
    assert text.splitlines() == [
        "| measure                 | 100,000 | target |",
        "| ----------------------- | ------: | -----: |",
        "| `s` / the same at 1,000 |     1.3 |   <= 3 |",
    ]


def test_the_verdict_and_the_target_say_what_was_asked():
    assert tables.verdict(1.5, 1.5) == "ok"
    assert tables.verdict(1.6, 1.5) == "MISSED"
    assert tables.verdict(9.0, None) == ""
    assert tables.target_text(2.0) == "<= 2"
    assert tables.target_text(None) == "-"


def test_the_median_table_judges_each_rows_median_against_its_target():
    table = tables.median_table(
        [("fast", "a", 1.5), ("slow", "b", 1.0), ("told", "c", None)],
        {"a": [1.0, 9.0, 1.2], "b": [2.0, 1.1, 3.0], "c": [0.5]},
    )
    lines = table.splitlines()
    cells = [[cell.strip() for cell in line.split("|")[1:-1]] for line in lines[2:]]
    assert cells == [
        ["fast", "1.20", "<= 1.5", "ok"],
        ["slow", "2.00", "<= 1", "MISSED"],
        ["told", "0.50", "-", ""],
    ]
    assert tables.raw_medians({"x MB": [1.0, 3.0, 2.0]}) == "raw medians: x MB 2"
