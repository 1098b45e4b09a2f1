"""Thread files for the library tests, written through the project's own text writer."""

from __future__ import annotations

import io
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from threadview.export import write_text
from threadview.model import ArticleBlock, Comment, Thread, comment_id

START = datetime(2024, 9, 2, 7, 0, tzinfo=timezone.utc)


def comment(author: str, minute: int, body: str, *replies: Comment) -> Comment:
    stamp = START + timedelta(minutes=minute)
    return Comment(comment_id(author, stamp, body), author, stamp, body, tuple(replies))


def thread(title: str, *comments: Comment, submitter: str = "poster") -> Thread:
    article = (ArticleBlock("paragraph", f"The article about {title.lower()}."),)
    return Thread("scraped", title, "news.example", submitter, article, tuple(comments))


def write(path: str | bytes | Path, made: Thread) -> None:
    """Write `made` in the text layout at `path` (bytes paths allowed)."""
    buffer = io.StringIO()
    write_text(made, buffer)
    raw = os.fsencode(path)
    os.makedirs(os.path.dirname(raw), exist_ok=True)
    with open(raw, "wb") as handle:
        handle.write(buffer.getvalue().encode("utf-8"))


def many(count: int, words: str = "harbour lantern") -> Thread:
    """A thread of `count` comments, each mentioning `words` and its own number."""
    made = [
        comment(f"user{n % 7}", n, f"Comment {n} about the {words} word{n}.") for n in range(count)
    ]
    return thread(f"Thread with {count} comments", *made)
