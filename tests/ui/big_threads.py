"""Threads written in the text layout to a temporary file, read back index-backed, for the
tests of keys that must not wait on the thread's size (sort, `t`, search, `G` after a load)."""

from __future__ import annotations

from pathlib import Path

from ui_threads import build

from threadview.cli import PREVIEW_BYTES, PREVIEW_COMMENTS
from threadview.export import write_text
from threadview.model import Thread
from threadview.parsing import load_path, parse_document, read_document
from threadview.ui.app import ThreadViewApp


def spec(count: int, note_every: int = 0) -> list:
    """`count` top-level comments (user0...), every third with two replies; with
    `note_every`, every so many top-level comments holds a translation note."""
    made: list = []
    for n in range(count):
        body = f"Comment number {n} about the harbour."
        if note_every and n % note_every == note_every - 1:
            body += '\n\n"El puerto cierra mañana" (The port closes tomorrow)'
        replies = [(f"reply{n}a", f"First reply to {n}.", []), (f"reply{n}b", "Another.", [])]
        made.append((f"user{n}", body, replies if n % 3 == 0 else []))
    return made


def write_thread(folder: Path, count: int, note_every: int = 0, name: str = "big.txt") -> Path:
    """A thread of `count` top-level comments written in the text layout."""
    thread = Thread(
        "text", "Big", "example.org", "tester", (), tuple(build(spec(count, note_every)))
    )
    path = folder / name
    with path.open("w", encoding="utf-8") as out:
        write_text(thread, out)
    return path


def indexed_thread(folder: Path, count: int, note_every: int = 0) -> Thread:
    """The same thread read back from its file: an index-backed forest."""
    return load_path(str(write_thread(folder, count, note_every)))


def loading_app(folder: Path, count: int) -> ThreadViewApp:
    """A reader opened as `threadview FILE` opens one: a preview of the first comments
    painted at once, the whole file parsed in the background."""
    document = read_document(str(write_thread(folder, count)), head=PREVIEW_BYTES)
    preview = parse_document(document, limit=PREVIEW_COMMENTS)
    return ThreadViewApp(preview, document=document, data_dir=folder / "data")
