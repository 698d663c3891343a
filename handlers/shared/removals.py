"""The answer to a removal (what went, with an Undo button) and the Undo button itself.

Allegations, questions, body paragraphs and annex items answer their removal alike; the
button's value is the removal's id (bot.cases.removals keeps the rest), so it stays small and
works after a restart.
"""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement

from bot.cases.models import Removal
from bot.cases.removals import undo_removal
from bot.errors import NotFound
from bot.grammar import counted
from bot.slack.blocks import mrkdwn_section, to_dicts
from bot.slack.commands import Reply
from bot.slack.escape import escape_mrkdwn
from bot.slack.runtime import Request
from handlers.shared.ids import RemovalActionId

QUOTE_LIMIT = 2500  # of a removed paragraph quoted in the answer, within a 3,000-char section


def quoted(text: str, limit: int = QUOTE_LIMIT) -> str:
    """User text quoted in mrkdwn, cut with an ellipsis so that it stays within ``limit``
    characters once escaped (``&`` becomes ``&amp;``)."""
    shown = escape_mrkdwn(text)
    while len(shown) > limit:
        text = text[: len(text) - (len(shown) - limit) - 1]
        shown = escape_mrkdwn(text) + "…"
    return f"“{shown}”"


def build_removed(text: str, removal: Removal) -> list[Block]:
    """The answer's text (escaped mrkdwn) and the Undo button of this removal."""
    undo = ButtonElement(text="Undo", action_id=RemovalActionId.UNDO, value=str(removal.id))
    return [mrkdwn_section(text), ActionsBlock(elements=[undo])]


def removed_reply(text: str, removal: Removal) -> Reply:
    """A removal's answer: ``text`` says what went; the blocks add the Undo button."""
    return Reply(text=text, blocks=to_dicts(build_removed(text, removal)))


def undo(request: Request) -> Reply:
    """ "Undo": the removed item back at its place, for the person who removed it."""
    value = str(((request.body.get("actions") or [{}])[0]).get("value", ""))
    if not value.isdigit():
        raise NotFound("That Undo button names no removal: nothing was restored.")
    restored = undo_removal(session=request.session, removal_id=int(value), actor=request.user_id)
    case, kind = restored.case, restored.kind
    text = (
        f"{kind.name.capitalize()} {restored.number} of case #{case.id} "
        f"({escape_mrkdwn(case.reference)}) is back in its place "
        f"({counted(restored.count, kind.name)} now): {quoted(restored.text, 300)}"
    )
    return Reply(text=text)
