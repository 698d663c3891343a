"""Under a WSGI server a command's change is stored before its answer, and its posts start only
once the answer is sent (the server closes the body), so they never compete with sending it."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from bot.cases.models import Allegation, Case
from bot.config import Settings
from bot.local.fake import FakeSlack
from bot.local.requests import SignedRequest, SlackRequests
from bot.slack.messages import CARD
from bot.slack.models import SlackMessage
from bot.web import AnswerThenWork, create_wsgi
from tests.support import call, wait_for

SECRET = "wsgi-signing-secret-0123456789"


@pytest.fixture
def wsgi(engine, database_url: str) -> Iterator[tuple]:
    with FakeSlack() as fake:
        settings = Settings(
            database_url=database_url,
            slack_signing_secret=SECRET,
            slack_bot_token="xoxb-wsgi",
            slack_api_url=fake.base_url,
            scheduler_enabled=False,
            log_level="WARNING",
            card_update_delay=0,  # the card update too is sent right after the answer
        )
        yield create_wsgi(settings), fake


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_the_change_is_stored_before_the_answer_and_the_posts_start_once_it_is_sent(
    wsgi, session
) -> None:
    app, fake = wsgi
    requests = SlackRequests(SECRET)

    def slash(text: str) -> SignedRequest:
        return requests.slash_command(
            "/case" if text.startswith("open") else "/allegation",
            text,
            user_id="U0ALICE",
            channel_id="C0WSGI",
            response_url=fake.response_url("wsgi"),
        )

    status, body = call(app, slash("open KAZ AL FOAA the closure of a union"))
    assert status.startswith("200") and isinstance(body, AnswerThenWork)
    assert count(session, Case) == 1, "stored before the answer"
    time.sleep(0.2)
    assert fake.calls_to("chat.postMessage") == [], "nothing is posted before the body is closed"
    b"".join(body)
    body.close()
    fake.wait_for("chat.postMessage")
    wait_for(
        lambda: session.scalar(select(SlackMessage.ts).where(SlackMessage.kind == CARD)) is not None
    )

    status, body = call(app, slash("1 Arrested on 3 May."))
    assert b"Allegation 1 added" in b"".join(body)
    assert count(session, Allegation) == 1
    body.close()
    fake.wait_for("chat.update")

    help_status, help_body = call(
        app, requests.slash_command("/case", "help", user_id="U0A", channel_id="C0WSGI")
    )
    assert help_status.startswith("200") and not isinstance(help_body, AnswerThenWork)
    assert b"/case open" in b"".join(help_body)
