"""The reminder listeners as plain functions: a Request in, a Reply out, the change in the
session (the runtime's commit, dedupe and delivery are tested in tests/slack)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from sqlalchemy.orm import Session

from bot.cases.letter_models import AddresseeReply
from bot.config import Settings
from bot.errors import UserError
from bot.reminders.models import ReminderStatus
from bot.reminders.service import schedule_for_sent_letter
from bot.slack.outbox import Post
from handlers.reminders.ids import ActionId, BlockId, CallbackId
from handlers.reminders.listeners import record_reply_form, snooze, submit_record_reply
from tests.factories import add_sent_case, reminders_of
from tests.support import listener_request

ON_A_MONDAY = dt.datetime(2017, 3, 20, 10, tzinfo=dt.UTC)  # the reply is due on Friday 24


def clicked(case_id: int) -> dict:
    return {"actions": [{"action_id": ActionId.REMINDER_SNOOZE, "value": str(case_id)}]}


def submitted(case_id: int, date: str | None, summary: str | None = None) -> dict:
    values = {
        BlockId.REPLY_DATE: {ActionId.REPLY_DATE: {"type": "datepicker", "selected_date": date}},
        BlockId.REPLY_SUMMARY: {
            ActionId.REPLY_SUMMARY: {"type": "plain_text_input", "value": summary}
        },
    }
    meta = json.dumps({"case_id": case_id, "channel_id": "C0KAZ"})
    return {"view": {"private_metadata": meta, "state": {"values": values}}}


@pytest.fixture
def sent(session: Session, settings: Settings) -> int:
    case = add_sent_case(session)
    schedule_for_sent_letter(session=session, case=case, settings=settings)
    session.flush()
    return case.id


@time_machine.travel(ON_A_MONDAY, tick=False)
def test_snooze_moves_the_pending_reminders_a_week_and_says_until_when(
    session: Session, settings: Settings, sent: int
) -> None:
    reply = snooze(listener_request(session, settings, clicked(sent), channel="C0KAZ"))

    assert reply.text is not None
    assert (
        "AL KAZ 1/2017" in reply.text
        and "snoozed until" in reply.text
        and "27 March 2017" in reply.text
    )
    pending = [r for r in reminders_of(session, sent) if r.status == ReminderStatus.PENDING.value]
    assert pending and all(r.due_at.date() >= dt.date(2017, 3, 27) for r in pending)


@time_machine.travel(ON_A_MONDAY, tick=False)
def test_snooze_of_a_case_in_another_channel_is_refused(
    session: Session, settings: Settings, sent: int
) -> None:
    with pytest.raises(UserError):
        snooze(listener_request(session, settings, clicked(sent), channel="C0OTHER"))


@time_machine.travel(ON_A_MONDAY, tick=False)
def test_record_reply_opens_a_form_for_the_case(
    session: Session, settings: Settings, sent: int
) -> None:
    reply = record_reply_form(listener_request(session, settings, clicked(sent), channel="C0KAZ"))

    assert reply.modal is not None and reply.modal["callback_id"] == CallbackId.RECORD_REPLY
    assert json.loads(reply.modal["private_metadata"])["case_id"] == sent
    assert reply.text is None and reply.outbox == []


@time_machine.travel(ON_A_MONDAY, tick=False)
def test_a_submitted_reply_is_recorded_and_told_in_the_channel(
    session: Session, settings: Settings, sent: int
) -> None:
    body = submitted(sent, "2017-03-20", "The Government denies the allegations.")
    reply = submit_record_reply(listener_request(session, settings, body, user="U0BOB"))

    (stored,) = session.query(AddresseeReply).all()
    assert (stored.case_id, stored.received_on, stored.recorded_by) == (
        sent,
        dt.date(2017, 3, 20),
        "U0BOB",
    )
    posts = [item for item in reply.outbox if isinstance(item, Post)]
    assert any(p.channel == "C0KAZ" and "recorded the reply" in (p.text or "") for p in posts)


@pytest.mark.parametrize(
    ("date", "says"), [(None, "Pick the date"), ("2017-13-40", "is not a date")]
)
def test_a_reply_without_a_date_is_refused_and_nothing_is_recorded(
    session: Session, settings: Settings, sent: int, date: str | None, says: str
) -> None:
    with pytest.raises(UserError, match=says):
        submit_record_reply(listener_request(session, settings, submitted(sent, date)))
    assert session.query(AddresseeReply).count() == 0
