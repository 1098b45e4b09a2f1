"""A thread's identity in the library: the site's id for Reddit and Hacker News, else the
bookmarks' title+source+submitter key, so a re-saved thread is recognised wherever it lives."""

from __future__ import annotations

import re

from threadview.bookmarks.records import thread_key
from threadview.model import Thread

_REDDIT_ID = re.compile(r"/comments/([A-Za-z0-9]+)")
_HN_ID = re.compile(r"[?&]id=(\d+)")


def thread_identity(thread: Thread) -> str:
    """``reddit:<post id>``, ``hn:<item id>``, or the bookmarks' key (``t1-...``).

    The parsers keep the site's id only inside the permalink, so it is read from there.
    """
    site = thread.extra.get("site")
    permalink = thread.extra.get("permalink")
    if isinstance(permalink, str):
        pattern = _REDDIT_ID if site == "reddit" else _HN_ID if site == "hn" else None
        found = pattern.search(permalink) if pattern is not None else None
        if found:
            return f"{site}:{found.group(1)}"
    return thread_key(thread)
