"""Confirm and correct: the Clear buttons ask first, /letter send shows what will be sent and
only its Send button sends (the version confirmed, if it is still the cleared current one),
and whoever cleared can withdraw with a button until the letter is sent."""

from __future__ import annotations

import datetime as dt
import json

from slack_sdk.models.blocks import Block
from sqlalchemy import func, select

from bot.cases.letter_models import Clearance
from bot.cases.models import Case
from bot.local.workspace import LocalWorkspace, find_action
from bot.slack.messages import VERSION, find
from handlers.letters.commands import LETTER
from handlers.letters.ids import ActionId
from tests.factories import build_case, clear, cleared_case, header_of, versions


def buttons(blocks: list[dict]) -> list[dict]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_every_clear_button_asks_for_confirmation(workspace: LocalWorkspace, session) -> None:
    build_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    (v1,) = versions(session)
    header = header_of(workspace, v1)
    clears = [b for b in buttons(header["blocks"]) if b["action_id"].startswith("clear_version")]
    assert len(clears) == 2
    for button in clears:
        confirm = button["confirm"]
        code = button["action_id"].split(":")[1]
        assert confirm["title"]["text"] == f"Clear for {code}?"
        assert "v1" in confirm["text"]["text"] and "AL KAZ 1/" in confirm["text"]["text"]
        assert confirm["confirm"]["text"] == "Clear" and confirm["deny"]["text"] == "Cancel"
    for block in header["blocks"]:
        Block.parse(block).validate_json()


def test_send_asks_first_and_only_the_button_sends(workspace: LocalWorkspace, session) -> None:
    cleared_case(workspace, session)
    asked = workspace.command("/letter 1 send 2017-01-23")

    assert asked.ack["response_type"] == "ephemeral"
    text = str(asked.ack["blocks"])
    for part in ("AL KAZ 1/", "v1", "2017-01-23", "2017-03-24"):
        assert part in text, part
    send, cancel = buttons(asked.ack["blocks"])
    assert (send["action_id"], cancel["action_id"]) == (ActionId.SEND_LETTER, ActionId.CANCEL_SEND)
    assert send["confirm"]["confirm"]["text"] == "Send"
    (v1,) = versions(session)
    assert json.loads(send["value"]) == {"case": 1, "version": v1.id, "date": "2017-01-23"}
    for block in asked.ack["blocks"]:
        Block.parse(block).validate_json()
    assert session.get(Case, 1).sent_on is None  # nothing sent by asking

    cancelled = workspace.click(asked.ack, ActionId.CANCEL_SEND)
    assert "Not sent" in cancelled.text
    session.expire_all()
    assert session.get(Case, 1).sent_on is None

    sent = workspace.click(asked.ack, ActionId.SEND_LETTER)
    assert "recorded as sent on 2017-01-23" in sent.text and "2017-03-24" in sent.text
    session.expire_all()
    case = session.get(Case, 1)
    assert (case.sent_on, case.due_on, case.sent_version_id) == (
        dt.date(2017, 1, 23),
        dt.date(2017, 3, 24),
        v1.id,
    )
    again = workspace.click(asked.ack, ActionId.SEND_LETTER)  # a second click changes nothing
    assert "already sent" in again.text
    assert session.get(Case, 1).sent_on == dt.date(2017, 1, 23)


def test_a_confirmation_for_a_version_no_longer_current_sends_nothing(
    workspace: LocalWorkspace, session
) -> None:
    cleared_case(workspace, session)
    asked = workspace.command("/letter 1 send 2017-01-23")
    # Meanwhile the case changes, a v2 is drafted and cleared.
    workspace.command("/allegation 1 A late addition.")
    stale = workspace.click(asked.ack, ActionId.SEND_LETTER)
    assert "changed after v1" in stale.text
    workspace.command("/letter 1 draft", user="U0ALICE")
    _, v2 = versions(session)
    clear(workspace, v2, "FOAA", "U0BOB")
    clear(workspace, v2, "HRD", "U0BOB")

    refused = workspace.click(asked.ack, ActionId.SEND_LETTER)

    assert "v1 is no longer the cleared current version" in refused.text
    session.expire_all()
    assert session.get(Case, 1).sent_on is None
    fresh = workspace.command("/letter 1 send 2017-01-23")
    assert "v2" in str(fresh.ack["blocks"])
    assert "recorded as sent" in workspace.click(fresh.ack, ActionId.SEND_LETTER).text


def test_whoever_cleared_can_withdraw_with_the_button(workspace: LocalWorkspace, session) -> None:
    build_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    (v1,) = versions(session)
    assert find_action(header_of(workspace, v1)["blocks"], ActionId.WITHDRAW_CLEARANCE) is None
    clear(workspace, v1, "FOAA", "U0BOB")
    header = header_of(workspace, v1)
    withdraw = find_action(header["blocks"], ActionId.WITHDRAW_CLEARANCE)
    assert withdraw is not None
    button = next(b for b in buttons(header["blocks"]) if b["action_id"] == "withdraw_clearance")
    assert button["confirm"]["confirm"]["text"] == "Withdraw"

    refused = workspace.click(header, ActionId.WITHDRAW_CLEARANCE, user="U0CAROL")
    assert "only the person who gave a clearance can withdraw it" in refused.text
    assert session.scalar(select(func.count(Clearance.id))) == 1

    done = workspace.click(header, ActionId.WITHDRAW_CLEARANCE, user="U0BOB")
    assert "Your clearance of v1 of case #1 for FOAA is withdrawn" in done.text
    assert session.scalar(select(func.count(Clearance.id))) == 0
    thread = workspace.fake.thread("C0CASES", find(session, VERSION, v1.id).ts)
    assert any("withdrew the clearance of v1 for FOAA" in m["text"] for m in thread)
    header = header_of(workspace, v1)  # refreshed: Clear for FOAA again, no Withdraw
    assert find_action(header["blocks"], f"{ActionId.CLEAR_VERSION}:FOAA") is not None
    assert find_action(header["blocks"], ActionId.WITHDRAW_CLEARANCE) is None


def test_no_withdraw_button_once_sent(workspace: LocalWorkspace, session) -> None:
    cleared_case(workspace, session)
    asked = workspace.command("/letter 1 send 2017-01-23")
    workspace.click(asked.ack, ActionId.SEND_LETTER)
    (v1,) = versions(session)
    assert find_action(header_of(workspace, v1)["blocks"], ActionId.WITHDRAW_CLEARANCE) is None


def test_help_describes_confirmation_withdrawal_and_correction() -> None:
    for words in ("confirm", "Send", "Withdraw my clearance", "withdraw", "sent-on"):
        assert words in LETTER.help, words
