"""Reads Reddit's JSON: a comments page (the post's Listing, then the comments) or a Listing.

Bodies are Reddit's Markdown. Files saved without ``raw_json=1`` carry ``&gt;``, ``&lt;``
and ``&amp;`` escapes; a comment's ``body_html`` (escaped twice in such files) says which.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from threadview.model import ArticleBlock, Thread, iso_utc, normalize_body
from threadview.parsing.errors import ParseError
from threadview.parsing.jsontree import ForestBuilder, is_int, join_url, label, utc_from_epoch

SITE = "https://www.reddit.com"
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")
_ENTITY = re.compile(r"&(?:gt|lt|amp);")
_ENTITIES = {"&gt;": ">", "&lt;": "<", "&amp;": "&"}
_STATES = {"[deleted]": "deleted", "[removed]": "removed"}
_COMMENT_KINDS = ("t1", "more")


def listing_children(value: object) -> list[Any] | None:
    """The children of a ``{"kind": "Listing", "data": {"children": [...]}}``, else None."""
    if not isinstance(value, dict) or value.get("kind") != "Listing":
        return None
    data = value.get("data")
    children = data.get("children") if isinstance(data, dict) else None
    return children if isinstance(children, list) else None


def _kinds(children: list[Any]) -> set[object]:
    return {child.get("kind") if isinstance(child, dict) else None for child in children}


def shape(doc: object) -> str | None:
    """``"page"`` (post + comments), ``"listing"`` (a Listing of comments), or None.

    Stray entries inside a comments Listing don't change the shape; `parse` skips them.
    """
    if isinstance(doc, list) and len(doc) == 2:
        post, comments = (listing_children(item) for item in doc)
        if (
            post is not None
            and comments is not None
            and "t3" in _kinds(post)
            and "t3" not in _kinds(comments)
        ):
            return "page"
    children = listing_children(doc)
    if children is not None:
        kinds = _kinds(children)
        if "t3" not in kinds and not kinds.isdisjoint(_COMMENT_KINDS):
            return "listing"
    return None


def near_miss(doc: object) -> str | None:
    """A one-phrase description of Reddit JSON we don't read, else None."""
    listings = doc if isinstance(doc, list) else [doc]
    found = [listing_children(item) for item in listings]
    if not listings or any(children is None for children in found):
        return None
    kinds: set[object] = set()
    for children in found:
        kinds |= _kinds(children or [])
    if not kinds:
        return "this Reddit Listing is empty"
    if kinds == {"t3"}:
        return "this Reddit Listing holds posts (t3) but no comments"
    names = sorted({label(kind) for kind in kinds if kind is not None})
    shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
    return f"this Reddit Listing holds {shown or 'no kinds'}, not one post's comments"


def _unescape(text: str) -> str:
    return _ENTITY.sub(lambda match: _ENTITIES[match.group()], text) if "&" in text else text


def _is_escaped(html: object, default: bool) -> bool:
    """Whether a record's plain fields carry HTML escapes (no ``raw_json=1``)."""
    if isinstance(html, str) and html:
        return html.startswith("&lt;")
    return default


def parse(doc: object, kind: str) -> Thread:
    """The thread in a document `shape` accepted as `kind`."""
    if kind == "page" and isinstance(doc, list):  # `shape` saw a [post, comments] pair
        post = page_post(doc[0]) or {}
        children = listing_children(doc[1]) or []
        builder = ThreadBuilder(post)
        builder.add(children)
        return builder.thread()
    if kind != "listing":
        raise ParseError(f"unknown Reddit shape {kind!r}")
    children = listing_children(doc) or []
    history = _history_threads(children)
    builder = ThreadBuilder({}, history, children)
    builder.add(children)
    if history is None:
        return builder.thread()
    thread = builder.thread(_history_notice(children, history))
    extra = {key: value for key, value in thread.extra.items() if key != "subreddit"}
    return replace(thread, title=_history_title(children, len(history)), extra=extra)


def page_post(listing: object) -> dict[str, Any] | None:
    """The post (a ``t3``'s data) of a page's first Listing; None when it holds no ``t3``."""
    posts = listing_children(listing)
    if posts is None or "t3" not in _kinds(posts):
        return None
    found = (p.get("data") for p in posts if isinstance(p, dict) and p.get("kind") == "t3")
    post: object = next(found, {})
    return post if isinstance(post, dict) else {}


def _orphan_warning(count: int) -> str:
    which = "comment replies" if count == 1 else "comments reply"
    return (
        f"{count} {which} to a comment not in this file "
        "(the page starts below the top of the thread, as with ?context= or "
        '"continue this thread", or was cut off)'
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


class ThreadBuilder:
    """A Reddit thread built from its post and its top-level comments, handed over in
    batches: `parse` gives them all at once, `jsonstream` one at a time as it decodes the
    file, so the decoded document is never held whole.

    Which top-level comments reply to a comment not in the file is settled by `thread`,
    once every comment's name has been seen.
    """

    __slots__ = ("_names", "_tops", "first", "forest", "history", "post", "skipped")

    def __init__(
        self,
        post: dict[str, Any],
        history: dict[str, int] | None = None,
        children: list[Any] | None = None,
    ) -> None:
        """`history`: for a user's comment history, each thread's `link_id` (see
        `_history_threads`); its entries are made from `children` before any comment."""
        self.post = post
        self.forest = ForestBuilder()
        self.history = history
        self.skipped = 0
        self.first: dict[str, Any] | None = None
        """The first comment's record: its `body_html` says how the page is escaped."""
        self._names: set[object] = set()
        self._tops: list[tuple[int, str]] = []
        """Top-level comments naming a ``t1_`` parent: (index, parent's name)."""
        if history is not None:
            _add_threads(self.forest, children or [], history, self._escaped_default)

    def __len__(self) -> int:
        return len(self.forest)

    @property
    def _escaped_default(self) -> bool:
        return _is_escaped(self.post.get("selftext_html"), True)

    def add(self, children: list[Any]) -> None:
        """Add top-level entries (comments and stubs) with all their replies. In a user's
        history, top-level comments go under their thread's entry."""
        forest, history, names = self.forest, self.history, self._names
        submitter = _text(self.post.get("author"))
        escaped = self._escaped_default
        stack: list[tuple[list[Any], int]] = [(children, -1)]
        while stack:
            items, parent = stack.pop()
            for item in items:
                data = item.get("data") if isinstance(item, dict) else None
                if not isinstance(data, dict):
                    self.skipped += 1
                    continue
                kind = item.get("kind")
                if kind == "more":
                    forest.add_more(parent, *_more_count(data))
                    continue
                if kind != "t1":
                    self.skipped += 1
                    continue
                if self.first is None:
                    self.first = data
                name = data.get("name")
                names.add(name if isinstance(name, str) else f"t1_{data.get('id')}")
                link = data.get("link_id")
                where = parent
                if history and parent < 0 and isinstance(link, str):
                    where = history.get(link, parent)
                index = _add_comment(forest, where, data, submitter, escaped)
                if parent < 0:
                    named = data.get("parent_id")
                    if isinstance(named, str) and named.startswith("t1_"):
                        self._tops.append((index, named))
                replies = listing_children(data.get("replies"))
                if replies:
                    stack.append((replies, index))

    def _settle_orphans(self) -> int:
        """Mark the top-level comments whose parent is not in the file; how many."""
        orphans = [(index, parent) for index, parent in self._tops if parent not in self._names]
        for index, parent in orphans:
            self.forest.set_orphan(index, parent)
        self._tops = []
        return len(orphans)

    def thread(self, notice: str | None = None) -> Thread:
        """The thread so far; `notice` (a user's history) replaces the orphans' warning."""
        orphans = self._settle_orphans()
        escaped, first = self._escaped_default, self.first
        if not self.post.get("selftext_html") and first is not None:
            escaped = _is_escaped(first.get("body_html"), escaped)
        warnings: tuple[str, ...] = ()
        if self.skipped:
            warnings += (f"skipped {self.skipped} Reddit entries that are not comments",)
        if notice is not None:
            warnings += (notice,)
        elif orphans:
            warnings += (_orphan_warning(orphans),)
        return _thread(self.post, first, self.forest, escaped, warnings)


def _more_count(data: dict[str, Any]) -> tuple[int, bool]:
    """Replies behind a `more` stub, and whether it is "continue this thread" (count 0
    and no ids: the replies are on another page and the site gave no number)."""
    given = data.get("count")
    count = given if isinstance(given, int) and not isinstance(given, bool) and given > 0 else 0
    if count > 0:
        return count, False
    ids = data.get("children")
    listed = len(ids) if isinstance(ids, list) else 0
    return (listed, False) if listed else (count, True)


def _history_threads(children: list[Any]) -> dict[str, int] | None:
    """For a user's comment history (top-level comments that carry their thread's
    ``link_id`` and ``link_title``): each thread's link id, in order of first appearance;
    None for any other Listing. The indices are filled in by `_add_threads`."""
    links: dict[str, int] = {}
    for item in children:
        data = item.get("data") if isinstance(item, dict) else None
        if not isinstance(data, dict) or item.get("kind") != "t1":
            continue
        link = data.get("link_id")
        if not isinstance(link, str) or not isinstance(data.get("link_title"), str):
            return None
        links.setdefault(link, -1)
    return links or None


def _add_threads(
    builder: ForestBuilder, children: list[Any], history: dict[str, int], escaped: bool
) -> None:
    """One top-level entry per thread of a user's history: the subreddit as its author,
    the thread's title and link as its body, marked ``thread``."""
    for item in children:
        data = item.get("data") if isinstance(item, dict) else None
        link = data.get("link_id") if isinstance(data, dict) else None
        if not isinstance(data, dict) or not isinstance(link, str) or history.get(link) != -1:
            continue
        title = _text(data.get("link_title")) or ""
        title = _unescape(title) if escaped else title
        subreddit = _text(data.get("subreddit"))
        where = _text(data.get("subreddit_name_prefixed")) or (
            f"r/{subreddit}" if subreddit else "[unknown]"
        )
        permalink = _text(data.get("link_permalink")) or _text(data.get("link_url"))
        body = normalize_body(f"{title}\n\n{permalink}" if permalink else title)
        history[link] = builder.add_comment(-1, where, None, None, body, markers=("thread",))


def _history_authors(children: list[Any]) -> set[str]:
    return {
        item["data"]["author"]
        for item in children
        if isinstance(item, dict)
        and item.get("kind") == "t1"
        and isinstance(item.get("data"), dict)
        and isinstance(item["data"].get("author"), str)
    }


def _history_title(children: list[Any], threads: int) -> str:
    authors = _history_authors(children)
    if len(authors) == 1:
        return f"Comments by u/{next(iter(authors))}"
    noun = "thread" if threads == 1 else "threads"
    return f"Comments from {threads} {noun}"


def _history_notice(children: list[Any], history: dict[str, int]) -> str:
    authors = _history_authors(children)
    whose = f"u/{next(iter(authors))}'s" if len(authors) == 1 else "several users'"
    noun = "thread" if len(history) == 1 else "threads"
    return (
        f"this is a list of {whose} comments, not one thread: "
        f"grouped under the {len(history)} {noun} they were posted in"
    )


def _add_comment(
    builder: ForestBuilder,
    parent: int,
    data: dict[str, Any],
    submitter: str | None,
    escaped: bool,
) -> int:
    body = data.get("body")
    body = body if isinstance(body, str) else ""
    if "&" in body and _is_escaped(data.get("body_html"), escaped):
        body = _unescape(body)
    body = normalize_body(body)
    state = _STATES.get(body, "live")
    author = data.get("author")
    if not isinstance(author, str) or not author:
        author = "[unknown]" if state == "live" else "[deleted]"
    markers: tuple[str, ...] = ()
    if (author == submitter and author != "[deleted]") or data.get("is_submitter") is True:
        markers += ("op",)
    distinguished = data.get("distinguished")
    if distinguished in ("moderator", "admin"):
        markers += (distinguished,)
    if data.get("stickied") is True:
        markers += ("stickied",)
    score = data.get("score")
    stamp, timestamp = utc_from_epoch(data.get("created_utc"))
    return builder.add_comment(
        parent,
        author,
        stamp,
        timestamp,
        body,
        score if is_int(score) else None,
        bool(data.get("edited")),
        state,
        markers,
    )


def _thread(
    post: dict[str, Any],
    first: dict[str, Any] | None,
    builder: ForestBuilder,
    escaped: bool,
    warnings: tuple[str, ...],
) -> Thread:
    title = _text(post.get("title"))
    selftext = post.get("selftext")
    article = article_blocks(_unescape(selftext) if escaped and selftext else selftext)
    article += _poll_blocks(post.get("poll_data"), escaped)
    domain = _text(post.get("domain"))
    # A self post's "domain" is self.<subreddit>: the post itself, not an outside source.
    is_self = post.get("is_self") is True or (domain or "").startswith("self.")
    url = None if is_self else _text(post.get("url"))
    subreddit = post.get("subreddit") or (first or {}).get("subreddit")
    extra: dict[str, object] = {"site": "reddit"}
    if isinstance(subreddit, str) and subreddit:
        extra["subreddit"] = f"r/{subreddit}"
    if isinstance(post.get("score"), int):
        extra["score"] = post["score"]
    permalink = join_url(SITE, _text(post.get("permalink")))
    if permalink:
        extra["permalink"] = permalink
    if isinstance(post.get("num_comments"), int):
        extra["num_comments"] = post["num_comments"]
    _, created = utc_from_epoch(post.get("created_utc"))
    if created is not None:
        extra["created"] = iso_utc(created)
    if post.get("edited"):
        extra["edited"] = True
    author = _text(post.get("author"))
    return Thread(
        format="reddit",
        title=_unescape(title) if escaped and title else title,
        source=None if is_self else domain,
        submitter=author if author or not post else "[unknown]",
        article=article,
        comments=builder.build(),
        warnings=warnings,
        url=_unescape(url) if escaped and url else url,
        extra=extra,
    )


def _poll_blocks(poll: object, escaped: bool) -> tuple[ArticleBlock, ...]:
    """A poll's options as list items with their votes (as HN polls are shown), then the
    total; Reddit gives vote counts only once voting has ended."""
    if not isinstance(poll, dict) or not isinstance(poll.get("options"), list):
        return ()
    blocks = []
    for option in poll["options"]:
        text = _text(option.get("text")) if isinstance(option, dict) else None
        text = normalize_body(_unescape(text) if escaped and text else text or "")
        if not text:
            continue
        votes = option.get("vote_count")
        noun = "vote" if votes == 1 else "votes"
        blocks.append(f"- {text} ({votes} {noun})" if is_int(votes) else f"- {text}")
    total = poll.get("total_vote_count")
    if blocks and is_int(total):
        blocks.append(f"Poll: {total} vote{'' if total == 1 else 's'} in total")
    return tuple(ArticleBlock("paragraph", block) for block in blocks)


def article_blocks(text: object) -> tuple[ArticleBlock, ...]:
    """Self-text as paragraph blocks, split at blank lines (spaces ending a block dropped)."""
    if not isinstance(text, str) or not text.strip():
        return ()
    parts = _PARAGRAPH_BREAK.split(normalize_body(text))
    blocks = (normalize_body(part).rstrip() for part in parts)
    return tuple(ArticleBlock("paragraph", block) for block in blocks if block)
