"""Listing numbered paragraphs (allegations, questions) in full, within Slack's limits."""

from __future__ import annotations

from bot.cases.models import Case
from bot.cases.paragraphs import ParagraphKind, paragraphs
from bot.commands.base import Reply
from bot.slack.blocks import BlockBudget, to_dicts
from bot.slack.escape import escape_mrkdwn


def list_reply(case: Case, kind: ParagraphKind) -> Reply:
    """Every paragraph numbered; what does not fit in one message is said."""
    items = paragraphs(case, kind)
    budget = BlockBudget()
    budget.section(
        f"*{kind.name.capitalize()}s of case #{case.id} ({escape_mrkdwn(case.reference)})*"
    )
    if not items:
        budget.section(f"No {kind.name}s yet.")
    for number, item in enumerate(items, 1):
        budget.section(f"*{number}.* {escape_mrkdwn(item.text)}")
    blocks = budget.finish(f"Too long for one message: {budget.left_out} more not shown.")
    return Reply(text=f"{len(items)} {kind.name}(s)", blocks=to_dicts(blocks))
