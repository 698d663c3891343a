"""The one way a listener runs: the change and its posts committed before Slack's answer, the
reply in the answer itself, the posts delivered from the outbox after it."""

from __future__ import annotations

import datetime as dt
import logging
import threading

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import object_session

from bot.cases.models import Allegation, Case
from bot.local.workspace import LocalWorkspace
from bot.slack.messages import CARD
from bot.slack.models import HandledRequest, OutboxMessage, SlackMessage
from tests.support import dispatch_only, signed

OPEN = "/case open KAZ AL FOAA the closure of a union"


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_the_change_and_its_posts_are_committed_before_the_answer_which_carries_the_reply(
    workspace: LocalWorkspace, session
) -> None:
    workspace.command(OPEN)
    posts = len(workspace.fake.calls_to("chat.update"))
    status, answer = dispatch_only(workspace, signed(workspace, "/allegation 1 Arrested on 3 May."))
    assert status == 200
    assert "Allegation 1 added" in answer["text"] and answer["response_type"] == "ephemeral"
    assert count(session, Allegation) == 1  # stored before Slack had its answer
    [pending] = session.scalars(select(OutboxMessage).where(OutboxMessage.status == "pending"))
    assert pending.kind == "update" and pending.render == "case_card"
    assert len(workspace.fake.calls_to("chat.update")) == posts  # nothing posted yet
    workspace.executor.drain()
    assert len(workspace.fake.calls_to("chat.update")) == posts + 1
    session.expire_all()
    assert session.get(OutboxMessage, pending.id).status == "sent"


def test_posts_left_by_a_process_that_died_are_delivered_by_the_next_tick(
    workspace: LocalWorkspace, session
) -> None:
    status, _answer = dispatch_only(workspace, signed(workspace, OPEN))
    assert status == 200 and count(session, Case) == 1
    workspace.executor._pending.clear()  # the process dies before it posts the card
    assert workspace.fake.calls_to("chat.postMessage") == []
    assert workspace.app.deps.outbox.deliver_due(workspace.app.client) == 1
    [card] = workspace.fake.calls_to("chat.postMessage")
    assert session.scalar(select(SlackMessage.ts).where(SlackMessage.kind == CARD)) == card.ts
    assert workspace.app.deps.outbox.deliver_due(workspace.app.client) == 0  # once only


def test_a_post_made_but_not_recorded_before_a_crash_is_found_not_repeated(
    workspace: LocalWorkspace, session
) -> None:
    dispatch_only(workspace, signed(workspace, OPEN))
    workspace.executor._pending.clear()
    row = session.scalars(select(OutboxMessage)).one()
    # The card went out, then the process died before it wrote that down: the row is held.
    workspace.app.client.chat_postMessage(
        channel="C0CASES",
        text="card",
        metadata={"event_type": "mandate_bot_outbox", "event_payload": {"outbox_id": row.id}},
    )
    expired = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    session.execute(
        update(OutboxMessage).values(status="sending", attempts=1, claimed_until=expired)
    )
    assert workspace.app.deps.outbox.deliver_due(workspace.app.client) == 1
    posts = workspace.fake.calls_to("chat.postMessage")
    assert len(posts) == 1  # found in the channel, not posted again
    assert session.scalar(select(SlackMessage.ts).where(SlackMessage.kind == CARD)) == posts[0].ts


def test_a_repeated_request_changes_nothing_and_gets_the_same_answer(
    workspace: LocalWorkspace, session
) -> None:
    workspace.command(OPEN)
    request = signed(workspace, "/allegation 1 Arrested on 3 May.")
    first = workspace.send(request)
    again = workspace.send(request)  # Slack's retry, or a replay of the signed request
    assert first.status == again.status == 200
    assert again.ack == first.ack and "Allegation 1 added" in again.text
    assert count(session, Allegation) == 1
    assert count(session, HandledRequest) == 2  # the open and the allegation


def test_two_identical_requests_at_once_make_one_change_and_get_the_same_answer(
    workspace: LocalWorkspace, session
) -> None:
    workspace.command(OPEN)
    request = signed(workspace, "/allegation 1 Arrested on 3 May.")
    barrier = threading.Barrier(2)
    answers: list[tuple[int, dict]] = []

    def send() -> None:
        barrier.wait(timeout=30)
        answers.append(dispatch_only(workspace, request))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == 2 and answers[0] == answers[1]
    assert answers[0][0] == 200 and "Allegation 1 added" in answers[0][1]["text"]
    assert count(session, Allegation) == 1
    assert count(session, OutboxMessage) == 2  # the open's card and this one's card update
    assert count(session, HandledRequest) == 2


def test_help_is_answered_in_the_ack(workspace: LocalWorkspace) -> None:
    status, answer = dispatch_only(workspace, signed(workspace, "/case help"))
    assert status == 200 and "/case open" in answer["text"]


def test_a_refusal_is_the_answer_and_changes_nothing(workspace: LocalWorkspace, session) -> None:
    status, answer = dispatch_only(workspace, signed(workspace, "/allegation 7 Arrested."))
    assert status == 200 and answer["response_type"] == "ephemeral"
    assert "There is no case 7 in this channel" in answer["text"]
    assert count(session, Allegation) == 0 and count(session, OutboxMessage) == 0
    assert count(session, HandledRequest) == 0  # a corrected retry is not taken for a repeat


def test_an_unexpected_failure_is_reported_with_an_id_and_rolled_back(
    workspace: LocalWorkspace,
    session,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    workspace.command(OPEN)

    def explode(case):  # noqa: ANN001, ANN202 - after the paragraph is added and flushed
        object_session(case).flush()
        raise RuntimeError("boom")

    monkeypatch.setattr("handlers.shared.card.card_update", explode)  # staged after the change
    caplog.set_level(logging.INFO, logger="bot.request")
    caplog.clear()
    answer = workspace.command("/allegation 1 Arrested on 3 May.")
    assert "Something went wrong (error id" in answer.text
    assert "nothing was changed" in answer.text
    assert count(session, Allegation) == 0
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.request"]
    assert len(lines) == 1 and "outcome=error" in lines[0] and "error_id=" in lines[0]


def test_a_voided_clearance_is_told_in_the_thread(workspace: LocalWorkspace) -> None:
    workspace.command(OPEN)
    workspace.command("/allegation 1 Arrested on 3 May.")
    workspace.command("/letter 1 draft")
    workspace.command("/allegation 1 Released on 4 May.")
    thread = [c.params["text"] for c in workspace.fake.calls_to("chat.postMessage")]
    assert any("changed the case after v1" in text for text in thread)
