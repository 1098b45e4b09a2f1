"""Parser for the text layout: scraped article pages, edition digests, indented replies.

One pass over the lines with compiled regexes. Every non-blank line lands in exactly one
place of the model: the title, the byline, the image line, an article block, a comment
header, a more-stub or a comment body.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from threadview.model import (
    MONTH_NAMES,
    ArticleBlock,
    Comment,
    IdAllocator,
    MoreStub,
    Node,
    Thread,
    normalize_body,
    sorted_forest,
)

MONTHS = MONTH_NAMES
_MONTH_NUMBER = {name: index for index, name in enumerate(MONTHS, start=1)}

HEADER_RE = re.compile(
    r"(?P<indent> *)(?P<author>\S.*?) on (?:"
    r"(?P<month>" + "|".join(MONTHS) + r") (?P<day>\d{1,2})(?:st|nd|rd|th), (?P<year>\d{4})"
    r" at (?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))? UTC"
    r"|(?P<unknown>an unknown date)) »[ \t]*"
)
MORE_RE = re.compile(
    r"(?P<indent> *)\[\+(?P<count>[1-9]\d{0,8}) more repl(?:y|ies) not in this file\][ \t]*"
)
BYLINE_RE = re.compile(
    r"Authored by(?: and submitted by (?P<sub_only>\S.*?)"
    r"| (?P<source>\S.*?)(?: and submitted by (?P<submitter>\S.*?))?)?[ \t]*"
)
IMAGE_RE = re.compile(r"image for(?: (?P<image>.*?))?[ \t]*")
_CLOSING = tuple(".!?…\"'”’):;]*")
_UTC = timezone.utc
_SPLIT = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines split on LF, CRLF and lone CR only (never on other Unicode separators)."""
    if "\r" in text:
        return _SPLIT.split(text)
    return text.split("\n")


def unescape(line: str) -> str:
    """Undo the writer's escape: a header-like line is written with one trailing backslash."""
    if line.endswith("\\") and is_header_line(line.rstrip("\\")):
        return line[:-1]
    return line


def is_header_line(line: str) -> bool:
    """Whether a line is a comment header or a more-stub in the text layout."""
    return ("»" in line and HEADER_RE.fullmatch(line) is not None) or (
        "more repl" in line and MORE_RE.fullmatch(line) is not None
    )


class _Stamps:
    """Parses header timestamps, sharing one datetime per distinct minute/second."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, ...], datetime | None] = {}

    def get(self, match: re.Match[str]) -> datetime | None:
        if match.group("unknown"):
            return None
        key = match.group("year", "month", "day", "hour", "minute", "second")
        if key in self.cache:
            return self.cache[key]
        year, month, day, hour, minute, second = key
        try:
            stamp: datetime | None = datetime(
                int(year),
                _MONTH_NUMBER[month],
                int(day),
                int(hour),
                int(minute),
                int(second or 0),
                tzinfo=_UTC,
            )
        except ValueError:
            stamp = None
        self.cache[key] = stamp
        return stamp


def _blocks(lines: list[str]) -> list[list[str]]:
    """Group lines into runs separated by blank lines (whitespace-only counts as blank)."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def article_block(lines: list[str], role: str | None = None) -> ArticleBlock:
    """A paragraph, or a caption: one line with no closing punctuation."""
    text = "\n".join(unescape(line) if line.endswith("\\") else line for line in lines)
    if role is None and len(lines) == 1 and not text.endswith(_CLOSING):
        return ArticleBlock("caption", text)
    return ArticleBlock("paragraph", text, role)


def _body(lines: list[str], indent: int) -> str:
    if indent:
        prefix = " " * indent
        lines = [line[indent:] if line.startswith(prefix) else line.lstrip(" ") for line in lines]
    lines = [unescape(line) if line.endswith("\\") else line for line in lines]
    return normalize_body("\n".join(lines))


def _first_nonblank(lines: list[str], start: int, stop: int) -> int:
    for index in range(start, stop):
        if lines[index].strip():
            return index
    return stop


def _header_indices(lines: list[str]) -> list[int]:
    full = HEADER_RE.fullmatch
    more = MORE_RE.fullmatch
    return [
        index
        for index, line in enumerate(lines)
        if ("»" in line and full(line)) or ("more repl" in line and more(line))
    ]


def _comments(
    lines: list[str], headers: list[int], end: int, warnings: list[str]
) -> tuple[Node, ...]:
    """Build the comment forest from header positions; replies nest by indentation."""
    ids = IdAllocator()
    stamps = _Stamps()
    parents: list[int] = []
    records: list[tuple[str, datetime | None, str] | int] = []
    stack: list[tuple[int, int]] = []
    for position, start in enumerate(headers):
        stop = headers[position + 1] if position + 1 < len(headers) else end
        line = lines[start]
        match = HEADER_RE.fullmatch(line) if "»" in line else None
        if match is None:
            stub = MORE_RE.fullmatch(line)
            assert stub is not None
            indent, record = len(stub.group("indent")), int(stub.group("count"))
            body_lines = lines[start + 1 : stop]
            if any(part.strip() for part in body_lines):
                warnings.append(f"line {start + 1}: text after a more-stub kept as a comment")
                record = -1
        else:
            indent = len(match.group("indent"))
            stamp = stamps.get(match)
            if stamp is None and not match.group("unknown"):
                warnings.append(f"line {start + 1}: impossible date in comment header")
            record = (match.group("author"), stamp, _body(lines[start + 1 : stop], indent))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parents.append(stack[-1][1] if stack else -1)
        if record == -1:
            stub_line = line.strip()
            record = ("[unknown]", None, _body([stub_line, *lines[start + 1 : stop]], 0))
        records.append(record)
        stack.append((indent, position))
    return _build(records, parents, ids)


def _build(
    records: list[tuple[str, datetime | None, str] | int],
    parents: list[int],
    ids: IdAllocator,
) -> tuple[Node, ...]:
    made_ids = [ids.make(*record) if isinstance(record, tuple) else "" for record in records]
    children: list[list[Node] | None] = [None] * len(records)
    top: list[Node] = []
    for index in range(len(records) - 1, -1, -1):
        record = records[index]
        kids = children[index]
        if isinstance(record, tuple):
            author, stamp, body = record
            replies = tuple(reversed(kids)) if kids else ()
            node: Node = Comment(made_ids[index], author, stamp, body, replies)
        else:
            node = MoreStub(record)
        parent = parents[index]
        if parent < 0:
            top.append(node)
        else:
            bucket = children[parent]
            if bucket is None:
                children[parent] = [node]
            else:
                bucket.append(node)
    top.reverse()
    return tuple(top)


def _digest(lines: list[str]) -> list[ArticleBlock]:
    """Edition digest: stories of heading, byline and summary, each summary ending in »."""
    blocks: list[ArticleBlock] = []
    for block in _blocks(lines):
        pending: list[str] = []
        for line in block:
            if BYLINE_RE.fullmatch(line):
                if pending:
                    blocks.append(ArticleBlock("paragraph", "\n".join(pending), "heading"))
                    pending = []
                blocks.append(ArticleBlock("paragraph", line, "byline"))
            else:
                pending.append(line)
        if pending:
            text = "\n".join(pending)
            role = "summary" if text.endswith("»") else "heading"
            blocks.append(ArticleBlock("paragraph", text, role))
    return blocks


def _is_digest(lines: list[str]) -> bool:
    """Several stories with bylines and summaries ending in », and no comments."""
    bylines = sum(1 for line in lines if line.startswith("Authored by"))
    return bylines >= 2 and any(line.rstrip().endswith("»") for line in lines)


def preview_end(text: str, limit: int) -> int | None:
    """Offset where the (limit+1)-th comment header starts, or None if there are fewer.

    Lets a preview parse look at the start of a huge file without splitting all of it.
    """
    found = 0
    position = 0
    while True:
        position = text.find("»", position)
        if position < 0:
            return None
        start = max(text.rfind("\n", 0, position), text.rfind("\r", 0, position)) + 1
        stop = position + 1
        while stop < len(text) and text[stop] in " \t":
            stop += 1
        if (stop == len(text) or text[stop] in "\r\n") and HEADER_RE.fullmatch(text, start, stop):
            found += 1
            if found > limit:
                return start
        position += 1


def parse_layout(text: str, limit: int | None = None) -> Thread:
    """Parse the text layout; with `limit`, only the first `limit` comments (a preview)."""
    cut = preview_end(text, limit) if limit is not None else None
    partial = cut is not None
    lines = split_lines(text[:cut] if cut is not None else text)
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    warnings: list[str] = []
    headers = _header_indices(lines)
    end = len(lines)
    first_comment = headers[0] if headers else end

    title: str | None = None
    byline: str | None = None
    byline_match: re.Match[str] | None = None
    image: str | None = None
    cursor = 0
    first = _first_nonblank(lines, 0, first_comment)
    second = _first_nonblank(lines, first + 1, first_comment) if first < first_comment else first
    for candidate in (first, second):
        if candidate < first_comment:
            byline_match = BYLINE_RE.fullmatch(lines[candidate].strip())
            if byline_match:
                if candidate == second:
                    title = lines[first].strip()
                byline = lines[candidate].strip()
                cursor = candidate + 1
                break
    if byline_match:
        nxt = _first_nonblank(lines, cursor, first_comment)
        image_match = IMAGE_RE.fullmatch(lines[nxt].strip()) if nxt < first_comment else None
        if image_match and nxt == cursor:
            image = image_match.group("image") or ""
            cursor = nxt + 1

    if not headers and _is_digest(lines):
        return Thread("digest", None, None, None, tuple(_digest(lines)), (), ())
    rest = lines[cursor:first_comment]
    if byline_match is None and not headers:
        warnings.append("no comments were recognised: showing the whole text as the article")
        article = [article_block(block) for block in _blocks(rest)]
        return Thread("plain", None, None, None, tuple(article), (), tuple(warnings))

    article = [article_block(block) for block in _blocks(rest)]
    if title is not None and article and article[0].text.strip() == title:
        article[0] = ArticleBlock("paragraph", article[0].text, "title")
    comments = _comments(lines, headers, end, warnings)
    if byline_match is None:
        fmt, source, submitter = "text", None, None
    else:
        fmt = "scraped"
        source = byline_match.group("source")
        submitter = byline_match.group("submitter") or byline_match.group("sub_only")
        if not headers:
            warnings.append("no comments found: the page may have been saved before its comments")
    extra: dict[str, object] = {"partial": True} if partial else {}
    return Thread(
        fmt,
        title,
        source,
        submitter,
        tuple(article),
        sorted_forest(comments, "oldest"),
        tuple(warnings),
        byline,
        image,
        None,
        extra,
    )
