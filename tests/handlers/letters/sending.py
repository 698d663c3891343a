"""Sending a letter as a person does: /letter <case> send [date], then its Send button."""

from __future__ import annotations

from bot.local.workspace import Answer, LocalWorkspace, find_action
from handlers.letters.ids import ActionId


def send_letter(
    workspace: LocalWorkspace, line: str, *, user: str = "U0ALICE", channel: str = "C0CASES"
) -> Answer:
    """The command, then Send in its confirmation (the click's answer); a refusal as is."""
    asked = workspace.command(line, user=user, channel=channel)
    if find_action(asked.ack.get("blocks") or [], ActionId.SEND_LETTER) is None:
        return asked
    return workspace.click(asked.ack, ActionId.SEND_LETTER, user=user, channel=channel)
