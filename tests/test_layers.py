"""The package's layers, read from its source: data flows parsing -> model -> annotate ->
render -> ui, and no module imports against the flow or back round to itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "threadview"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str) -> set[str]:
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return _imports_in(path.read_text(encoding="utf-8"), package)


def _imports_in(source: str, package: str) -> set[str]:
    """Every module `source` imports anywhere: at the top, under `TYPE_CHECKING`, or
    inside a function (a lazy import is still a dependency)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if child in MODULES else base)
    return found


GRAPH = {name: {dep for dep in _imports(name) if dep in MODULES} for name in MODULES}
EXTERNAL = {name: _imports(name) for name in MODULES}


def _in(name: str, *layers: str) -> bool:
    return any(name == layer or name.startswith(layer + ".") for layer in layers)


def _breaks(lower: tuple[str, ...], banned: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{name} imports {dep}"
        for name, deps in EXTERNAL.items()
        if _in(name, *lower)
        for dep in deps
        if _in(dep, *banned)
    )


PURE = ("threadview.parsing", "threadview.model", "threadview.annotate")


@pytest.mark.parametrize(
    ("lower", "banned"),
    [
        ((*PURE, "threadview.render"), ("threadview.ui",)),
        (("threadview.bookmarks",), ("threadview.parsing", "threadview.render", "threadview.ui")),
        (PURE, ("textual",)),
    ],
    ids=["nothing-below-ui-imports-ui", "bookmarks-stay-below-parsing", "pure-layers-no-textual"],
)
def test_no_module_imports_against_the_flow(lower, banned):
    assert _breaks(lower, banned) == []


def _cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    for root in GRAPH:
        if root in index:
            continue
        work = [(root, iter(sorted(GRAPH[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            name, deps = work[-1]
            dep = next(deps, None)
            if dep is None:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[name])
                if low[name] == index[name]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == name:
                            break
                    if len(group) > 1 or name in GRAPH[name]:
                        groups.append(sorted(group))
            elif dep not in index:
                index[dep] = low[dep] = len(index)
                stack.append(dep)
                on_stack.add(dep)
                work.append((dep, iter(sorted(GRAPH[dep]))))
            elif dep in on_stack:
                low[name] = min(low[name], index[dep])
    return groups


def test_no_import_cycle_even_through_typing_only_imports():
    assert _cycles() == []


def test_the_walk_sees_typing_only_lazy_and_relative_imports():
    source = """
from typing import TYPE_CHECKING
from . import model
if TYPE_CHECKING:
    from threadview.parsing import views
def later():
    import textual.app
    from ..ui import app
"""
    found = _imports_in(source, "threadview.parsing")
    assert {"threadview.parsing.views", "textual.app", "threadview.ui.app"} <= found
    assert "threadview.parsing.model" not in MODULES and "threadview.parsing" in found
