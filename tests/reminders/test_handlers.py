"""The reminder's buttons and the "Record a reply" modal, through signed requests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.audit.models import AuditEntry
from bot.cases.letter_models import AddresseeReply
from bot.cases.models import Case
from bot.local.workspace import LocalWorkspace
from handlers.reminders.ids import ActionId, BlockId, CallbackId
from tests.factories import reminder_in_channel, reminders_of

OPEN = "/case open KAZ AL FOAA,HRD the permanent closure of the Confederation of Independent Trade Unions"


def submit_reply(workspace: LocalWorkspace, view: dict, date: str, summary: str | None):
    values = {
        BlockId.REPLY_DATE: {ActionId.REPLY_DATE: {"type": "datepicker", "selected_date": date}},
        BlockId.REPLY_SUMMARY: {
            ActionId.REPLY_SUMMARY: {"type": "plain_text_input", "value": summary}
        },
    }
    return workspace.send(
        workspace.requests.view_submission(user_id="U0BOB", view=view, values=values)
    )


def test_record_reply_button_opens_the_modal_and_records_the_reply(
    workspace: LocalWorkspace, sessions: sessionmaker[Session], session: Session
) -> None:
    message = reminder_in_channel(workspace, sessions)
    answer = workspace.click(message, ActionId.REMINDER_RECORD_REPLY, user="U0BOB", channel="C0KAZ")
    assert answer.status == 200
    opened = workspace.fake.calls_to("views.open")
    assert len(opened) == 1
    view = next(
        v for v in workspace.fake.views.values() if v["callback_id"] == CallbackId.RECORD_REPLY
    )

    early = submit_reply(workspace, view, "2016-12-01", None)
    assert early.json["response_action"] == "errors"
    assert "before the letter was sent" in str(early.json["errors"])

    workspace.fake.clear()
    answer = submit_reply(workspace, view, "2017-04-02", "The Government <!channel> denies it.")
    assert answer.status == 200 and answer.body == ""
    reply = session.scalars(select(AddresseeReply)).one()
    assert (reply.received_on, reply.recorded_by) == (dt.date(2017, 4, 2), "U0BOB")
    assert reply.summary == "The Government <!channel> denies it."
    case = session.scalars(select(Case)).one()
    assert {r.status for r in reminders_of(session, case.id)} <= {"posted", "skipped", "cancelled"}
    assert not [r for r in reminders_of(session, case.id) if r.status == "pending"]
    confirmation = [c.params for c in workspace.fake.calls_to("chat.postMessage")]
    assert len(confirmation) == 1 and confirmation[0]["channel"] == "C0KAZ"
    assert "recorded the reply" in confirmation[0]["text"]
    assert "AL KAZ 1/" in confirmation[0]["text"] and "2 April 2017" in confirmation[0]["text"]


def test_snooze_button_moves_reminders_answers_ephemerally_and_is_audited(
    workspace: LocalWorkspace, sessions: sessionmaker[Session], session: Session
) -> None:
    message = reminder_in_channel(workspace, sessions)
    case = session.scalars(select(Case)).one()
    before = [r.due_at for r in reminders_of(session, case.id) if r.status == "pending"]
    answer = workspace.click(message, ActionId.REMINDER_SNOOZE, user="U0CAROL", channel="C0KAZ")
    assert answer.status == 200
    after = [r.due_at for r in reminders_of(session, case.id) if r.status == "pending"]
    assert len(after) == len(before) == 1
    assert after[0] - before[0] >= dt.timedelta(days=6)
    session.expire_all()
    today = dt.datetime.now(workspace.settings.tz).date()
    assert session.get(Case, case.id).snoozed_until == today + dt.timedelta(days=7)
    said = workspace.fake.calls_to("response_url")
    assert said and said[-1].params["response_type"] == "ephemeral"
    assert "snoozed until" in said[-1].params["text"]
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "snooze")).one()
    assert (entry.actor, entry.case_id) == ("U0CAROL", case.id)


def test_buttons_of_another_channel_find_nothing(
    workspace: LocalWorkspace, sessions: sessionmaker[Session], session: Session
) -> None:
    message = reminder_in_channel(workspace, sessions)
    workspace.click(message, ActionId.REMINDER_SNOOZE, channel="C0ELSEWHERE")
    said = workspace.fake.calls_to("response_url")
    assert said and "There is no case" in said[-1].params["text"]
    assert session.scalars(select(AuditEntry).where(AuditEntry.action == "snooze")).all() == []
