"""Numbered paragraphs (allegations, questions): list, add, edit, remove, move."""

from __future__ import annotations

import re

from bot.cases.models import Case
from bot.cases.paragraphs import (
    ParagraphKind,
    add_paragraph,
    edit_paragraph,
    move_paragraph,
    paragraphs,
    remove_paragraph,
)
from bot.slack.blocks import BlockBudget, to_dicts
from bot.slack.commands import Invocation, Reply
from bot.slack.escape import escape_mrkdwn
from handlers.cases.card import card_update

EDIT = re.compile(r"^edit\s+#?(\d+)(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
REMOVE = re.compile(r"^remove\s+#?(\d+)$", re.IGNORECASE)
MOVE = re.compile(r"^move\s+#?(\d+)\s+(?:to\s+)?#?(\d+)$", re.IGNORECASE)


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


def paragraph_command(invocation: Invocation, case: Case, kind: ParagraphKind, rest: str) -> Reply:
    """``list``, ``edit <n> <text>``, ``remove <n>``, ``move <n> <to>``, or a paragraph to add."""
    session, actor = invocation.session, invocation.user_id
    name = kind.name.capitalize()
    if rest.lower() == "list":
        return list_reply(case, kind)
    if match := EDIT.match(rest):
        text = match[2] or ""
        n = edit_paragraph(
            session=session, case=case, kind=kind, number=match[1], text=text, actor=actor
        )
        return Reply(text=f"{name} {n} of case #{case.id} changed.").then(card_update(case))
    if match := REMOVE.match(rest):
        remove_paragraph(session=session, case=case, kind=kind, number=match[1], actor=actor)
        text = f"{name} {match[1]} of case #{case.id} removed; the others are renumbered."
        return Reply(text=text).then(card_update(case))
    if match := MOVE.match(rest):
        move_paragraph(
            session=session, case=case, kind=kind, number=match[1], to=match[2], actor=actor
        )
        text = f"{name} {match[1]} of case #{case.id} is now number {match[2]}."
        return Reply(text=text).then(card_update(case))
    n = add_paragraph(session=session, case=case, kind=kind, text=rest, actor=actor)
    text = f"{name} {n} added to case #{case.id} ({case.reference})."
    return Reply(text=text).then(card_update(case))
