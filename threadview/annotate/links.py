"""Find links in raw text: URLs, www. addresses, Markdown links and domains cited in prose.

Every pattern is linear: single character classes, no nested quantifiers that can
overlap, and candidate starts that a look-behind keeps rare. A 1 MB "URL" costs one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from threadview.annotate.code import CodeRegions
from threadview.annotate.hosts import display_host
from threadview.annotate.patterns import LazyPattern
from threadview.annotate.spans import without_overlaps

LinkKind = Literal["url", "www", "markdown", "domain"]

# What may appear in a URL: no whitespace, quotes, angle brackets, backticks, control
# characters (C0, DEL, C1), zero-width or bidi formatting characters.
_URL_CHAR = '[^\\s<>"`\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]'
_URL = LazyPattern(r"(?<![\w@])(?:[Hh][Tt][Tt][Pp][Ss]?://|[Ww][Ww][Ww]\.)" + _URL_CHAR + "+")
_URL_TAIL = LazyPattern(_URL_CHAR + "*")
_MARKDOWN = LazyPattern(
    r"\[([^\[\]\n]*)\]\([ \t]*<?((?:[Hh][Tt][Tt][Pp][Ss]?://|[Ww][Ww][Ww]\.)"
    r"[^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)>?"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?[ \t]*\)"
)
# A conservative list: common generic TLDs and country codes that are rarely a file
# extension or an abbreviation ("e.g.", "Node.js", "file.txt", "i.e." never match).
_TLDS = (
    "com|org|net|gov|edu|mil|int|info|biz|news|io|tv|ly|uk|de|fr|es|it|mx|ca|au|nz|ru|cn|"
    "jp|kr|br|ar|cl|co|pe|ve|ec|uy|nl|ch|se|dk|fi|cz|sk|hu|ro|gr|tr|il|ua|eu|us|za|ng|ke|"
    "eg|pk|sg|hk|tw|ph|ie|pt|ps|lb|qa|ae|sa|ir|iq|af|bd|lk|np|vn|th"
)
_DOMAIN = LazyPattern(
    r"(?<![\w@./:\\#%&=~+-])"
    r"((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?i:" + _TLDS + r"))"
    r"(?![\w@-]|\.[A-Za-z0-9])"
)
# A cheap first look (it starts with a literal "."), so prose without a cited domain
# never meets the full pattern.
_TLD_AFTER_DOT = LazyPattern(r"\.(?i:" + _TLDS + r")(?![\w-])")
_TRAILING = frozenset(".,;:!?'\"*_~…”’»›。，、；：！？")
_PAIRS = {")": "(", "]": "[", "}": "{"}


@dataclass(frozen=True, slots=True)
class Link:
    """A link found at text[start:end]; `url` is what would be opened, `host` what to show."""

    start: int
    end: int
    url: str
    host: str
    kind: LinkKind


def trim_url_end(text: str, start: int, end: int) -> int:
    """The end of a URL once trailing punctuation and unbalanced closers are dropped.

    Balanced parentheses stay, as in Wikipedia's ``.../Python_(language)``.
    """
    segment = text[start:end]
    opens = {opener: segment.count(opener) for opener in _PAIRS.values()}
    closes = {closer: segment.count(closer) for closer in _PAIRS}
    while end > start:
        ch = text[end - 1]
        if ch in _TRAILING:
            end -= 1
        elif ch in _PAIRS and closes[ch] > opens[_PAIRS[ch]]:
            closes[ch] -= 1
            end -= 1
        else:
            break
    return end


def url_host(url: str) -> str:
    """The raw host of an http(s) URL or a schemeless address (may be empty)."""
    rest = url.split("://", 1)[1] if "://" in url[:10] else url
    cut = len(rest)
    for stop in "/?#\\":
        found = rest.find(stop, 0, cut)
        if found >= 0:
            cut = found
    authority = rest[:cut]
    host = authority.rpartition("@")[2]
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    name, colon, port = host.rpartition(":")
    return name if colon and (port.isdigit() or not port) else host


def _link(text: str, start: int, end: int, url: str, kind: LinkKind) -> Link | None:
    host = display_host(url_host(url))
    if not host or not any(ch.isalnum() for ch in host):
        return None
    return Link(start, end, url, host, kind)


def _with_scheme(target: str) -> str:
    return target if "://" in target[:10] else "https://" + target


def _markdown_links(text: str) -> list[Link]:
    links: list[Link] = []
    if "](" not in text:
        return links
    for match in _MARKDOWN.finditer(text):
        link = _link(text, match.start(), match.end(), _with_scheme(match.group(2)), "markdown")
        if link is not None:
            links.append(link)
    return links


def _bare_urls(text: str) -> list[Link]:
    links: list[Link] = []
    for match in _URL.finditer(text):
        start = match.start()
        end = trim_url_end(text, start, match.end())
        raw = text[start:end]
        is_www = raw[:1] in "wW"
        if raw.endswith("://") or (is_www and len(raw) <= 4):
            continue
        link = _link(
            text, start, end, "https://" + raw if is_www else raw, "www" if is_www else "url"
        )
        if link is not None:
            links.append(link)
    return links


def _cited_domains(text: str, code: CodeRegions) -> list[Link]:
    links: list[Link] = []
    for match in _DOMAIN.finditer(text):
        start, end = match.span()
        if end < len(text) and text[end] == "/":
            end = trim_url_end(text, start, _URL_TAIL.match(text, end).end())
        if code and code.overlaps(start, end):
            continue
        link = _link(text, start, end, "https://" + text[start:end], "domain")
        if link is not None:
            links.append(link)
    return links


def _may_have_urls(text: str) -> bool:
    return "://" in text or "ww." in text or "WW." in text


def find_links(text: str) -> list[Link]:
    """Every link in `text`, in order, as non-overlapping spans over the raw text."""
    if "." not in text and "://" not in text:
        return []
    links: list[Link] = []
    if _may_have_urls(text):
        links = without_overlaps(_markdown_links(text), _bare_urls(text))
    if "." in text and _TLD_AFTER_DOT.search(text):
        links = without_overlaps(links, _cited_domains(text, CodeRegions(text)))
    return links
