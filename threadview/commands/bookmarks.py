"""`threadview bookmarks`: list, filter, export and delete bookmarks from the terminal. No Textual.

Exit codes: 0 done; 1 no such bookmark or the export file can't be written; 2 bad usage, an
export target that is not a writable regular file, or an unusable data directory or database.
Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import stat
import sys
from datetime import datetime
from pathlib import Path
from typing import TextIO

from threadview.bookmarks.records import (
    Bookmark,
    StoreError,
    StoreReadOnly,
    resolve_data_dir,
)
from threadview.bookmarks.store import BookmarkStore
from threadview.clip import clip
from threadview.files import write_atomically
from threadview.model import minute_utc

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!])")
TITLE_WIDTH = 40
SNIPPET_WIDTH = 60


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the `bookmarks` options to the subcommand's parser (the lead adds --data-dir)."""
    parser.add_argument(
        "--filter",
        metavar="TEXT",
        default="",
        help="only bookmarks whose title, author, note, text or source contain every word",
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--export",
        choices=("markdown", "json"),
        help="write the bookmarks out as Markdown (grouped by thread) or JSON",
    )
    action.add_argument("--delete", type=int, metavar="ID", help="delete the bookmark with this id")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="with --export: write to FILE instead of standard output",
    )


def run(args: argparse.Namespace) -> int:
    """Carry out `threadview bookmarks`; returns the exit code."""
    if getattr(args, "output", None) and not getattr(args, "export", None):
        return _fail("-o/--output only goes with --export", 2)
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    try:
        if getattr(args, "delete", None) is not None:
            return _delete(data_dir, args.delete)
        with _open_for_reading(data_dir) as store:
            marks = store.list(getattr(args, "filter", "") or "")
    except StoreError as exc:
        return _fail(str(exc), 2)
    if getattr(args, "export", None):
        return _export(marks, args.export, getattr(args, "output", None))
    return _print_list(marks, getattr(args, "filter", "") or "")


def _fail(message: str, code: int) -> int:
    _write(sys.stderr, f"threadview: error: {one_line(message)}\n")
    return code


def _open_for_reading(data_dir: Path) -> BookmarkStore:
    """The store, or a read-only view of it (with a warning) when it can't be written."""
    try:
        return BookmarkStore.open(data_dir)
    except StoreReadOnly as exc:
        try:
            store = BookmarkStore.open(data_dir, readonly=True)
        except StoreError:
            raise exc from None
        _write(sys.stderr, f"threadview: warning: {one_line(str(exc))}\n")
        return store


def _delete(data_dir: Path, bookmark_id: int) -> int:
    with BookmarkStore.open(data_dir) as store:
        removed = store.remove(bookmark_id)
    if removed is None:
        return _fail(f"no bookmark with id {bookmark_id}", 1)
    _write(sys.stdout, f"Deleted bookmark {removed.id}: {_describe(removed)}\n")
    return 0


def _describe(mark: Bookmark) -> str:
    what = "the article" if mark.is_article else f"comment by {mark.author or 'unknown'}"
    return one_line(f"{what} in “{mark.thread_title or 'untitled thread'}”")


def sanitize(text: str) -> str:
    """Text safe for a terminal: controls, escapes, bidi and invisible characters as symbols.

    Imported on use: the shared sanitiser pulls in rich, which `build_parser` shouldn't pay for.
    """
    from threadview.render.safe import sanitize as render_sanitize

    return render_sanitize(text)


def one_line(text: str) -> str:
    """Sanitised text with every run of whitespace (newlines too) made one space."""
    return sanitize(" ".join(text.split()))


def _clip(text: str, width: int) -> str:
    return clip(one_line(text), width)


def _when(value: datetime | None) -> str:
    return minute_utc(value) or "unknown date"


def plain_body(body: str) -> str:
    """The start of a body as text (Markdown rendered, then flattened), sanitised. Only the
    start is parsed, as only it is shown; imported on use, as `sanitize`."""
    from threadview.render.markdown import markdown_plain

    return markdown_plain(body[: SNIPPET_WIDTH * 4])


def format_line(mark: Bookmark) -> str:
    """One listing line: id, saved time, thread, author, comment time, note, start of text."""
    when = "article" if mark.is_article else _when(mark.timestamp)
    note = f"  [note: {_clip(mark.note, SNIPPET_WIDTH)}]" if mark.note.strip() else ""
    title = _clip(mark.thread_title or "untitled", TITLE_WIDTH)
    author = one_line(mark.author) or "unknown"
    return (
        f"{mark.id:>4}  {_when(mark.saved_at)}  {title}  {author}, {when}{note}"
        f"  {_clip(plain_body(mark.body), SNIPPET_WIDTH)}"
    )


def _print_list(marks: list[Bookmark], filter_text: str) -> int:
    if not marks:
        shown = one_line(filter_text)
        _write(sys.stdout, f"No bookmarks match “{shown}”.\n" if shown else "No bookmarks.\n")
        return 0
    _write(sys.stdout, "".join(format_line(mark) + "\n" for mark in marks))
    return 0


def _md_inline(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", one_line(text))


def _md_code(text: str) -> str:
    """A code span, fenced with more backticks than any run inside the text."""
    text = one_line(text)
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def export_markdown(marks: list[Bookmark]) -> str:
    """Markdown: one section per thread (newest first), each bookmark a quote with its facts."""
    groups: dict[str, list[Bookmark]] = {}
    for mark in marks:
        groups.setdefault(mark.thread_key, []).append(mark)
    out = ["# threadview bookmarks", ""]
    for group in groups.values():
        first = group[0]
        out += [f"## {_md_inline(first.thread_title) or 'Untitled thread'}", ""]
        if first.source:
            out += [f"Source: {_md_inline(first.source)}", ""]
        for mark in group:
            out += _quote(mark)
    return "\n".join(out).rstrip("\n") + "\n"


def _quote(mark: Bookmark) -> list[str]:
    who = "Article" if mark.is_article else f"**{_md_inline(mark.author) or 'unknown'}**"
    time = "" if mark.is_article else f" · {_when(mark.timestamp)}"
    time += " UTC" if mark.timestamp else ""
    lines = [f"> {who}{time} · bookmark {mark.id}, saved {_when(mark.saved_at)} UTC", ">"]
    lines += [f"> {line}".rstrip() for line in sanitize(mark.body).split("\n")]
    if mark.note.strip():
        lines += [">", f"> Note: {_md_inline(mark.note)}"]
    if mark.path is not None:
        lines += [">", f"> File: {_md_code(os.fsdecode(mark.path))}"]
    return [*lines, ""]


def export_json(marks: list[Bookmark]) -> str:
    """JSON with every field as stored (ASCII-escaped, so it is safe on any terminal)."""
    items = [
        {
            "id": m.id,
            "thread_key": m.thread_key,
            "thread_title": m.thread_title,
            "source": m.source,
            "path": os.fsdecode(m.path) if m.path else None,
            "comment_id": m.comment_id,
            "author": m.author,
            "timestamp": m.timestamp.isoformat() if m.timestamp else None,
            "body": m.body,
            "note": m.note,
            "saved_at": m.saved_at.isoformat(),
        }
        for m in marks
    ]
    document = {"format": "threadview-bookmarks", "version": 1, "bookmarks": items}
    return json.dumps(document, ensure_ascii=True, indent=2) + "\n"


def _export(marks: list[Bookmark], kind: str, output: str | None) -> int:
    text = export_markdown(marks) if kind == "markdown" else export_json(marks)
    if not output or output == "-":
        _write(sys.stdout, text)
        return 0
    refusal = refuse_target(Path(output))
    if refusal:
        return _fail(f"will not write {output}: {refusal}", 2)
    try:
        write_atomically(Path(output), text)
    except OSError as exc:
        return _fail(f"cannot write {output} ({exc.strerror or exc})", 1)
    _write(sys.stderr, f"Exported {len(marks)} bookmark(s) to {one_line(output)}\n")
    return 0


def refuse_target(path: Path) -> str | None:
    """Why the export must not replace what is at `path` (None: nothing, or a regular file
    its owner may write). A symlink, FIFO, device or directory is never replaced, nor a file
    marked read-only, even for root, whom permissions don't stop."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return exc.strerror or str(exc)
    if stat.S_ISLNK(info.st_mode):
        return "it is a symbolic link"
    if not stat.S_ISREG(info.st_mode):
        return "it is a directory" if stat.S_ISDIR(info.st_mode) else "it is not a regular file"
    if not info.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        return "it is read-only"
    return None


def _write(stream: TextIO, text: str) -> None:
    """Write in the stream's encoding, replacing what it can't show instead of crashing."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        stream.write(text.encode(encoding, "replace").decode(encoding))
        stream.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
