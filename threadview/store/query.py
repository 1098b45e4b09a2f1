"""A user's search query, read into FTS5 terms and filters; no user text reaches MATCH raw.

Plain words, ``"quoted phrases"``, ``prefix*``, ``author:NAME``, ``source:DOMAIN``,
``before:YYYY-MM-DD`` and ``after:YYYY-MM-DD``. Every word and phrase becomes an FTS5
string (double quotes doubled inside), so operators, column filters and punctuation in
what the user typed are only ever text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

from threadview.store.records import LibraryError

_TOKEN = re.compile(r'\s*(?:(\w+):)?(?:"([^"]*)"|([^\s"]+))(\*?)')
_WORD = re.compile(r"\w+")
_FILTERS = ("author", "source", "before", "after")
_EMPTY_FILTER = re.compile(r"(?:^|\s)(author|source|before|after):(?=\s|$)", re.IGNORECASE)


class QueryError(LibraryError):
    """The query can't be read (unbalanced quote, bad date, nothing to look for)."""


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase to find; `prefix` when it ended in ``*``."""

    words: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        quoted = '"' + " ".join(self.words).replace('"', '""') + '"'
        return quoted + " *" if self.prefix else quoted


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: terms (all must match) and filters."""

    terms: tuple[Term, ...]
    author: str | None = None
    source: str | None = None
    before: int | None = None
    after: int | None = None

    def match(self) -> str | None:
        """The FTS5 MATCH expression, or None for a filters-only query."""
        return " AND ".join(term.fts() for term in self.terms) or None

    def pattern(self) -> re.Pattern[str] | None:
        """A regex finding the terms in text, for highlighting snippets."""
        parts = []
        for term in self.terms:
            words = [re.escape(word) for word in term.words]
            tail = r"\w*" if term.prefix else r"\b"
            parts.append(r"\b" + r"\W+".join(words) + tail)
        return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _day(name: str, value: str) -> int:
    try:
        day = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    except ValueError:
        raise QueryError(f"{name}: wants a date like 2024-09-30, not {value!r}") from None
    return int(day.timestamp())


def parse_query(text: str) -> Query:
    """Read a query; QueryError (one line) when it can't be read."""
    if text.count('"') % 2:
        raise QueryError("unbalanced double quote in the query")
    empty = _EMPTY_FILTER.search(text)
    if empty:
        raise QueryError(f"{empty.group(1)}: needs a value")
    terms: list[Term] = []
    filters: dict[str, str] = {}
    position = 0
    text = text.strip()
    while position < len(text):
        found = _TOKEN.match(text, position)
        if found is None or found.end() == position:
            raise QueryError(f"cannot read the query near {text[position : position + 20]!r}")
        position = found.end()
        name, phrase, word, star = found.groups()
        value = phrase if phrase is not None else word
        if name is not None and name.lower() in _FILTERS:
            if not value:
                raise QueryError(f"{name}: needs a value")
            filters[name.lower()] = value
            continue
        if name is not None:  # "key:value" that is not a filter is text
            value = f"{name}:{value}"
        words = tuple(_WORD.findall(value.rstrip("*")))
        if words:
            terms.append(Term(words, bool(star) or value.endswith("*")))
    if not terms and not filters:
        raise QueryError("nothing to search for: give a word, a phrase or a filter")
    return Query(
        terms=tuple(terms),
        author=filters.get("author"),
        source=filters.get("source"),
        before=_day("before", filters["before"]) if "before" in filters else None,
        after=_day("after", filters["after"]) if "after" in filters else None,
    )
