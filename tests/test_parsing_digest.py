"""Edition digests: a masthead and stories (title, source, excerpt), not a wall of headings."""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from threadview.export import write_json, write_text
from threadview.parsing import load_path, parse_text

TEXT = FIXTURES / "text"


def test_an_edition_page_becomes_its_masthead_and_stories():
    thread = load_path(TEXT / "digest-edition.txt")
    assert thread.format == "digest" and thread.comments == () and thread.article == ()
    assert thread.title == "The Daily Populous — Saturday May 19th, 2018 morning edition"
    assert [(s.title, s.source) for s in thread.stories] == [
        ("Harbour crane topples in overnight storm", None),  # titled by its image line
        ("Library reopens after flood repairs", "townpost.example"),
        ("Bakery wins regional bread prize", None),  # a bare "Authored by"
    ]
    lead = thread.stories[0]
    assert len(lead.paragraphs) == 3 and lead.paragraphs[0].startswith("A forty-metre crane")
    assert lead.paragraphs[-1] == "Engineers will inspect the other cranes next week."
    assert all(s.complete for s in thread.stories)
    assert not any("»" in p for s in thread.stories for p in s.paragraphs)
    assert thread.stories[2].image == "" and thread.stories[2].byline == "Authored by"
    assert thread.warnings == ()


def test_the_old_digest_shape_without_masthead_still_reads_as_stories():
    thread = load_path(TEXT / "digest.txt")
    assert thread.format == "digest" and thread.title is None
    assert [(s.title, s.source, s.submitter) for s in thread.stories] == [
        ("Library reopens after flood repairs", "townpost.example", "shelfwatcher"),
        ("Tram line extension approved", "metrodaily.example", "railfan_22"),
        ("Bakery wins regional bread prize", None, None),
    ]
    assert thread.stories[2].paragraphs == (
        "The family bakery on Mill Street took first prize for its rye loaf.",
    )


def test_a_cut_off_digest_keeps_its_partial_story_and_says_so():
    thread = load_path(TEXT / "digest-cut.txt")
    last = thread.stories[-1]
    assert last.title == "Tram line extension approved" and not last.complete
    assert last.paragraphs[-1].endswith("the first trams could run by")
    assert thread.stories[0].complete
    assert any("cut off" in w and "Tram line" in w for w in thread.warnings)


def test_dump_json_lists_the_stories_and_loses_no_line():
    thread = load_path(TEXT / "digest-edition.txt")
    out = io.StringIO()
    write_json(thread, out)
    dumped = json.loads(out.getvalue())
    assert [s["title"] for s in dumped["stories"]] == [s.title for s in thread.stories]
    assert dumped["stories"][1] == {
        "title": "Library reopens after flood repairs",
        "source": "townpost.example",
        "paragraphs": [
            "The central library reopened on Saturday after eight months of repairs.",
            "The new children's wing is on the first floor, above the old flood line.",
        ],
        "byline": "Authored by townpost.example",
        "image": "Library reopens after flood repairs",
    }
    held = {dumped["title"]} | {
        value
        for story in dumped["stories"]
        for value in (story["title"], story.get("byline"), *story["paragraphs"])
        if value
    }
    page = (TEXT / "digest-edition.txt").read_text(encoding="utf-8")
    for line in page.splitlines():
        line = line.removesuffix(" »")
        if line and not line.startswith("image for"):
            assert any(line in value for value in held), line


def test_a_digest_round_trips_through_the_text_layout():
    for name in ("digest-edition.txt", "digest-cut.txt", "digest.txt"):
        thread = load_path(TEXT / name)
        out = io.StringIO()
        write_text(thread, out)
        assert parse_text(out.getvalue()) == thread, name


words = st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=8)
sentence = st.lists(words, min_size=1, max_size=6).map(lambda w: " ".join(w) + ".")


@st.composite
def stories(draw: st.DrawFn, lead: bool) -> tuple[list[str], str]:
    """A story's lines in the real shape, and the title it should be read with."""
    title = draw(st.lists(words, min_size=1, max_size=5).map(" ".join))
    lines: list[str] = []
    if lead and draw(st.booleans()):
        lines.append(f"image for {title}")  # the lead story's only title
    else:
        lines.append(title)
        lines.append(draw(st.sampled_from(["Authored by", "Authored by news.example"])))
        image = draw(st.sampled_from(["", "image for", f"image for {title}"]))
        lines += [image] if image else []
    paragraphs = draw(st.lists(st.lists(sentence, min_size=1, max_size=2), min_size=1, max_size=3))
    lines.append("\n".join(paragraphs[0]))
    for paragraph in paragraphs[1:]:
        lines += ["", "\n".join(paragraph)]
    lines[-1] += " »"
    return lines, title


@settings(max_examples=200, deadline=None)
@given(st.data(), st.integers(1, 4), st.booleans(), st.booleans())
def test_digests_of_the_real_shape_read_as_their_stories_and_round_trip(data, count, cut, mast):
    page = ["The Daily Populous", "", "Saturday May 19th, 2018 morning edition", ""] if mast else []
    titles = []
    for number in range(count):
        lines, title = data.draw(stories(lead=number == 0))
        page += [*lines, ""]
        titles.append(title)
    if cut:
        page[-2] = page[-2].removesuffix(" »")
    text = "\n".join(page)
    thread = parse_text(text)
    if not mast and text.count("Authored by") < 2:
        return  # without its masthead, one byline is an article page, not a digest
    assert thread.format == "digest"
    assert [s.title for s in thread.stories] == titles
    assert [s.complete for s in thread.stories] == [True] * (count - 1) + [not cut]
    out = io.StringIO()
    write_text(thread, out)
    assert parse_text(out.getvalue()) == thread
