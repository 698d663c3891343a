"""Block Kit as plain dicts, for answers built on every request (/case list, /case show),
where slack_sdk's objects and their validation cost more than the text they carry.

Each builder keeps Slack's limits by construction (a section's 3,000 characters, a header's
150), and ``DictBudget`` is ``BlockBudget``'s ``Budget`` of a message (50 blocks, about 11,000
characters) for dicts; the dicts are those ``to_dicts`` gives for the same slack_sdk blocks.
"""

from __future__ import annotations

from bot.slack.blocks import MESSAGE_BLOCKS, MESSAGE_CHARS, SECTION_LIMIT, Budget

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


class DictBudget(Budget[dict]):
    """A ``Budget`` of dict blocks: the same rules as ``BlockBudget``'s."""

    def __init__(self, *, max_blocks: int = MESSAGE_BLOCKS, max_chars: int = MESSAGE_CHARS):
        super().__init__(section, context, max_blocks=max_blocks, max_chars=max_chars)
