"""Dates a user types into the record: only those that can be true are accepted."""

from __future__ import annotations

import datetime as dt

from bot.errors import Invalid

EARLIEST = dt.date(1946, 1, 1)  # the Commission on Human Rights first met in 1946
EARLIEST_RATIFICATION = dt.date(1919, 1, 1)  # ILO conventions were ratified from 1919 on


def latest_plausible(today: dt.date) -> dt.date:
    """The last day of next year: nothing in the record can be dated later."""
    return dt.date(today.year + 1, 12, 31)


def check_plausible(
    day: dt.date,
    *,
    what: str,
    today: dt.date,
    earliest: dt.date = EARLIEST,
) -> dt.date:
    """``day`` if it lies from 1946 (or ``earliest``) to the end of next year, else a UserError."""
    if day < earliest or day > latest_plausible(today):
        raise Invalid(
            f"{day.isoformat()} cannot be {what}: give a date from {earliest.year} to "
            f"{latest_plausible(today).year}, as YYYY-MM-DD."
        )
    return day


def check_past(day: dt.date, *, what: str, today: dt.date) -> dt.date:
    """A plausible date that is not in the future (a sending date, a reply received)."""
    if day > today:
        raise Invalid(f"{day.isoformat()} is in the future: give the day it happened ({what}).")
    return check_plausible(day, what=what, today=today)
