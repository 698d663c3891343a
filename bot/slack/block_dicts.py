"""Block Kit as plain dicts, for answers built on every request (/case list, /case show),
where slack_sdk's objects and their validation cost more than the text they carry.

Each builder keeps Slack's limits by construction (a section's 3,000 characters, a header's
150), and ``DictBudget`` keeps ``BlockBudget``'s rules for a message (50 blocks, about 11,000
characters); the dicts are those ``to_dicts`` gives for the same slack_sdk blocks.
"""

from __future__ import annotations

from bot.slack.blocks import MESSAGE_BLOCKS, MESSAGE_CHARS, SECTION_LIMIT, split_text

HEADER_LIMIT = 150
CONTEXT_ELEMENTS = 10


def section(text: str) -> dict:
    """``mrkdwn_section(text)`` as a dict: already-escaped mrkdwn, cut only as a last resort."""
    if len(text) > SECTION_LIMIT:
        text = text[: SECTION_LIMIT - 1] + "…"
    return {"text": {"text": text, "type": "mrkdwn"}, "type": "section"}


def header(text: str) -> dict:
    """A header of plain text, cut to Slack's 150 characters."""
    if len(text) > HEADER_LIMIT:
        text = text[: HEADER_LIMIT - 1] + "…"
    return {"text": {"emoji": True, "text": text, "type": "plain_text"}, "type": "header"}


def context(*texts: str) -> dict:
    """A context block of mrkdwn texts (at most ten, each cut to 3,000 characters)."""
    elements = [
        {"text": t if len(t) <= SECTION_LIMIT else t[: SECTION_LIMIT - 1] + "…", "type": "mrkdwn"}
        for t in texts[:CONTEXT_ELEMENTS]
    ]
    return {"elements": elements, "type": "context"}


def divider() -> dict:
    return {"type": "divider"}


class DictBudget:
    """``BlockBudget`` for dict blocks: collects blocks for one message without passing
    Slack's limits; once the next block would not fit, it stops and ends with a note."""

    def __init__(self, *, max_blocks: int = MESSAGE_BLOCKS, max_chars: int = MESSAGE_CHARS):
        self.blocks: list[dict] = []
        self.max_blocks = max_blocks - 1  # keep one block for the "more" note
        self.max_chars = max_chars
        self.chars = 0
        self.left_out = 0

    def add(self, block: dict, size: int = 0) -> bool:
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
        return all(self.add(section(chunk), len(chunk)) for chunk in chunks)

    def finish(self, more: str) -> list[dict]:
        """The blocks, with a closing note when something did not fit."""
        if self.left_out:
            self.blocks.append(context(more))
        return self.blocks
