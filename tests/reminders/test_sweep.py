"""The sweep: due reminders posted once, in time, with catch-up, retries and leases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from sqlalchemy.orm import Session, sessionmaker

from bot.cases.enums import CaseStatus
from bot.cases.models import Case
from bot.db import unit_of_work
from bot.local.fake import FakeSlack
from bot.reminders.models import ReminderStatus
from bot.reviews.replies import record_reply
from bot.slack.models import OutboxMessage
from bot.slack.outbox import LEASE, Outbox
from handlers.reminders.sweep import PostedReminder
from tests.factories import Sent, reminders_of, utc

Run = Callable[..., list[PostedReminder]]

SEED_INSTANTS = [utc(2017, 3, 17, 8), utc(2017, 3, 24, 8), utc(2017, 3, 31, 7)]


def posts(fake: FakeSlack) -> list[dict]:
    """Successful chat.postMessage calls."""
    return [c.params for c in fake.calls_to("chat.postMessage") if c.error is None]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def test_seed_letter_reminders_in_time_then_none_after_the_reply(
    sent_case: Sent, run: Run, fake: FakeSlack, sessions: sessionmaker[Session], session: Session
) -> None:
    case = sent_case()
    assert [r.due_at for r in reminders_of(session, case.id)] == SEED_INSTANTS
    expected = ["reply due in 7 days", "reply due today", "reply overdue by 7 days"]
    for instant, phrase in zip(SEED_INSTANTS, expected, strict=True):
        with time_machine.travel(instant - dt.timedelta(minutes=1), tick=False):
            assert run(now()) == []
        with time_machine.travel(instant, tick=False):
            posted = run(now())
            assert [(p.reference, p.summary) for p in posted] == [("AL KAZ 1/2017", phrase)]
            assert run(now()) == []  # once only
    messages = posts(fake)
    assert len(messages) == 3
    assert all(m["channel"] == "C0KAZ" for m in messages)
    assert "sent 23 January 2017" in messages[0]["text"]
    assert "(24 March 2017)" in messages[0]["text"]
    # posting the first overdue reminder scheduled the next one, a week later
    pending = [r for r in reminders_of(session, case.id) if r.status == "pending"]
    assert [(r.kind, r.due_at) for r in pending] == [("overdue", utc(2017, 4, 7, 7))]
    with time_machine.travel(utc(2017, 4, 3, 12), tick=False), unit_of_work(sessions) as work:
        record_reply(
            session=work,
            case=work.get(Case, case.id),
            received_on=dt.date(2017, 4, 3),
            summary=None,
            actor="U0ALICE",
            today=dt.date(2017, 4, 3),
        )
    for instant in (utc(2017, 4, 7, 7), utc(2017, 4, 14, 7), utc(2017, 6, 1, 7)):
        with time_machine.travel(instant, tick=False):
            assert run(now()) == []
    assert len(posts(fake)) == 3


def test_due_on_a_saturday_reminds_friday_before_and_monday_after(
    sent_case: Sent, run: Run, session: Session
) -> None:
    case = sent_case(sent_on=dt.date(2017, 1, 24), due_on=dt.date(2017, 3, 25))
    fridays_and_monday = [utc(2017, 3, 17, 8), utc(2017, 3, 24, 8), utc(2017, 4, 3, 7)]
    assert [r.due_at for r in reminders_of(session, case.id)] == fridays_and_monday
    assert run(utc(2017, 4, 1, 7)) != []  # catch-up of the Friday reminders
    assert run(utc(2017, 4, 3, 6, 59)) == []
    assert [p.kind for p in run(utc(2017, 4, 3, 7))] == ["overdue"]


def test_catch_up_after_downtime_posts_one_message_per_case(
    sent_case: Sent, run: Run, fake: FakeSlack, session: Session
) -> None:
    first = sent_case()
    second = sent_case(channel_id="C0OTHER")
    posted = run(utc(2017, 4, 5, 10))  # the bot was down from 16 March to 5 April
    assert sorted((p.channel_id, p.kind, p.folded) for p in posted) == [
        ("C0KAZ", "overdue", 2),
        ("C0OTHER", "overdue", 2),
    ]
    assert all(p.summary == "reply overdue by 12 days" for p in posted)
    assert len(posts(fake)) == 2
    rows = reminders_of(session, first.id)
    assert [(r.kind, r.status) for r in rows] == [
        ("before", "skipped"),
        ("due", "skipped"),
        ("overdue", "posted"),
        ("overdue", "pending"),
    ]
    assert rows[-1].due_at == utc(2017, 4, 7, 7)  # the next weekly one, not a backlog
    assert run(utc(2017, 4, 5, 10, 5)) == []
    assert len(reminders_of(session, second.id)) == 4


def test_long_downtime_schedules_the_next_reminder_after_now(
    sent_case: Sent, run: Run, session: Session
) -> None:
    case = sent_case()
    assert len(run(utc(2017, 5, 2, 12))) == 1
    pending = [r for r in reminders_of(session, case.id) if r.status == "pending"]
    assert [r.due_at for r in pending] == [utc(2017, 5, 5, 7)]
    assert run(utc(2017, 5, 3, 12)) == []


def test_closed_cases_and_answered_ones_get_nothing(
    sent_case: Sent, run: Run, fake: FakeSlack, sessions: sessionmaker[Session], session: Session
) -> None:
    closed = sent_case()
    answered = sent_case()
    with unit_of_work(sessions) as work:
        # changed behind the services' back: the sweep itself must notice
        work.get(Case, closed.id).status = CaseStatus.CLOSED
        record_reply(
            session=work,
            case=work.get(Case, answered.id),
            received_on=dt.date(2017, 3, 1),
            summary=None,
            actor="U0ALICE",
            today=dt.date(2017, 3, 2),
        )
        for row in reminders_of(work, answered.id):
            row.status = ReminderStatus.PENDING.value  # as if the cancel had been lost
    assert run(utc(2017, 4, 5, 10)) == []
    assert posts(fake) == []
    for case in (closed, answered):
        assert {r.status for r in reminders_of(session, case.id)} == {"cancelled"}


class Killed(BaseException):
    """The process dies."""


def test_a_post_abandoned_while_delivering_is_posted_once_after_the_outbox_lease(
    sent_case: Sent, run: Run, fake: FakeSlack, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = sent_case()
    start = utc(2017, 3, 17, 8, 0, 30)

    def die(*args: object, **kwargs: object) -> None:
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(Outbox, "_send", die)  # the outbox holds the row; the process dies
        with pytest.raises(Killed):
            run(start)
    row = reminders_of(session, case.id)[0]
    assert (row.status, row.outbox_id is not None) == ("claimed", True)  # handed over once
    assert run(start + dt.timedelta(minutes=1)) == []  # the outbox's lease still holds
    assert posts(fake) == []
    with time_machine.travel(now() + LEASE + dt.timedelta(seconds=1), tick=False):
        posted = run(start + dt.timedelta(minutes=10))
    assert [p.kind for p in posted] == ["before"]
    assert posted[0].recovered  # handed over by the sweep that died
    assert len(posts(fake)) == 1
    assert len(fake.calls_to("conversations.history")) == 1  # checked before posting again
    session.expire_all()
    row = reminders_of(session, case.id)[0]
    assert (row.status, row.posted_ts, row.attempts) == ("posted", posted[0].ts, 1)
    assert session.get(OutboxMessage, row.outbox_id).attempts == 2
    assert run(start + dt.timedelta(minutes=20)) == []


def test_killed_after_posting_but_before_recording_does_not_post_twice(
    sent_case: Sent,
    run: Run,
    fake: FakeSlack,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = sent_case()
    start = utc(2017, 3, 17, 8, 0, 30)
    finish = Outbox._finish

    def die(self: Outbox, row: OutboxMessage, **kwargs: object) -> bool:
        if kwargs.get("status") == "sent":
            raise Killed
        return finish(self, row, **kwargs)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(Outbox, "_finish", die)
        with pytest.raises(Killed):
            run(start)
    assert len(posts(fake)) == 1
    assert reminders_of(session, case.id)[0].status == "claimed"
    with time_machine.travel(now() + LEASE + dt.timedelta(seconds=1), tick=False):
        posted = run(start + dt.timedelta(minutes=10))
    assert [(p.kind, p.recovered) for p in posted] == [("before", True)]
    assert len(posts(fake)) == 1  # found in the channel history, not posted again
    session.expire_all()
    row = reminders_of(session, case.id)[0]
    assert (row.status, row.posted_ts) == ("posted", fake.calls_to("chat.postMessage")[0].ts)


def test_a_slack_failure_is_retried_later_and_posted_once(
    sent_case: Sent, run: Run, fake: FakeSlack, session: Session
) -> None:
    """channel_not_found: the outbox gives up on the post (nobody to tell in the channel);
    the reminder goes back to pending with the error and is staged again later."""
    case = sent_case()
    start = utc(2017, 3, 17, 8)
    fake.fail_next("chat.postMessage", "channel_not_found")
    assert run(start) == []
    row = reminders_of(session, case.id)[0]
    assert (row.status, row.last_error) == ("pending", "slack: channel_not_found")
    assert row.next_attempt_at is not None and row.next_attempt_at > start
    assert run(start + dt.timedelta(seconds=30)) == []  # backing off
    posted = run(row.next_attempt_at + dt.timedelta(seconds=1))
    assert [p.kind for p in posted] == ["before"]
    assert len(posts(fake)) == 1
    session.expire_all()
    row = reminders_of(session, case.id)[0]
    assert (row.status, row.last_error, row.attempts) == ("posted", None, 2)


def test_rate_limits_are_honoured_by_the_client_then_retried_by_the_outbox(
    sent_case: Sent,
    run: Run,
    fake: FakeSlack,
    session: Session,
    sessions: sessionmaker[Session],
    client,
) -> None:
    """A reminder is an outbox row like a card update: the outbox's own backoff retries it,
    and its tick delivery (``deliver_due``) is what sends it."""
    case = sent_case()
    start = utc(2017, 3, 17, 8)
    fake.fail_next("chat.postMessage", "ratelimited", retry_after=1)
    assert len(run(start)) == 1  # the client waited Retry-After and tried again
    assert [c.error for c in fake.calls_to("chat.postMessage")] == ["ratelimited", None]
    fake.clear()
    fake.fail_next("chat.postMessage", "ratelimited", retry_after=0, times=3)  # retries run out
    assert run(utc(2017, 3, 24, 8)) == []
    session.expire_all()
    row = reminders_of(session, case.id)[1]
    assert row.status == "claimed"  # handed over, not posted yet
    message = session.get(OutboxMessage, row.outbox_id)
    assert (message.kind, message.channel, message.status, message.last_error) == (
        "post",
        "C0KAZ",
        "pending",
        "ratelimited",
    )
    assert message.next_attempt_at is not None
    assert Outbox(sessions).deliver_due(client) == 0  # backing off
    with time_machine.travel(message.next_attempt_at + dt.timedelta(seconds=1), tick=False):
        assert Outbox(sessions).deliver_due(client) == 1  # the tick's delivery, cards' too
    assert len(posts(fake)) == 1
    posted = run(utc(2017, 3, 24, 8, 1))
    assert [(p.kind, p.recovered) for p in posted] == [("due", True)]
    sent = [c for c in fake.calls_to("chat.postMessage") if c.error is None]
    assert posted[0].ts == sent[0].ts
    assert len(posts(fake)) == 1


def test_a_reopened_overdue_case_is_reminded_weekly_again(
    sent_case: Sent, run: Run, sessions: sessionmaker[Session], session: Session, settings
) -> None:
    from bot.reminders.service import cancel_for_case, schedule_for_sent_letter

    case = sent_case()
    assert len(run(utc(2017, 3, 31, 7))) == 1  # catch-up: the first overdue reminder
    with unit_of_work(sessions) as work:
        closed = work.get(Case, case.id)
        closed.status = CaseStatus.CLOSED
        cancel_for_case(session=work, case=closed, reason="closed")
    with unit_of_work(sessions) as work:
        reopened = work.get(Case, case.id)
        reopened.status = CaseStatus.OPEN
        schedule_for_sent_letter(session=work, case=reopened, settings=settings)
    pending = [r for r in reminders_of(session, case.id) if r.status == "pending"]
    assert [(r.kind, r.due_at) for r in pending] == [("overdue", utc(2017, 4, 7, 7))]
    assert [p.kind for p in run(utc(2017, 4, 7, 7))] == ["overdue"]
