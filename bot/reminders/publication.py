"""When a sent letter becomes public, and the one reminder a week before.

A communication and any reply are made public on OHCHR's communications website once the
period the letter states has passed: the current publication paragraph of an allegation
letter or urgent appeal says they "will be made public via the communications reporting
website within 60 days" (templates/letters/*/stock/publication.md.j2, the case's reply
period). For other letters (OL, comments on legislation and policy) sources disagree: the
OL publication paragraph states the same period (ol_publication.md.j2, unconfirmed in
templates/PROVENANCE.toml), while the freedom of assembly mandate's page ("These comments are
made public as soon as they have been transmitted to the relevant government",
https://freeassemblyandassociation.net/communications/) and the freedom of expression
mandate's ("The mandate also publishes its comments on legislation and policy as soon as they
have been transmitted", https://freedex.org/special-rapporteurs-communications/) publish
them at once. So ``OL_PUBLICATION_DAYS`` decides: unset, the letter's own period; 0, the day
it is sent; n, n days after.

The publication reminder is posted at 09:00 team time on the working day on or before the
public day minus a week (as the reply "before" reminder), and only when that day is after
the sending day. It is posted once per letter: never again after it went out (a corrected
sending date moves a pending one), and cancelled when the publication is recorded. A reply
or a closed case does not stop it: the letter becomes public all the same.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.enums import LetterType
from bot.cases.models import Case
from bot.config import Settings
from bot.reminders.models import Reminder, ReminderKind, ReminderStatus
from bot.reminders.schedule import WEEK, at_reminder_time, holiday_dates, reminder_day

_KIND = ReminderKind.PUBLICATION.value
_OPEN = (ReminderStatus.PENDING.value, ReminderStatus.CLAIMED.value)
_DONE = (ReminderStatus.POSTED.value, ReminderStatus.SKIPPED.value)


def publication_days(case: Case, settings: Settings) -> int:
    """Days from sending to publication: the letter's reply period, or the OL setting."""
    if case.letter_type == LetterType.OL and settings.ol_publication_days is not None:
        return settings.ol_publication_days
    return case.reply_days


def public_day(case: Case, settings: Settings) -> dt.date | None:
    """The day a sent letter becomes public (None before sending)."""
    if case.sent_on is None:
        return None
    return case.sent_on + dt.timedelta(days=publication_days(case, settings))


def publication_reminder_at(case: Case, settings: Settings) -> dt.datetime | None:
    """When the publication reminder falls; None when there is none to post (not sent, no
    working day a week ahead that is after the sending day, publication recorded)."""
    if case.sent_on is None or case.public_on is None or case.published_on is not None:
        return None
    holidays = holiday_dates(settings.holidays, settings.holiday_calendar)
    day = reminder_day(ReminderKind.PUBLICATION, case.public_on - WEEK, holidays)
    if day <= case.sent_on:
        return None
    return at_reminder_time(day, settings.tz)


def schedule_publication(*, session: Session, case: Case, settings: Settings) -> Reminder | None:
    """Set the day a sent letter becomes public and place its one reminder (or move, or
    cancel it); the pending reminder, if any. Called on sending, on a corrected sending date
    or reply period, and when a publication is recorded or taken back."""
    case.public_on = public_day(case, settings)
    session.flush()
    rows = list(
        session.scalars(select(Reminder).where(Reminder.case_id == case.id, Reminder.kind == _KIND))
    )
    due_at = publication_reminder_at(case, settings)
    if any(row.status in _DONE for row in rows):
        due_at = None  # posted once already: never twice
    placed = None
    for row in rows:
        if row.status in _OPEN + (ReminderStatus.CANCELLED.value,) and row.due_at == due_at:
            row.status = ReminderStatus.PENDING.value
            row.next_attempt_at = None
            row.last_error = None
            placed = row
        elif row.status in _OPEN:
            row.status = ReminderStatus.CANCELLED.value
            row.claimed_by = None
    if placed is None and due_at is not None:
        placed = Reminder(
            case_id=case.id, kind=_KIND, due_at=due_at, status=ReminderStatus.PENDING.value
        )
        session.add(placed)
    session.flush()
    return placed
