"""Parser for the text layout: scraped article pages, edition digests, indented replies.

One pass over the lines with compiled regexes. Every non-blank line lands in exactly one
place of the model: the title, the byline, the image line, an article block, a comment
header, a more-stub or a comment body.
"""

from __future__ import annotations

import re
from dataclasses import replace

from threadview.model import MONTH_NAMES, ArticleBlock, Thread
from threadview.parsing.digest import is_digest, parse_digest
from threadview.parsing.layout import (
    BYLINE_RE,
    IMAGE_RE,
    NATIVE_FORMATS,
    TEXT,
    AnyStr,
    read_block_line,
    read_meta,
)
from threadview.parsing.replies import find_first_header, preview_end
from threadview.parsing.textindex import build_forest

CUT_HEADER_RE = re.compile(r" *\S+ on (?:" + "|".join(MONTH_NAMES) + r")\b")
_CLOSING = tuple(".!?…\"'”’):;]*")
_SPLIT = re.compile(r"\r\n|\r|\n")
TITLE_MAX = 80
_SENTENCE_END = tuple(".,;:")
_NOT_TITLE = tuple(">-*+•|#")
BLANK = " \t\f\v"
"""The characters a blank line may hold; other invisible characters are content."""


def split_lines(text: str) -> list[str]:
    """Lines split on LF, CRLF and lone CR only (never on other Unicode separators)."""
    if "\r" in text:
        return _SPLIT.split(text)
    return text.split("\n")


unescape = TEXT.unescape
is_header_line = TEXT.is_header


def _blocks(lines: list[str], exact: bool = False) -> list[list[str]]:
    """Group lines into runs separated by blank lines (whitespace-only counts as blank);
    trailing spaces are dropped unless `exact` (Markdown, where two make a line break)."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip(BLANK):
            current.append(line if exact else line.rstrip(BLANK))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def article_block(lines: list[str], captions: bool = True, from_site: bool = False) -> ArticleBlock:
    """A paragraph, or (when the page has photos) a caption: one line with no closing
    punctuation. `from_site`: a site thread's block, whose blank lines were escaped."""
    if from_site:
        lines = [read_block_line(line) for line in lines]
    text = "\n".join(unescape(line) if line.endswith("\\") else line for line in lines)
    if captions and len(lines) == 1 and not text.endswith(_CLOSING):
        return ArticleBlock("caption", text)
    return ArticleBlock("paragraph", text)


def _first_nonblank(lines: list[str], start: int, stop: int) -> int:
    for index in range(start, stop):
        if lines[index].strip(BLANK):
            return index
    return stop


def _plain_title(blocks: list[list[str]]) -> str | None:
    """The first line of a plain text, when it reads as a title: alone in its block,
    short, not ending a sentence, not a list item or quote, and followed by more text."""
    if len(blocks) < 2 or len(blocks[0]) != 1:
        return None
    line = blocks[0][0].strip(BLANK)
    if len(line) > TITLE_MAX or line.endswith(_SENTENCE_END) or line.startswith(_NOT_TITLE):
        return None
    return line


def _mark_title(title: str | None, article: list[ArticleBlock]) -> None:
    """The title repeated as the first paragraph is marked as such."""
    if title is not None and article and article[0].text == title:
        article[0] = ArticleBlock("paragraph", article[0].text, "title")


def _normalized(text: AnyStr) -> AnyStr:
    """LF line ends and no byte-order mark."""
    if isinstance(text, bytes):
        if b"\r" in text:
            text = text.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        return text[3:] if text.startswith(b"\xef\xbb\xbf") else text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text[1:] if text.startswith("\ufeff") else text


def _last_line(text: AnyStr) -> str:
    """The last non-blank line, found from the end (rstrip would copy a big file)."""
    end = len(text)
    while end and text[max(0, end - 4096) : end].isspace():
        end = max(0, end - 4096)
    start = max(0, end - 4096)
    end = start + len(text[start:end].rstrip())
    tail = text[text.rfind(b"\n" if isinstance(text, bytes) else "\n", 0, end) + 1 : end]
    return tail.decode("utf-8") if isinstance(tail, bytes) else tail


def parse_layout(text: AnyStr, limit: int | None = None) -> Thread:
    """Parse the text layout from text or valid UTF-8; with `limit`, only the first
    `limit` comments in file order (a quick preview of a huge file)."""
    text = _normalized(text)
    cut = preview_end(text, limit) if limit is not None else None
    partial = cut is not None
    if cut is not None:
        text = text[:cut]
    warnings: list[str] = []
    first_header = find_first_header(text)
    head = text[: first_header[0]] if first_header else text
    lines = split_lines(head if isinstance(head, str) else head.decode("utf-8"))
    first_comment = len(lines)
    meta = _take_meta(lines)
    # A thread from a site (a dump read back): its Markdown keeps its trailing spaces, and
    # the page's own guesses (a repeated title, the submitter's comments) are not made.
    from_site = meta is not None and meta.get("format", "text") not in NATIVE_FORMATS

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

    if first_header is None:
        blocks = _blocks(lines)
        if is_digest(blocks) or (meta is not None and meta.get("format") == "digest"):
            title, stories, warnings = parse_digest(blocks)
            digest = Thread("digest", title, None, None, (), (), tuple(warnings), stories=stories)
            return _with_meta(digest, meta)
    rest = lines[cursor:first_comment]
    if byline_match is None and first_header is None:
        warnings.append("no comments were recognised: showing the whole text as the article")
        blocks = _blocks(rest, from_site)
        title = None if from_site else _plain_title(blocks)
        if title is not None:
            blocks = blocks[1:]
        article = [article_block(block, False, from_site) for block in blocks]
        _mark_title(title, article)
        plain = Thread("plain", title, None, None, tuple(article), (), tuple(warnings))
        return _with_meta(plain, meta)

    # Captions come with photos: a page saved with its `image for` line. Without it, a
    # short line is just a short paragraph (a self-post's "Hello", a dumped JSON thread).
    captions = image is not None
    article = [article_block(block, captions, from_site) for block in _blocks(rest, from_site)]
    if not from_site:
        _mark_title(title, article)
    ends_page = first_header is None and not from_site
    if ends_page and article and not article[-1].text.endswith(_CLOSING):
        # The page ends mid-sentence: its last paragraph is what was cut, not a caption.
        article[-1] = ArticleBlock("paragraph", article[-1].text, article[-1].role)
        warnings.append("the page seems cut off mid-sentence: its last paragraph is unfinished")
    submitter = None
    if byline_match is not None:
        submitter = byline_match.group("submitter") or byline_match.group("sub_only")
    # Sites name their own "op"; only the scraped layout's own pages need it worked out.
    start = first_header[0] if first_header else len(text)
    comments = build_forest(text, start, warnings, None if from_site else submitter)
    tail = _last_line(text)
    if first_header and not partial and CUT_HEADER_RE.match(tail) and not is_header_line(tail):
        warnings.append(f"the file seems cut off: its last line {tail.strip()!r} is half a header")
    if byline_match is None:
        fmt, source = "text", None
    else:
        fmt = "scraped"
        source = byline_match.group("source")
        if first_header is None and not from_site:
            warnings.append("no comments found: the page may have been saved before its comments")
    extra: dict[str, object] = {"partial": True} if partial else {}
    thread = Thread(
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
    return _with_meta(thread, meta)


def _take_meta(lines: list[str]) -> dict[str, object] | None:
    """The metadata line's facts, when the first line is one (it is blanked out of
    `lines`, so the rest parses as if it were not there)."""
    first = _first_nonblank(lines, 0, len(lines))
    meta = read_meta(lines[first].strip(BLANK)) if first < len(lines) else None
    if meta is not None:
        lines[first] = ""
    return meta


def _with_meta(thread: Thread, meta: dict[str, object] | None) -> Thread:
    """The thread with what its metadata line says (`parsing.layout`)."""
    if meta is None:
        return thread
    extra, url = meta.get("extra"), meta.get("url")
    return replace(
        thread,
        format=str(meta.get("format", thread.format)),
        url=url if isinstance(url, str) else None,
        extra={**(extra if isinstance(extra, dict) else {}), **thread.extra},
        byline=None if "byline" in meta else thread.byline,
    )
