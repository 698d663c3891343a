"""Withheld names in a letter: found in any form, and replaced for the public version.

A case lists the victims whose names it withholds (its ``victims-withheld`` field),
separated by commas or semicolons; each may carry the label the public version prints in its
place, in brackets: ``Ahmet Aksoy (Mr. A), Zeynep Kaya``. Without a label a name becomes its
initials ("A.A.", "Z.K.", "J.-P.M." for Jean-Pierre Moreau), the same in every language.

What is found, ignoring case and accents ("KAYA", "Kâya"), and over line breaks and changes
of formatting inside the name:
- the whole name, in any case; a possessive stays after the label ("A.A.'s");
- each part of a name of several words, alone, when it is written with a capital (surname
  alone, given name alone): "Aksoy", "Ahmet"; parts of fewer than three letters and
  particles (de, van, al, bin, ...) are not looked for alone. A part alone becomes the
  name's label; a part shared by two withheld names ("Aksoy" of Ahmet and Mehmet Aksoy)
  becomes its initial ("A."), as it cannot say which.
The names of the signing mandate holders are left as they are, even where a part of one is a
withheld name's. ``find_withheld`` looks again, parts in any case, at what was written: what it
finds is for a person to judge, never replaced silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from io import BytesIO

from bot.folding import fold, folded_with_positions
from bot.letters.document import (
    Block,
    Document,
    Heading,
    Line,
    NumberedItem,
    PageBreak,
    Paragraph,
    Run,
)

_SEPARATORS = re.compile(r"[;,\n]")
_LABELLED = re.compile(r"^(?P<name>[^()]*?)\s*\((?P<label>[^()]*)\)\s*$")
_PARTICLES = frozenset(
    "al el bin ibn bint ben da das de del della der des di do dos du la le van von y".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class WithheldName:
    """A victim's name that the public version does not print, and what it prints instead."""

    name: str
    label: str

    @property
    def parts(self) -> tuple[str, ...]:
        """The words of the name that are looked for alone."""
        words = self.name.split()
        if len(words) < 2:
            return ()
        pieces: list[str] = []
        for word in words:  # a hyphenated surname alone, and each of its halves alone
            pieces += [word, *word.split("-")] if "-" in word else [word]
        return tuple(
            dict.fromkeys(w for w in pieces if len(fold(w)) >= 3 and fold(w) not in _PARTICLES)
        )


def initials(name: str) -> str:
    """ "A.A." for Ahmet Aksoy, "J.-P.M." for Jean-Pierre Moreau."""
    return "".join(
        "-".join(f"{piece[0].upper()}." for piece in word.split("-") if piece)
        for word in name.split()
    )


def parse_withheld(text: str | None) -> list[WithheldName]:
    """The names a case withholds, in the order given, each with its label."""
    names: list[WithheldName] = []
    for item in _SEPARATORS.split(text or ""):
        item = " ".join(item.split())
        if not item:
            continue
        labelled = _LABELLED.match(item)
        name, label = (labelled["name"], labelled["label"].strip()) if labelled else (item, "")
        if name.strip():
            names.append(WithheldName(name=name.strip(), label=label or initials(name)))
    return names


class _Folded:
    """A text folded for comparison (``bot.folding``: no accents, no case, one script), with
    where each folded character came from."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded, origin = folded_with_positions(text)
        self.origin = origin if origin is not None else range(len(text))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that a span of the folded text covers."""
        return self.origin[start], self.origin[end - 1] + 1


def _pattern(words: Sequence[str]) -> str:
    """A regular expression for words in sequence: any spacing (a line break too) between
    them, whole words only."""
    tokens = [
        r"\s*-\s*".join(re.escape(fold(piece)) for piece in word.split("-")) for word in words
    ]
    return r"(?<!\w)" + r"\s+".join(tokens) + r"(?!\w)"


@dataclass(frozen=True)
class Hit:
    """A withheld name (or a part of one) found in a text."""

    start: int
    end: int
    name: int  # its index among the withheld names, or -1 for a part several names share
    whole: bool  # the whole name, not a part of it
    label: str  # what replaces it


@dataclass(frozen=True)
class Redactor:
    """Finds and replaces a case's withheld names, leaving the signatories' names alone."""

    names: tuple[WithheldName, ...]
    kept: tuple[str, ...] = ()  # names never replaced: the signing mandate holders

    @cached_property
    def _wholes(self) -> list[tuple[re.Pattern[str], int]]:
        found = [(re.compile(_pattern(n.name.split())), i) for i, n in enumerate(self.names)]
        return sorted(found, key=lambda item: -len(self.names[item[1]].name))

    @cached_property
    def _parts(self) -> list[tuple[re.Pattern[str], int, str]]:
        owners: dict[str, list[int]] = {}
        for index, withheld in enumerate(self.names):
            for part in withheld.parts:
                owners.setdefault(fold(part), []).append(index)
        parts = []
        for key, indexes in owners.items():
            if len(set(indexes)) == 1:
                index = indexes[0]
                parts.append((re.compile(_pattern([key])), index, self.names[index].label))
            else:
                parts.append((re.compile(_pattern([key])), -1, initials(key)))
        return parts

    @cached_property
    def _kept(self) -> list[re.Pattern[str]]:
        return [re.compile(_pattern(name.split())) for name in self.kept if name.split()]

    def hits(self, text: str, *, parts_in_any_case: bool = False) -> list[Hit]:
        """Where the withheld names are in a text, longest first where they overlap; a part
        alone counts only when written with a capital, unless ``parts_in_any_case``."""
        folded = _Folded(text)
        kept = [folded.span(*m.span()) for p in self._kept for m in p.finditer(folded.folded)]
        found: list[Hit] = []
        for pattern, index in self._wholes:
            for match in pattern.finditer(folded.folded):
                start, end = folded.span(*match.span())
                found.append(Hit(start, end, index, True, self.names[index].label))
        for pattern, index, label in self._parts:
            for match in pattern.finditer(folded.folded):
                start, end = folded.span(*match.span())
                if parts_in_any_case or text[start].isupper():
                    found.append(Hit(start, end, index, False, label))
        chosen: list[Hit] = []
        for hit in sorted(found, key=lambda h: (h.start, -(h.end - h.start))):
            taken = chosen[-1].end if chosen else 0
            inside_kept = any(a < hit.end and hit.start < b for a, b in kept)
            if hit.start >= taken and not inside_kept:
                chosen.append(hit)
        return chosen

    def replace(self, text: str) -> str:
        """The text with every withheld name replaced by its label."""
        out, at = [], 0
        for hit in self.hits(text):
            out += [text[at : hit.start], hit.label]
            at = hit.end
        return "".join(out) + text[at:]


@dataclass
class Redaction:
    """A document with the withheld names replaced, and how often each was."""

    document: Document
    counts: list[int]  # per withheld name: how many times it (or a part of it) was replaced
    shared: int = 0  # parts that several names share, replaced by their initial


def _replace_lines(
    lines: tuple[Line, ...], redactor: Redactor, counts: list[int]
) -> tuple[tuple[Line, ...], int]:
    """Lines with the names replaced, each run keeping its formatting. A name over a line
    break or over runs of different formatting becomes its label where it starts; the line
    breaks stay."""
    text = "\n".join("".join(run.text for run in line) for line in lines)
    found = redactor.hits(text)
    if not found:
        return lines, 0
    shared = 0
    for hit in found:
        if hit.name < 0:
            shared += 1
        else:
            counts[hit.name] += 1
    starts = {hit.start: hit for hit in found}
    covered = {i for hit in found for i in range(hit.start, hit.end)}
    new_lines: list[Line] = []
    at = 0
    for index, line in enumerate(lines):
        if index:
            at += 1  # the line break between them
        runs: list[Run] = []
        for run in line:
            pieces: list[str] = []
            for offset, char in enumerate(run.text):
                position = at + offset
                if position in starts:
                    pieces.append(starts[position].label)
                elif position not in covered:
                    pieces.append(char)
            at += len(run.text)
            if pieces:
                runs.append(Run("".join(pieces), run.bold))
        new_lines.append(tuple(runs))
    return tuple(new_lines), shared


def redact(document: Document, redactor: Redactor) -> Redaction:
    """The document with every withheld name replaced by its label; nothing else changes."""
    counts = [0] * len(redactor.names)
    shared = 0
    blocks: list[Block] = []
    for block in document.blocks:
        if isinstance(block, PageBreak):
            blocks.append(block)
            continue
        if isinstance(block, Paragraph):
            lines, found = _replace_lines(block.lines, redactor, counts)
            blocks.append(Paragraph(lines, block.align) if found or lines != block.lines else block)
        else:
            (runs,), found = _replace_lines((block.runs,), redactor, counts)
            if isinstance(block, Heading):
                blocks.append(Heading(block.level, runs))
            else:
                blocks.append(NumberedItem(block.number, runs))
        shared += found
    return Redaction(Document(tuple(blocks)), counts, shared)


def document_paragraphs(document: Document) -> list[str]:
    """The text of each block (page breaks left out), lines joined by line breaks."""
    texts = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            texts.append("\n".join("".join(run.text for run in line) for line in block.lines))
        elif isinstance(block, Heading | NumberedItem):
            texts.append("".join(run.text for run in block.runs))
    return texts


def docx_paragraphs(data: bytes) -> list[str]:
    """Every text a Word file holds, as Word shows it: its paragraphs, headers and footers,
    and what the file says of itself (title, subject, keywords)."""
    from docx import Document as open_word_document  # noqa: PLC0415 - only when checking

    word = open_word_document(BytesIO(data))
    texts = [paragraph.text for paragraph in word.paragraphs]
    for table in word.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    for section in word.sections:
        for part in (section.header, section.footer, section.first_page_header):
            texts += [paragraph.text for paragraph in part.paragraphs]
    core = word.core_properties
    texts += [core.title or "", core.subject or "", core.keywords or "", core.comments or ""]
    return texts


def find_withheld(texts: Iterable[str], redactor: Redactor) -> list[tuple[int, Hit]]:
    """Every withheld name, or part of one in any case, still in these texts: (the text's
    number from 1, where in it)."""
    return [
        (number, hit)
        for number, text in enumerate(texts, start=1)
        for hit in redactor.hits(text, parts_in_any_case=True)
    ]
