"""Block Kit builders: pure functions from domain objects to slack_sdk block models."""

from __future__ import annotations

import datetime as dt

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.cases.models import Case
from bot.cases.service import addressee_name
from bot.cases.state import CaseState, case_state
from bot.slack.escape import escape_mrkdwn, plain
from bot.slack.ids import ActionId

SECTION_LIMIT = 3000


def mrkdwn_section(text: str) -> SectionBlock:
    """A section of already-escaped mrkdwn, cut to Slack's limit only as a last resort."""
    if len(text) > SECTION_LIMIT:
        text = text[: SECTION_LIMIT - 1] + "…"
    return SectionBlock(text=MarkdownTextObject(text=text))


def case_title(case: Case) -> str:
    """``AL KAZ 1/2017 · Kazakhstan`` (plain text)."""
    return f"{case.reference} · {addressee_name(case)}"


STATE_ICONS = {
    CaseState.DRAFT: ":memo:",
    CaseState.IN_REVIEW: ":mag:",
    CaseState.CLEARED: ":white_check_mark:",
    CaseState.SENT: ":outbox_tray:",
    CaseState.REPLY_RECEIVED: ":inbox_tray:",
    CaseState.OVERDUE: ":warning:",
    CaseState.CLOSED: ":lock:",
}


def build_case_card(case: Case, today: dt.date | None = None) -> list[Block]:
    """The case card posted when a case is opened and updated in place as it changes."""
    today = today or dt.datetime.now(dt.UTC).date()
    state, label = case_state(case, today=today)
    mandates = ", ".join(m.code for m in case.mandates)
    kind = case.letter_type.label + (" (joint)" if case.is_joint else "")
    fields = [
        MarkdownTextObject(text=f"*Type*\n{kind}"),
        MarkdownTextObject(text=f"*Mandates*\n{escape_mrkdwn(mandates)}"),
        MarkdownTextObject(text=f"*Addressee*\n{escape_mrkdwn(addressee_name(case))}"),
        MarkdownTextObject(text=f"*State*\n{STATE_ICONS[state]} {escape_mrkdwn(label)}"),
    ]
    counts = (
        f"{len(case.allegations)} allegation(s) · {len(case.citations)} citation(s) · "
        f"{len(case.questions)} question(s) · language {case.language} · "
        f"reply within {case.reply_days} days"
    )
    blocks: list[Block] = [
        HeaderBlock(text=plain(case_title(case), 150)),
        SectionBlock(
            text=MarkdownTextObject(
                text=f"*Case #{case.id}* concerning *{escape_mrkdwn(plain(case.subject, 2800))}*"
            ),
        ),
        SectionBlock(fields=fields),
        ContextBlock(
            elements=[
                MarkdownTextObject(text=counts),
                MarkdownTextObject(text=f"opened by <@{case.opened_by}>"),
            ]
        ),
    ]
    if state in {CaseState.SENT, CaseState.OVERDUE, CaseState.REPLY_RECEIVED}:
        blocks.append(
            ActionsBlock(
                block_id="case-card-actions",
                elements=[
                    ButtonElement(
                        text="Record reply",
                        action_id=ActionId.REMINDER_RECORD_REPLY,
                        value=str(case.id),
                    )
                ],
            )
        )
    blocks.append(DividerBlock())
    return blocks


def case_card_text(case: Case) -> str:
    """Plain fallback text of the case card (notifications, screen readers)."""
    return f"Case #{case.id}: {escape_mrkdwn(case_title(case))}, concerning {escape_mrkdwn(plain(case.subject, 200))}"


def to_dicts(blocks: list[Block]) -> list[dict]:
    """Validated dicts ready for the Web API."""
    result = []
    for block in blocks:
        block.validate_json()
        result.append(block.to_dict())
    return result


MESSAGE_BLOCKS = 50
MESSAGE_CHARS = 11_000  # below Slack's undocumented ~13,000 characters of blocks per message


class BlockBudget:
    """Collects blocks for one message without passing Slack's limits.

    Once the next block would not fit, it stops and ends with a note saying what was left out.
    """

    def __init__(self, *, max_blocks: int = MESSAGE_BLOCKS, max_chars: int = MESSAGE_CHARS):
        self.blocks: list[Block] = []
        self.max_blocks = max_blocks - 1  # keep one block for the "more" note
        self.max_chars = max_chars
        self.chars = 0
        self.left_out = 0

    def add(self, block: Block, size: int = 0) -> bool:
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
        return all(self.add(mrkdwn_section(chunk), len(chunk)) for chunk in chunks)

    def finish(self, more: str) -> list[Block]:
        """The blocks, with a closing note when something did not fit."""
        if self.left_out:
            self.blocks.append(ContextBlock(elements=[MarkdownTextObject(text=more)]))
        return self.blocks


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
