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
