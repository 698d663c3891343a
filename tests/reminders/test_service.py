"""Scheduling, cancelling and snoozing reminder rows (services, on a real database)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.audit.models import AuditEntry
from bot.cases.enums import CaseStatus
from bot.cases.models import Case
from bot.config import Settings
from bot.db import unit_of_work
from bot.errors import UserError
from bot.reminders.models import ReminderStatus
from bot.reminders.service import cancel_for_case, schedule_for_sent_letter, snooze_case
from bot.reviews.replies import record_reply
from tests.factories import Sent, reminders_of, utc


def test_sending_schedules_before_due_and_first_overdue(sent_case: Sent, session: Session) -> None:
    case = sent_case()
    rows = reminders_of(session, case.id)
    assert [(r.kind, r.due_at, r.status) for r in rows] == [
        ("before", utc(2017, 3, 17, 8), "pending"),
        ("due", utc(2017, 3, 24, 8), "pending"),
        ("overdue", utc(2017, 3, 31, 7), "pending"),
    ]


def test_scheduling_again_replaces_pending_rows_and_keeps_posted_ones(
    sent_case: Sent, sessions: sessionmaker[Session], session: Session, settings: Settings
) -> None:
    case = sent_case()
    with unit_of_work(sessions) as work:
        first = work.get(Case, case.id)
        rows = reminders_of(work, case.id)
        rows[0].status = ReminderStatus.POSTED.value
        first.due_on = dt.date(2017, 3, 31)  # a corrected date
        schedule_for_sent_letter(session=work, case=first, settings=settings)
        schedule_for_sent_letter(session=work, case=first, settings=settings)  # idempotent
    rows = sorted(reminders_of(session, case.id), key=lambda r: (r.due_at, r.kind))
    assert [(r.kind, r.due_at.date().isoformat(), r.status) for r in rows] == [
        ("before", "2017-03-17", "posted"),
        ("before", "2017-03-24", "pending"),
        ("due", "2017-03-24", "cancelled"),
        ("due", "2017-03-31", "pending"),
        ("overdue", "2017-03-31", "cancelled"),
        ("overdue", "2017-04-07", "pending"),
    ]


def test_a_reply_cancels_every_pending_reminder(
    sent_case: Sent, sessions: sessionmaker[Session], session: Session
) -> None:
    case = sent_case()
    with unit_of_work(sessions) as work:
        record_reply(
            session=work,
            case=work.get(Case, case.id),
            received_on=dt.date(2017, 3, 20),
            summary="The Government denies the allegations.",
            actor="U0ALICE",
            today=dt.date(2017, 3, 21),
        )
    assert {r.status for r in reminders_of(session, case.id)} == {"cancelled"}


def test_closing_cancels(
    sent_case: Sent, sessions: sessionmaker[Session], session: Session
) -> None:
    case = sent_case()
    with unit_of_work(sessions) as work:
        assert cancel_for_case(session=work, case=work.get(Case, case.id), reason="closed") == 3
    assert {r.status for r in reminders_of(session, case.id)} == {"cancelled"}


def test_snooze_moves_pending_reminders_a_week_and_is_audited(
    sent_case: Sent, sessions: sessionmaker[Session], session: Session, settings: Settings
) -> None:
    case = sent_case()
    with unit_of_work(sessions) as work:
        row = reminders_of(work, case.id)[0]
        row.status = ReminderStatus.POSTED.value  # the "before" reminder went out on the 17th
    with unit_of_work(sessions) as work:
        moved = snooze_case(
            session=work,
            case=work.get(Case, case.id),
            actor="U0BOB",
            settings=settings,
            today=dt.date(2017, 3, 20),
        )
        assert [r.kind for r in moved] == ["due", "overdue"]
    rows = reminders_of(session, case.id)
    assert [(r.kind, r.due_at, r.status) for r in rows] == [
        ("before", utc(2017, 3, 17, 8), "posted"),
        ("due", utc(2017, 3, 31, 7), "pending"),  # 09:00 in Zurich, summer time
        ("overdue", utc(2017, 4, 7, 7), "pending"),
    ]
    assert session.get(Case, case.id).snoozed_until == dt.date(2017, 3, 27)
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "snooze")).one()
    assert (entry.case_id, entry.actor, entry.field, entry.new_value) == (
        case.id,
        "U0BOB",
        "snoozed_until",
        "2017-03-27",
    )


def test_snooze_is_refused_for_closed_or_answered_cases(
    sent_case: Sent, sessions: sessionmaker[Session]
) -> None:
    case = sent_case()
    with unit_of_work(sessions) as work:
        closed = work.get(Case, case.id)
        closed.status = CaseStatus.CLOSED
        with pytest.raises(UserError, match="not waiting for a reply"):
            snooze_case(session=work, case=closed, actor="U0BOB", today=dt.date(2017, 3, 20))
