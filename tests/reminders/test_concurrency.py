"""Four sweepers, each with its own connection, on the same 100 due reminders."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import make_sessionmaker, unit_of_work
from bot.local.fake import FakeSlack
from bot.reminders.models import Reminder, ReminderKind
from tests.factories import add_sent_case, racing_sweeps, utc

DUE = 100


def test_each_reminder_is_posted_exactly_once_by_concurrent_sweeps(
    database_url: str, engine, session: Session, fake: FakeSlack, settings: Settings
) -> None:
    due_at = utc(2017, 3, 24, 8)
    with unit_of_work(make_sessionmaker(engine)) as work:
        for i in range(DUE):
            case = add_sent_case(work, channel_id=f"C0CASE{i % 10}")
            work.add(Reminder(case_id=case.id, kind=ReminderKind.DUE.value, due_at=due_at))
    results = racing_sweeps(
        database_url=database_url, api_url=fake.base_url, settings=settings, now=due_at
    )

    posted = [p.reminder_id for result in results for p in result]
    calls = fake.calls_to("chat.postMessage")
    outbox_ids = [c.params["metadata"]["event_payload"]["outbox_id"] for c in calls]
    handed_over = dict(session.execute(select(Reminder.outbox_id, Reminder.id)).all())
    ids = [handed_over[outbox_id] for outbox_id in outbox_ids]
    assert len(calls) == DUE
    assert sorted(ids) == sorted(posted) and len(set(ids)) == DUE
    assert sum(1 for result in results if result) > 1  # the work really was shared
    rows = list(session.scalars(select(Reminder).where(Reminder.kind == "due")))
    assert {r.status for r in rows} == {"posted"}
    assert len({r.posted_ts for r in rows}) == DUE
