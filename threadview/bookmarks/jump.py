"""Where a bookmark leads: its thread and comment in the file last seen, or why not. No Textual.

Kept apart from the store (`threadview.bookmarks.store`, which with `sqlite.py` knows SQL): these
are pure decisions over a `Bookmark` and a loaded `Thread`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from threadview.bookmarks import Bookmark, thread_key
from threadview.model import Comment, Thread, iter_comments


@dataclass(frozen=True, slots=True)
class Jump:
    """Where a bookmark leads: the loaded thread (and comment), or only its saved copy and why."""

    bookmark: Bookmark
    thread: Thread | None = None
    comment: Comment | None = None
    reason: str | None = None
    path: Path | None = None
    """The file the thread was read from, when found."""

    @property
    def found(self) -> bool:
        return self.thread is not None


def locate(bookmark: Bookmark, thread: Thread) -> Comment | None:
    """The bookmarked comment in `thread`, if it is the same thread and still holds it."""
    if bookmark.is_article or thread_key(thread) != bookmark.thread_key:
        return None
    return next((c for c in iter_comments(thread.comments) if c.id == bookmark.comment_id), None)


def missing_reason(bookmark: Bookmark, thread: Thread) -> str | None:
    """Why `thread` doesn't hold the bookmarked text (one line), or None when it does."""
    if thread_key(thread) != bookmark.thread_key:
        return "the file now holds a different thread"
    if bookmark.is_article:
        return None if thread.article else "the thread in the file has no article any more"
    if locate(bookmark, thread) is None:
        return "the comment is no longer in the file"
    return None


Loader = Callable[[Path], "Thread | str"]
"""Reads the thread in a file, or says in one line why it can't (`parsing.load_or_reason`)."""


def resolve(bookmark: Bookmark, load: Loader, paths: Sequence[Path] = ()) -> Jump:
    """Decide a jump: open the first file that still holds the bookmark, else say why.

    The bookmark's own file is tried first, then `paths` (every file its thread was seen
    in, from the store), so a look-alike file opened later never hides the real one. The
    reason given is the first file's. `load` reads a thread from a path.
    """
    candidates = list(dict.fromkeys(p for p in (bookmark.path, *paths) if p is not None))
    if not candidates:
        return Jump(bookmark, reason="no file was recorded for this bookmark")
    first_reason = None
    for path in candidates:
        jump = _try(bookmark, path, load)
        if jump.found:
            return jump
        first_reason = first_reason or jump.reason
    return Jump(bookmark, reason=first_reason)


def _try(bookmark: Bookmark, path: Path, load: Loader) -> Jump:
    """The jump to `bookmark` in the file at `path`, or why that file can't be it."""
    if not path.is_file():
        return Jump(bookmark, reason=f"the file {path} is no longer there")
    thread = load(path)
    if isinstance(thread, str):
        return Jump(bookmark, reason=f"the file {path} can no longer be read ({thread})")
    reason = missing_reason(bookmark, thread)
    if reason is not None:
        return Jump(bookmark, reason=reason)
    return Jump(bookmark, thread=thread, comment=locate(bookmark, thread), path=path)
