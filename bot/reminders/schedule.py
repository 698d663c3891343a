"""When reminders fall: 09:00 in the team's time zone, on a working day.

A working day is Monday to Friday and not one of the team's holidays: the public holidays of
``TEAM_HOLIDAY_CALENDAR`` (e.g. ``CH-GE``, from the ``holidays`` package) plus the dates listed
in ``TEAM_HOLIDAYS`` (ISO dates: the UN's own days off). For a letter due on day D:

- "before": D minus 7 days; on a weekend or holiday it moves to the *previous* working day,
  so the warning still comes at least a week ahead. Dropped when that day is not after the
  sending day (reply periods of a week or less).
- "due": D itself; on a weekend or holiday it moves to the *previous* working day (a reply
  due on Saturday is flagged on Friday, while there is still time to chase it).
- "overdue": D plus 7, 14, 21... days; on a weekend or holiday each moves to the *next*
  working day (a letter is only overdue once the due day is past).

So a letter due on Saturday 2017-03-25 reminds on Friday 2017-03-17, Friday 2017-03-24,
then Monday 2017-04-03 (Saturday 2017-04-01 moved forward), and weekly after that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as public_holidays

from bot.reminders.models import ReminderKind

REMINDER_TIME = dt.time(9, 0)
WEEK = dt.timedelta(days=7)
_MAX_SEARCH = 366  # a year of holidays in a row is a configuration error


@dataclass(frozen=True)
class Holidays:
    """The team's days off: a public-holiday calendar's and the listed dates."""

    dates: frozenset[dt.date] = frozenset()
    calendar: str | None = None  # "CH-GE": ISO country, optional subdivision

    def __contains__(self, day: object) -> bool:
        if day in self.dates:
            return True
        return self.calendar is not None and day in _calendar(self.calendar)


@lru_cache(maxsize=8)
def _calendar(name: str) -> public_holidays.HolidayBase:
    """The public holidays of "CH-GE" (Switzerland, canton of Geneva), years filled in on use."""
    country, _, subdivision = name.partition("-")
    return public_holidays.country_holidays(country, subdiv=subdivision or None)


def holiday_dates(holidays: Iterable[str | dt.date], calendar: str | None = None) -> Holidays:
    """The team's holidays (settings keep dates as ISO strings), with its public-holiday calendar."""
    dates = frozenset(h if isinstance(h, dt.date) else dt.date.fromisoformat(h) for h in holidays)
    return Holidays(dates=dates, calendar=calendar)


def is_working_day(day: dt.date, holidays: Holidays | frozenset[dt.date]) -> bool:
    """Monday to Friday, and not a team holiday."""
    return day.weekday() < 5 and day not in holidays


def _walk(day: dt.date, step: int, holidays: Holidays | frozenset[dt.date]) -> dt.date:
    for _ in range(_MAX_SEARCH):
        if is_working_day(day, holidays):
            return day
        day += dt.timedelta(days=step)
    raise ValueError("no working day within a year: check TEAM_HOLIDAYS")


def previous_working_day(day: dt.date, holidays: Holidays | frozenset[dt.date]) -> dt.date:
    """The day itself when it is a working day, else the last working day before it."""
    return _walk(day, -1, holidays)


def next_working_day(day: dt.date, holidays: Holidays | frozenset[dt.date]) -> dt.date:
    """The day itself when it is a working day, else the first working day after it."""
    return _walk(day, 1, holidays)


def at_reminder_time(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    """09:00 of that day in the team's time zone, as a UTC instant."""
    return dt.datetime.combine(day, REMINDER_TIME, tzinfo=tz).astimezone(dt.UTC)


def reminder_day(
    kind: ReminderKind, day: dt.date, holidays: Holidays | frozenset[dt.date]
) -> dt.date:
    """Move a nominal reminder day onto a working day, as the rule for its kind says."""
    if kind == ReminderKind.OVERDUE:
        return next_working_day(day, holidays)
    return previous_working_day(day, holidays)


def planned_reminders(
    *, sent_on: dt.date, due_on: dt.date, tz: ZoneInfo, holidays: Holidays | frozenset[dt.date]
) -> list[tuple[ReminderKind, dt.datetime]]:
    """The reminders of a letter just sent: before, due and the first overdue one."""
    before = reminder_day(ReminderKind.BEFORE, due_on - WEEK, holidays)
    due = reminder_day(ReminderKind.DUE, due_on, holidays)
    overdue = reminder_day(ReminderKind.OVERDUE, due_on + WEEK, holidays)
    planned = []
    if sent_on < before < due:
        planned.append((ReminderKind.BEFORE, at_reminder_time(before, tz)))
    planned.append((ReminderKind.DUE, at_reminder_time(due, tz)))
    planned.append((ReminderKind.OVERDUE, at_reminder_time(overdue, tz)))
    return planned


def next_overdue_after(
    *, due_on: dt.date, after: dt.datetime, tz: ZoneInfo, holidays: Holidays | frozenset[dt.date]
) -> dt.datetime:
    """The first weekly overdue reminder strictly after an instant (no burst after downtime)."""
    weeks = max(1, (after.astimezone(tz).date() - due_on).days // 7)
    while True:
        day = reminder_day(ReminderKind.OVERDUE, due_on + weeks * WEEK, holidays)
        instant = at_reminder_time(day, tz)
        if instant > after:
            return instant
        weeks += 1


def snoozed_instant(
    *,
    due_at: dt.datetime,
    days: int,
    not_before: dt.date,
    tz: ZoneInfo,
    holidays: Holidays | frozenset[dt.date],
) -> dt.datetime:
    """A reminder moved `days` later (and not before a day), on the next working day."""
    day = max(due_at.astimezone(tz).date() + dt.timedelta(days=days), not_before)
    return at_reminder_time(next_working_day(day, holidays), tz)
