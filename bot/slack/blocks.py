"""Block Kit helpers every feature uses: validated dicts, sections within Slack's limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

B = TypeVar("B")  # a block: slack_sdk's, or its dict

SECTION_LIMIT = 3000


def mrkdwn_section(text: str) -> SectionBlock:
    """A section of already-escaped mrkdwn, cut to Slack's limit only as a last resort."""
    if len(text) > SECTION_LIMIT:
        text = text[: SECTION_LIMIT - 1] + "…"
    return SectionBlock(text=MarkdownTextObject(text=text))


def to_dicts(blocks: list[Block]) -> list[dict]:
    """Validated dicts ready for the Web API."""
    result = []
    for block in blocks:
        block.validate_json()
        result.append(block.to_dict())
    return result


MESSAGE_BLOCKS = 50
MESSAGE_CHARS = 11_000  # below Slack's undocumented ~13,000 characters of blocks per message


class Budget(Generic[B]):
    """Collects blocks for one message without passing Slack's limits.

    Once the next block would not fit, it stops and ends with a note saying what was left out.
    The blocks are slack_sdk's (``BlockBudget``) or their dicts (``bot.slack.block_dicts``):
    ``make_section`` and ``make_note`` build a section of mrkdwn and the closing note.
    """

    def __init__(
        self,
        make_section: Callable[[str], B],
        make_note: Callable[[str], B],
        *,
        max_blocks: int = MESSAGE_BLOCKS,
        max_chars: int = MESSAGE_CHARS,
    ):
        self.blocks: list[B] = []
        self.max_blocks = max_blocks - 1  # keep one block for the "more" note
        self.max_chars = max_chars
        self.chars = 0
        self.left_out = 0
        self._make_section = make_section
        self._make_note = make_note

    def add(self, block: B, size: int = 0) -> bool:
        """Add a block if it fits; False (and counted as left out) otherwise."""
        if (
            self.left_out
            or len(self.blocks) >= self.max_blocks
            or self.chars + size > self.max_chars
        ):
            self.left_out += 1
            return False
        self.blocks.append(block)
        self.chars += size
        return True

    def section(self, text: str) -> bool:
        """Add escaped mrkdwn text as one or more sections of at most 3,000 characters."""
        chunks = split_text(text, SECTION_LIMIT)
        if (
            self.chars + sum(map(len, chunks)) > self.max_chars
            or len(self.blocks) + len(chunks) > self.max_blocks
        ):
            self.left_out += 1
            return False
        return all(self.add(self._make_section(chunk), len(chunk)) for chunk in chunks)

    def finish(self, more: str) -> list[B]:
        """The blocks, with a closing note when something did not fit."""
        if self.left_out:
            self.blocks.append(self._make_note(more))
        return self.blocks


class BlockBudget(Budget[Block]):
    """A ``Budget`` of slack_sdk blocks."""

    def __init__(self, *, max_blocks: int = MESSAGE_BLOCKS, max_chars: int = MESSAGE_CHARS):
        super().__init__(
            mrkdwn_section,
            lambda more: ContextBlock(elements=[MarkdownTextObject(text=more)]),
            max_blocks=max_blocks,
            max_chars=max_chars,
        )


def split_text(text: str, limit: int) -> list[str]:
    """Split text into pieces of at most ``limit`` characters, at line or word boundaries."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = text.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text or not pieces:
        pieces.append(text)
    return pieces


def pack_lines(
    lines: list[tuple[int, str]], *, max_sections: int, max_chars: int
) -> tuple[list[str], int]:
    """Numbered lines packed into sections of at most 3,000 characters; the last number shown."""
    chunks: list[str] = []
    shown = used = 0
    for number, line in lines:
        if used + len(line) + 1 > max_chars:
            break
        if chunks and len(chunks[-1]) + 1 + len(line) <= SECTION_LIMIT:
            chunks[-1] += "\n" + line
        elif len(chunks) < max_sections:
            chunks.append(line[:SECTION_LIMIT])
        else:
            break
        used += len(line) + 1
        shown = number
    return chunks, shown
