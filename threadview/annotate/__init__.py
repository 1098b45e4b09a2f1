"""Annotations over raw text: links, cited sources and translation notes (pure, no Rich).

`annotate_text` finds both kinds of span in one body; `thread_sources` groups every link
of a thread by host for the Sources panel; the ``*_json`` helpers shape them for
``dump --format json``. Spans index the raw text, so a renderer can style them in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from threadview.annotate.hosts import display_host
from threadview.annotate.language import detect_language
from threadview.annotate.links import Link, find_links, url_host
from threadview.annotate.translations import TranslationNote, find_translations
from threadview.model import Thread, iter_comments

__all__ = [
    "ARTICLE_ID",
    "Annotations",
    "Link",
    "SourceSummary",
    "TranslationNote",
    "annotate_text",
    "annotations_json",
    "byline_links",
    "detect_language",
    "find_links",
    "find_translations",
    "source_key",
    "sources_json",
    "thread_sources",
]

ARTICLE_ID = "article"
_BYLINE_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}\.?", re.I)


@dataclass(frozen=True, slots=True)
class Annotations:
    """Everything found in one text: links and translation notes, each in text order."""

    links: tuple[Link, ...]
    translations: tuple[TranslationNote, ...]

    def __bool__(self) -> bool:
        return bool(self.links or self.translations)


@dataclass(frozen=True, slots=True)
class SourceSummary:
    """One cited host: how many citations, and which comments ("article" for the
    article and its byline) make them, in first-seen order."""

    host: str
    count: int
    comment_ids: tuple[str, ...]


def annotate_text(text: str) -> Annotations:
    """The links and translation notes of one body or article block."""
    return Annotations(tuple(find_links(text)), tuple(find_translations(text)))


def source_key(host: str) -> str:
    """The host a citation is grouped under: "www." is dropped, so "www.milenio.com" and
    "milenio.com" count together."""
    host = host.rstrip(".")
    return host[4:] if host.startswith("www.") and host.count(".") > 1 else host


def _byline_hosts(thread: Thread) -> list[str]:
    """Hosts named by the thread itself: its byline source and its article URL."""
    hosts: list[str] = []
    for value in (thread.source, thread.url):
        if not value:
            continue
        value = value.strip()
        if value.lower().startswith(("http://", "https://")):
            host = url_host(value)
        elif _BYLINE_HOST.fullmatch(value):
            host = value
        else:
            continue
        key = source_key(display_host(host))
        if key and key not in hosts:
            hosts.append(key)
    return hosts


def byline_links(thread: Thread) -> list[Link]:
    """The links the thread names itself, as the article pane shows them: its byline source
    (a bare host such as "portnews.example" opens over https), then its URL."""
    links: list[Link] = []
    for value in (thread.source, thread.url):
        value = (value or "").strip()
        found = find_links(value)
        if not found and _BYLINE_HOST.fullmatch(value):
            found = [Link(0, len(value), "https://" + value.rstrip("."), value, "domain")]
        links += found
    return links


class _Tally:
    """Citations per host, keeping the order in which citing ids first appear."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.ids: dict[str, dict[str, None]] = {}

    def add(self, host: str, cited_by: str) -> None:
        self.counts[host] = self.counts.get(host, 0) + 1
        self.ids.setdefault(host, {})[cited_by] = None

    def summaries(self) -> list[SourceSummary]:
        ordered = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        return [SourceSummary(host, count, tuple(self.ids[host])) for host, count in ordered]


def thread_sources(thread: Thread) -> list[SourceSummary]:
    """Every cited host in the thread, most cited first (ties by host name).

    The byline source and article URL count once each; every link in the article and in
    comment bodies counts once per occurrence.
    """
    tally = _Tally()
    for host in _byline_hosts(thread):
        tally.add(host, ARTICLE_ID)
    for block in thread.article:
        for link in find_links(block.text):
            tally.add(source_key(link.host), ARTICLE_ID)
    for comment in iter_comments(thread.comments):
        for link in find_links(comment.body):
            tally.add(source_key(link.host), comment.id)
    return tally.summaries()


def annotations_json(text: str) -> dict[str, list[dict[str, object]]]:
    """The annotations of one text shaped for JSON output."""
    return {
        "links": [
            {"url": link.url, "host": link.host, "span": [link.start, link.end]}
            for link in find_links(text)
        ],
        "translations": [
            {"original": note.original, "translation": note.translation, "language": note.language}
            for note in find_translations(text)
        ],
    }


def sources_json(thread: Thread) -> list[dict[str, object]]:
    """`thread_sources` shaped for JSON output."""
    return [
        {"host": summary.host, "count": summary.count, "comment_ids": list(summary.comment_ids)}
        for summary in thread_sources(thread)
    ]
