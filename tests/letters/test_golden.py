"""The golden test: the seed letter AL KAZ 1/2017 reproduced from its structured content."""

from __future__ import annotations

import io

import docx
import pytest

from bot.letters.document import Align, Heading, NumberedItem, PageBreak, Paragraph
from bot.letters.export import export
from bot.letters.render import render_letter

from .normalise import docx_text, normalise
from .seed import SEED_PATH, seed_letter_input


@pytest.fixture(scope="module")
def expected() -> str:
    """The seed letter, normalised, with its one known defect (a truncated year) corrected."""
    seed = normalise(SEED_PATH.read_text(encoding="utf-8"))
    assert seed.count("13 December 200 ") == 1
    return seed.replace("13 December 200 ", "13 December 2000 ")


def test_markdown_reproduces_the_seed(expected: str) -> None:
    assert seed_letter_input().edition == "2017"
    assert normalise(render_letter(seed_letter_input()).markdown) == expected


def test_plain_text_reproduces_the_seed(expected: str) -> None:
    assert normalise(render_letter(seed_letter_input()).to_plain_text()) == expected


def test_docx_reproduces_the_seed(expected: str) -> None:
    assert normalise(docx_text(render_letter(seed_letter_input()).to_docx())) == expected


def test_export_formats_agree(expected: str) -> None:
    letter = seed_letter_input()
    assert normalise(export(letter, "md").decode()) == expected
    assert normalise(export(letter, "txt").decode()) == expected
    assert normalise(docx_text(export(letter, "docx"))) == expected
    with pytest.raises(ValueError):
        export(letter, "pdf")  # type: ignore[arg-type]


def test_markdown_keeps_the_seed_layout() -> None:
    markdown = render_letter(seed_letter_input()).markdown
    assert markdown.startswith(
        "**Mandates of the Special Rapporteur on the rights to freedom of peaceful assembly and "
        "of association  \nand the Special Rapporteur on the situation of human rights defenders**"
        "\n\nREFERENCE:  \nAL KAZ 1/2017\n\n23 January 2017\n\nExcellency,\n\n"
    )
    assert "concerning the **permanent closure of the Confederation" in markdown
    assert "\n\n1. Please provide any additional information" in markdown
    assert "allegations.\n2. Please confirm" in markdown
    assert "Maina Kiai  \nSpecial Rapporteur on the rights" in markdown
    assert "\n\n## **Annex**\n\n### **Reference to international human rights law**\n\n" in markdown


def test_annex_paragraphs_match_the_seed() -> None:
    seed_annex = SEED_PATH.read_text(encoding="utf-8").split("### ")[1].split("\n\n")[1:]
    document = render_letter(seed_letter_input()).document
    heading = next(
        i for i, b in enumerate(document.blocks) if isinstance(b, Heading) and b.level == 3
    )
    annex = document.blocks[heading + 1 :]
    assert len(annex) == len([p for p in seed_annex if p.strip()]) == 5


def test_document_structure() -> None:
    blocks = render_letter(seed_letter_input()).document.blocks
    header = blocks[0]
    assert isinstance(header, Paragraph) and header.align is Align.CENTER
    assert len(header.lines) == 2 and all(run.bold for line in header.lines for run in line)
    assert [b.number for b in blocks if isinstance(b, NumberedItem)] == [1, 2, 3, 4]
    page_break = next(i for i, b in enumerate(blocks) if isinstance(b, PageBreak))
    assert isinstance(blocks[page_break + 1], Heading)
    assert blocks[page_break + 1].runs[0].text == "Annex"


def test_docx_looks_like_a_un_letter() -> None:
    word = docx.Document(io.BytesIO(render_letter(seed_letter_input()).to_docx()))
    header, reference = word.paragraphs[0], word.paragraphs[1]
    assert header.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in header.runs if run.text.strip())
    assert reference.text == "REFERENCE:\nAL KAZ 1/2017\t23 January 2017"  # date at the right
    subject = next(p for p in word.paragraphs if p.text.startswith("In this connection"))
    assert [r.text for r in subject.runs if r.bold] == [
        "permanent closure of the Confederation of Independent Trade Unions of Kazakhstan"
    ]
    assert sum(p.style.name == "List Number" for p in word.paragraphs) == 4
    annex = next(p for p in word.paragraphs if p.text == "Annex")
    assert annex.paragraph_format.page_break_before
    assert annex.style.paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    body = next(p for p in word.paragraphs if p.text.startswith("On 5 December 2016"))
    assert body.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
    assert word.styles["Normal"].font.name == "Times New Roman"
    assert word.styles["Normal"].font.size == docx.shared.Pt(12)
    section = word.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.1)
    assert "PAGE" in section.footer.paragraphs[0]._p.xml
