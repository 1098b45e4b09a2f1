"""The text layout: the real sample, every variant from the wild, and our nesting extension."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.conftest import FIXTURES, sample
from threadview.model import Comment, MoreStub, iter_comments, walk
from threadview.parsing import ParseError, load_path, parse_bytes, parse_text

TEXT = FIXTURES / "text"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def test_real_sample_parses_to_article_and_three_comments_oldest_first():
    thread = load_path(sample("dailypopulous-2019-11-08-culiacan.txt"))
    assert thread.format == "scraped"
    assert thread.title.startswith("Mexican police officer who arrested El Chapo's son")
    assert (thread.source, thread.submitter) == ("dailymail.co.uk", "anarchy_retreat")
    assert thread.image == thread.title
    kinds = {block.kind for block in thread.article}
    assert kinds == {"paragraph", "caption"}
    captions = [b.text for b in thread.article if b.kind == "caption"]
    assert "The ambush on Wednesday morning took less than 30 seconds" in captions
    paragraphs = [b.text for b in thread.article if b.kind == "paragraph"]
    assert paragraphs[0].startswith("The Mexican police officer involved in the arrest")
    assert paragraphs[-1].endswith("kill him and his family.")
    authors = [(c.author, c.timestamp) for c in thread.comments]
    assert authors == [
        ("Belgeirn", utc(2019, 11, 8, 0, 36)),
        ("Shaunair", utc(2019, 11, 8, 1, 30)),
        ("hopticalallusions", utc(2019, 11, 8, 2, 0)),
    ]
    note = thread.comments[2].body
    assert note.startswith('"El agente no participó')
    assert note.endswith("sinaloa-disparan-100-policia-apoyo-fuga-aguaruto")
    assert "\n\nWhat an incredibly complex" in thread.comments[1].body
    assert thread.warnings == ()


def test_sample_ids_are_stable_across_runs_and_moves(tmp_path):
    original = sample("dailypopulous-2019-11-08-culiacan.txt")
    moved = tmp_path / "elsewhere.txt"
    moved.write_bytes(original.read_bytes().replace(b"\n", b"\r\n"))
    ids = [c.id for c in load_path(original).comments]
    assert ids == [c.id for c in load_path(moved).comments]
    assert len(set(ids)) == 3


def test_byline_with_domain_only_missing_submitter_and_repeated_title():
    thread = load_path(TEXT / "byline-domain-only.txt")
    assert thread.source == "harbourgazette.example" and thread.submitter is None
    assert thread.article[0].role == "title"
    assert thread.article[0].text == thread.title
    assert [b.kind for b in thread.article[1:]] == ["paragraph", "caption", "paragraph"]
    assert [c.author for c in thread.comments] == ["old_salt", "mira_k"]
    assert "🚑" in thread.comments[0].body


def test_bare_byline_bare_image_line_and_wrong_ordinals():
    thread = load_path(TEXT / "byline-bare.txt")
    assert thread.format == "scraped"
    assert (thread.source, thread.submitter, thread.image) == (None, None, "")
    stamps = [c.timestamp for c in thread.comments]
    assert stamps == [utc(2023, 4, 11, 22, 40), utc(2023, 4, 12, 6, 5), utc(2023, 4, 13, 7)]
    assert "祈り" in thread.comments[2].body and "• wind machines" in thread.comments[2].body


@pytest.mark.parametrize(
    ("byline", "source", "submitter"),
    [
        ("Authored by a.example and submitted by b_c", "a.example", "b_c"),
        ("Authored by a.example", "a.example", None),
        ("Authored by", None, None),
        ("Authored by and submitted by lone", None, "lone"),
        ("Authored by a.example and submitted by b  ", "a.example", "b"),
    ],
)
def test_byline_variants(byline, source, submitter):
    thread = parse_text(f"Title\n\n{byline}\n\nBody text.\n")
    assert (thread.source, thread.submitter, thread.title) == (source, submitter, "Title")


def test_truncated_before_comments_keeps_article_and_warns():
    thread = load_path(TEXT / "truncated-before-comments.txt")
    assert thread.comments == () and len(thread.article) == 2
    assert any("before its comments" in w for w in thread.warnings)


def test_truncated_inside_comments_keeps_the_cut_text_and_warns():
    thread = load_path(TEXT / "truncated-inside-comments.txt")
    assert [c.author for c in thread.comments] == ["rivet_rita"]
    assert thread.comments[0].body.endswith("girder_gus on May 2nd, 20")
    assert any("cut off" in w for w in thread.warnings)


def test_indented_headers_nest_and_siblings_sort_by_time():
    thread = load_path(TEXT / "nested.txt")
    shape = [(depth, node.author) for depth, node in walk(thread.comments)]
    assert shape == [(0, "dana"), (0, "ana"), (1, "dev"), (1, "ben"), (2, "cara")]
    cara = next(c for c in iter_comments(thread.comments) if c.author == "cara")
    assert cara.body == "Raised beds are in the plan, page 4."


def test_reply_to_nearest_less_indented_comment_with_odd_indents():
    text = (
        "T\n\nAuthored by x.example\n\nA.\n\n"
        "a on May 1st, 2020 at 10:00 UTC »\n\none\n\n"
        "   b on May 1st, 2020 at 10:01 UTC »\n\n   two\n\n"
        " c on May 1st, 2020 at 10:02 UTC »\n\n three\n"
    )
    shape = [(d, n.author) for d, n in walk(parse_text(text).comments)]
    assert shape == [(0, "a"), (1, "b"), (1, "c")]


def test_line_endings_bom_and_trailing_spaces():
    crlf = load_path(TEXT / "crlf-mixed.txt")
    assert crlf.title == "Wind farm approved" and crlf.source == "windnews.example"
    assert crlf.comments[0].author == "kite"
    assert crlf.comments[0].body == "Good.\nLone CR line."
    bom = load_path(TEXT / "bom.txt")
    assert bom.title == "BOM title" and bom.comments[0].body == "hi"


def test_windows_1252_falls_back_with_a_warning():
    thread = load_path(TEXT / "cp1252.txt")
    assert thread.title == "Café prices rise"
    assert "€ 4" in thread.article[0].text and "“ouch”" in thread.article[0].text
    assert thread.comments[0].body == "Naïve pricing."
    assert any("Windows-1252" in w for w in thread.warnings)


def test_undefined_cp1252_bytes_are_kept_not_lost():
    thread = parse_bytes(b"caf\xe9 \x81\x8d\x8f\x90\x9d end\n")
    assert "\x81\x8d\x8f\x90\x9d" in thread.article[0].text


def test_unrecognised_text_becomes_the_article_with_a_warning():
    thread = load_path(TEXT / "plain.txt")
    assert thread.format == "plain" and thread.comments == ()
    assert [b.text for b in thread.article] == [
        "no layout here at all\njust some notes",
        "second paragraph.",
    ]
    assert any("no comments were recognised" in w for w in thread.warnings)


def test_extensions_seconds_unknown_dates_and_more_stubs():
    text = (
        "T\n\nAuthored by x.example\n\n"
        "a on May 1st, 2020 at 10:00:07 UTC »\n\nwith seconds\n\n"
        "  [+3 more replies not in this file]\n\n"
        "b on an unknown date »\n\nundated\n\n"
        "c on February 30th, 2020 at 10:00 UTC »\n\nimpossible date\n"
    )
    thread = parse_text(text)
    a = thread.comments[0]
    assert a.timestamp == utc(2020, 5, 1, 10, 0, 7)
    assert a.replies == (MoreStub(3),)
    assert [c.author for c in thread.comments] == ["a", "b", "c"]
    assert thread.comments[1].timestamp is None and thread.comments[2].timestamp is None
    assert any("impossible date" in w for w in thread.warnings)


def test_comments_without_byline_are_still_comments():
    thread = parse_text("z on May 1st, 2020 at 10:00 UTC »\n\nhello\n")
    assert thread.format == "text" and thread.comments[0].body == "hello"


def test_preview_parses_only_the_first_comments():
    text = "T\n\nAuthored by x.example\n\nA.\n\n" + "".join(
        f"u{i} on May 1st, 2020 at 10:{i:02d} UTC »\n\nbody {i}\n\n" for i in range(50)
    )
    preview = parse_text(text, limit=10)
    assert preview.extra.get("partial") is True
    assert len(preview.comments) == 10
    full = parse_text(text)
    assert len(full.comments) == 50 and "partial" not in full.extra


@pytest.mark.parametrize("data", [b"", b"   \n\n\t", b"\x00\x01\x02\x03" * 100, b"\x89PNG\r\n"])
def test_empty_and_binary_input_raise_parse_error(data):
    with pytest.raises(ParseError):
        parse_bytes(data)


def test_utf16_with_bom_is_decoded():
    text = "T\n\nAuthored by x.example\n\nA.\n\nz on May 1st, 2020 at 10:00 UTC »\n\nhi\n"
    thread = parse_bytes(text.encode("utf-16"))
    assert isinstance(thread.comments[0], Comment) and thread.comments[0].body == "hi"


def test_stray_bytes_in_a_utf8_file_keep_the_structure():
    data = (
        "Caf\u00e9 \u2014 prices\n\nAuthored by x.example\n\nA.\n\n"
        "z on May 1st, 2020 at 10:00 UTC \u00bb\n\nna\u00efve \U0001f600 "
    ).encode() + b"\x93quoted\x94 \xff\n"
    thread = parse_bytes(data)
    assert thread.title == "Caf\u00e9 \u2014 prices"
    assert thread.comments[0].body == "na\u00efve \U0001f600 \u201cquoted\u201d \u00ff"
    assert any("Windows-1252" in w for w in thread.warnings)


def test_a_preview_reads_only_the_start_and_parsing_it_fully_reads_the_rest(tmp_path):
    from threadview.parsing import parse_document, read_document

    text = "T\n\nAuthored by x.example\n\nA.\n\n" + "".join(
        f"u{i} on May 1st, 2020 at 10:{i % 60:02d} UTC »\n\nbody {i} ü\n\n" for i in range(300)
    )
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    head = read_document(path, head=2_000)
    assert head.rest_of == str(path) and len(head.raw) <= 2_000
    preview = parse_document(head, limit=10)
    assert preview.extra.get("partial") is True and len(preview.comments) == 10
    few = parse_document(head, limit=1_000)  # fewer headers than the limit: still partial
    assert few.extra.get("partial") is True and len(few.comments) < 300
    full = parse_document(head)
    assert len(full.comments) == 300 and "partial" not in full.extra
    assert full == parse_document(read_document(path))


def test_small_files_are_read_whole_even_when_a_preview_is_asked(tmp_path):
    from threadview.parsing import read_document

    small = tmp_path / "small.txt"
    small.write_text("T\n\nAuthored by x\n\nA.\n", encoding="utf-8")
    assert read_document(small, head=2_000).rest_of is None


def test_captions_only_on_pages_saved_with_their_image_line():
    body = "A.\n\nA short line without a full stop\n\nz on May 1st, 2020 at 10:00 UTC »\n\nhi\n"
    with_image = parse_text("T\n\nAuthored by x.example\nimage for T\n\n" + body)
    without = parse_text("T\n\nAuthored by x.example\n\n" + body)
    assert [b.kind for b in with_image.article] == ["paragraph", "caption"]
    assert [b.kind for b in without.article] == ["paragraph", "paragraph"]


def test_plain_text_takes_its_title_from_a_first_line_that_reads_as_one():
    thread = parse_text("Notes from the harbour\n\nWe met on Tuesday.\n")
    assert thread.title == "Notes from the harbour"
    assert [block.text for block in thread.article] == ["We met on Tuesday."]
    for text in (
        "We met on Tuesday.\n\nThen we left.\n",  # a sentence, not a title
        "Only one line here\n",  # nothing after it
        "> a quote\n\nthen text\n",
        "two lines\nin one block\n\nthen text\n",
    ):
        assert parse_text(text).title is None, text


def test_a_page_cut_off_mid_sentence_ends_in_a_paragraph_not_a_caption():
    thread = load_path(TEXT / "truncated-mid-sentence.txt")
    assert [b.kind for b in thread.article] == ["paragraph", "caption", "paragraph"]
    assert thread.article[-1].text.endswith("the wall itself")
    assert any("cut off mid-sentence" in w for w in thread.warnings)


def test_the_submitters_own_comments_are_marked_op_in_the_model_and_dump():
    import io
    import json

    from threadview.export import write_json

    thread = load_path(TEXT / "submitter-replies.txt")
    marked = {c.author: c.markers for c in iter_comments(thread.comments)}
    assert marked == {"deckhand_dee": (), "ferry_fan": ("op",), "ferry_fanatic": ()}
    out = io.StringIO()
    write_json(thread, out)
    reply = json.loads(out.getvalue())["comments"][0]["replies"][0]
    assert (reply["author"], reply["markers"]) == ("ferry_fan", ["op"])
