"""The letter as a Word document that looks like a UN letter (python-docx)."""

from __future__ import annotations

import re
from io import BytesIO

from docx import Document as new_word_document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.styles import CT_Style
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as WordParagraph

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
_PLAIN = re.compile(r"[^\t\n\r]+")  # text with no tab nor line break
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


def _add_runs(paragraph: WordParagraph, lines: tuple[Line, ...]) -> None:
    """Add the lines' runs, with a line break between lines."""
    for index, line in enumerate(lines):
        if index:
            paragraph.add_run().add_break()
        for run in line:
            if _PLAIN.fullmatch(run.text):
                # What python-docx writes for such text (one w:t), without its walk through
                # the text a character at a time for tabs and line breaks.
                word_run = paragraph.add_run()
                word_run._r.add_t(run.text)
            else:
                word_run = paragraph.add_run(run.text)
            if run.bold:
                word_run.bold = True


def _styled_paragraph(word: WordDocument, style_id: str) -> WordParagraph:
    """A new paragraph with a paragraph style given by its id."""
    paragraph = word.add_paragraph()
    paragraph._p.style = style_id
    return paragraph


def to_docx(document: Document) -> bytes:
    """Write the document as .docx bytes: header centred, justified body, annex on a new page."""
    word = new_word_document()
    _set_up_styles(word)
    _set_up_page(word)
    # Style ids looked up once: python-docx's lookup by name is slow and this runs per draft.
    style_ids = {name: word.styles[name].style_id for name in _STYLE_NAMES}
    new_page = False
    for block in document.blocks:
        if isinstance(block, PageBreak):
            new_page = True
            continue
        if isinstance(block, Heading):
            paragraph = _styled_paragraph(word, style_ids[f"Heading {min(block.level, 3)}"])
            _add_runs(paragraph, (block.runs,))
        elif isinstance(block, NumberedItem):
            paragraph = _styled_paragraph(word, style_ids["List Number"])
            _add_runs(paragraph, (block.runs,))
        elif isinstance(block, Paragraph):
            paragraph = word.add_paragraph()
            paragraph.alignment = _ALIGNMENTS[block.align]
            if block.align is Align.CENTER:
                paragraph.paragraph_format.space_after = Pt(18)
            _add_runs(paragraph, block.lines)
        else:  # pragma: no cover - the Block union is exhausted above
            continue
        if new_page:
            paragraph.paragraph_format.page_break_before = True
            new_page = False
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()
