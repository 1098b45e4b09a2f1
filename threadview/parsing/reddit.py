"""Reads Reddit's JSON: a comments page (the post's Listing, then the comments) or a Listing.

Bodies are Reddit's Markdown. Files saved without ``raw_json=1`` carry ``&gt;``, ``&lt;``
and ``&amp;`` escapes; a comment's ``body_html`` (escaped twice in such files) says which.
"""

from __future__ import annotations

import re

from threadview.model import ArticleBlock, Thread, iso_utc, normalize_body
from threadview.parsing.errors import ParseError
from threadview.parsing.jsontree import ForestBuilder, is_int, join_url, label, utc_from_epoch

SITE = "https://www.reddit.com"
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")
_ENTITY = re.compile(r"&(?:gt|lt|amp);")
_ENTITIES = {"&gt;": ">", "&lt;": "<", "&amp;": "&"}
_STATES = {"[deleted]": "deleted", "[removed]": "removed"}
_COMMENT_KINDS = ("t1", "more")


def _listing_children(value: object) -> list | None:
    """The children of a ``{"kind": "Listing", "data": {"children": [...]}}``, else None."""
    if not isinstance(value, dict) or value.get("kind") != "Listing":
        return None
    data = value.get("data")
    children = data.get("children") if isinstance(data, dict) else None
    return children if isinstance(children, list) else None


def _kinds(children: list) -> set[object]:
    return {child.get("kind") if isinstance(child, dict) else None for child in children}


def shape(doc: object) -> str | None:
    """``"page"`` (post + comments), ``"listing"`` (a Listing of comments), or None.

    Stray entries inside a comments Listing don't change the shape; `parse` skips them.
    """
    if isinstance(doc, list) and len(doc) == 2:
        post, comments = (_listing_children(item) for item in doc)
        if (
            post is not None
            and comments is not None
            and "t3" in _kinds(post)
            and "t3" not in _kinds(comments)
        ):
            return "page"
    children = _listing_children(doc)
    if children is not None:
        kinds = _kinds(children)
        if "t3" not in kinds and not kinds.isdisjoint(_COMMENT_KINDS):
            return "listing"
    return None


def near_miss(doc: object) -> str | None:
    """A one-phrase description of Reddit JSON we don't read, else None."""
    listings = doc if isinstance(doc, list) else [doc]
    found = [_listing_children(item) for item in listings]
    if not listings or any(children is None for children in found):
        return None
    kinds = set().union(*(_kinds(children) for children in found))  # type: ignore[arg-type]
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
    if kind == "page":
        posts = _listing_children(doc[0]) or []  # type: ignore[index]
        found = (p.get("data") for p in posts if isinstance(p, dict) and p.get("kind") == "t3")
        post = next(found, {})
        post = post if isinstance(post, dict) else {}
        children = _listing_children(doc[1]) or []  # type: ignore[index]
    elif kind == "listing":
        post, children = {}, _listing_children(doc) or []
    else:
        raise ParseError(f"unknown Reddit shape {kind!r}")
    escaped = _is_escaped(post.get("selftext_html"), True)
    submitter = _text(post.get("author"))
    builder = ForestBuilder()
    skipped, first = _add_comments(builder, children, submitter, escaped)
    if not post.get("selftext_html") and first is not None:
        escaped = _is_escaped(first.get("body_html"), escaped)
    warnings = (f"skipped {skipped} Reddit entries that are not comments",) if skipped else ()
    return _thread(post, first, builder, escaped, warnings)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _add_comments(
    builder: ForestBuilder, children: list, submitter: str | None, escaped_default: bool
) -> tuple[int, dict | None]:
    """Add every comment and stub; returns (entries skipped, first comment's data)."""
    skipped = 0
    first: dict | None = None
    stack: list[tuple[list, int]] = [(children, -1)]
    while stack:
        items, parent = stack.pop()
        for item in items:
            data = item.get("data") if isinstance(item, dict) else None
            kind = item.get("kind") if isinstance(data, dict) else None
            if kind == "more":
                builder.add_more(parent, _more_count(data))  # type: ignore[arg-type]
                continue
            if kind != "t1":
                skipped += 1
                continue
            if first is None:
                first = data
            index = _add_comment(builder, parent, data, submitter, escaped_default)  # type: ignore[arg-type]
            replies = _listing_children(data.get("replies"))  # type: ignore[union-attr]
            if replies:
                stack.append((replies, index))
    return skipped, first


def _more_count(data: dict) -> int:
    """Replies behind a `more` stub; "continue this thread" (count 0, id "_") is at least 1."""
    count = data.get("count")
    if is_int(count) and count > 0:
        return count
    ids = data.get("children")
    return max(len(ids) if isinstance(ids, list) else 0, 1)


def _add_comment(
    builder: ForestBuilder, parent: int, data: dict, submitter: str | None, escaped: bool
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
    post: dict,
    first: dict | None,
    builder: ForestBuilder,
    escaped: bool,
    warnings: tuple[str, ...],
) -> Thread:
    title = _text(post.get("title"))
    selftext = post.get("selftext")
    article = article_blocks(_unescape(selftext) if escaped and selftext else selftext)
    is_self = post.get("is_self") is True
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
        source=_text(post.get("domain")),
        submitter=author if author or not post else "[unknown]",
        article=article,
        comments=builder.build(),
        warnings=warnings,
        url=_unescape(url) if escaped and url else url,
        extra=extra,
    )


def article_blocks(text: object) -> tuple[ArticleBlock, ...]:
    """Self-text as paragraph blocks, split at blank lines (spaces ending a block dropped)."""
    if not isinstance(text, str) or not text.strip():
        return ()
    parts = _PARAGRAPH_BREAK.split(normalize_body(text))
    blocks = (normalize_body(part).rstrip() for part in parts)
    return tuple(ArticleBlock("paragraph", block) for block in blocks if block)
