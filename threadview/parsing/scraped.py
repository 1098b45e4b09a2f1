"""Parser for the text layout: scraped article pages, edition digests, indented replies.

One pass over the lines with compiled regexes. Every non-blank line lands in exactly one
place of the model: the title, the byline, the image line, an article block, a comment
header, a more-stub or a comment body.
"""

from __future__ import annotations

import gc
import heapq
import itertools
import re
from collections.abc import Iterator
from datetime import datetime, timezone

from threadview.model import (
    MONTH_NAMES,
    ArticleBlock,
    Comment,
    MoreStub,
    Node,
    Thread,
    content_ids,
    normalize_body,
    sort_siblings,
    unique_ids,
)

MONTHS = MONTH_NAMES
_MONTH_NUMBER = {name: index for index, name in enumerate(MONTHS, start=1)}

HEADER_RE = re.compile(
    r"(?P<indent> *)(?P<author>\S.*?) on (?:"
    r"(?P<date>(?P<month>"
    + "|".join(MONTHS)
    + r") (?P<day>\d{1,2})(?:st|nd|rd|th), (?P<year>\d{4})"
    r" at (?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?) UTC"
    r"|(?P<unknown>an unknown date)) »[ \t]*"
)
MORE_RE = re.compile(
    r"(?P<indent> *)\[\+(?P<count>[1-9]\d{0,8}) more repl(?:y|ies) not in this file\][ \t]*"
)
CUT_HEADER_RE = re.compile(r" *\S+ on (?:" + "|".join(MONTH_NAMES) + r")\b")
BYLINE_RE = re.compile(
    r"Authored by(?: and submitted by (?P<sub_only>\S.*?)"
    r"| (?P<source>\S.*?)(?: and submitted by (?P<submitter>\S.*?))?)?[ \t]*"
)
IMAGE_RE = re.compile(r"image for(?: (?P<image>.*?))?[ \t]*")
_CLOSING = tuple(".!?…\"'”’):;]*")
_UTC = timezone.utc
_SPLIT = re.compile(r"\r\n|\r|\n")
BLANK = " \t\f\v"
"""The characters a blank line may hold; other invisible characters are content."""


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
    """Parses header timestamps, sharing one datetime per distinct date text."""

    def __init__(self) -> None:
        self.cache: dict[str | None, datetime | None] = {None: None}

    def get(self, match: re.Match[str]) -> datetime | None:
        date = match.group("date")
        try:
            return self.cache[date]
        except KeyError:
            pass
        year, month, day, hour, minute, second = match.group(
            "year", "month", "day", "hour", "minute", "second"
        )
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
        self.cache[date] = stamp
        return stamp


def _blocks(lines: list[str]) -> list[list[str]]:
    """Group lines into runs separated by blank lines (whitespace-only counts as blank)."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip(BLANK):
            current.append(line.rstrip(BLANK))
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


def _body(chunk: str, indent: int) -> str:
    """A comment body from the text after its header line (which starts with a newline)."""
    if indent:
        chunk = chunk.replace("\n" + " " * indent, "\n")
    if "\\\n" in chunk or chunk.endswith("\\"):
        chunk = "\n".join(unescape(line) for line in chunk.split("\n"))
    return normalize_body(chunk)


def _first_nonblank(lines: list[str], start: int, stop: int) -> int:
    for index in range(start, stop):
        if lines[index].strip(BLANK):
            return index
    return stop


HeaderLine = tuple[int, int, re.Match[str]]


def _scan(text: str, needle: str, pattern: re.Pattern[str]) -> Iterator[HeaderLine]:
    """Lines holding `needle` that fully match `pattern`; linear in the text."""
    position = text.find(needle)
    size = len(text)
    while position >= 0:
        start = text.rfind("\n", 0, position) + 1
        stop = text.find("\n", position)
        if stop < 0:
            stop = size
        match = pattern.fullmatch(text, start, stop)
        if match is not None:
            yield start, stop, match
        position = text.find(needle, stop)


def find_headers(text: str) -> Iterator[HeaderLine]:
    """(line start, line end, match) of every comment header and more-stub, in order."""
    headers = _scan(text, "»", HEADER_RE)
    if "more repl" not in text:
        return headers
    return heapq.merge(headers, _scan(text, "more repl", MORE_RE), key=lambda item: item[0])


def _comments(text: str, headers: Iterator[HeaderLine], warnings: list[str]) -> tuple[Node, ...]:
    """Build the comment forest from header positions; replies nest by indentation.

    Works one header behind the scan, so match objects never pile up in memory."""
    get_stamp = _Stamps().get
    parents: list[int] = []
    records: list[tuple[str, datetime | None, str] | int] = []
    stack: list[tuple[int, int]] = []
    current = next(headers, None)
    position = 0
    while current is not None:
        start, stop, match = current
        current = next(headers, None)
        after = current[0] if current is not None else len(text)
        indent = match.end("indent") - start
        record: tuple[str, datetime | None, str] | int
        if match.re is MORE_RE:
            record = int(match.group("count"))
            if text[stop:after].strip(BLANK + "\n"):
                warnings.append(f"{text[start:stop].strip()!r}: text after a more-stub kept")
                record = ("[unknown]", None, _body("\n" + text[start + indent : after], indent))
        else:
            stamp = get_stamp(match)
            if stamp is None and match.start("unknown") < 0:
                warnings.append(f"impossible date in comment header {text[start:stop]!r}")
            chunk = text[stop:after]
            if indent or "\\\n" in chunk or chunk.endswith("\\"):
                body = _body(chunk, indent)
            else:
                body = normalize_body(chunk)
            record = (match.group("author"), stamp, body)
        if isinstance(record, int):
            # A stub is no comment: it nests like one but is never anyone's parent.
            parent = next((item for level, item in reversed(stack) if level < indent), -1)
            parents.append(parent)
            records.append(record)
            position += 1
            continue
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parents.append(stack[-1][1] if stack else -1)
        records.append(record)
        stack.append((indent, position))
        position += 1
    return _build(records, parents)


def _without_gc(function, *args):  # type: ignore[no-untyped-def]
    """Run `function` with the cyclic GC paused: building 100k acyclic records would
    otherwise trigger many full collections over objects that can never be garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return function(*args)
    finally:
        if enabled:
            gc.enable()


def _build(
    records: list[tuple[str, datetime | None, str] | int], parents: list[int]
) -> tuple[Node, ...]:
    """Comments bottom-up (children come after parents), each level sorted oldest first."""
    made_ids = content_ids(
        record if isinstance(record, tuple) else ("", None, "") for record in records
    )
    children: list[list[Node] | None] = [None] * len(records)
    top: list[Node] = []
    for index in range(len(records) - 1, -1, -1):
        record = records[index]
        kids = children[index]
        if isinstance(record, tuple):
            author, stamp, body = record
            if kids is None:
                replies: tuple[Node, ...] = ()
            elif len(kids) == 1:
                replies = (kids[0],)
            else:
                kids.reverse()
                replies = sort_siblings(kids, "oldest")
            node: Node = Comment(made_ids[index], author, stamp, body, replies)
        else:
            node = MoreStub(record)
        parent = parents[index]
        if parent < 0:
            top.append(node)
        elif kids := children[parent]:
            kids.append(node)
        else:
            children[parent] = [node]
    top.reverse()
    return unique_ids(sort_siblings(top, "oldest"))


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
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    cut = preview_end(text, limit) if limit is not None else None
    partial = cut is not None
    if cut is not None:
        text = text[:cut]
    warnings: list[str] = []
    headers = find_headers(text)
    first_header = next(headers, None)
    if first_header is not None:
        headers = itertools.chain((first_header,), headers)
    lines = split_lines(text[: first_header[0]] if first_header else text)
    first_comment = len(lines)

    title: str | None = None
    byline: str | None = None
    byline_match: re.Match[str] | None = None
    image: str | None = None
    cursor = 0
    first = _first_nonblank(lines, 0, first_comment)
    second = _first_nonblank(lines, first + 1, first_comment) if first < first_comment else first
    for candidate in (first, second):
        if candidate < first_comment:
            byline_match = BYLINE_RE.fullmatch(lines[candidate].strip(BLANK))
            if byline_match:
                if candidate == second:
                    title = lines[first].strip(BLANK)
                byline = lines[candidate].strip(BLANK)
                cursor = candidate + 1
                break
    if byline_match:
        nxt = _first_nonblank(lines, cursor, first_comment)
        image_match = IMAGE_RE.fullmatch(lines[nxt].strip(BLANK)) if nxt < first_comment else None
        if image_match and nxt == cursor:
            image = image_match.group("image") or ""
            cursor = nxt + 1

    if first_header is None and _is_digest(lines):
        return Thread("digest", None, None, None, tuple(_digest(lines)), (), ())
    rest = lines[cursor:first_comment]
    if byline_match is None and first_header is None:
        warnings.append("no comments were recognised: showing the whole text as the article")
        article = [article_block(block) for block in _blocks(rest)]
        return Thread("plain", None, None, None, tuple(article), (), tuple(warnings))

    article = [article_block(block) for block in _blocks(rest)]
    if title is not None and article and article[0].text == title:
        article[0] = ArticleBlock("paragraph", article[0].text, "title")
    comments = _without_gc(_comments, text, headers, warnings)
    tail = text.rstrip().rpartition("\n")[2]
    if first_header and not partial and CUT_HEADER_RE.match(tail) and not is_header_line(tail):
        warnings.append(f"the file seems cut off: its last line {tail.strip()!r} is half a header")
    if byline_match is None:
        fmt, source, submitter = "text", None, None
    else:
        fmt = "scraped"
        source = byline_match.group("source")
        submitter = byline_match.group("submitter") or byline_match.group("sub_only")
        if first_header is None:
            warnings.append("no comments found: the page may have been saved before its comments")
    extra: dict[str, object] = {"partial": True} if partial else {}
    return Thread(
        fmt,
        title,
        source,
        submitter,
        tuple(article),
        comments,
        tuple(warnings),
        byline,
        image,
        None,
        extra,
    )
