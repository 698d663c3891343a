"""The communications report as CSV (for spreadsheets) and as a landscape Word table."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from docx import Document as new_word_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell, _Row

from bot.grammar import counted, sentence
from bot.reports.service import ReportPeriod, ReportRow

COLUMNS = (
    "Date",
    "Country",
    "Type",
    "Reference",
    "Mandates",
    "Summary",
    "Alleged victims",
    "Replies",
    "Follows",
)
# Widths of the Word columns on A4 landscape with 1.5 cm margins (26.7 cm in all).
_WIDTHS_CM = (2.2, 3.0, 1.3, 2.8, 2.6, 7.6, 1.8, 2.6, 2.8)
_FONT_SIZE = Pt(9)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def row_cells(row: ReportRow) -> list[str]:
    """The cells of one row, in COLUMNS order; an unknown victims count is left empty."""
    return [
        row.sent_on.isoformat(),
        row.country,
        row.type_code,
        row.reference,
        ", ".join(row.mandates),
        row.summary,
        "" if row.alleged_victims is None else str(row.alleged_victims),
        "; ".join(day.isoformat() for day in row.replies),
        row.follows or "",
    ]


def report_csv(rows: list[ReportRow]) -> bytes:
    """UTF-8 CSV with a byte order mark, so that Excel reads accented names right."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows([_inert(cell) for cell in row_cells(row)] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _inert(cell: str) -> str:
    """Keep a spreadsheet from running typed text as a formula (=, +, -, @ first)."""
    return f"'{cell}" if cell[:1] in _FORMULA_STARTS else cell


def report_docx(rows: list[ReportRow], *, period: ReportPeriod) -> bytes:
    """A Word document: a title, the period, and the table (header repeated on every page)."""
    word = new_word_document()
    _landscape(word)
    word.styles["Normal"].font.name = "Times New Roman"
    word.styles["Normal"].font.size = Pt(10)
    word.add_heading("Communications report", level=1)
    word.add_paragraph(sentence(f"{counted(len(rows), 'communication')} {period.description}"))
    table = word.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    _fill(table.rows[0].cells, COLUMNS, bold=True)
    _repeat_as_header(table.rows[0])
    for row in rows:
        _fill(table.add_row().cells, row_cells(row))
    for index, width in enumerate(_WIDTHS_CM):
        for cell in table.columns[index].cells:
            cell.width = Cm(width)
    word.add_paragraph(
        "Alleged victims: empty where the number is not known. Follows: for a follow-up "
        "letter, the reference of the communication it follows up."
    )
    output = io.BytesIO()
    word.save(output)
    return output.getvalue()


def _landscape(word: Document) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))


def _fill(cells: Sequence[_Cell], values: Sequence[str], *, bold: bool = False) -> None:
    for cell, value in zip(cells, values, strict=True):
        run = cell.paragraphs[0].add_run(value)
        run.font.size = _FONT_SIZE
        run.bold = bold


def _repeat_as_header(row: _Row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
