"""Where a bookmark leads: its thread and comment in the file last seen, or why not. No Textual.

Kept apart from the store (`threadview.bookmarks.store`, which with `sqlite.py` knows SQL): these
are pure decisions over a `Bookmark` and a loaded `Thread`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from threadview.bookmarks import Bookmark, thread_key
from threadview.model import Comment, Thread, iter_comments


@dataclass(frozen=True, slots=True)
class Jump:
    """Where a bookmark leads: the loaded thread (and comment), or only its saved copy and why."""

    bookmark: Bookmark
    thread: Thread | None = None
    comment: Comment | None = None
    reason: str | None = None

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


def resolve(bookmark: Bookmark, load: Callable[[str], Thread] | None = None) -> Jump:
    """Decide a jump: open the last-seen file if it still holds the bookmark, else say why.

    `load` reads a thread from a path (default `threadview.parsing.load_path`).
    """
    if bookmark.path is None:
        return Jump(bookmark, reason="no file was recorded for this bookmark")
    if not bookmark.path.is_file():
        return Jump(bookmark, reason=f"the file {bookmark.path} is no longer there")
    if load is None:
        from threadview.parsing import load_path as load
    from threadview.parsing.errors import ParseError

    try:
        thread = load(str(bookmark.path))
    except (ParseError, OSError, UnicodeError, ValueError) as exc:
        why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return Jump(bookmark, reason=f"the file {bookmark.path} can no longer be read ({why})")
    reason = missing_reason(bookmark, thread)
    if reason is not None:
        return Jump(bookmark, reason=reason)
    return Jump(bookmark, thread=thread, comment=locate(bookmark, thread))
