"""Reads a JSON thread file: decodes it (even 10,000 levels deep) and picks the site by content.

`parse_json` is the entry point the loader calls for text that starts with ``{`` or ``[``.
The C JSON scanner recurses, so a very deep document falls back to a small iterative
decoder here; ordinary files never touch it.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from json.scanner import NUMBER_RE
from typing import Any

from threadview.gcpause import collector_paused
from threadview.model import Thread, count_comments
from threadview.parsing import dumpjson, hn, jsoncut, reddit
from threadview.parsing.errors import ParseError
from threadview.parsing.jsoncut import skip_ws
from threadview.parsing.jsonscan import scanstring
from threadview.parsing.jsontree import label

SHAPES_WE_READ = (
    "a Reddit comments page or Listing of comments, a Hacker News Algolia item, "
    "HN official items (a list or an id->item object), an HN `comments` list with `level`, "
    "or threadview's own JSON dump"
)
SITES = ("reddit", "hn")

_CONSTANTS = {
    "null": None,
    "true": True,
    "false": False,
    "NaN": float("nan"),
    "Infinity": float("inf"),
    "-Infinity": float("-inf"),
}


def parse_json(text: str, from_name: str | None = None, limit: int | None = None) -> Thread | None:
    """The thread in a JSON document, or None when `text` is not JSON.

    `limit` asks for a preview: Hacker News comments past the first `limit` are left out
    (and the thread marked ``partial``), so the reader paints before converting the HTML
    of every comment.

    `from_name` (``"reddit"`` or ``"hn"``) forces a site; any other name returns None so
    the caller reads the file with its text parser. Raises `ParseError` (one line) for
    JSON of a shape we don't read, or one that doesn't fit the forced site.
    """
    if from_name is not None and from_name not in SITES:
        return None
    try:
        doc = loads(text)
    except json.JSONDecodeError as error:
        cut = _cut_off(text, from_name)
        if cut is not None or from_name is None:
            return cut
        raise ParseError(
            f"--from {from_name}: the file is not valid JSON "
            f"(line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    return thread_from_document(doc, from_name, limit)


def thread_from_document(
    doc: object, from_name: str | None = None, limit: int | None = None
) -> Thread:
    """The thread in decoded JSON, choosing the site by the document's shape."""
    if from_name is None and isinstance(doc, dict) and dumpjson.shape(doc) is not None:
        with collector_paused():
            return dumpjson.parse(doc)
    reddit_shape = reddit.shape(doc)
    hn_shape = hn.shape(doc) if reddit_shape is None else None
    if from_name == "reddit" and reddit_shape is None:
        raise ParseError(f"--from reddit: {_not_this('a Reddit comments page or Listing', doc)}")
    if from_name == "hn" and hn_shape is None:
        raise ParseError(f"--from hn: {_not_this('a Hacker News item or items', doc)}")
    if reddit_shape is not None:
        with collector_paused():
            return reddit.parse(doc, reddit_shape)
    if hn_shape is not None:
        with collector_paused():
            return hn.parse(doc, hn_shape, limit)
    hint = reddit.near_miss(doc) or hn.near_miss(doc)
    prefix = f"{hint}; " if hint else "unrecognised JSON: "
    raise ParseError(f"{prefix}threadview reads {SHAPES_WE_READ}")


def _cut_off(text: str, from_name: str | None) -> Thread | None:
    """The complete comments of a Reddit or HN file cut short, with a warning that says
    where; None when the text is not such a file."""
    cut = jsoncut.recover(text)
    found = jsoncut.prune(cut) if cut is not None else None
    if cut is None or found is None or from_name not in (None, found[0]):
        return None
    site, kind = found
    with collector_paused():
        thread = reddit.parse(cut.doc, kind) if site == "reddit" else hn.parse(cut.doc, kind)
    count = count_comments(thread.comments)
    noun = "comment" if count == 1 else "comments"
    warning = (
        f"the file is cut off at byte {cut.length} (a download cut short?): "
        f"showing the {count} {noun} complete before the cut"
    )
    return replace(thread, warnings=(warning, *thread.warnings))


def _not_this(wanted: str, doc: object) -> str:
    other = "an HN document" if hn.shape(doc) else None
    other = other or ("a Reddit document" if reddit.shape(doc) else None)
    hint = reddit.near_miss(doc) or hn.near_miss(doc)
    found = other or hint or f"JSON {_describe(doc)}"
    return f"this is not {wanted} (found {found})"


def _describe(doc: object) -> str:
    if isinstance(doc, dict):
        keys = ", ".join(sorted(label(key) for key in doc)[:6])
        return f"an object with keys {keys}" if keys else "an empty object"
    if isinstance(doc, list):
        return f"a list of {len(doc)} entries" if doc else "an empty list"
    return f"a {type(doc).__name__} value"


def parse_int(digits: str) -> int | float:
    """A JSON integer; one too long for Python to convert becomes infinity, as a browser's
    `JSON.parse` would read it: no field we read holds such a number, so it is ignored
    like any other value of the wrong type instead of stopping the whole file."""
    limit = sys.get_int_max_str_digits()
    if limit and len(digits.lstrip("-")) > limit:
        return float(digits)
    return int(digits)


def loads(text: str) -> object:
    """`json.loads`, with an iterative fallback for documents too deep for the C scanner."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        return json.loads(text)
    except RecursionError:
        return loads_iterative(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer too long to convert; only such files pay for the hook
        pass
    try:
        return json.loads(text, parse_int=parse_int)
    except RecursionError:
        return loads_iterative(text)


def loads_iterative(text: str) -> object:
    """Decode JSON with an explicit stack (same results and errors as `json.loads`)."""
    end = len(text)
    containers: list[dict[str, Any] | list[Any]] = []
    keys: list[str | None] = []
    pos = skip_ws(text, 0)
    while True:
        char = text[pos : pos + 1]
        if char == "{":
            pos = skip_ws(text, pos + 1)
            if text[pos : pos + 1] == "}":
                value: object = {}
                pos += 1
            else:
                key, pos = _read_key(text, pos)
                containers.append({})
                keys.append(key)
                continue
        elif char == "[":
            pos = skip_ws(text, pos + 1)
            if text[pos : pos + 1] == "]":
                value = []
                pos += 1
            else:
                containers.append([])
                keys.append(None)
                continue
        elif char == '"':
            value, pos = scanstring(text, pos + 1)
        else:
            value, pos = _read_scalar(text, pos)
        while True:
            if not containers:
                pos = skip_ws(text, pos)
                if pos != end:
                    raise json.JSONDecodeError("Extra data", text, pos)
                return value
            top = containers[-1]
            if isinstance(top, dict):
                top[keys[-1]] = value  # type: ignore[index]  # a dict's key is never None
            else:
                top.append(value)
            pos = skip_ws(text, pos)
            char = text[pos : pos + 1]
            if char == ",":
                pos = skip_ws(text, pos + 1)
                if type(top) is dict:
                    keys[-1], pos = _read_key(text, pos)
                break
            if char != ("}" if type(top) is dict else "]"):
                expected = "',' delimiter"
                raise json.JSONDecodeError(f"Expecting {expected}", text, pos)
            pos += 1
            value = containers.pop()
            keys.pop()


def _read_key(text: str, pos: int) -> tuple[str, int]:
    """A member name and its colon; returns the key and the position of its value."""
    if text[pos : pos + 1] != '"':
        raise json.JSONDecodeError("Expecting property name enclosed in double quotes", text, pos)
    key, pos = scanstring(text, pos + 1)
    pos = skip_ws(text, pos)
    if text[pos : pos + 1] != ":":
        raise json.JSONDecodeError("Expecting ':' delimiter", text, pos)
    return key, skip_ws(text, pos + 1)


def _read_scalar(text: str, pos: int) -> tuple[object, int]:
    for word, value in _CONSTANTS.items():
        if text.startswith(word, pos):
            return value, pos + len(word)
    match = NUMBER_RE.match(text, pos)
    if match is None:
        raise json.JSONDecodeError("Expecting value", text, pos)
    integer, fraction, exponent = match.groups()
    if fraction or exponent:
        return float(integer + (fraction or "") + (exponent or "")), match.end()
    return parse_int(integer), match.end()
