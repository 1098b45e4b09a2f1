"""What a fresh interpreter has imported after some statements: the tests that keep a path light."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence

_REPORT = (
    "\nimport sys as _sys, json as _json\n_sys.stderr.write(_json.dumps(sorted(_sys.modules)))\n"
)


def modules_after(statements: str, argv: Sequence[str] = ()) -> set[str]:
    """The modules loaded once `statements` have run in a new interpreter (with `argv` as
    its arguments); the list goes to standard error, so what they print does not mix in."""
    result = subprocess.run(
        [sys.executable, "-c", statements + _REPORT, *argv],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stderr.splitlines()[-1]))


def store_modules(modules: set[str]) -> list[str]:
    """sqlite3 and the library store, of `modules`: what the reader's start must not load."""
    return sorted(m for m in modules if m == "sqlite3" or m.startswith("threadview.store"))
