"""`threadview search QUERY [DIR]`: bring the library index of DIR up to date, then print
the best matches: text on a terminal, JSON Lines when piped. Never imports Textual."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TextIO

from threadview.bookmarks.records import resolve_data_dir
from threadview.commands.output import emphasised, one_line, shown_path, wants_text
from threadview.model import iso_utc
from threadview.store.indexer import Indexer
from threadview.store.library import LibraryStore
from threadview.store.query import parse_query
from threadview.store.records import LibraryError, SearchHit

EXIT_OK, EXIT_NONE, EXIT_USAGE = 0, 1, 2


def _fail(message: str) -> int:
    sys.stderr.write(f"threadview: error: {one_line(message)}\n")
    return EXIT_USAGE


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Index, search, print; returns the exit code (1 when nothing matches)."""
    try:
        query = parse_query(args.query)
    except LibraryError as error:
        return _fail(f"search: {error}")
    if args.limit < 1:
        return _fail("search: --limit must be at least 1")
    if not os.path.isdir(args.dir):
        return _fail(f"{args.dir}: not a folder")
    try:
        with LibraryStore.open(resolve_data_dir(args.data_dir)) as store:
            report = Indexer(store).scan([args.dir])
            under = os.fsencode(os.path.abspath(args.dir))
            hits = store.search(query, limit=args.limit, under=under)
    except LibraryError as error:
        return _fail(str(error))
    for failure in report.failures:
        reason = one_line(failure.reason)
        sys.stderr.write(f"threadview: not indexed: {shown_path(failure.path)}: {reason}\n")
    text = wants_text(args, out)
    for hit in hits:
        out.write(_as_text(hit, out.isatty()) if text else _as_json(hit))
    out.flush()
    return EXIT_OK if hits else EXIT_NONE


def _as_text(hit: SearchHit, styled: bool) -> str:
    when = iso_utc(hit.timestamp).replace("T", " ")[:16] or "undated"
    where = "the article" if hit.comment_id == "article" else f"#{hit.comment_id}"
    return (
        f"{one_line(hit.title) or 'untitled thread'}\n"
        f"  {shown_path(hit.path)}\n"
        f"  {one_line(hit.author) or 'unknown'} · {when} · {where}\n"
        f"  {emphasised(hit.snippet, hit.highlights, styled)}\n\n"
    )


def _as_json(hit: SearchHit) -> str:
    record = {
        "path": os.fsdecode(hit.path),
        "title": hit.title,
        "thread": hit.identity,
        "comment_id": hit.comment_id,
        "author": hit.author,
        "timestamp": iso_utc(hit.timestamp) or None,
        "snippet": hit.snippet,
        "highlights": [list(span) for span in hit.highlights],
        "score": hit.score,
    }
    return json.dumps(record) + "\n"
