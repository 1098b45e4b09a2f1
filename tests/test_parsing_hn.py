"""Hacker News JSON: golden models for each shape, HTML to Markdown, and deep nesting."""

from __future__ import annotations

import html
import json
import re
from datetime import timezone
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from threadview.model import (
    ArticleBlock,
    MoreStub,
    comment_id,
    count_comments,
    iter_comments,
    max_depth,
    walk,
)
from threadview.parsing.errors import ParseError
from threadview.parsing.htmltext import html_to_blocks, html_to_markdown
from threadview.parsing.jsonload import parse_json

FIXTURES = Path(__file__).parent / "fixtures" / "hn"


def load(name: str):
    thread = parse_json((FIXTURES / name).read_text(encoding="utf-8"))
    assert thread is not None
    return thread


def outline(nodes) -> list[tuple]:
    rows = []
    for depth, node in walk(nodes):
        if isinstance(node, MoreStub):
            rows.append((depth, "more", node.count))
        else:
            seconds = int(node.timestamp.timestamp()) if node.timestamp else None
            rows.append((depth, node.author, seconds, node.body, node.state, node.markers))
    return rows


def test_algolia_item_golden() -> None:
    thread = load("algolia.json")
    assert thread.format == "hn"
    assert thread.title == "Show HN: A terminal reader for threads"
    assert thread.url == "https://www.example.com/reader?x=1"
    assert thread.source == "example.com"
    assert thread.submitter == "pg"
    assert thread.article == ()
    assert thread.extra == {
        "site": "hn",
        "score": 42,
        "type": "story",
        "permalink": "https://news.ycombinator.com/item?id=100",
    }
    assert outline(thread.comments) == [
        (0, "[deleted]", 1700000400, "[deleted]", "deleted", ()),
        (1, "bob", 1700000700, "Code:\n\n```\n  def f(x):\n      return x * 2\n```", "live", ()),
        (
            0,
            "alice",
            1700001000,
            "Nice work.\n\nSee https://example.org/docs and *the guide*.",
            "live",
            (),
        ),
        (1, "pg", 1700001600, "Thanks & noted: 2\\*3 < 7.", "live", ("op",)),
    ]
    for comment in iter_comments(thread.comments):
        assert comment.timestamp.tzinfo is timezone.utc
        assert comment.id == comment_id(comment.author, comment.timestamp, comment.body)


OFFICIAL_OUTLINE = [
    (0, "[deleted]", 1690000050, "[deleted]", "deleted", ()),
    (1, "troll", 1690000060, "[flagged words]", "dead", ()),
    (0, "carol", 1690000100, "Gödel, Escher, Bach — again.", "live", ()),
    (1, "dang", 1690000200, "Good choice.", "live", ("op",)),
    # Named as 201's reply only by its `parent`; dead without text gets a placeholder.
    (1, "eve", 1690000300, "[dead]", "dead", ()),
    # Kid 209 is not in the file.
    (0, "more", 1),
]


@pytest.mark.parametrize("name", ["official-list.json", "official-map.json"])
def test_official_items_golden(name: str) -> None:
    thread = load(name)
    assert thread.title == "Ask HN: What are you reading?"
    assert thread.url is None
    assert thread.source == "news.ycombinator.com"
    assert thread.submitter == "dang"
    assert thread.article == (
        ArticleBlock("paragraph", "Books, papers, anything."),
        ArticleBlock("paragraph", "Bonus points for **old** ones."),
    )
    assert thread.extra["score"] == 77
    assert outline(thread.comments) == OFFICIAL_OUTLINE


def test_official_single_story_without_its_comments() -> None:
    doc = {
        "by": "a",
        "id": 1,
        "kids": [2, 3],
        "time": 100,
        "title": "T",
        "type": "story",
        "url": "http://sub.example.net/x",
    }
    thread = parse_json(json.dumps(doc))
    assert thread is not None and thread.source == "sub.example.net"
    assert thread.comments == (MoreStub(2),)


def test_official_items_with_two_stories_are_refused() -> None:
    items = [{"by": "a", "id": n, "time": n, "type": "story", "title": "T"} for n in (1, 2)]
    with pytest.raises(ParseError, match="2 HN stories"):
        parse_json(json.dumps(items))


def test_official_cycle_does_not_loop() -> None:
    items = [
        {"by": "a", "id": 1, "time": 1, "type": "comment", "parent": 99, "kids": [2]},
        {"by": "b", "id": 2, "time": 2, "type": "comment", "parent": 1, "kids": [1]},
    ]
    thread = parse_json(json.dumps(items))
    assert thread is not None
    assert [row[1] for row in outline(thread.comments)] == ["a", "b"]


def test_level_list_nested_golden() -> None:
    thread = load("levels-nested.json")
    assert (thread.title, thread.source, thread.submitter) == (
        "Rust in the kernel",
        "lwn.net",
        "linus",
    )
    assert thread.extra["score"] == 120
    assert outline(thread.comments) == [
        (0, "[deleted]", 1680000400, "[deleted]", "deleted", ()),
        (1, "ben", 1680000450, "Reply under a deleted one.", "live", ()),
        (0, "ann", 1680000500, "Finally.", "live", ()),
        (1, "linus", 1680000600, "Slowly.", "live", ("op",)),
    ]


def test_level_list_flat_golden() -> None:
    thread = load("levels-flat.json")
    assert thread.title == "Flat mirror dump" and thread.url is None
    assert outline(thread.comments) == [
        (0, "dan", 1599999000, "two", "live", ()),
        (0, "ann", 1600000000, "one", "live", ()),
        (1, "cat", 1600000050, "one.two", "live", ()),
        (1, "zed", 1600000100, "one.one", "live", ("op",)),
        (2, "ann", 1600000200, "one.one.one", "live", ()),
    ]


def test_algolia_comment_item_as_root() -> None:
    doc = {
        "id": 5,
        "created_at": "2020-01-01T00:00:00.500Z",
        "type": "comment",
        "author": "x",
        "text": "root",
        "children": [
            {
                "id": 6,
                "created_at": "2020-01-01T00:01:00Z",
                "type": "comment",
                "author": "y",
                "text": "reply",
                "children": [],
            }
        ],
    }
    thread = parse_json(json.dumps(doc))
    assert thread is not None and thread.title is None
    assert outline(thread.comments) == [
        (0, "x", 1577836800, "root", "live", ()),
        (1, "y", 1577836860, "reply", "live", ()),
    ]


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("One<p>Two<p>Three", "One\n\nTwo\n\nThree"),
        ("<p>Closed</p><p>paragraphs</p>", "Closed\n\nparagraphs"),
        (
            '<a href="https:&#x2F;&#x2F;a.org&#x2F;x">https:&#x2F;&#x2F;a.org&#x2F;x</a>',
            "https://a.org/x",
        ),
        ('<a href="https://a.org/x_(y)">the docs</a>', "[the docs](https://a.org/x_%28y%29)"),
        ('<a href="item?id=5">thread</a>', "[thread](https://news.ycombinator.com/item?id=5)"),
        (
            '<a href="https://a.org/very/long/path/cut">https://a.org/very/lo...</a>',
            "https://a.org/very/long/path/cut",
        ),
        (
            "<i>it</i> and <em>em</em>, <b>bold</b> <strong>strong</strong>",
            "*it* and *em*, **bold** **strong**",
        ),
        ("<i>spaced </i>word", "*spaced* word"),
        ("<pre><code>  x = 1\n\n  y = [2]\n</code></pre>", "```\n  x = 1\n\n  y = [2]\n```"),
        ("<pre><code>a ``` b</code></pre>", "````\na ``` b\n````"),
        ("&quot;q&quot; &amp; &#x27;s&#x27; &lt;b&gt; &gt; 1", "\"q\" & 's' \\<b> > 1"),
        ("2*3*4 and snake_case but _under_", "2\\*3\\*4 and snake_case but \\_under\\_"),
        ("[x](y) is text", "[x\\](y) is text"),
        ("# not a heading<p>#hashtag", "\\# not a heading\n\n#hashtag"),
        (
            "1986. A year<p>- not a list<p>&amp;amp; ~~no~~",
            "1986\\. A year\n\n\\- not a list\n\n\\&amp; \\~\\~no\\~\\~",
        ),
        ('<a href="https://a.org/">see [1] here</a>', "[see \\[1\\] here](https://a.org/)"),
        ("<code>inline</code>", "`inline`"),
        ("unclosed <i>italic", "unclosed *italic*"),
        ("a<br>b", "a\\\nb"),
        ("<unknown>kept</unknown> text", "kept text"),
        ("plain", "plain"),
        ("", ""),
    ],
)
def test_html_to_markdown(html: str, markdown: str) -> None:
    assert html_to_markdown(html) == markdown


# The reader's Markdown settings (render/markdown.py).
MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable(["strikethrough", "table"])
TAG = re.compile(r"<[^>]*>")
SPACES = re.compile(r"\s+")


def shown_text(markdown: str) -> str:
    """The words a Markdown renderer shows, whitespace collapsed."""
    rendered = TAG.sub(" ", MARKDOWN.render(markdown))
    return SPACES.sub(" ", html.unescape(rendered)).strip()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet="ab1 9_*`\\[](){}<>&#;:.!-+=~|\"'x/", max_size=40), min_size=1, max_size=3
    )
)
def test_plain_text_survives_markdown_rendering(paragraphs: list[str]) -> None:
    """HN text with Markdown's special characters shows exactly as written."""
    assume(not any(p.strip().startswith(">") for p in paragraphs))  # read as a quote
    markdown = html_to_markdown("<p>".join(html.escape(p, quote=False) for p in paragraphs))
    assert shown_text(markdown) == SPACES.sub(" ", " ".join(paragraphs)).strip()


def test_html_blocks_keep_code_with_blank_lines_whole() -> None:
    blocks = html_to_blocks("Intro<pre><code>a\n\nb</code></pre>Outro")
    assert blocks == ["Intro", "```\na\n\nb\n```", "Outro"]


def algolia_chain(depth: int) -> str:
    head = (
        '{"id": 1, "created_at_i": 100, "created_at": "x", "type": "story", '
        '"author": "op", "title": "Deep", "children": ['
    )
    opens = "".join(
        f'{{"id": {n + 2}, "created_at_i": {200 + n}, "author": "u{n}", '
        f'"text": "level {n}", "children": ['
        for n in range(depth)
    )
    return head + opens + "]}" * depth + "]}"


def levels_chain(depth: int) -> str:
    items = [
        {"id": n, "level": n, "by": f"u{n}", "time": 100 + n, "text": f"level {n}"}
        for n in range(depth)
    ]
    return json.dumps({"title": "Flat deep", "comments": items})


def official_chain(depth: int) -> str:
    items = [{"by": "op", "id": 0, "kids": [1], "time": 50, "title": "Deep", "type": "story"}]
    items += [
        {
            "by": f"u{n}",
            "id": n + 1,
            "parent": n,
            "kids": [n + 2],
            "time": 100 + n,
            "text": f"level {n}",
            "type": "comment",
        }
        for n in range(depth)
    ]
    del items[-1]["kids"]
    return json.dumps(items)


@pytest.mark.parametrize("depth", [10, 10_000])
@pytest.mark.parametrize("make", [algolia_chain, levels_chain, official_chain])
def test_deep_chains(make, depth: int) -> None:
    text = make(depth)
    thread = parse_json(text)
    assert thread is not None
    assert count_comments(thread.comments) == depth
    assert max_depth(thread.comments) == depth - 1
    last = list(iter_comments(thread.comments))[-1]
    assert last.body == f"level {depth - 1}"


# Hostile HTML: every construct costs one pass ------------------------------------------

UNCLOSED = ["<!--", '<a "', "<a href='", "<a b=c ", "<i", "</", "<", "<![CDATA[", "<?x"]


@pytest.mark.parametrize("piece", UNCLOSED)
def test_what_htmlparser_would_rescan_is_text_already(piece: str) -> None:
    """HTMLParser rescans the rest of the text at each unclosed construct (quadratic); after
    `_tidy` every `<` opens a whole tag or comment, and the words come out as text."""
    from threadview.parsing.htmltext import _tidy

    tidy = _tidy((piece + "word ") * 200 + "<i>end</i>")
    whole = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.S)
    assert "<" not in whole.sub("", tidy)
    markdown = html_to_markdown((piece + "word ") * 200 + "<i>end</i>")
    assert markdown.count("word") == 200 and markdown.endswith("*end*")


@pytest.mark.parametrize("tag", ["i", "b", "code", 'a href="https://e.com/"'])
def test_nesting_past_the_bound_keeps_the_text_and_drops_the_markup(tag: str) -> None:
    name = tag.split()[0]
    nested = f"<{tag}>" * 2000 + "deep" + f"</{name}>" * 2000 + " after"
    markdown = html_to_markdown(nested)
    assert "deep" in markdown and markdown.endswith(" after")
    assert len(markdown) < 40 * 32 + 100  # markup for at most 32 open elements, not 2000


def test_end_tags_of_elements_past_the_bound_close_nothing() -> None:
    inner = "<i>" * 40 + "x" + "</i>" * 40
    assert html_to_markdown(f"<b>{inner} still bold</b> plain").endswith(" still bold** plain")


def test_unmatched_end_tags_do_not_close_open_elements() -> None:
    assert html_to_markdown("<i>a" + "</b>" * 1000 + "b</i>") == "*ab*"


def _many_comments(count: int) -> str:
    kids = [
        {
            "id": n + 2,
            "type": "comment",
            "author": f"u{n}",
            "created_at_i": 1700000001 + n,
            "text": f"<p>comment <i>{n}</i>",
            "children": [],
        }
        for n in range(count)
    ]
    story = {"id": 1, "type": "story", "author": "pg", "title": "Many", "created_at_i": 1700000000}
    return json.dumps({**story, "children": kids})


def test_a_preview_converts_the_html_of_the_first_comments_only(monkeypatch) -> None:
    """The reader paints a preview (`limit`), then parses the rest after its first frame."""
    from threadview.parsing import hn

    converted: list[str] = []

    def counting(html: str) -> str:
        converted.append(html)
        return html_to_markdown(html)

    monkeypatch.setattr(hn, "html_to_markdown", counting)
    preview = parse_json(_many_comments(1000), limit=200)
    assert preview is not None and preview.extra.get("partial") is True
    assert count_comments(preview.comments) == 200 and len(converted) == 200
    full = parse_json(_many_comments(1000))
    assert full is not None and "partial" not in full.extra
    assert count_comments(full.comments) == 1000
    whole = parse_json(_many_comments(150), limit=200)
    assert whole is not None and "partial" not in whole.extra


def test_a_preview_stops_before_a_giant_comment_instead_of_converting_it(monkeypatch) -> None:
    """The reader paints its preview before converting any giant comment's HTML: the
    preview ends where the budget would be spent, and the full parse shows the rest."""
    from threadview.parsing import hn

    converted: list[str] = []

    def counting(html: str) -> str:
        converted.append(html)
        return html_to_markdown(html)

    monkeypatch.setattr(hn, "html_to_markdown", counting)
    doc = json.loads(_many_comments(5))
    giant = "<i>" * (hn.PREVIEW_HTML // 3 + 1)
    doc["children"][2]["text"] = giant
    preview = parse_json(json.dumps(doc), limit=200)
    assert preview is not None and preview.extra.get("partial") is True
    assert [c.author for c in preview.comments] == ["u0", "u1"]
    assert giant not in converted
    doc["children"][0]["text"] = giant
    first = parse_json(json.dumps(doc), limit=200)
    assert first is not None and first.extra.get("partial") is True
    assert count_comments(first.comments) == 0 and first.title == "Many"
    full = parse_json(json.dumps(doc))
    assert full is not None and count_comments(full.comments) == 5
