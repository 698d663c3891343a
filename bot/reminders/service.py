"""Reminder rows for sent letters: schedule, cancel, snooze (the sweep posts them).

Each reminder is due at 09:00 in the team's time zone on a working day (Monday to Friday,
not in TEAM_HOLIDAYS). Weekend rule: the "before" (due date minus a week) and "due"
reminders move to the previous working day; the weekly "overdue" ones move to the next
working day. Details and an example in bot.reminders.schedule.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.audit.service import record
from bot.cases.enums import CaseStatus
from bot.cases.models import Case
from bot.config import Settings
from bot.errors import UserError
from bot.reminders.models import REPLY_KINDS, Reminder, ReminderKind, ReminderStatus
from bot.reminders.publication import schedule_publication
from bot.reminders.schedule import (
    at_reminder_time,
    holiday_dates,
    next_overdue_after,
    planned_reminders,
    snoozed_instant,
)

logger = logging.getLogger("bot.reminders")

OPEN_STATUSES = (ReminderStatus.PENDING.value, ReminderStatus.CLAIMED.value)


def awaits_reply(case: Case) -> bool:
    """True while reminders make sense: sent, open, and no reply recorded."""
    return (
        case.status != CaseStatus.CLOSED
        and case.sent_on is not None
        and case.due_on is not None
        and not case.replies
    )


def _place(
    *, session: Session, case: Case, kind: ReminderKind, due_at: dt.datetime
) -> Reminder | None:
    """A pending reminder at (case, kind, due_at); None when one was posted there already."""
    existing = session.scalar(
        select(Reminder).where(
            Reminder.case_id == case.id, Reminder.kind == kind.value, Reminder.due_at == due_at
        )
    )
    if existing is None:
        reminder = Reminder(
            case_id=case.id,
            kind=kind.value,
            due_at=due_at,
            status=ReminderStatus.PENDING.value,
            attempts=0,
        )
        session.add(reminder)
        return reminder
    if existing.status == ReminderStatus.CANCELLED.value:
        existing.status = ReminderStatus.PENDING.value
        existing.next_attempt_at = None
        existing.last_error = None
    return existing if existing.status in OPEN_STATUSES else None


def schedule_for_sent_letter(*, session: Session, case: Case, settings: Settings) -> list[Reminder]:
    """Create the reminders of a letter just sent (case.sent_on and case.due_on are set).

    A week before the due date, on it, and the first weekly overdue one; the sweep adds the
    next overdue reminder each time one is posted. Calling it again (a corrected sending
    date, a reopened case) replaces the pending reminders, never repeats a posted one, and
    resumes the weekly overdue reminders after the last one posted.
    """
    if case.sent_on is None or case.due_on is None:
        raise ValueError(f"case {case.id} has no sending or due date")
    session.flush()
    planned = planned_reminders(
        sent_on=case.sent_on,
        due_on=case.due_on,
        tz=settings.tz,
        holidays=holiday_dates(settings.holidays, settings.holiday_calendar),
    )
    keep = set(planned)
    for old in _open_reminders(session=session, case=case):
        if (ReminderKind(old.kind), old.due_at) not in keep:
            old.status = ReminderStatus.CANCELLED.value
    session.flush()
    created = []
    for kind, due_at in planned:
        reminder = _place(session=session, case=case, kind=kind, due_at=due_at)
        if reminder is not None:
            created.append(reminder)
    session.flush()
    if not created:  # every planned one went out already (a reopened case): weekly again
        last = session.scalar(
            select(func.max(Reminder.due_at)).where(
                Reminder.case_id == case.id,
                Reminder.kind.in_(REPLY_KINDS),
                Reminder.status.in_([ReminderStatus.POSTED.value, ReminderStatus.SKIPPED.value]),
            )
        )
        after = last or at_reminder_time(case.due_on, settings.tz)
        reminder = ensure_next_overdue(session=session, case=case, after=after, settings=settings)
        created.extend([reminder] if reminder is not None else [])
    return created


def cancel_for_case(*, session: Session, case: Case, reason: str) -> int:
    """Cancel the pending reply reminders of a case (a reply arrived, or it was closed); the
    publication reminder stays: the letter becomes public all the same.

    Claimed ones are cancelled too: one handed to the outbox already is not recorded as posted.
    """
    cancelled = 0
    for reminder in _open_reminders(session=session, case=case):
        reminder.status = ReminderStatus.CANCELLED.value
        reminder.claimed_by = None
        cancelled += 1
    session.flush()
    if cancelled:
        logger.info("cancelled %s reminder(s) of case %s: %s", cancelled, case.id, reason)
    return cancelled


def snooze_case(
    *,
    session: Session,
    case: Case,
    actor: str,
    days: int = 7,
    settings: Settings | None = None,
    today: dt.date | None = None,
) -> list[Reminder]:
    """Move the case's pending reminders `days` later (and no earlier than today + days).

    Sets case.snoozed_until and records the snooze in the audit trail. `settings` gives the
    team's time zone and holidays (the defaults when omitted); `today` defaults to today
    in that time zone.
    """
    settings = settings or Settings()
    tz, holidays = settings.tz, holiday_dates(settings.holidays, settings.holiday_calendar)
    today = today or dt.datetime.now(tz).date()
    if not awaits_reply(case):
        raise UserError(f"Case #{case.id} is not waiting for a reply: there is nothing to snooze.")
    pending = [
        r
        for r in _open_reminders(session=session, case=case)
        if r.status == ReminderStatus.PENDING.value
    ]
    if not pending:
        raise UserError(f"Case #{case.id} has no reminder waiting to be posted.")
    until = today + dt.timedelta(days=days)
    moved = []
    for reminder in sorted(pending, key=lambda r: r.due_at, reverse=True):
        due_at = snoozed_instant(
            due_at=reminder.due_at, days=days, not_before=until, tz=tz, holidays=holidays
        )
        moved.append(_move(session=session, case=case, reminder=reminder, due_at=due_at))
    old = case.snoozed_until
    case.snoozed_until = until
    record(
        session=session,
        actor=actor,
        action="snooze",
        case_id=case.id,
        field="snoozed_until",
        old=old.isoformat() if old else None,
        new=until.isoformat(),
    )
    session.flush()
    return sorted((r for r in moved if r is not None), key=lambda r: r.due_at)


def _move(
    *, session: Session, case: Case, reminder: Reminder, due_at: dt.datetime
) -> Reminder | None:
    """Move a pending reminder; if its new slot is taken, reuse (or give way to) that row."""
    taken = session.scalar(
        select(Reminder).where(
            Reminder.case_id == case.id,
            Reminder.kind == reminder.kind,
            Reminder.due_at == due_at,
            Reminder.id != reminder.id,
        )
    )
    if taken is None:
        reminder.due_at = due_at
        reminder.next_attempt_at = None
        session.flush()
        return reminder
    reminder.status = ReminderStatus.CANCELLED.value
    return _place(session=session, case=case, kind=ReminderKind(reminder.kind), due_at=due_at)


def ensure_next_overdue(
    *, session: Session, case: Case, after: dt.datetime, settings: Settings
) -> Reminder | None:
    """After a reminder is posted: make sure the next weekly overdue one exists.

    Nothing when the case no longer waits for a reply or a later reminder is already pending.
    """
    if not awaits_reply(case):
        return None
    waiting = session.scalar(
        select(Reminder.id).where(
            Reminder.case_id == case.id,
            Reminder.kind.in_(REPLY_KINDS),
            Reminder.status.in_(OPEN_STATUSES),
            Reminder.due_at > after,
        )
    )
    if waiting is not None:
        return None
    assert case.due_on is not None
    if case.snoozed_until is not None:  # nothing new before a snooze ends
        snooze_end = at_reminder_time(case.snoozed_until, settings.tz) - dt.timedelta(seconds=1)
        after = max(after, snooze_end)
    due_at = next_overdue_after(
        due_on=case.due_on,
        after=after,
        tz=settings.tz,
        holidays=holiday_dates(settings.holidays, settings.holiday_calendar),
    )
    reminder = _place(session=session, case=case, kind=ReminderKind.OVERDUE, due_at=due_at)
    session.flush()
    return reminder


def _open_reminders(*, session: Session, case: Case) -> list[Reminder]:
    """The pending and claimed reply reminders of a case (not its publication reminder)."""
    return list(
        session.scalars(
            select(Reminder).where(
                Reminder.case_id == case.id,
                Reminder.kind.in_(REPLY_KINDS),
                Reminder.status.in_(OPEN_STATUSES),
            )
        )
    )


def reschedule_due_date(*, session: Session, case: Case, settings: Settings) -> None:
    """Recompute the due date of a sent case, and its pending reminders while one is awaited;
    the day it becomes public and its publication reminder follow."""
    if case.sent_on is None:
        return
    case.due_on = case.sent_on + dt.timedelta(days=case.reply_days)
    session.flush()
    if awaits_reply(case):
        schedule_for_sent_letter(session=session, case=case, settings=settings)
    schedule_publication(session=session, case=case, settings=settings)
