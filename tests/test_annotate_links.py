"""Links and cited sources: URLs, www., Markdown, bare domains; hosts; thread summaries."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES, sample
from threadview.annotate import (
    ARTICLE_ID,
    SourceSummary,
    annotate_text,
    annotations_json,
    find_links,
    sources_json,
    thread_sources,
)
from threadview.annotate.hosts import display_host
from threadview.model import ArticleBlock, Comment, Thread
from threadview.parsing import load_path

ANNOTATE = FIXTURES / "annotate"


def _found(text: str) -> list[tuple[str, str, str, str]]:
    """(covered text, url, host, kind) for every link."""
    return [
        (text[link.start : link.end], link.url, link.host, link.kind) for link in find_links(text)
    ]


def _assert_spans(text: str) -> None:
    previous_end = 0
    for link in find_links(text):
        assert previous_end <= link.start < link.end <= len(text)
        assert link.url.startswith(("http://", "https://", "HTTP://", "HTTPS://", "Http"))
        assert link.host == link.host.lower() and link.host.isprintable()
        previous_end = link.end


def test_sample_milenio_link_and_cited_infobae() -> None:
    text = sample("dailypopulous-2019-11-08-culiacan.txt").read_text(encoding="utf-8")
    found = _found(text)
    url = "https://www.milenio.com/policia/sinaloa-disparan-100-policia-apoyo-fuga-aguaruto"
    assert (url, url, "www.milenio.com", "url") in found
    assert ("Infobae.com", "https://Infobae.com", "infobae.com", "domain") in found
    start = text.index("Infobae.com reported")
    assert any(link.start == start and link.kind == "domain" for link in find_links(text))


def test_sample_thread_sources() -> None:
    thread = load_path(str(sample("dailypopulous-2019-11-08-culiacan.txt")))
    by_host = {summary.host: summary for summary in thread_sources(thread)}
    assert by_host["milenio.com"].count == 1
    assert by_host["milenio.com"].comment_ids != (ARTICLE_ID,)
    assert by_host["infobae.com"].comment_ids == (ARTICLE_ID,)
    assert by_host["dailymail.co.uk"].comment_ids == (ARTICLE_ID,)


@pytest.mark.parametrize(
    ("text", "covered", "url", "host", "kind"),
    [
        (
            "see https://example.com/a?b=1#c.",
            "https://example.com/a?b=1#c",
            "https://example.com/a?b=1#c",
            "example.com",
            "url",
        ),
        (
            "(https://example.com/x)",
            "https://example.com/x",
            "https://example.com/x",
            "example.com",
            "url",
        ),
        (
            "read https://en.wikipedia.org/wiki/Python_(language)), ok",
            "https://en.wikipedia.org/wiki/Python_(language)",
            "https://en.wikipedia.org/wiki/Python_(language)",
            "en.wikipedia.org",
            "url",
        ),
        (
            "“http://Example.COM/path”!",
            "http://Example.COM/path",
            "http://Example.COM/path",
            "example.com",
            "url",
        ),
        (
            "<https://example.com/a>",
            "https://example.com/a",
            "https://example.com/a",
            "example.com",
            "url",
        ),
        (
            "at www.example.org/page, see",
            "www.example.org/page",
            "https://www.example.org/page",
            "www.example.org",
            "www",
        ),
        (
            '[the story](https://www.bbc.co.uk/news/1 "title") here',
            '[the story](https://www.bbc.co.uk/news/1 "title")',
            "https://www.bbc.co.uk/news/1",
            "www.bbc.co.uk",
            "markdown",
        ),
        (
            "[wiki](https://en.wikipedia.org/wiki/A_(b))",
            "[wiki](https://en.wikipedia.org/wiki/A_(b))",
            "https://en.wikipedia.org/wiki/A_(b)",
            "en.wikipedia.org",
            "markdown",
        ),
        (
            "[site](www.example.com)",
            "[site](www.example.com)",
            "https://www.example.com",
            "www.example.com",
            "markdown",
        ),
        ("Infobae.com reported it", "Infobae.com", "https://Infobae.com", "infobae.com", "domain"),
        (
            "according to reuters.com, it",
            "reuters.com",
            "https://reuters.com",
            "reuters.com",
            "domain",
        ),
        (
            "via bbc.co.uk/news/world.",
            "bbc.co.uk/news/world",
            "https://bbc.co.uk/news/world",
            "bbc.co.uk",
            "domain",
        ),
        (
            "http://user:pw@evil.example.com:8080/x",
            "http://user:pw@evil.example.com:8080/x",
            "http://user:pw@evil.example.com:8080/x",
            "evil.example.com",
            "url",
        ),
    ],
)
def test_each_link_form(text: str, covered: str, url: str, host: str, kind: str) -> None:
    assert _found(text) == [(covered, url, host, kind)]


# Deliberately NOT links.
NOT_LINKS = [
    pytest.param("e.g. this, i.e. that", id="abbreviations"),
    pytest.param("Node.js and Vue.js", id="js libraries"),
    pytest.param("open file.txt or setup.py or notes.md", id="file names"),
    pytest.param("version 1.2.3 and 3.14", id="version numbers"),
    pytest.param("mail bob@gmail.com", id="email address"),
    pytest.param("javascript:alert(1) and file:///etc/passwd", id="other schemes"),
    pytest.param("the end.Then it started", id="missing space after a full stop"),
    pytest.param("`curl example.com`", id="domain in inline code"),
    pytest.param("```\nping example.com\n```", id="domain in fenced code"),
    pytest.param("http:// and https://", id="scheme without host"),
    pytest.param("U.S. and a.m. and Ph.D.", id="dotted abbreviations"),
    pytest.param("[click](javascript:alert(1))", id="markdown link to javascript:"),
]


@pytest.mark.parametrize("text", NOT_LINKS)
def test_look_alikes_are_not_links(text: str) -> None:
    assert find_links(text) == []


def test_several_links_in_order_without_overlap() -> None:
    text = (
        "A [b](https://x.com/1) c https://y.org/2 d www.z.net e reuters.com f https://reuters.com/3"
    )
    assert [link.kind for link in find_links(text)] == ["markdown", "url", "www", "domain", "url"]
    _assert_spans(text)


def test_markdown_label_cannot_pose_as_the_host() -> None:
    text = "[https://bank.example.com](https://evil.example.net/login)"
    (link,) = find_links(text)
    assert (link.kind, link.host, link.start, link.end) == (
        "markdown",
        "evil.example.net",
        0,
        len(text),
    )


def test_idn_look_alike_is_shown_in_punycode() -> None:
    text = "log in at https://раypal.com/login now"
    (link,) = find_links(text)
    assert link.url == "https://раypal.com/login"
    assert link.host == "xn--ypal-43d9g.com"
    assert link.host != "paypal.com"


def test_single_script_idn_stays_readable_and_whole_script_look_alike_does_not() -> None:
    assert display_host("Bücher.DE") == "bücher.de"
    assert display_host("пример.рф") == "пример.рф"
    assert display_host("аррӏе.com").startswith("xn--")


@pytest.mark.parametrize(
    "host",
    [
        "a" * 100_000 + "ж",
        "\x1b[31m.com",
        "xn--.com",
        "..ж..",
        "ж" * 70 + ".com",
        "\ud800.com",
        "ж\u202e.com",
        "",
    ],
)
def test_display_host_never_raises(host: str) -> None:
    shown = display_host(host)
    assert isinstance(shown, str)
    assert "\x1b" not in shown and "\u202e" not in shown


def test_url_stops_at_control_characters_and_whitespace() -> None:
    text = "https://example.com/a\x1b[31mred https://b.example.com\u202e/moc.live x\thttps://c.org"
    assert [(t, h) for t, _, h, _ in _found(text)] == [
        ("https://example.com/a", "example.com"),
        ("https://b.example.com", "b.example.com"),
        ("https://c.org", "c.org"),
    ]


def test_megabyte_url_is_one_link() -> None:
    text = "see https://example.com/" + "a" * 1_000_000 + "."
    (link,) = find_links(text)
    assert link.end == len(text) - 1 and link.host == "example.com"


def test_hostile_inputs_stay_sound() -> None:
    for text in [
        "http://" * 100_000,
        "a." * 200_000,
        "[a](" * 100_000,
        "(" * 100_000 + "https://x.com/" + ")" * 100_000,
        "https://" + "ж" * 300_000,
        "www." * 100_000,
        "x.com/" * 100_000,
    ]:
        _assert_spans(text)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("htps:/w.[]()<>\"' comrgeuk-@\x1bж_é\n`")), max_size=200)
)
def test_never_crashes_on_link_like_text(text: str) -> None:
    _assert_spans(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_crashes_on_any_text(text: str) -> None:
    _assert_spans(text)


def test_annotate_text_and_json() -> None:
    text = '"El gato está en la casa" >> "The cat is in the house" (via https://elpais.com/x)'
    annotations = annotate_text(text)
    assert [link.host for link in annotations.links] == ["elpais.com"]
    assert [note.language for note in annotations.translations] == ["es"]
    data = annotations_json(text)
    start = text.index("https://")
    assert data == {
        "links": [
            {
                "url": "https://elpais.com/x",
                "host": "elpais.com",
                "span": [start, start + len("https://elpais.com/x")],
            }
        ],
        "translations": [
            {
                "original": "El gato está en la casa",
                "translation": "The cat is in the house",
                "language": "es",
            }
        ],
    }
    json.dumps(data)
    assert annotations_json("plain words") == {"links": [], "translations": []}
    assert not annotate_text("plain words")


def test_thread_sources_groups_by_host_with_counts_and_ids() -> None:
    thread = load_path(str(ANNOTATE / "sources_thread.txt"))
    summaries = thread_sources(thread)
    alice, bob, carol = (c.id for c in _comments(thread))
    assert summaries == [
        SourceSummary("reuters.com", 4, (ARTICLE_ID, bob)),
        SourceSummary("milenio.com", 2, (alice,)),
        SourceSummary("example-news.com", 1, (ARTICLE_ID,)),
    ]
    assert carol not in {cid for s in summaries for cid in s.comment_ids}
    assert sources_json(thread)[0] == {
        "host": "reuters.com",
        "count": 4,
        "comment_ids": [ARTICLE_ID, bob],
    }


def _comments(thread: Thread) -> list[Comment]:
    from threadview.model import iter_comments

    return list(iter_comments(thread.comments))


def test_thread_sources_byline_forms_and_deep_chain() -> None:
    chain: Comment | None = None
    for level in range(3000):
        body = "see https://deep.example.com/x" if level == 0 else "reply"
        chain = Comment(f"c{level}", "u", None, body, () if chain is None else (chain,))
    assert chain is not None
    thread = Thread(
        format="test",
        title="t",
        source="A Newspaper",
        submitter=None,
        article=(ArticleBlock("paragraph", "Nothing here."),),
        comments=(chain,),
        url="https://www.news.example.org/story",
    )
    assert thread_sources(thread) == [
        SourceSummary("deep.example.com", 1, ("c0",)),
        SourceSummary("news.example.org", 1, (ARTICLE_ID,)),
    ]


def test_spans_overlapping_a_kept_one_or_an_earlier_candidate_are_dropped():
    from typing import NamedTuple

    from threadview.annotate.spans import without_overlaps

    class Span(NamedTuple):
        start: int
        end: int

    kept = [Span(0, 5), Span(10, 15)]
    candidates = [Span(20, 25), Span(4, 8), Span(6, 9), Span(7, 12), Span(22, 30), Span(16, 18)]
    assert without_overlaps(kept, candidates) == [
        Span(0, 5),
        Span(6, 9),
        Span(10, 15),
        Span(16, 18),
        Span(20, 25),
    ]
