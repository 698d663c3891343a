"""The publication reminder: a week before a sent letter becomes public, posted exactly once."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.casefile.fields import close_case, set_field
from bot.cases.enums import LetterType
from bot.cases.models import Case
from bot.config import Settings
from bot.db import make_sessionmaker, unit_of_work
from bot.local.fake import FakeSlack
from bot.reminders.models import Reminder, ReminderKind
from bot.reminders.publication import schedule_publication
from bot.reminders.service import schedule_for_sent_letter
from bot.reviews.replies import record_reply
from handlers.reminders.sweep import PostedReminder
from tests.factories import add_sent_case, racing_sweeps, reminders_of, utc

Run = Callable[..., list[PostedReminder]]

# Sent 2017-01-23 with 60 days: public on Friday 2017-03-24, reminded Friday 2017-03-17 at
# 09:00 in Geneva (08:00 UTC), at the same instant as the reply's "due in 7 days" reminder.
PUBLICATION_AT = utc(2017, 3, 17, 8)


def sent(sessions: sessionmaker[Session], settings: Settings, **values: object) -> Case:
    """A sent letter with its reply reminders and its publication reminder, committed."""
    with unit_of_work(sessions) as session:
        case = add_sent_case(session, channel_id=str(values.pop("channel_id", "C0KAZ")))
        for name, value in values.items():
            setattr(case, name, value)
        schedule_for_sent_letter(session=session, case=case, settings=settings)
        schedule_publication(session=session, case=case, settings=settings)
    return case


def set_on(
    sessions: sessionmaker[Session], settings: Settings, case_id: int, field: str, value: str
) -> None:
    """``/case set`` through the service, committed."""
    with unit_of_work(sessions) as work:
        case = work.get(Case, case_id)
        assert case is not None
        set_field(
            session=work, case=case, field=field, value=value, actor="U0ALICE", settings=settings
        )


def publication_rows(session: Session, case_id: int) -> list[Reminder]:
    return [r for r in reminders_of(session, case_id) if r.kind == ReminderKind.PUBLICATION]


def posts(fake: FakeSlack) -> list[dict]:
    return [c.params for c in fake.calls_to("chat.postMessage") if c.error is None]


def test_the_letter_becomes_public_after_the_period_it_states_and_is_reminded_a_week_before(
    sessions: sessionmaker[Session], settings: Settings, session: Session
) -> None:
    case = sent(sessions, settings)
    stored = session.get(Case, case.id)
    assert stored is not None and stored.public_on == dt.date(2017, 3, 24)
    (reminder,) = publication_rows(session, case.id)
    assert (reminder.due_at, reminder.status) == (PUBLICATION_AT, "pending")
    # a longer reply period stated in the letter moves both
    longer = sent(sessions, settings, reply_days=90)
    assert session.get(Case, longer.id).public_on == dt.date(2017, 4, 23)  # type: ignore[union-attr]
    # Sunday 2017-04-23 minus a week is a Sunday: the Friday before
    assert [r.due_at for r in publication_rows(session, longer.id)] == [utc(2017, 4, 14, 7)]


def test_other_letters_follow_the_setting_when_it_is_set(
    sessions: sessionmaker[Session], settings: Settings, session: Session
) -> None:
    stated = sent(sessions, settings, letter_type=LetterType.OL)
    assert session.get(Case, stated.id).public_on == dt.date(2017, 3, 24)  # type: ignore[union-attr]
    at_once = dataclasses.replace(settings, ol_publication_days=0)
    now = sent(sessions, at_once, letter_type=LetterType.OL)
    assert session.get(Case, now.id).public_on == dt.date(2017, 1, 23)  # type: ignore[union-attr]
    assert publication_rows(session, now.id) == []  # public the day it is sent: no week ahead
    allegation = sent(sessions, at_once)  # AL and UA keep their stated period
    assert session.get(Case, allegation.id).public_on == dt.date(2017, 3, 24)  # type: ignore[union-attr]
    assert Settings.from_env({"OL_PUBLICATION_DAYS": "0"}).ol_publication_days == 0
    assert Settings.from_env({"OL_PUBLICATION_DAYS": "reply-period"}).ol_publication_days is None
    with pytest.raises(ValueError, match="OL_PUBLICATION_DAYS"):
        Settings.from_env({"OL_PUBLICATION_DAYS": "soon"})


def test_posted_once_beside_the_reply_reminder_and_not_stopped_by_a_reply_or_a_close(
    sessions: sessionmaker[Session], settings: Settings, session: Session, run: Run, fake
) -> None:
    answered = sent(sessions, settings, victims_withheld="Ahmet Aksoy")
    closed = sent(sessions, settings, channel_id="C0OTHER")
    with unit_of_work(sessions) as work:
        case = work.get(Case, answered.id)
        assert case is not None
        record_reply(
            session=work,
            case=case,
            received_on=dt.date(2017, 3, 10),
            summary="The Government denies the allegations.",
            actor="U0ALICE",
            today=dt.date(2017, 3, 10),
        )
        case.replies[0].confidential = True
        other = work.get(Case, closed.id)
        assert other is not None
        close_case(session=work, case=other, reason="handled", actor="U0ALICE")

    posted = run(PUBLICATION_AT)
    again = run(PUBLICATION_AT + dt.timedelta(hours=1))

    assert sorted((p.case_id, p.kind.value) for p in posted) == [
        (answered.id, "publication"),
        (closed.id, "publication"),
    ]
    assert again == []
    messages = {m["channel"]: m for m in posts(fake)}
    text = messages["C0KAZ"]["text"]
    assert text == "AL KAZ 1/2017 becomes public on 24 March 2017; is the public version cleared?"
    blocks = str(messages["C0KAZ"]["blocks"])
    assert "reply 1, received 10 March 2017: The Government denies the allegations." in blocks
    assert "(1 not cleared for publication)" in blocks
    assert "*Public version*\\nnot made yet" in blocks  # a name is withheld, nothing made
    assert "*Public version*\\nnone needed: no name is withheld" in str(
        messages["C0OTHER"]["blocks"]
    )
    assert "not cleared for publication: the addressee asked that it stay confidential" in blocks
    assert "/case set 1 published YYYY-MM-DD" in blocks
    assert "none recorded: the letter is published without one" in str(
        messages["C0OTHER"]["blocks"]
    )
    assert [r.status for r in publication_rows(session, answered.id)] == ["posted"]


def test_a_reply_reminder_due_with_it_is_its_own_message(
    sessions: sessionmaker[Session], settings: Settings, session: Session, run: Run, fake
) -> None:
    case = sent(sessions, settings)
    posted = run(PUBLICATION_AT)
    assert sorted(p.kind.value for p in posted) == ["before", "publication"]
    assert sorted(p.summary for p in posted) == [
        "becomes public on 24 March 2017",
        "reply due in 7 days",
    ]
    # the weekly overdue reminders go on as before, the publication one is not repeated
    assert run(utc(2017, 3, 24, 8))[0].kind == ReminderKind.DUE
    kinds = [(r.kind, r.status) for r in reminders_of(session, case.id)]
    assert kinds.count(("publication", "posted")) == 1
    assert ("overdue", "pending") in kinds


def test_a_recorded_publication_cancels_it_and_a_posted_one_is_never_placed_again(
    sessions: sessionmaker[Session], settings: Settings, session: Session, run: Run, fake
) -> None:
    published = sent(sessions, settings)
    set_on(sessions, settings, published.id, "published", "2017-03-16 https://example.org/")
    assert [r.status for r in publication_rows(session, published.id)] == ["cancelled"]
    posted = run(PUBLICATION_AT)
    assert [p.kind.value for p in posted] == ["before"]  # only the reply's

    moved = sent(sessions, settings, channel_id="C0MOVED")
    assert sorted(p.kind.value for p in run(PUBLICATION_AT)) == ["before", "publication"]
    set_on(sessions, settings, moved.id, "reply-days", "90")
    session.expire_all()
    assert session.get(Case, moved.id).public_on == dt.date(2017, 4, 23)  # type: ignore[union-attr]
    assert [r.status for r in publication_rows(session, moved.id)] == ["posted"]  # not twice


def test_a_corrected_period_moves_a_pending_reminder(
    sessions: sessionmaker[Session], settings: Settings, session: Session
) -> None:
    case = sent(sessions, settings)
    set_on(sessions, settings, case.id, "reply-days", "30")
    rows = publication_rows(session, case.id)
    assert [(r.due_at, r.status) for r in rows] == [
        (utc(2017, 2, 15, 8), "pending"),  # public on 2017-02-22
        (PUBLICATION_AT, "cancelled"),
    ]


LETTERS = 40


def test_each_publication_reminder_is_posted_exactly_once_by_concurrent_sweeps(
    database_url: str, engine, session: Session, fake: FakeSlack, settings: Settings
) -> None:
    sessions = make_sessionmaker(engine)
    ids = [sent(sessions, settings, channel_id=f"C0CASE{i % 8}").id for i in range(LETTERS)]
    with unit_of_work(sessions) as work:  # the reply reminders are someone else's test
        for row in work.scalars(select(Reminder).where(Reminder.kind != "publication")):
            row.status = "cancelled"
    results = racing_sweeps(
        database_url=database_url, api_url=fake.base_url, settings=settings, now=PUBLICATION_AT
    )

    posted = [p.case_id for result in results for p in result]
    calls = fake.calls_to("chat.postMessage")
    assert len(calls) == LETTERS
    assert sorted(posted) == sorted(ids)
    assert all("becomes public on 24 March 2017" in c.params["text"] for c in calls)
    assert sum(1 for result in results if result) > 1  # the work really was shared
    session.expire_all()
    rows = list(session.scalars(select(Reminder).where(Reminder.kind == "publication")))
    assert {r.status for r in rows} == {"posted"} and len({r.posted_ts for r in rows}) == LETTERS
