"""Working-day arithmetic: 09:00 team time, weekends and holidays, the documented rule."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.reminders.models import ReminderKind
from bot.reminders.schedule import (
    at_reminder_time,
    holiday_dates,
    is_working_day,
    next_overdue_after,
    planned_reminders,
    snoozed_instant,
)

ZURICH = ZoneInfo("Europe/Zurich")
NO_HOLIDAYS: frozenset[dt.date] = frozenset()


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def days(planned: list[tuple[ReminderKind, dt.datetime]]) -> list[tuple[str, str]]:
    return [(kind.value, at.astimezone(ZURICH).date().isoformat()) for kind, at in planned]


def test_seed_letter_reminds_on_the_17th_24th_and_31st_at_nine_zurich_time() -> None:
    planned = planned_reminders(
        sent_on=dt.date(2017, 1, 23), due_on=dt.date(2017, 3, 24), tz=ZURICH, holidays=NO_HOLIDAYS
    )
    assert planned == [
        (ReminderKind.BEFORE, utc(2017, 3, 17, 8)),  # CET, UTC+1
        (ReminderKind.DUE, utc(2017, 3, 24, 8)),
        (ReminderKind.OVERDUE, utc(2017, 3, 31, 7)),  # CEST from 26 March, UTC+2
    ]


def test_due_on_a_saturday_reminds_the_friday_before_and_the_monday_after() -> None:
    planned = planned_reminders(
        sent_on=dt.date(2017, 1, 24), due_on=dt.date(2017, 3, 25), tz=ZURICH, holidays=NO_HOLIDAYS
    )
    assert days(planned) == [
        ("before", "2017-03-17"),  # Saturday 18 March -> Friday
        ("due", "2017-03-24"),  # Saturday 25 March -> Friday
        ("overdue", "2017-04-03"),  # Saturday 1 April -> Monday
    ]


def test_holidays_move_reminders_by_the_same_rule() -> None:
    # Good Friday 2017-04-14 and Easter Monday 2017-04-17 are holidays.
    holidays = holiday_dates(["2017-04-14", "2017-04-17"])
    planned = planned_reminders(
        sent_on=dt.date(2017, 2, 1), due_on=dt.date(2017, 4, 14), tz=ZURICH, holidays=holidays
    )
    assert days(planned) == [
        ("before", "2017-04-07"),
        ("due", "2017-04-13"),  # Good Friday -> Thursday
        ("overdue", "2017-04-21"),
    ]
    overdue = planned_reminders(
        sent_on=dt.date(2017, 2, 1), due_on=dt.date(2017, 4, 10), tz=ZURICH, holidays=holidays
    )
    assert days(overdue)[-1] == ("overdue", "2017-04-18")  # Easter Monday -> Tuesday


def test_no_before_reminder_when_the_reply_period_is_a_week_or_less() -> None:
    planned = planned_reminders(
        sent_on=dt.date(2017, 3, 17), due_on=dt.date(2017, 3, 24), tz=ZURICH, holidays=NO_HOLIDAYS
    )
    assert [kind for kind, _ in planned] == [ReminderKind.DUE, ReminderKind.OVERDUE]


def test_next_overdue_is_the_first_weekly_one_after_the_instant() -> None:
    due = dt.date(2017, 3, 24)
    after_first = next_overdue_after(
        due_on=due, after=utc(2017, 3, 31, 7), tz=ZURICH, holidays=NO_HOLIDAYS
    )
    assert after_first == utc(2017, 4, 7, 7)
    after_downtime = next_overdue_after(
        due_on=due, after=utc(2017, 5, 2, 12), tz=ZURICH, holidays=NO_HOLIDAYS
    )
    assert after_downtime == utc(2017, 5, 5, 7)


def test_snooze_moves_a_week_later_and_not_before_the_end_of_the_snooze() -> None:
    moved = snoozed_instant(
        due_at=utc(2017, 3, 24, 8),
        days=7,
        not_before=dt.date(2017, 3, 27),
        tz=ZURICH,
        holidays=NO_HOLIDAYS,
    )
    assert moved == utc(2017, 3, 31, 7)  # 09:00 in Zurich after the clocks changed
    stale = snoozed_instant(
        due_at=utc(2017, 3, 1, 8),
        days=7,
        not_before=dt.date(2017, 4, 1),
        tz=ZURICH,
        holidays=NO_HOLIDAYS,
    )
    assert stale == utc(2017, 4, 3, 7)  # Saturday 1 April -> Monday


@given(
    sent_on=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 1, 1)),
    reply_days=st.integers(min_value=1, max_value=365),
    holidays=st.sets(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2041, 12, 31))),
    zone=st.sampled_from(["Europe/Zurich", "America/New_York", "Asia/Tokyo", "UTC"]),
)
def test_every_reminder_is_at_nine_on_a_working_day(
    sent_on: dt.date, reply_days: int, holidays: set[dt.date], zone: str
) -> None:
    tz = ZoneInfo(zone)
    due_on = sent_on + dt.timedelta(days=reply_days)
    frozen = frozenset(holidays)
    planned = planned_reminders(sent_on=sent_on, due_on=due_on, tz=tz, holidays=frozen)
    instants = [at for _, at in planned]
    assert instants == sorted(instants) and len(set(instants)) == len(instants)
    for kind, at in planned:
        local = at.astimezone(tz)
        assert local.time() == dt.time(9, 0)
        assert is_working_day(local.date(), frozen)
        if kind == ReminderKind.OVERDUE:
            assert local.date() > due_on
        else:
            assert local.date() <= due_on
    assert at_reminder_time(due_on, tz).tzinfo == dt.UTC


def test_geneva_calendar_moves_a_due_reminder_off_the_jeune_genevois() -> None:
    # Jeûne genevois: Thursday 2026-09-10 in the canton of Geneva, not in Zurich.
    geneva = holiday_dates([], "CH-GE")
    assert dt.date(2026, 9, 10) in geneva and dt.date(2026, 9, 10) not in holiday_dates([], "CH-ZH")
    planned = planned_reminders(
        sent_on=dt.date(2026, 7, 12), due_on=dt.date(2026, 9, 10), tz=ZURICH, holidays=geneva
    )
    assert days(planned) == [
        ("before", "2026-09-03"),
        ("due", "2026-09-09"),  # the previous working day
        ("overdue", "2026-09-17"),
    ]


def test_new_york_calendar_moves_an_overdue_reminder_after_labor_day() -> None:
    new_york = ZoneInfo("America/New_York")
    calendar = holiday_dates([], "US-NY")
    planned = planned_reminders(
        sent_on=dt.date(2026, 7, 2), due_on=dt.date(2026, 8, 31), tz=new_york, holidays=calendar
    )
    local = [(kind.value, at.astimezone(new_york).date().isoformat()) for kind, at in planned]
    # Labor Day, Monday 2026-09-07: the overdue reminder moves to the next working day.
    assert local == [("before", "2026-08-24"), ("due", "2026-08-31"), ("overdue", "2026-09-08")]


def test_team_holidays_add_to_the_calendar() -> None:
    # A UN day off (2026-09-09) on top of Geneva's calendar pushes the due reminder further back.
    both = holiday_dates(["2026-09-09"], "CH-GE")
    planned = planned_reminders(
        sent_on=dt.date(2026, 7, 12), due_on=dt.date(2026, 9, 10), tz=ZURICH, holidays=both
    )
    assert ("due", "2026-09-08") in days(planned)
    assert is_working_day(dt.date(2026, 9, 8), both)
    assert not is_working_day(dt.date(2026, 12, 31), both)  # Restauration de la République
