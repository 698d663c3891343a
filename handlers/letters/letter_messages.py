"""The letter as Slack messages: Block Kit mrkdwn sections, split to fit Slack's limits.

Limits kept: 50 blocks per message, 3,000 characters per section text, and about 12,000
characters of block text per message (Slack's undocumented ``msg_blocks_too_long``). Long
paragraphs are split at sentence boundaries, then between words; no text is ever dropped.
Every character of the letter is escaped for mrkdwn, so ``<!channel>`` typed in an allegation
shows as text and pings nobody.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bot.letters.document import Document, Heading, Line, NumberedItem, PageBreak, Paragraph, Run
from bot.slack.escape import escape_mrkdwn

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_MESSAGE_CHARS = 12000
_RESERVED_BLOCKS = 2  # the title and the "Part i of n" context block
_RESERVED_CHARS = 200
_SENTENCE_END = re.compile(r"(?<=[.!?;:])(?=\s)")
_WORD_END = re.compile(r"(?=\s)")


def _bold(text: str) -> str:
    """Wrap text in Slack's bold markers line by line, keeping spaces outside the markers."""
    parts = []
    for line in text.split("\n"):
        core = line.strip()
        if not core:
            parts.append(line)
            continue
        start = line.index(core)
        parts.append(f"{line[:start]}*{core}*{line[start + len(core) :]}")
    return "\n".join(parts)


def _mrkdwn(runs: Line) -> str:
    """Write runs as escaped mrkdwn; adjacent runs of one formatting are merged first."""
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].bold == run.bold:
            merged[-1] = Run(merged[-1].text + run.text, run.bold)
        else:
            merged.append(run)
    return "".join(
        _bold(escape_mrkdwn(run.text)) if run.bold else escape_mrkdwn(run.text) for run in merged
    ).strip()


def _cut(runs: Line, boundary: re.Pattern[str]) -> list[Line]:
    """Cut runs into pieces at a boundary; the pieces joined give back the same text."""
    pieces: list[list[Run]] = [[]]
    for run in runs:
        for index, fragment in enumerate(boundary.split(run.text)):
            if index:
                pieces.append([])
            if fragment:
                pieces[-1].append(Run(fragment, run.bold))
    return [tuple(piece) for piece in pieces if piece]


def _hard_cut(runs: Line, limit: int) -> list[Line]:
    """Cut a single over-long word into pieces by characters (nothing else is left to cut at)."""
    text = "".join(run.text for run in runs)
    bold = runs[0].bold if runs else False
    size = max(1, limit // 6)  # escaping can grow a character to five ("&amp;"), plus markers
    return [(Run(text[i : i + size], bold),) for i in range(0, len(text), size)]


def _split(runs: Line, limit: int = MAX_SECTION_CHARS) -> list[str]:
    """Split runs into mrkdwn texts of at most ``limit`` characters: sentences, then words."""
    whole = _mrkdwn(runs)
    if len(whole) <= limit:
        return [whole]
    chunks: list[str] = []
    current: list[Run] = []
    for boundary in (_SENTENCE_END, _WORD_END, None):
        pieces = _cut(runs, boundary) if boundary else _hard_cut(runs, limit)
        if boundary and len(pieces) < 2:
            continue
        for piece in pieces:
            if len(_mrkdwn(tuple(current) + piece)) <= limit:
                current.extend(piece)
                continue
            if current:
                chunks.append(_mrkdwn(tuple(current)))
            if len(_mrkdwn(piece)) <= limit:
                current = list(piece)
            else:
                chunks.extend(_split(piece, limit))
                current = []
        if current:
            chunks.append(_mrkdwn(tuple(current)))
        return [chunk for chunk in chunks if chunk]
    return chunks  # pragma: no cover - the hard cut always returns


def _block_texts(document: Document) -> Iterator[str | None]:
    """The mrkdwn section texts in reading order; None marks a page break (a divider)."""
    for block in document.blocks:
        if isinstance(block, PageBreak):
            yield None
        else:
            yield from _section_texts(block)


@lru_cache(maxsize=4096)
def _section_texts(block: Heading | Paragraph | NumberedItem) -> tuple[str, ...]:
    """One block's section texts (kept for the next draft, as its parsing is)."""
    if isinstance(block, Heading):
        return tuple(_split(tuple(Run(run.text, True) for run in block.runs)))
    if isinstance(block, NumberedItem):
        return tuple(_split((Run(f"{block.number}. "), *block.runs)))
    runs: list[Run] = []
    for index, line in enumerate(block.lines):
        if index:
            runs.append(Run("\n"))
        runs.extend(line)
    return tuple(_split(tuple(runs)))


@dataclass
class _Message:
    """Blocks gathered for one message, with their text size."""

    blocks: list[dict[str, Any]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    size: int = 0


def _section(text: str) -> dict[str, Any]:
    """A mrkdwn section block."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _fallback(texts: list[str]) -> str:
    """The plain ``text`` of a message: its sections without bold markers."""
    return "\n\n".join(texts).replace("*", "")


def to_slack_messages(document: Document, *, title: str | None = None) -> list[dict[str, Any]]:
    """Slack message payloads ``{"text": ..., "blocks": [...]}`` holding the whole letter."""
    title_texts = _split((Run(title, True),)) if title else []
    messages = [_Message()]
    for title_text in title_texts:
        messages[0].blocks.append(_section(title_text))
        messages[0].texts.append(title_text)
        messages[0].size += len(title_text)
    for text in _block_texts(document):
        message = messages[-1]
        size = len(text) if text else 0
        full = len(message.blocks) + 1 > MAX_BLOCKS - _RESERVED_BLOCKS or (
            message.size + size > MAX_MESSAGE_CHARS - _RESERVED_CHARS
        )
        if full and message.blocks:
            message = _Message()
            messages.append(message)
        if text is None:
            if message.blocks:
                message.blocks.append({"type": "divider"})
            continue
        message.blocks.append(_section(text))
        message.texts.append(text)
        message.size += size
    count = len(messages)
    payloads = []
    for number, message in enumerate(messages, start=1):
        blocks = list(message.blocks)
        fallback = _fallback(message.texts)
        if count > 1:
            part = f"Part {number} of {count}"
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": part}]})
            fallback = f"({part}) {fallback}"
        payloads.append({"text": fallback, "blocks": blocks})
    return payloads
