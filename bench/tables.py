"""The benchmarks' Markdown tables: one way to lay out a measure's figures and its target."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence


def markdown_table(heads: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table: the first column (what is measured) left-aligned, the figures
    right-aligned, each column padded to its widest cell."""
    body = [[str(cell) for cell in row] for row in rows]
    widths = [max(3, *(len(cell) for cell in column)) for column in zip(heads, *body, strict=True)]

    def line(cells: Sequence[str]) -> str:
        padded = [cells[0].ljust(widths[0])]
        padded += [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "| " + " | ".join(padded) + " |"

    rule = ["-" * widths[0]] + ["-" * (width - 1) + ":" for width in widths[1:]]
    return "\n".join([line(heads), "| " + " | ".join(rule) + " |", *map(line, body)])


def verdict(value: float, target: float | None) -> str:
    """ "ok" when `value` is within `target`, "MISSED" when not, "" without a target."""
    if target is None:
        return ""
    return "ok" if value <= target else "MISSED"


def target_text(target: float | None) -> str:
    """`<= 1.5`, or `-` without a target."""
    return "-" if target is None else f"<= {target:g}"


def median_table(
    rows: Iterable[tuple[str, str, float | None]], ratios: Mapping[str, Sequence[float]]
) -> str:
    """The table of (title, key, target) rows: each key's median ratio against its target."""
    table = []
    for title, key, target in rows:
        value = statistics.median(ratios[key])
        table.append([title, f"{value:.2f}", target_text(target), verdict(value, target)])
    return markdown_table(["measure", "median", "target", "result"], table)


def raw_medians(raw: Mapping[str, Sequence[float]]) -> str:
    """`raw medians: name value, ...`: the absolute figures behind the ratios."""
    return "raw medians: " + ", ".join(
        f"{name} {statistics.median(values):.3g}" for name, values in raw.items()
    )
