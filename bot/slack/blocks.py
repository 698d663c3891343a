"""Block Kit builders: pure functions from domain objects to slack_sdk block models."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.cases.models import Case
from bot.cases.service import addressee_name
from bot.slack.escape import escape_mrkdwn, plain

SECTION_LIMIT = 3000


def mrkdwn_section(text: str) -> SectionBlock:
    """A section of already-escaped mrkdwn, cut to Slack's limit only as a last resort."""
    if len(text) > SECTION_LIMIT:
        text = text[: SECTION_LIMIT - 1] + "…"
    return SectionBlock(text=MarkdownTextObject(text=text))


def case_title(case: Case) -> str:
    """``AL KAZ 1/2017 · Kazakhstan`` (plain text)."""
    return f"{case.reference} · {addressee_name(case)}"


def build_case_card(case: Case) -> list[Block]:
    """The case card posted when a case is opened and updated in place as it changes."""
    mandates = ", ".join(m.code for m in case.mandates)
    kind = case.letter_type.label + (" (joint)" if case.is_joint else "")
    fields = [
        MarkdownTextObject(text=f"*Type*\n{kind}"),
        MarkdownTextObject(text=f"*Mandates*\n{escape_mrkdwn(mandates)}"),
        MarkdownTextObject(text=f"*Addressee*\n{escape_mrkdwn(addressee_name(case))}"),
        MarkdownTextObject(text=f"*Status*\n{case.status.value}"),
    ]
    counts = (
        f"{len(case.allegations)} allegation(s) · {len(case.citations)} citation(s) · "
        f"{len(case.questions)} question(s) · language {case.language} · "
        f"reply within {case.reply_days} days"
    )
    return [
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
        DividerBlock(),
    ]


def case_card_text(case: Case) -> str:
    """Plain fallback text of the case card (notifications, screen readers)."""
    return f"Case #{case.id}: {case_title(case)}, concerning {plain(case.subject, 200)}"


def to_dicts(blocks: list[Block]) -> list[dict]:
    """Validated dicts ready for the Web API."""
    result = []
    for block in blocks:
        block.validate_json()
        result.append(block.to_dict())
    return result
