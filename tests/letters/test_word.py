"""The Word file as sent: letterhead, reference and date line, page numbers, language, properties."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import docx
import pytest
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn

from bot.config import DEFAULT_LETTERHEAD
from bot.letters.export import export
from bot.letters.render import render_letter

from .normalise import normalise
from .seed import FOAA, SEED_PATH, seed_letter_input

W_LANG = qn("w:lang")


def _word(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _languages(word: docx.document.Document) -> set[str]:
    """The w:lang values of the document defaults and the Normal style (what every run gets)."""
    styles = word.styles.element
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    normal = word.styles["Normal"].element.rPr
    return {element.find(W_LANG).get(qn("w:val")) for element in (defaults, normal)}


def test_the_first_page_carries_the_letterhead_and_no_page_number() -> None:
    word = _word(render_letter(seed_letter_input()).to_docx())
    section = word.sections[0]
    assert section.different_first_page_header_footer
    letterhead = [p.text for p in section.first_page_header.paragraphs]
    assert letterhead == list(DEFAULT_LETTERHEAD)
    assert letterhead[0] == "Office of the United Nations High Commissioner for Human Rights"
    assert "CH-1211 Geneva 10" in letterhead[1]
    assert "PAGE" not in section.first_page_footer._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    # Pages 2 onwards: the PAGE field in the footer, and no letterhead in their header.
    fields = section.footer._element.findall(f".//{qn('w:fldSimple')}")
    assert [f.get(qn("w:instr")) for f in fields] == ["PAGE"]
    assert not any(p.text.strip() for p in section.header.paragraphs)
    # The letterhead is not part of the letter's text: the body still starts with the mandates.
    assert word.paragraphs[0].text.startswith("Mandates of the Special Rapporteur")


def test_the_letterhead_is_the_teams_setting() -> None:
    lines = ("Special Procedures Branch", "Palais Wilson, Geneva")
    word = _word(render_letter(seed_letter_input(), letterhead=lines).to_docx())
    assert [p.text for p in word.sections[0].first_page_header.paragraphs] == list(lines)
    bare = _word(render_letter(seed_letter_input(), letterhead=()).to_docx())
    assert not any(p.text for p in bare.sections[0].first_page_header.paragraphs)


def test_the_date_prints_at_the_right_of_the_reference() -> None:
    word = _word(render_letter(seed_letter_input()).to_docx())
    reference = word.paragraphs[1]
    assert reference.text == "REFERENCE:\nAL KAZ 1/2017\t23 January 2017"
    (stop,) = reference.paragraph_format.tab_stops
    assert stop.alignment == WD_TAB_ALIGNMENT.RIGHT
    section = word.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert stop.position == pytest.approx(text_width, abs=635)  # the right margin, to a twip
    assert word.paragraphs[2].text == "Excellency,"  # the date is not a paragraph of its own


def test_the_draft_mark_keeps_the_date_on_the_reference_line() -> None:
    word = _word(export(seed_letter_input(), "docx", draft=True))
    assert word.paragraphs[0].text.startswith("DRAFT")
    assert word.paragraphs[2].text == "REFERENCE:\nAL KAZ 1/2017\t23 January 2017"


def test_a_letter_without_reference_keeps_its_date_paragraph() -> None:
    word = _word(render_letter(seed_letter_input(reference=None)).to_docx())
    assert word.paragraphs[1].text == "23 January 2017"


@pytest.mark.parametrize(
    ("language", "tag", "reference_line"),
    [
        ("en", "en-GB", "REFERENCE:\nAL KAZ 1/2017\t23 January 2017"),
        ("fr", "fr-FR", "RÉFÉRENCE :\nAL KAZ 1/2017\t23 janvier 2017"),
        ("es", "es-ES", "REFERENCIA:\nAL KAZ 1/2017\t23 de enero de 2017"),
    ],
)
def test_the_document_language_is_the_letters(language: str, tag: str, reference_line: str) -> None:
    signatory = dataclasses.replace(FOAA)
    letter = seed_letter_input(language=language, signatories=(signatory,), edition="current")
    word = _word(render_letter(letter).to_docx())
    assert _languages(word) == {tag}
    assert word.core_properties.language == tag
    assert word.paragraphs[1].text == reference_line


def test_title_and_author_are_the_cases_and_the_teams() -> None:
    word = _word(render_letter(seed_letter_input(), team="Civic space team").to_docx())
    properties = word.core_properties
    assert properties.title == (
        "AL KAZ 1/2017: the permanent closure of the Confederation of Independent Trade "
        "Unions of Kazakhstan"
    )
    assert properties.author == "Civic space team"
    assert properties.last_modified_by == "Civic space team"
    assert "python-docx" not in (properties.comments + properties.author + properties.title)
    assert properties.created == dt.datetime(2017, 1, 23, tzinfo=dt.UTC)  # the letter's date
    # With no team name set, the author is the letterhead's first line (the Office).
    unnamed = _word(render_letter(seed_letter_input()).to_docx()).core_properties
    assert unnamed.author == DEFAULT_LETTERHEAD[0]


def test_the_seed_text_is_unchanged_word_for_word() -> None:
    """The letterhead and the date's new place change the layout, not one word of the letter."""
    word = _word(render_letter(seed_letter_input()).to_docx())
    number, texts = 0, []
    for paragraph in word.paragraphs:
        if paragraph.style.name == "List Number":
            number += 1
            texts.append(f"{number}. {paragraph.text}")
        else:
            texts.append(paragraph.text)
    seed = normalise(SEED_PATH.read_text(encoding="utf-8"))
    assert normalise("\n\n".join(texts)) == seed.replace("13 December 200 ", "13 December 2000 ")
