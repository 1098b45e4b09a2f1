"""The standard library's C JSON scanners, typed: a string's end and one value at a time.

`json.decoder.scanstring` is not in typeshed, and typeshed's `make_scanner` wants a scanner
context where any `JSONDecoder` serves; both are named here once, for the parsers that read
JSON a piece at a time (`jsoncut`, `jsonload`, `jsonstream`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.decoder import scanstring as _scanstring  # type: ignore[attr-defined]  # not in typeshed
from json.scanner import make_scanner
from typing import Any

ScanString = Callable[[str, int], tuple[str, int]]
ScanValue = Callable[[str, int], tuple[Any, int]]

scanstring: ScanString = _scanstring
"""The string starting after the opening quote at `pos`, and the index past its closing one."""


def value_scanner() -> ScanValue:
    """A scanner of one JSON value at an index: (value, index past it); raises
    `StopIteration` where no value starts."""
    scan: ScanValue = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]  # any JSONDecoder serves as the context
    return scan
