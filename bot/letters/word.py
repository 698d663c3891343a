"""The letter as a Word document that looks like a UN letter (python-docx)."""

from __future__ import annotations

import copy
import re
from io import BytesIO
from typing import cast

from docx import Document as new_word_document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.styles import CT_Style
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.parfmt import CT_PPr
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.parfmt import ParagraphFormat
from lxml import etree

from bot.letters.document import (
    Align,
    Document,
    Heading,
    Line,
    NumberedItem,
    PageBreak,
    Paragraph,
)

FONT = "Times New Roman"
FONT_SIZE = Pt(12)
MARGIN = Cm(2.5)
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


def _set_up_page(word: WordDocument) -> None:
    """A4 with 2.5 cm margins and the page number centred in the footer."""
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)


def _properties(style_id: str | None, align: Align | None, new_page: bool) -> CT_PPr:
    """A paragraph's properties, written by python-docx: style, alignment, page break."""
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
    return p.get_or_add_pPr()


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


def to_docx(document: Document) -> bytes:
    """Write the document as .docx bytes: header centred, justified body, annex on a new page.

    python-docx makes the document, its styles and page, and each kind of paragraph's
    properties; the paragraphs themselves are written as the XML python-docx would write,
    element by element: its API walks every run's text a character at a time, and a long
    letter is thousands of runs.
    """
    word = new_word_document()
    _set_up_styles(word)
    _set_up_page(word)
    # Style ids looked up once: python-docx's lookup by name is slow and this runs per draft.
    style_ids = {name: word.styles[name].style_id for name in _STYLE_NAMES}
    kinds: dict[tuple[str | None, Align | None, bool], CT_PPr] = {}
    body = word.element.body
    section = body.sectPr
    if section is not None:
        body.remove(section)  # the paragraphs go before it, and it back after them
    new_page = False
    for block in document.blocks:
        kind: tuple[str | None, Align | None, bool]
        if isinstance(block, PageBreak):
            new_page = True
            continue
        if isinstance(block, Heading):
            kind = (style_ids[f"Heading {min(block.level, 3)}"], None, new_page)
            lines: tuple[Line, ...] = (block.runs,)
        elif isinstance(block, NumberedItem):
            kind = (style_ids["List Number"], None, new_page)
            lines = (block.runs,)
        elif isinstance(block, Paragraph):
            kind = (None, block.align, new_page)
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
