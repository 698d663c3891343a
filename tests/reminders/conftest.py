"""Sent letters to remind about, a fake Slack and a client, for the reminder tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from slack_sdk import WebClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.cases.enums import LetterType
from bot.cases.models import Case
from bot.config import Settings
from bot.db import unit_of_work
from bot.local.fake import FakeSlack
from bot.reminders.models import Reminder
from bot.reminders.service import schedule_for_sent_letter
from bot.slack.client import make_client
from handlers.reminders.sweep import PostedReminder, sweep

SENT_ON = dt.date(2017, 1, 23)  # the seed letter
DUE_ON = dt.date(2017, 3, 24)
ZURICH = "Europe/Zurich"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server


@pytest.fixture
def client(fake: FakeSlack, settings: Settings) -> WebClient:
    """The production client (rate-limit retries included) pointed at the fake."""
    return make_client(Settings(slack_api_url=fake.base_url, slack_bot_token="xoxb-test"))


def add_case(
    session: Session,
    *,
    channel_id: str = "C0KAZ",
    sent_on: dt.date | None = SENT_ON,
    due_on: dt.date | None = DUE_ON,
) -> Case:
    """A sent AL to Kazakhstan, inserted directly (as /letter send would leave it)."""
    last = session.scalar(select(func.max(Case.reference_number)).where(Case.country_code == "KAZ"))
    case = Case(
        channel_id=channel_id,
        letter_type=LetterType.AL,
        country_code="KAZ",
        subject="the permanent closure of the Confederation of Independent Trade Unions",
        reference_code="KAZ",
        reference_number=(last or 0) + 1,
        reference_year=2017,
        opened_by="U0ALICE",
        sent_on=sent_on,
        due_on=due_on,
    )
    session.add(case)
    session.flush()
    return case


Sent = Callable[..., Case]


@pytest.fixture
def sent_case(sessions: sessionmaker[Session], settings: Settings) -> Sent:
    """Make a sent case with its reminders scheduled, committed."""

    def make(**kwargs) -> Case:
        with unit_of_work(sessions) as session:
            case = add_case(session, **kwargs)
            schedule_for_sent_letter(session=session, case=case, settings=settings)
        return case

    return make


def reminders_of(session: Session, case_id: int) -> list[Reminder]:
    session.expire_all()
    return list(
        session.scalars(
            select(Reminder).where(Reminder.case_id == case_id).order_by(Reminder.due_at)
        )
    )


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.fixture
def run(
    sessions: sessionmaker[Session], client: WebClient, settings: Settings
) -> Callable[..., list[PostedReminder]]:
    """One sweep at a given instant."""

    def run_at(now: dt.datetime, worker_id: str = "test-worker") -> list[PostedReminder]:
        return sweep(
            sessions=sessions, client=client, settings=settings, now=now, worker_id=worker_id
        )

    return run_at
