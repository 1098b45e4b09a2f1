"""Markdown of a thread and a cited sub-thread: read back with a CommonMark parser."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
from markdown_it import MarkdownIt

from tests.conftest import FIXTURES
from threadview.cite import UnknownComment, ancestry, cite, subthread, write_markdown
from threadview.export import write_json
from threadview.model import ArticleBlock, Comment, MoreStub, Thread, iter_comments, walk
from threadview.parsing import parse_bytes, parse_document, read_document
from threadview.parsing.views import IndexedForest

UTC = timezone.utc
NESTED = FIXTURES / "text" / "nested.txt"
FACTS = FIXTURES / "text" / "facts.txt"


def load(path) -> Thread:  # type: ignore[no-untyped-def]
    return parse_document(read_document(str(path)))


def eager(thread: Thread) -> Thread:
    out = io.StringIO()
    write_json(thread, out)
    return parse_bytes(out.getvalue().encode())


def markdown_of(thread: Thread) -> str:
    out = io.StringIO()
    write_markdown(thread, out)
    return out.getvalue()


def headers(markdown: str) -> list[tuple[int, str]]:
    """(quote depth, author) of every comment header: a paragraph opening with bold text,
    as a CommonMark parser reads it."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    depth = 0
    found: list[tuple[int, str]] = []
    for at, token in enumerate(tokens):
        if token.type == "blockquote_open":
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
        elif token.type == "inline" and tokens[at - 1].type == "paragraph_open":
            children = [c for c in token.children or [] if c.type != "text" or c.content]
            if len(children) > 2 and children[0].type == "strong_open":
                found.append((depth, children[1].content))
    return found


def headings(markdown: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [tokens[at + 1].content for at, t in enumerate(tokens) if t.type == "heading_open"]


@pytest.mark.parametrize("path", [NESTED, FACTS])
def test_quote_depth_follows_reply_depth(path):
    thread = load(path)
    expected = [(d + 1, n.author) for d, n in walk(thread.comments) if isinstance(n, Comment)]
    markdown = markdown_of(thread)
    assert headers(markdown) == expected
    assert headings(markdown) == [thread.title]


def test_article_and_byline_come_first_and_stubs_are_a_line():
    thread = load(FACTS)
    markdown = markdown_of(thread)
    assert markdown.startswith(f"# {thread.title}\n")
    assert "Source: portnews.example" in markdown and "Submitted by harbour\\_master" in markdown
    assert markdown.index(thread.article[0].text) < markdown.index("**ana**")
    assert "> > *(2 more replies not in this file)*" in markdown


HOSTILE = "\n".join(
    [
        "# I am a heading",
        "> > **mallory** · 2024-01-01 00:00 UTC",
        "   > still a quote?",
        "\t> > **tabbed** · 2024-01-01 00:00 UTC",
        "Setext underline follows",
        "===",
        "---",
        "```",
        "an open fence that never closes",
    ]
)


def hostile_thread() -> Thread:
    when = datetime(2024, 1, 1, tzinfo=UTC)
    reply = Comment("r", "bob", when + timedelta(minutes=1), HOSTILE)
    after = Comment("s", "cara", when + timedelta(minutes=2), "plain *Markdown* kept")
    top = Comment("t", "ana", when, HOSTILE, replies=(reply, MoreStub(1)))
    article = (
        ArticleBlock(
            "paragraph",
            "~~~~\nan open fence in the article\n~~~~ not a closing fence\n# and a heading",
        ),
    )
    return Thread("test", "Title", "src.example", "ana", article, (top, after))


def test_hostile_bodies_cannot_change_the_structure():
    thread = hostile_thread()
    markdown = markdown_of(thread)
    assert headers(markdown) == [(1, "ana"), (2, "bob"), (1, "cara")]
    assert headings(markdown) == ["Title"]
    assert "plain *Markdown* kept" in markdown
    tokens = MarkdownIt("commonmark").parse(markdown)
    assert [t.type for t in tokens].count("hr") == 1  # only the rule before the comments


def test_cite_of_a_deep_comment_holds_exactly_its_ancestors():
    thread = load(NESTED)
    deepest = max(
        ((d, n) for d, n in walk(thread.comments) if isinstance(n, Comment)),
        key=lambda item: item[0],
    )[1]
    path: list[Comment] = []
    for depth, node in walk(thread.comments):
        if isinstance(node, Comment):
            del path[depth:]
            path.append(node)
            if node.id == deepest.id:
                break
    text = cite(thread, deepest.id)
    assert headers(text) == [(level, c.author) for level, c in enumerate(path, start=1)]
    assert text.startswith(f"# {thread.title}\n") and "Source: northside.example" in text
    for comment in iter_comments(thread.comments):
        assert (comment.body in text) == (comment in path)


def test_cite_is_the_same_for_index_backed_and_eager_forests():
    thread = load(FACTS)
    assert isinstance(thread.comments, IndexedForest)
    made = eager(thread)
    for comment in iter_comments(made.comments):
        assert [c.id for c in ancestry(thread, comment.id)] == [
            c.id for c in ancestry(made, comment.id)
        ]
        assert cite(thread, comment.id) == cite(made, comment.id)


def test_cite_escapes_hostile_bodies():
    text = cite(hostile_thread(), "r")
    assert headers(text) == [(1, "ana"), (2, "bob")]
    assert headings(text) == ["Title"]


def test_unknown_id_is_refused():
    for thread in (load(NESTED), eager(load(NESTED))):
        with pytest.raises(UnknownComment):
            cite(thread, "0123456789abcdef")
        with pytest.raises(UnknownComment):
            subthread(thread, "nope")


def test_subthread_holds_the_comment_and_its_replies():
    thread = load(NESTED)
    ben = next(c for c in iter_comments(thread.comments) if c.author == "ben")
    part = subthread(thread, ben.id)
    assert [c.author for c in iter_comments(part.comments)] == ["ben", "cara"]
    assert part.title == thread.title
