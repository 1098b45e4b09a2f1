"""Reads Hacker News JSON: an Algolia item, official API items, or a `comments` list with `level`.

Algolia (``/api/v1/items/<id>``) nests ``children`` with ``author``, ``created_at`` and
HTML ``text``. The official API (``/v0/item/<id>.json``) links items by ``kids`` ids, so
the file holds them together: a list of items or an object of id -> item. Mirrors such as
hnpwa give the story with ``comments`` carrying a ``level`` (nested or flat).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from threadview.model import ArticleBlock, Thread, normalize_body
from threadview.parsing.errors import ParseError
from threadview.parsing.htmltext import html_to_blocks, html_to_markdown
from threadview.parsing.jsontree import ForestBuilder, is_int, utc_from_epoch, utc_from_iso

HN_HOST = "news.ycombinator.com"
STORY_TYPES = ("story", "job", "poll", "ask")


def _is_official_item(value: object) -> bool:
    if not isinstance(value, dict) or not is_int(value.get("id")):
        return False
    if not isinstance(value.get("type"), str) or "children" in value or "level" in value:
        return False
    return "by" in value or value.get("deleted") is True


def _is_level_item(value: object) -> bool:
    return isinstance(value, dict) and is_int(value.get("level"))


def shape(doc: object) -> str | None:
    """``"algolia"``, ``"official"`` (list or map), ``"item"``, ``"levels"``, or None."""
    if isinstance(doc, dict):
        if (
            isinstance(doc.get("children"), list)
            and is_int(doc.get("id"))
            and ("created_at" in doc or "created_at_i" in doc)
        ):
            return "algolia"
        comments = doc.get("comments")
        if isinstance(comments, list) and (
            (comments and all(_is_level_item(c) for c in comments))
            or (not comments and "comments_count" in doc)
        ):
            return "levels"
        if _is_official_item(doc):
            return "item"
        if doc and all(key.isdigit() and _is_official_item(value) for key, value in doc.items()):
            return "official"
    elif isinstance(doc, list) and doc:
        if all(_is_official_item(item) for item in doc):
            return "official"
        if all(_is_level_item(item) for item in doc):
            return "levels"
    return None


def near_miss(doc: object) -> str | None:
    """A one-phrase description of HN-like JSON we don't read, else None."""
    if isinstance(doc, dict) and "kids" in doc and not _is_official_item(doc):
        return "this looks like an HN item without its author, time and type"
    if isinstance(doc, dict) and isinstance(doc.get("children"), list):
        return "this has `children` but no HN `id` and `created_at`"
    return None


def parse(doc: object, kind: str, limit: int | None = None) -> Thread:
    """The thread in a document `shape` accepted as `kind`; with `limit`, a preview of at
    most that many comments in file order (marked ``partial`` when some were left out)."""
    builder = _Builder(limit)
    if kind == "algolia":
        thread = _algolia(doc if isinstance(doc, dict) else {}, builder)
    elif kind == "levels":
        thread = _levels(doc, builder)
    elif kind == "item":
        thread = _official([doc] if isinstance(doc, dict) else [], builder)
    elif kind == "official":
        items = list(doc.values()) if isinstance(doc, dict) else doc
        thread = _official(items if isinstance(items, list) else [], builder)
    else:
        raise ParseError(f"unknown Hacker News shape {kind!r}")
    if builder.full:
        thread.extra["partial"] = True
    return thread


PREVIEW_HTML = 64 * 1024
"""How much comment HTML a preview converts before it stops: the reader paints the
preview first, so a giant comment waits for the full parse after the first frame."""


class _Builder(ForestBuilder):
    """A forest builder that says when a preview has its `limit` of comments, or has
    spent its budget of HTML to convert."""

    __slots__ = ("html_left", "limit", "spent")

    def __init__(self, limit: int | None) -> None:
        super().__init__()
        self.limit = limit
        self.html_left = PREVIEW_HTML
        self.spent = False

    @property
    def full(self) -> bool:
        return self.limit is not None and (self.spent or len(self) >= self.limit)

    def affords(self, item: dict[str, Any]) -> bool:
        """Whether a preview may convert this comment's HTML; once one is too big, the
        preview ends (its comments must stay a prefix of the file's)."""
        if self.limit is None:
            return True
        html = _first_text(item, "text", "content", "comment_text") or ""
        self.html_left -= len(html)
        self.spent = self.html_left < 0
        return not self.spent


def _first_text(item: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = item.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _add(builder: ForestBuilder, parent: int, item: dict[str, Any], op: str | None) -> int:
    """One HN comment (any of the three shapes) added under `parent`."""
    author = _first_text(item, "by", "author", "user")
    html = _first_text(item, "text", "content", "comment_text")
    if "time" in item:
        stamp, timestamp = utc_from_epoch(item.get("time"))
    elif "created_at_i" in item:
        stamp, timestamp = utc_from_epoch(item.get("created_at_i"))
    else:
        stamp, timestamp = utc_from_iso(item.get("created_at"))
    if item.get("deleted") is True or html == "[deleted]" or (author is None and html is None):
        state, author, body = "deleted", "[deleted]", "[deleted]"
    else:
        state = "dead" if item.get("dead") is True or html == "[dead]" else "live"
        body = normalize_body(html_to_markdown(html)) if html else ""
        if not body and state == "dead":
            body = "[dead]"
    author = author or "[unknown]"
    markers = ("op",) if op is not None and author == op and state == "live" else ()
    score = item.get("points", item.get("score"))
    return builder.add_comment(
        parent,
        author,
        stamp,
        timestamp,
        body,
        score if is_int(score) else None,
        False,
        state,
        markers,
    )


def _algolia(doc: dict[str, Any], builder: _Builder) -> Thread:
    is_story = doc.get("type") != "comment"
    op = _first_text(doc, "author") if is_story else None
    stack: list[tuple[list[Any], int]] = []
    if is_story:
        stack.append((doc.get("children") or [], -1))
    else:
        stack.append(([doc], -1))
    while stack and not builder.full:
        items, parent = stack.pop()
        for item in items:
            if builder.full:
                break
            if not isinstance(item, dict):
                continue
            if not builder.affords(item):
                break
            index = _add(builder, parent, item, op)
            children = item.get("children")
            if isinstance(children, list) and children:
                stack.append((children, index))
    return _thread(doc if is_story else {}, builder)


def _levels(doc: object, builder: _Builder) -> Thread:
    story = doc if isinstance(doc, dict) else {}
    items = story.get("comments") if story else doc
    op = _first_text(story, "by", "author", "user")
    stack: list[tuple[list[Any], int]] = [(items if isinstance(items, list) else [], -1)]
    while stack and not builder.full:
        entries, base = stack.pop()
        open_levels: list[tuple[int, int]] = []
        for item in entries:
            if builder.full:
                break
            if not isinstance(item, dict):
                continue
            if not builder.affords(item):
                break
            level = item.get("level")
            if not is_int(level):
                level = 0
            while open_levels and open_levels[-1][0] >= level:
                open_levels.pop()
            parent = open_levels[-1][1] if open_levels else base
            index = _add(builder, parent, item, op)
            open_levels.append((level, index))
            nested = item.get("comments")
            if isinstance(nested, list) and nested:
                stack.append((nested, index))
    return _thread(story, builder)


def _official(items: list[dict[str, Any]], builder: _Builder) -> Thread:
    by_id = {item["id"]: item for item in items}
    stories = [item for item in items if item.get("type") in STORY_TYPES]
    if len(stories) > 1:
        raise ParseError(
            f"the file holds {len(stories)} HN stories; threadview reads one thread per file"
        )
    story = stories[0] if stories else {}
    children = _children_by_parent(items, by_id)
    seen: set[int] = {story["id"]} if story else set()
    roots = [
        item["id"]
        for item in items
        if item.get("type") not in STORY_TYPES
        and item.get("type") != "pollopt"
        and not (is_int(item.get("parent")) and item["parent"] in by_id)
    ]
    stack: list[tuple[list[Any], int]] = [(roots, -1)]
    if story:
        stack.append((children.get(story["id"], []), -1))
    op = _first_text(story, "by")
    while stack and not builder.full:
        ids, parent = stack.pop()
        missing = 0
        for item_id in ids:
            if builder.full:
                break
            item = by_id.get(item_id)
            if item is None:
                missing += 1
            elif item_id not in seen:
                if not builder.affords(item):
                    break
                seen.add(item_id)
                index = _add(builder, parent, item, op)
                if item_id in children:
                    stack.append((children[item_id], index))
        if missing:
            builder.add_more(parent, missing)
    thread = _thread(story, builder)
    options = [by_id[part] for part in _kids(story, "parts") if is_int(part) and part in by_id]
    if options:
        polls = tuple(ArticleBlock("paragraph", _poll_option(option)) for option in options)
        thread = _with_article(thread, thread.article + polls)
    return thread


def _children_by_parent(
    items: list[dict[str, Any]], by_id: dict[object, Any]
) -> dict[object, list[Any]]:
    """Each item's reply ids: its `kids` in order, then items naming it as `parent`."""
    children: dict[object, list[Any]] = {}
    listed: set[tuple[int, int]] = set()
    for item in items:
        kids = [kid for kid in _kids(item) if is_int(kid)]
        if kids:
            children[item["id"]] = kids
            listed.update((item["id"], kid) for kid in kids)
    for item in items:
        parent = item.get("parent")
        if (
            is_int(parent)
            and parent in by_id
            and item.get("type") != "pollopt"
            and (parent, item["id"]) not in listed
        ):
            children.setdefault(parent, []).append(item["id"])
    return children


def _kids(item: dict[str, Any], key: str = "kids") -> list[Any]:
    kids = item.get(key)
    return kids if isinstance(kids, list) else []


def _poll_option(option: dict[str, Any]) -> str:
    text = html_to_markdown(_first_text(option, "text") or "")
    score = option.get("score")
    return f"- {text} ({score} points)" if is_int(score) else f"- {text}"


def _with_article(thread: Thread, article: tuple[ArticleBlock, ...]) -> Thread:
    return Thread(
        thread.format,
        thread.title,
        thread.source,
        thread.submitter,
        article,
        thread.comments,
        thread.warnings,
        thread.byline,
        thread.image,
        thread.url,
        thread.extra,
    )


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host[4:] if host and host.startswith("www.") else host


def _thread(story: dict[str, Any], builder: ForestBuilder) -> Thread:
    url = _first_text(story, "url")
    html = _first_text(story, "text", "content")
    article = tuple(ArticleBlock("paragraph", b) for b in html_to_blocks(html)) if html else ()
    extra: dict[str, object] = {"site": "hn"}
    score = story.get("points", story.get("score"))
    if is_int(score):
        extra["score"] = score
    if is_int(story.get("id")):
        extra["permalink"] = f"https://{HN_HOST}/item?id={story['id']}"
    if isinstance(story.get("type"), str):
        extra["type"] = story["type"]
    return Thread(
        format="hn",
        title=_first_text(story, "title"),
        source=(_host(url) or _first_text(story, "domain") or HN_HOST) if story else None,
        submitter=_first_text(story, "by", "author", "user") if story else None,
        article=article,
        comments=builder.build(),
        url=url,
        extra=extra,
    )
