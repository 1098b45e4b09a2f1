"""Translation notes: each written form is found, look-alikes are not, spans are sound."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES, sample
from threadview.annotate import find_translations
from threadview.annotate.language import detect_language

ANNOTATE = FIXTURES / "annotate"


def _pairs(text: str) -> list[tuple[str, str, str | None]]:
    return [(n.original, n.translation, n.language) for n in find_translations(text)]


def _assert_spans(text: str) -> None:
    for note in find_translations(text):
        assert 0 <= note.start <= note.end <= len(text)
        assert text[slice(*note.original_span)] == note.original
        assert text[slice(*note.translation_span)] == note.translation
        assert note.start <= note.original_span[0] and note.translation_span[1] <= note.end


def test_sample_spanish_note_is_found() -> None:
    text = sample("dailypopulous-2019-11-08-culiacan.txt").read_text(encoding="utf-8")
    notes = find_translations(text)
    assert len(notes) == 1
    note = notes[0]
    assert note.original.startswith("El agente no participó activamente")
    assert note.translation.startswith("The officer did not actively participate")
    assert note.language == "es"
    assert note.target_language == "en"
    whole = text[note.start : note.end]
    assert whole.startswith('"El agente') and whole.endswith('Guzmán"') and '" >> "' in whole


@pytest.mark.parametrize(
    ("text", "original", "translation", "language"),
    [
        (
            '"El gato está en la casa" >> "The cat is in the house"',
            "El gato está en la casa",
            "The cat is in the house",
            "es",
        ),
        (
            '"Hola, ¿cómo estás?" -> "Hello, how are you?"',
            "Hola, ¿cómo estás?",
            "Hello, how are you?",
            "es",
        ),
        (
            "“Je ne sais pas ce que c'est” → “I don't know what it is”",
            "Je ne sais pas ce que c'est",
            "I don't know what it is",
            "fr",
        ),
        (
            '"Ich bin nicht da und sie ist auch nicht da" => "I am not there and neither is she"',
            "Ich bin nicht da und sie ist auch nicht da",
            "I am not there and neither is she",
            "de",
        ),
        (
            "«Это не моя проблема» = «That is not my problem»",
            "Это не моя проблема",
            "That is not my problem",
            "ru",
        ),
        (
            '"Il gatto è sul tavolo e non vuole scendere"\n-> "The cat is on the table"',
            "Il gatto è sul tavolo e non vuole scendere",
            "The cat is on the table",
            "it",
        ),
    ],
)
def test_quoted_arrow_quoted(text: str, original: str, translation: str, language: str) -> None:
    assert _pairs(text) == [(original, translation, language)]
    _assert_spans(text)


@pytest.mark.parametrize(
    ("text", "original", "translation", "language"),
    [
        (
            "Le gouvernement a décidé de ne pas intervenir.\nTranslation: The government decided"
            " not to intervene.",
            "Le gouvernement a décidé de ne pas intervenir.",
            "The government decided not to intervene.",
            "fr",
        ),
        (
            "O gato não está em casa hoje.\n\ntranslated: The cat is not home today.",
            "O gato não está em casa hoje.",
            "The cat is not home today.",
            "pt",
        ),
        (
            "De kat is niet in het huis.\nTRANS: The cat is not in the house.",
            "De kat is niet in het huis.",
            "The cat is not in the house.",
            "nl",
        ),
        (
            "> Der Hund ist nicht im Haus und die Katze auch nicht.\n\n**TL:** The dog is not"
            " in the house.",
            "Der Hund ist nicht im Haus und die Katze auch nicht.",
            "The dog is not in the house.",
            "de",
        ),
        (
            "Die Regierung hat das Gesetz abgelehnt.\nEnglish: The government rejected the law.",
            "Die Regierung hat das Gesetz abgelehnt.",
            "The government rejected the law.",
            "de",
        ),
        (
            "Die Regierung hat das Gesetz abgelehnt.\n[translated] The government rejected it.",
            "Die Regierung hat das Gesetz abgelehnt.",
            "The government rejected it.",
            "de",
        ),
        (
            "Ella no quiere hablar con nadie del pueblo.\n(translated)\nShe does not want to talk"
            " to anyone from the town.",
            "Ella no quiere hablar con nadie del pueblo.",
            "She does not want to talk to anyone from the town.",
            "es",
        ),
        (
            "Nadie sabe lo que pasó en la ciudad\nNobody knows what happened in the city"
            " (translated)",
            "Nadie sabe lo que pasó en la ciudad",
            "Nobody knows what happened in the city",
            "es",
        ),
        (
            "Ovo je moja kuća\nTranslated from Croatian: This is my house",
            "Ovo je moja kuća",
            "This is my house",
            None,
        ),
        (
            "Esto es muy difícil\nTranslated from Spanish: This is very hard",
            "Esto es muy difícil",
            "This is very hard",
            "es",
        ),
        (
            "事故が起きた\nTranslation: An accident happened",
            "事故が起きた",
            "An accident happened",
            "ja",
        ),
    ],
)
def test_marker_lines(text: str, original: str, translation: str, language: str | None) -> None:
    assert _pairs(text) == [(original, translation, language)]
    _assert_spans(text)


@pytest.mark.parametrize(
    ("text", "original", "translation", "language"),
    [
        ("Привет мир (Hello world), said the bot.", "Привет мир", "Hello world", "ru"),
        ("He shouted 事故だ (accident!) and ran", "事故だ", "accident!", "ja"),
        ("中国人民 [Chinese people]", "中国人民", "Chinese people", "zh"),
        (
            "The sign said: Prohibido fumar en el interior del edificio (No smoking in the"
            " building)",
            "Prohibido fumar en el interior del edificio",
            "No smoking in the building",
            "es",
        ),
        (
            '"Ich bin ein Berliner" (I am a Berliner)',
            "Ich bin ein Berliner",
            "I am a Berliner",
            "de",
        ),
        ("שלום עולם (hello world)", "שלום עולם", "hello world", "he"),
    ],
)
def test_bracketed_translation(text: str, original: str, translation: str, language: str) -> None:
    assert _pairs(text) == [(original, translation, language)]
    _assert_spans(text)


# Deliberately NOT translation notes: each looks like one of the forms above.
NOT_NOTES = [
    pytest.param("x = 5 and then a -> b", id="assignment and arrow between unquoted words"),
    pytest.param('set "x" = "5" in the file', id="quoted key = quoted number"),
    pytest.param('"foo" -> "bar"', id="quoted words whose language cannot be told"),
    pytest.param('He said "the cat" -> "the dog"', id="English to English replacement"),
    pytest.param('"el gato" -> "el perro"', id="same language on both sides"),
    pytest.param('"Hola" >> "Hola"', id="identical sides"),
    pytest.param('if a == "yes" then "b"', id="comparison"),
    pytest.param('`"el gato es negro" -> "the cat is black"`', id="inline code span"),
    pytest.param('```\n"el gato es negro" -> "the cat is black"\n```', id="fenced code"),
    pytest.param('~~~\n"el gato es negro" => "the cat is black"\n~~~', id="tilde fence"),
    pytest.param('Look:\n\n    "la casa es blanca" = "the house is white"\n', id="indented code"),
    pytest.param('"El gato es negro" and "the cat is black"', id="two quotes, no arrow"),
    pytest.param(
        "> We are committed to our customers.\n\nTranslation: we don't care.",
        id="snark 'translation' of English",
    ),
    pytest.param("Translation: the government lied.", id="marker with nothing before it"),
    pytest.param("That was long.\nTL;DR: nothing happened.", id="TL;DR"),
    pytest.param("That was long.\nTL:DR nothing happened.", id="TL:DR"),
    pytest.param("Tokyo (東京) is big.", id="English name with native name in brackets"),
    pytest.param("The president (who was ill) said nothing (again).", id="English asides"),
    pytest.param(
        "El presidente dijo que no (aunque nadie sabe por qué).", id="Spanish aside in Spanish"
    ),
    pytest.param("Путин (президент) сказал", id="same-script aside"),
    pytest.param("see [the docs](https://example.com/a_(b)) now", id="markdown link"),
    pytest.param("Reference [1] and (2019) and (s)", id="citations and years"),
    pytest.param("It's 'quoted' -> 'words'", id="single-quoted English words"),
]


@pytest.mark.parametrize("text", NOT_NOTES)
def test_look_alikes_are_not_notes(text: str) -> None:
    assert find_translations(text) == []


def test_fixture_comment_with_every_form() -> None:
    text = (ANNOTATE / "notes_comment.md").read_text(encoding="utf-8")
    found = [
        (n.language, n.original.split()[0], n.translation.split()[0])
        for n in find_translations(text)
    ]
    assert found == [
        ("es", "Nadie", "Nobody"),
        ("fr", "Le", "The"),
        ("de", "Der", "The"),
        ("ru", "Привет", "Hello"),
    ]
    _assert_spans(text)


def test_fixture_of_look_alikes_has_no_notes() -> None:
    text = (ANNOTATE / "not_notes.md").read_text(encoding="utf-8")
    assert find_translations(text) == []


def test_stacked_marker_notes_do_not_swallow_each_other() -> None:
    text = (
        "Der Hund schläft nicht.\nTranslation: The dog is not sleeping.\n"
        "Die Katze ist nicht da.\nTranslation: The cat is not there."
    )
    assert _pairs(text) == [
        ("Der Hund schläft nicht.", "The dog is not sleeping.", "de"),
        ("Die Katze ist nicht da.", "The cat is not there.", "de"),
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("El agente no participó activamente en el operativo", "es"),
        ("Je ne sais pas ce que c'est", "fr"),
        ("Der Hund ist nicht im Haus", "de"),
        ("Il gatto è sul tavolo e non vuole scendere", "it"),
        ("O gato não está em casa", "pt"),
        ("De kat is niet in het huis", "nl"),
        ("The officer did not actively participate in the operation", "en"),
        ("Это не моя проблема", "ru"),
        ("Це не моя проблема, їжак", "uk"),
        ("Αυτό δεν είναι το πρόβλημά μου", "el"),
        ("זו לא הבעיה שלי", "he"),
        ("هذه ليست مشكلتي", "ar"),
        ("यह मेरी समस्या नहीं है", "hi"),
        ("这不是我的问题", "zh"),
        ("これは私の問題ではない", "ja"),
        ("이것은 내 문제가 아니다", "ko"),
        ("Hello world", None),
        ("12345 !!!", None),
        ("", None),
    ],
)
def test_detect_language(text: str, language: str | None) -> None:
    assert detect_language(text) == language


def test_hostile_inputs_stay_fast_and_sound() -> None:
    texts = [
        '"' * 200_000,
        '"a" -> ' * 20_000,
        "TL: x\n" * 20_000,
        "Translation:\n" * 20_000,
        "(" * 50_000 + ")" * 50_000,
        "中文 (x) " * 20_000,
        "a" * 300_000 + " (hello)",
        "`" * 1000 + "x" + "``" * 1000,
        '\x1b[31m"el gato es negro" -> "the cat"\x1b[0m',
    ]
    for text in texts:
        _assert_spans(text)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("\"“”«»'()[]（）->=→\n `~*_TLtranslation: aéñ中Жz.")),
        max_size=200,
    )
)
def test_never_crashes_on_note_like_text(text: str) -> None:
    _assert_spans(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_crashes_on_any_text(text: str) -> None:
    _assert_spans(text)
