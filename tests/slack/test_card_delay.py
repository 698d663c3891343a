"""Case card updates join the one waiting, and wait CARD_UPDATE_DELAY for more changes: the
answer is immediate, the card follows, a burst of changes makes one chat.update, and nothing
is lost if the process that held it back dies."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.app import make_outbox
from bot.cases.models import Allegation
from bot.config import Settings
from bot.local.console import Console
from bot.local.fake import FakeSlack
from bot.local.requests import SlackRequests
from bot.local.workspace import LocalWorkspace
from bot.slack.messages import CARD as CARD_MESSAGE
from bot.slack.models import OutboxMessage, SlackMessage
from bot.slack.outbox import Post
from bot.web import create_wsgi
from handlers.shared.card import CARD
from tests.support import call, dispatch_only, signed, wait_for

OPEN = "/case open KAZ AL FOAA the closure of a union"
CHANNEL = "C0CASES"
DELAY = 30.0  # longer than any test: what is held back goes out only when a test says so


@pytest.fixture
def delayed(settings: Settings, sessions: sessionmaker[Session]) -> Iterator[LocalWorkspace]:
    held_back = dataclasses.replace(settings, card_update_delay=DELAY)
    with LocalWorkspace(held_back, sessions=sessions) as workspace:
        yield workspace


def waiting(session: Session) -> list[OutboxMessage]:
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == "pending")
            .execution_options(populate_existing=True)
        )
    )


def card_update(session: Session) -> Post:
    """Case 1's card update, as ``handlers.shared.card.card_update`` stages it (sent to the
    card's ts recorded when it is sent)."""
    return Post(channel=CHANNEL, text="", render=CARD, render_id=1, recorded=True)


def test_quick_changes_make_one_card_update_that_shows_the_last(
    delayed: LocalWorkspace, session: Session
) -> None:
    workspace = delayed
    workspace.command(OPEN)
    assert len(workspace.fake.calls_to("chat.postMessage")) == 1  # a new card is not held back
    workspace.fake.clear()

    for n in range(1, 6):
        answer = workspace.command(f"/allegation 1 Change number {n}.")
        assert f"Allegation {n} added" in answer.text  # the answer does not wait

    assert workspace.fake.calls_to("chat.update") == []  # the card waits for more changes
    [row] = waiting(session)
    assert row.kind == "update" and row.attempts == 0
    assert row.next_attempt_at is not None
    assert row.next_attempt_at > dt.datetime.now(dt.UTC) + dt.timedelta(seconds=DELAY - 10)

    workspace.deliver_waiting()  # as the timer does once it is due

    (card,) = workspace.fake.calls_to("chat.update")
    assert "5 allegations" in str(card.params["blocks"])
    assert set(session.scalars(select(OutboxMessage.status))) == {"sent"}


def test_the_card_follows_within_the_delay_on_the_process_timer(
    engine, database_url: str, session: Session
) -> None:
    """The web app as served: its own timer delivers the held-back update once due."""
    delay = 0.5
    with FakeSlack() as fake:
        settings = Settings(
            database_url=database_url,
            slack_signing_secret="delay-signing-secret",
            slack_bot_token="xoxb-delay",
            slack_api_url=fake.base_url,
            scheduler_enabled=False,
            log_level="WARNING",
            card_update_delay=delay,
        )
        app = create_wsgi(settings)
        requests = SlackRequests("delay-signing-secret")

        def command(name: str, text: str) -> None:
            status, body = call(
                app,
                requests.slash_command(
                    name,
                    text,
                    user_id="U0ALICE",
                    channel_id=CHANNEL,
                    response_url=fake.response_url("delay"),
                ),
            )
            assert status.startswith("200")
            b"".join(body)  # sent
            getattr(body, "close", lambda: None)()  # the work after the answer starts

        command("/case", "open KAZ AL FOAA the closure of a union")
        wait_for(
            lambda: (
                session.scalar(select(SlackMessage.ts).where(SlackMessage.kind == CARD_MESSAGE))
                is not None
            )
        )  # the card is posted
        started = time.monotonic()
        for n in range(1, 4):
            command("/allegation", f"1 Change number {n}.")
        assert fake.calls_to("chat.update") == []
        fake.wait_for("chat.update", timeout=10)
        assert time.monotonic() - started >= delay * 0.9
        time.sleep(delay)  # nothing else comes
        (card,) = fake.calls_to("chat.update")
        assert "3 allegations" in str(card.params["blocks"])


def test_an_update_held_back_by_a_process_that_died_is_delivered_by_the_tick(
    delayed: LocalWorkspace, sessions: sessionmaker[Session], session: Session
) -> None:
    workspace = delayed
    workspace.command(OPEN)
    workspace.command("/allegation 1 First.")
    workspace.command("/allegation 1 Second.")
    workspace.fake.clear()
    # The process dies: its timer goes with it, the row stays in the outbox.
    tick = make_outbox(sessions)  # another process's scheduler tick
    assert tick.deliver_due(workspace.app.client) == 0  # held back: not due yet
    assert workspace.fake.calls_to("chat.update") == []

    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    session.execute(update(OutboxMessage).values(next_attempt_at=past))  # the delay runs out
    assert tick.deliver_due(workspace.app.client) == 1

    (card,) = workspace.fake.calls_to("chat.update")
    assert "2 allegations" in str(card.params["blocks"])
    assert set(session.scalars(select(OutboxMessage.status))) == {"sent"}


def test_the_console_shows_the_card_updated_after_each_command(delayed: LocalWorkspace) -> None:
    out = io.StringIO()
    console = Console(delayed, out=out)
    console.handle(OPEN)
    console.handle("/allegation 1 First.")
    shown = out.getvalue()
    assert "--- message 1 updated ---" in shown and "1 allegation ·" in shown, shown
    console.handle("/allegation 1 Second.")
    assert "2 allegations" in out.getvalue().split("--- message 1 updated ---")[-1]


def test_without_a_delay_a_change_joins_the_update_not_yet_sent(
    workspace: LocalWorkspace, session: Session
) -> None:
    workspace.command(OPEN)
    workspace.fake.clear()
    for line in ["/allegation 1 First.", "/allegation 1 Second."]:
        status, answer = dispatch_only(workspace, signed(workspace, line))
        assert status == 200 and "added" in answer["text"]
    [row] = waiting(session)  # the second change staged no update of its own
    assert row.next_attempt_at is None  # due at once

    workspace.executor.drain()

    (card,) = workspace.fake.calls_to("chat.update")
    assert "2 allegations" in str(card.params["blocks"])


def test_updates_of_one_card_in_one_batch_are_staged_once(
    workspace: LocalWorkspace, session: Session
) -> None:
    workspace.command(OPEN)
    outbox = workspace.app.deps.outbox
    with workspace.app.deps.sessions.begin() as own:
        staged = outbox.stage(own, [card_update(session), Post(channel=CHANNEL, text="note")])
        again = outbox.stage(own, [card_update(session)])
    assert len(staged.now) == 2 and again.now == again.later == []
    kinds = session.scalars(select(OutboxMessage.kind).where(OutboxMessage.status == "pending"))
    assert sorted(kinds) == ["post", "update"]


def test_an_update_already_tried_is_not_joined(workspace: LocalWorkspace, session: Session) -> None:
    """A waiting update that failed once waits out its backoff: a change gets its own update,
    and the older one is superseded when claimed."""
    workspace.command(OPEN)
    workspace.fake.fail_next("chat.update", "internal_error", status=200)
    workspace.command("/allegation 1 First.")
    [tried] = waiting(session)
    assert tried.attempts == 1
    workspace.fake.clear()
    workspace.command("/allegation 1 Second.")
    (card,) = workspace.fake.calls_to("chat.update")
    assert "2 allegations" in str(card.params["blocks"])
    assert len(session.scalars(select(OutboxMessage.id)).all()) == 3


def test_a_claim_waits_for_the_change_that_joined_the_waiting_update(
    delayed: LocalWorkspace, sessions: sessionmaker[Session], session: Session
) -> None:
    """The race: a change joins the waiting update while a process claims it. The claim waits
    for the change's commit (PostgreSQL: the row is locked; SQLite: the write lock), then
    builds the card with it."""
    workspace = delayed
    workspace.command(OPEN)
    workspace.command("/allegation 1 First.")
    [row] = waiting(session)
    outbox = workspace.app.deps.outbox
    workspace.fake.clear()

    change = sessions()
    try:
        change.execute(insert(Allegation).values(case_id=1, position=1, text="Second."))
        staged = outbox.stage(change, [card_update(session)])
        assert staged.now == staged.later == []  # it joined the waiting update
        delivered = threading.Event()

        def claim() -> None:
            outbox.deliver(workspace.app.client, [row.id], early=True)
            delivered.set()

        claimer = threading.Thread(target=claim)
        claimer.start()
        assert not delivered.wait(0.5)  # waits for the change
        assert workspace.fake.calls_to("chat.update") == []
        change.commit()
    finally:
        change.close()
    claimer.join(timeout=30)

    assert delivered.is_set()
    (card,) = workspace.fake.calls_to("chat.update")
    assert "2 allegations" in str(card.params["blocks"])
