"""The letter as a Word document that looks like a UN letter (python-docx).

As printed letters have it: the letterhead at the top of the first page, the date on the
reference's line at the right margin, page numbers from page 2, and the letter's language
(en-GB, fr-FR, es-ES) on its text, so that Word checks its spelling in that language. The
document's title and author are the case's and the team's.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass
from io import BytesIO
from typing import cast

from docx import Document as new_word_document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.styles import CT_Style
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.parfmt import CT_PPr
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.parfmt import ParagraphFormat
from lxml import etree

from bot.config import DEFAULT_LETTERHEAD
from bot.letters.document import (
    Align,
    Block,
    Document,
    Heading,
    Line,
    NumberedItem,
    PageBreak,
    Paragraph,
    Run,
    plain_text_of,
)

FONT = "Times New Roman"
FONT_SIZE = Pt(12)
LETTERHEAD_SIZE = Pt(9)
MARGIN = Cm(2.5)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)  # A4
# The document language of a letter in each of its languages (BCP 47, as Word writes them).
LANGUAGE_TAGS = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}


@dataclass(frozen=True)
class WordProperties:
    """What the Word file says of itself, and the letterhead it prints."""

    language: str = "en"  # the letter's language: "en", "fr" or "es"
    title: str = ""  # the case: "AL KAZ 1/2017: the permanent closure of ..."
    author: str = ""  # the team
    letterhead: tuple[str, ...] = DEFAULT_LETTERHEAD
    date: dt.date | None = None  # the letter's date: the file's created and modified dates


def word_properties(
    *,
    language: str,
    reference: str | None,
    subject: str,
    letterhead: tuple[str, ...] = DEFAULT_LETTERHEAD,
    team: str | None = None,
    date: dt.date | None = None,
) -> WordProperties:
    """A letter's Word properties: titled by its case, authored by the team (the letterhead's
    first line when the team has no name set)."""
    subject = " ".join(subject.split())
    title = f"{reference}: {subject}" if reference and subject else (reference or subject)
    author = team or (letterhead[0] if letterhead else "")
    return WordProperties(
        language=language, title=title, author=author, letterhead=letterhead, date=date
    )


_TAB_OR_BREAK = re.compile(r"([\t\r\n])")
_W_P, _W_R, _W_RPR, _W_B, _W_T, _W_TAB, _W_BR = (
    qn(f"w:{tag}") for tag in ("p", "r", "rPr", "b", "t", "tab", "br")
)
_XML_SPACE = qn("xml:space")
_STYLE_NAMES = ("Heading 1", "Heading 2", "Heading 3", "List Number")
_ALIGNMENTS = {
    Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    Align.JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _set_font(element: CT_Style, name: str) -> None:
    """Set a style's font for every script, dropping theme fonts that would win."""
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _set_up_styles(word: WordDocument) -> None:
    """Times New Roman 12pt everywhere; headings bold, black and centred."""
    normal = word.styles["Normal"]
    normal.font.size = FONT_SIZE
    _set_font(normal.element, FONT)
    normal.paragraph_format.space_after = Pt(10)
    normal.paragraph_format.line_spacing = 1.0
    for level in (1, 2, 3):
        style = word.styles[f"Heading {level}"]
        style.font.size = FONT_SIZE
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        _set_font(style.element, FONT)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(12)
    numbered = word.styles["List Number"]
    numbered.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    numbered.paragraph_format.space_after = Pt(6)


def _set_language(word: WordDocument, tag: str) -> None:
    """The document language: on the defaults every run inherits, and on the Normal style."""
    defaults = word.styles.element.find(qn("w:docDefaults"))
    targets = [word.styles["Normal"].element.get_or_add_rPr()]
    if defaults is not None:
        r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if r_pr is not None:
            targets.append(r_pr)
    for r_pr in targets:
        lang = r_pr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            r_pr.append(lang)
        lang.set(qn("w:val"), tag)


def _set_up_page(word: WordDocument, letterhead: tuple[str, ...]) -> None:
    """A4 with 2.5 cm margins; the letterhead on the first page, page numbers on the others."""
    section = word.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    for index, line in enumerate(letterhead):
        paragraph = first.paragraphs[0] if index == 0 else first.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(line)
        run.font.size = LETTERHEAD_SIZE
    section.first_page_footer.is_linked_to_previous = False  # no number on page 1
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run_element = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run_element.append(text)
    field.append(run_element)
    footer._p.append(field)


def _set_core_properties(word: WordDocument, properties: WordProperties, tag: str) -> None:
    """Title, author and language of the case and the team, not python-docx's defaults."""
    core = word.core_properties
    core.title = properties.title[:255]
    core.author = properties.author[:255]
    core.last_modified_by = properties.author[:255]
    core.language = tag
    core.comments = ""
    core.subject = ""
    core.keywords = ""
    core.category = ""
    core.revision = 1
    if properties.date is not None:
        stamp = dt.datetime.combine(properties.date, dt.time(), tzinfo=dt.UTC)
        core.created = core.modified = stamp


_Kind = tuple[str | None, Align | None, bool, bool]  # style, alignment, new page, right tab


def _properties(
    style_id: str | None, align: Align | None, new_page: bool, right_tab: bool
) -> CT_PPr:
    """A paragraph's properties, written by python-docx: style, alignment, page break, and a
    tab stop at the right margin (for the date on the reference's line)."""
    p = cast(CT_P, OxmlElement("w:p"))
    if style_id is not None:
        p.style = style_id
    paragraph_format = ParagraphFormat(p)
    if align is not None:
        paragraph_format.alignment = _ALIGNMENTS[align]
        if align is Align.CENTER:
            paragraph_format.space_after = Pt(18)
    if new_page:
        paragraph_format.page_break_before = True
    if right_tab:
        paragraph_format.tab_stops.add_tab_stop(PAGE_WIDTH - 2 * MARGIN, WD_TAB_ALIGNMENT.RIGHT)
    return p.get_or_add_pPr()


_DATE_LIKE = re.compile(r"\d")


def _reference_and_date(blocks: tuple[Block, ...]) -> int | None:
    """Where the reference paragraph is ("REFERENCE:" and the reference, on two lines) when a
    one-line date follows it, near the top: that date prints on the reference's line."""
    for index, block in enumerate(blocks[:4]):
        if not isinstance(block, Paragraph) or len(block.lines) < 2:
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (
            plain_text_of(block.lines[0]).strip().endswith(":")
            and isinstance(following, Paragraph)
            and len(following.lines) == 1
            and len(plain_text_of(following.lines[0])) <= 40
            and _DATE_LIKE.search(plain_text_of(following.lines[0]))
        ):
            return index
    return None


def _add_text(r: etree._Element, text: str) -> None:
    """A run's text as python-docx writes it: w:t, and w:tab and w:br for tabs and breaks."""
    for piece in _TAB_OR_BREAK.split(text):
        if piece == "\t":
            etree.SubElement(r, _W_TAB)
        elif piece in ("\r", "\n"):
            etree.SubElement(r, _W_BR)
        elif piece:
            t = etree.SubElement(r, _W_T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_XML_SPACE, "preserve")


def _add_paragraph(body: etree._Element, properties: CT_PPr, lines: tuple[Line, ...]) -> None:
    """A paragraph of the body: a copy of its properties, then its runs, a w:br between lines."""
    p = etree.SubElement(body, _W_P)
    p.append(copy.deepcopy(properties))
    for index, line in enumerate(lines):
        if index:
            etree.SubElement(etree.SubElement(p, _W_R), _W_BR)
        for run in line:
            r = etree.SubElement(p, _W_R)
            if run.bold:
                etree.SubElement(etree.SubElement(r, _W_RPR), _W_B)
            if run.text:
                _add_text(r, run.text)


def to_docx(document: Document, properties: WordProperties | None = None) -> bytes:
    """Write the document as .docx bytes: header centred, justified body, annex on a new page.

    python-docx makes the document, its styles and page, and each kind of paragraph's
    properties; the paragraphs themselves are written as the XML python-docx would write,
    element by element: its API walks every run's text a character at a time, and a long
    letter is thousands of runs.
    """
    properties = properties or WordProperties()
    tag = LANGUAGE_TAGS.get(properties.language, LANGUAGE_TAGS["en"])
    word = new_word_document()
    _set_up_styles(word)
    _set_language(word, tag)
    _set_up_page(word, properties.letterhead)
    _set_core_properties(word, properties, tag)
    # Style ids looked up once: python-docx's lookup by name is slow and this runs per draft.
    style_ids = {name: word.styles[name].style_id for name in _STYLE_NAMES}
    kinds: dict[_Kind, CT_PPr] = {}
    body = word.element.body
    section = body.sectPr
    if section is not None:
        body.remove(section)  # the paragraphs go before it, and it back after them
    new_page = False
    reference_at = _reference_and_date(document.blocks)
    for index, block in enumerate(document.blocks):
        kind: _Kind
        if reference_at is not None and index == reference_at + 1:
            continue  # the date, printed on the reference's line
        if isinstance(block, PageBreak):
            new_page = True
            continue
        if isinstance(block, Heading):
            kind = (style_ids[f"Heading {min(block.level, 3)}"], None, new_page, False)
            lines: tuple[Line, ...] = (block.runs,)
        elif isinstance(block, NumberedItem):
            kind = (style_ids["List Number"], None, new_page, False)
            lines = (block.runs,)
        elif isinstance(block, Paragraph) and index == reference_at:
            date = document.blocks[index + 1]
            assert isinstance(date, Paragraph)  # _reference_and_date saw to it
            kind = (None, block.align, new_page, True)
            lines = (*block.lines[:-1], (*block.lines[-1], Run("\t"), *date.lines[0]))
        elif isinstance(block, Paragraph):
            kind = (None, block.align, new_page, False)
            lines = block.lines
        else:  # pragma: no cover - the Block union is exhausted above
            continue
        if kind not in kinds:
            kinds[kind] = _properties(*kind)
        _add_paragraph(body, kinds[kind], lines)
        new_page = False
    if section is not None:
        body.append(section)
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()
