"""The letter as a small document model, parsed once from the rendered Markdown.

Only the Markdown the letter templates write is understood: blank-line separated paragraphs,
``**bold**``, hard line breaks (two trailing spaces), ``#`` headings, ``1.`` numbered items and
backslash escapes. The mandates header (a first paragraph that is all bold) is centred; a
level-1 or level-2 heading after the start (the annex) begins a new page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class Align(StrEnum):
    """How a paragraph is aligned on the page."""

    LEFT = "left"
    CENTER = "center"
    JUSTIFY = "justify"


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False


Line = tuple[Run, ...]


@dataclass(frozen=True)
class Heading:
    """A heading, e.g. "Annex" (level 2) or "Reference to international human rights law" (3)."""

    level: int
    runs: Line


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; several lines when it has hard line breaks (reference, signatures)."""

    lines: tuple[Line, ...]
    align: Align = Align.JUSTIFY


@dataclass(frozen=True)
class NumberedItem:
    """An item of a numbered list, e.g. a question."""

    number: int
    runs: Line


@dataclass(frozen=True)
class PageBreak:
    """The start of a new page (before the annex)."""


Block = Heading | Paragraph | NumberedItem | PageBreak


@dataclass(frozen=True)
class Document:
    """A rendered letter: the blocks in reading order."""

    blocks: tuple[Block, ...]


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_NUMBERED = re.compile(r"^(\d{1,3})\.\s+(.*)$")
_ESCAPABLE = "\\`*_{}[]()#+-.!|>~<"
_INLINE_TOKEN = re.compile(rf"\\(?P<escaped>[{re.escape(_ESCAPABLE)}])|\*\*|[^\\*]+|.")
_LINE_START = re.compile(r"^(\s*)(#|>|[-+](?=\s)|\d+(?=\.\s))", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Escape user text so that no character of it is read as Markdown formatting."""
    if "\n" in text:
        text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))
    else:
        text = text.rstrip()
    return _escape_line_starts(_escape_text(text))


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match[2]
    return match[1] + (marker + "\\" if marker[0].isdigit() else "\\" + marker)


def _escape_line_starts(markdown: str) -> str:
    """Escape what would start a heading, quote or list at the start of a line."""
    if "\n" in markdown:
        return _LINE_START.sub(_escape_line_start, markdown)
    match = _LINE_START.match(markdown)  # one line: it starts only at the start
    return markdown if match is None else _escape_line_start(match) + markdown[match.end() :]


def plain_text_of(runs: Line) -> str:
    """The text of a line without formatting."""
    return "".join(run.text for run in runs)


def _inline(text: str, bold: bool) -> tuple[Line, bool]:
    """Parse one line's escapes and ``**`` markers; returns its runs and the bold state after it."""
    if "\\" not in text and "*" not in text:  # plain text: one run, or none
        return ((Run(text, bold),) if text else ()), bold
    runs: list[Run] = []
    buffer: list[str] = []
    for token in _INLINE_TOKEN.finditer(text):
        if token[0] == "**":
            if buffer:
                runs.append(Run("".join(buffer), bold))
                buffer = []
            bold = not bold
        else:
            buffer.append(token["escaped"] or token[0])
    if buffer:
        runs.append(Run("".join(buffer), bold))
    return tuple(runs), bold


def _paragraph_lines(source_lines: list[str]) -> tuple[Line, ...]:
    """Join soft-wrapped lines with a space and split at hard breaks (two trailing spaces)."""
    logical: list[str] = [""]
    for raw in source_lines:
        hard = raw.endswith("  ")
        text = raw.strip()
        logical[-1] = f"{logical[-1]} {text}" if logical[-1] else text
        if hard:
            logical.append("")
    if len(logical) > 1 and not logical[-1]:
        logical.pop()
    lines: list[Line] = []
    bold = False
    for text in logical:
        runs, bold = _inline(text, bold)
        lines.append(runs)
    return tuple(lines)


def _numbered_items(source_lines: list[str]) -> list[NumberedItem]:
    """Split a list chunk into its items; lines not starting with a number continue the item."""
    items: list[tuple[int, list[str]]] = []
    for raw in source_lines:
        match = _NUMBERED.match(raw.strip())
        if match:
            items.append((int(match[1]), [match[2]]))
        else:
            items[-1][1].append(raw.strip())
    return [NumberedItem(n, _inline(" ".join(parts), False)[0]) for n, parts in items]


def parse_markdown(markdown: str) -> Document:
    """Parse the Markdown the letter templates write into a Document."""
    blocks: list[Block] = []
    for chunk in _CHUNK_BREAK.split(markdown.replace("\r\n", "\n")):
        blocks.extend(_chunk_blocks(chunk, first=not blocks))
    return Document(tuple(blocks))


_CHUNK_BREAK = re.compile(r"\n[ \t]*\n")


@lru_cache(maxsize=4096)
def _chunk_blocks(chunk: str, *, first: bool) -> tuple[Block, ...]:
    """The blocks of one blank-line separated chunk; ``first`` if no block comes before it.
    Kept for the next draft: a case's paragraphs come back, mostly unchanged, at every draft
    (the blocks are immutable, and shared)."""
    source_lines = [line for line in chunk.split("\n") if line.strip()]
    if not source_lines:
        return ()
    heading = _HEADING.match(source_lines[0].strip())
    if heading and len(source_lines) == 1:
        level = len(heading[1])
        title = Heading(level, _inline(heading[2], False)[0])
        return (title,) if level > 2 or first else (PageBreak(), title)
    if _NUMBERED.match(source_lines[0].strip()):
        return tuple(_numbered_items(source_lines))
    lines = _paragraph_lines(source_lines)
    all_bold = all(run.bold or not run.text.strip() for line in lines for run in line)
    if first and all_bold:  # the mandates header
        return (Paragraph(lines, Align.CENTER),)
    return (Paragraph(lines, Align.LEFT if len(lines) > 1 else Align.JUSTIFY),)


_TEXT_MARK = re.compile(r"([\\`*_<])")


def _escape_text(text: str) -> str:
    """Escape a run's text for Markdown output: emphasis, code, HTML and autolinks, links."""
    if _TEXT_MARK.search(text):
        text = _TEXT_MARK.sub(r"\\\1", text)
    return text.replace("](", "]\\(") if "](" in text else text


def _markdown_lines(lines: tuple[Line, ...], *, line_start: bool = True) -> str:
    """Write lines as Markdown, keeping one ``**`` pair around bold text that spans a break."""
    out: list[str] = []
    bold = False
    for index, line in enumerate(lines):
        if index:
            out.append("  \n")
        for run in line:
            text = _escape_text(run.text)
            if run.bold != bold:
                if run.bold:
                    stripped = text.lstrip()
                    out.append(text[: len(text) - len(stripped)] + "**")
                    text = stripped
                else:
                    _close_bold(out)
                bold = run.bold
            out.append(text)
    if bold:
        _close_bold(out)
    markdown = "".join(out)
    return _escape_line_starts(markdown) if line_start else markdown


def _close_bold(out: list[str]) -> None:
    """Close a bold stretch before any trailing spaces, as Markdown needs."""
    last = out.pop() if out else ""
    stripped = last.rstrip(" ")
    out.append(stripped + "**" + last[len(stripped) :])


def to_markdown(document: Document) -> str:
    """The letter as Markdown, in the seed letter's style."""
    parts: list[list[str]] = []  # the lines of each part: several for a numbered list
    previous: Block | None = None
    for block in document.blocks:
        if isinstance(block, NumberedItem) and isinstance(previous, NumberedItem):
            parts[-1].append(_block_markdown(block))
        elif not isinstance(block, PageBreak):
            parts.append([_block_markdown(block)])
        previous = block
    return "\n\n".join("\n".join(lines) for lines in parts) + "\n"


@lru_cache(maxsize=4096)
def _block_markdown(block: Heading | Paragraph | NumberedItem) -> str:
    """One block as Markdown (kept, like the parsing, for the next draft)."""
    if isinstance(block, Heading):
        return "#" * block.level + " " + _markdown_lines((block.runs,), line_start=False)
    if isinstance(block, Paragraph):
        return _markdown_lines(block.lines)
    return f"{block.number}. {_markdown_lines((block.runs,), line_start=False)}"


def to_plain_text(document: Document) -> str:
    """The letter as plain text: blank lines between paragraphs, no formatting marks."""
    parts: list[list[str]] = []
    previous: Block | None = None
    for block in document.blocks:
        if isinstance(block, Heading):
            parts.append([plain_text_of(block.runs)])
        elif isinstance(block, Paragraph):
            parts.append(["\n".join(plain_text_of(line) for line in block.lines)])
        elif isinstance(block, NumberedItem):
            item = f"{block.number}. {plain_text_of(block.runs)}"
            if isinstance(previous, NumberedItem):
                parts[-1].append(item)
            else:
                parts.append([item])
        previous = block
    return "\n\n".join("\n".join(lines) for lines in parts) + "\n"
