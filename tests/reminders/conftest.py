"""Sent letters to remind about, a fake Slack and a client, for the reminder tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.cases.models import Case
from bot.config import Settings
from bot.db import unit_of_work
from bot.local.fake import FakeSlack
from bot.reminders.service import schedule_for_sent_letter
from bot.slack.client import make_client
from handlers.reminders.sweep import PostedReminder, sweep
from tests.factories import Sent, add_sent_case

ZURICH = "Europe/Zurich"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server


@pytest.fixture
def client(fake: FakeSlack, settings: Settings) -> WebClient:
    """The production client (rate-limit retries included) pointed at the fake."""
    return make_client(Settings(slack_api_url=fake.base_url, slack_bot_token="xoxb-test"))


@pytest.fixture
def sent_case(sessions: sessionmaker[Session], settings: Settings) -> Sent:
    """Make a sent case with its reminders scheduled, committed."""

    def make(**kwargs) -> Case:
        with unit_of_work(sessions) as session:
            case = add_sent_case(session, **kwargs)
            schedule_for_sent_letter(session=session, case=case, settings=settings)
        return case

    return make


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
