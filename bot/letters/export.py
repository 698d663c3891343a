"""Export a letter as Markdown, Word or plain text bytes, ready to attach or download."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from bot.config import DEFAULT_LETTERHEAD
from bot.letters.context import LetterInput
from bot.letters.document import Align, Document, Paragraph, Run
from bot.letters.render import RenderedLetter, render_letter

ExportFormat = Literal["md", "docx", "txt"]


DRAFT_MARK = "DRAFT: not sent. This letter is rendered from the case as it is today."


def as_draft(rendered: RenderedLetter) -> RenderedLetter:
    """The letter with a DRAFT line on top, so no one mistakes it for the letter sent."""
    mark = Paragraph(lines=((Run(DRAFT_MARK, bold=True),),), align=Align.CENTER)
    return RenderedLetter(
        markdown=f"**{DRAFT_MARK}**\n\n{rendered.markdown}",
        document=Document((mark, *rendered.document.blocks)),
        word=rendered.word,
    )


def export(
    letter: LetterInput,
    fmt: ExportFormat,
    *,
    templates_dir: Path | None = None,
    draft: bool = False,
    letterhead: tuple[str, ...] = DEFAULT_LETTERHEAD,
    team: str | None = None,
) -> bytes:
    """Render the letter once and return it in the asked format (marked DRAFT if a draft)."""
    rendered = render_letter(letter, templates_dir=templates_dir, letterhead=letterhead, team=team)
    if draft:
        rendered = as_draft(rendered)
    if fmt == "md":
        return rendered.markdown.encode("utf-8")
    if fmt == "txt":
        return rendered.to_plain_text().encode("utf-8")
    if fmt == "docx":
        return rendered.to_docx()
    raise ValueError(f"Letters export as md, docx or txt, not {fmt!r}.")


def export_filename(letter: LetterInput, fmt: ExportFormat) -> str:
    """A file name for the export: "AL-KAZ-1-2017-en.docx" (or "draft-en.docx" without a reference)."""
    return reference_filename(letter.reference, letter.language, fmt)


def reference_filename(
    reference: str | None, language: str, fmt: ExportFormat, *, suffix: str = ""
) -> str:
    """ "AL-KAZ-1-2017-en.docx"; with ``suffix`` "public-v1": "AL-KAZ-1-2017-en-public-v1.docx"."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", reference or "draft").strip("-")
    return f"{stem}-{language}{'-' + suffix if suffix else ''}.{fmt}"


def export_sent(*, markdown: str, plain_text: str, docx: bytes, fmt: ExportFormat) -> bytes:
    """The stored copy of a sent letter in the asked format, exactly as it was sent."""
    if fmt == "md":
        return markdown.encode("utf-8")
    if fmt == "txt":
        return plain_text.encode("utf-8")
    if fmt == "docx":
        return docx
    raise ValueError(f"Letters export as md, docx or txt, not {fmt!r}.")
