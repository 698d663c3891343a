"""The document model: parsing the letter Markdown, writing it back, escaping user text."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.letters.countries import UnknownCountryError, country_in_text, country_name
from bot.letters.dates import format_date
from bot.letters.document import (
    Align,
    Heading,
    NumberedItem,
    PageBreak,
    Paragraph,
    Run,
    escape_markdown,
    parse_markdown,
    plain_text_of,
    to_markdown,
    to_plain_text,
)
from bot.letters.render import render_letter

from .seed import SEED_PATH, seed_letter_input


def test_the_seed_fixture_parses_into_the_letter_structure() -> None:
    document = parse_markdown(SEED_PATH.read_text(encoding="utf-8"))
    header = document.blocks[0]
    assert isinstance(header, Paragraph) and header.align is Align.CENTER
    assert header.lines[1] == (
        Run("and the Special Rapporteur on the situation of human rights defenders", True),
    )
    assert [b.number for b in document.blocks if isinstance(b, NumberedItem)] == [1, 2, 3, 4]
    kinds = [type(b) for b in document.blocks]
    assert kinds.count(PageBreak) == 1
    assert kinds[kinds.index(PageBreak) + 1 : kinds.index(PageBreak) + 3] == [Heading, Heading]
    signature = next(
        b
        for b in document.blocks
        if isinstance(b, Paragraph) and plain_text_of(b.lines[0]) == "Maina Kiai"
    )
    assert signature.align is Align.LEFT and len(signature.lines) == 2


def test_markdown_round_trips() -> None:
    markdown = render_letter(seed_letter_input()).markdown
    assert to_markdown(parse_markdown(markdown)) == markdown


@pytest.mark.parametrize(
    "text",
    [
        "# not a heading",
        "12. not a list item",
        "- not a bullet",
        "> not a quote",
        "a **b** c_d_ `e` \\f <g> [h](i)",
        "line one\n# line two",
    ],
)
def test_escaped_user_text_reads_back_as_typed(text: str) -> None:
    document = parse_markdown(escape_markdown(text))
    assert len(document.blocks) == 1 and isinstance(document.blocks[0], Paragraph)
    assert to_plain_text(document).strip() == text.replace("\n", " ")
    assert parse_markdown(to_markdown(document)) == document


def test_bold_across_a_line_break_and_plain_text() -> None:
    document = parse_markdown("**one  \ntwo** three\n\n1. a\n2. b\n\n## **H**\n\nend")
    assert document.blocks[0] == Paragraph(
        ((Run("one", True),), (Run("two", True), Run(" three"))), Align.LEFT
    )
    assert to_markdown(document) == "**one  \ntwo** three\n\n1. a\n2. b\n\n## **H**\n\nend\n"
    assert to_plain_text(document) == "one\ntwo three\n\n1. a\n2. b\n\nH\n\nend\n"


@pytest.mark.parametrize(
    ("day", "language", "text"),
    [
        (dt.date(2017, 1, 23), "en", "23 January 2017"),
        (dt.date(2017, 1, 23), "fr", "23 janvier 2017"),
        (dt.date(2017, 1, 23), "es", "23 de enero de 2017"),
        (dt.date(2017, 3, 1), "fr", "1er mars 2017"),
        (dt.date(2017, 3, 1), "en", "1 March 2017"),
    ],
)
def test_dates(day: dt.date, language: str, text: str) -> None:
    assert format_date(day, language) == text


@pytest.mark.parametrize(
    ("code", "language", "name", "in_text"),
    [
        ("KAZ", "en", "Kazakhstan", "Kazakhstan"),
        ("KAZ", "fr", "Kazakhstan", "le Kazakhstan"),
        ("KAZ", "es", "Kazajstán", "Kazajstán"),
        ("PHL", "en", "Philippines", "the Philippines"),
        ("FRA", "fr", "France", "la France"),
        ("AFG", "fr", "Afghanistan", "l'Afghanistan"),
        ("MEX", "fr", "Mexique", "le Mexique"),
        ("IRN", "en", "Iran (Islamic Republic of)", "Iran (Islamic Republic of)"),
        ("IRN", "es", "Irán (República Islámica del)", "Irán (República Islámica del)"),
        (
            "GBR",
            "en",
            "United Kingdom of Great Britain and Northern Ireland",
            "the United Kingdom of Great Britain and Northern Ireland",
        ),
        ("ARG", "es", "Argentina", "la Argentina"),
        ("OTH", "en", "", ""),
    ],
)
def test_country_names(code: str, language: str, name: str, in_text: str) -> None:
    assert country_name(code, language) == name
    assert country_in_text(code, language) == in_text


def test_unknown_country_code() -> None:
    with pytest.raises(UnknownCountryError):
        country_name("XYZ", "en")
