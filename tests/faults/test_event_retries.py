"""Slack's event retries (X-Slack-Retry-Num) are processed once: the event_id is stored with
the work, so a retry of a handled event is acked and dropped and a retry of a failed one runs."""

from __future__ import annotations

import threading
import time

import pytest
from slack_bolt.request import BoltRequest
from sqlalchemy import func, select

from bot.local.requests import SignedRequest
from bot.local.workspace import LocalWorkspace
from bot.slack.dedupe import seen_event
from bot.slack.models import SlackEvent

EVENT = {"type": "star_added", "user": "U0ALICE", "item": {"type": "message"}}


def retried(request: SignedRequest, number: int, reason: str = "http_timeout") -> SignedRequest:
    """The same delivery again, as Slack retries it (the retry headers are not signed)."""
    headers = {**request.headers, "x-slack-retry-num": str(number)}
    return SignedRequest(request.body, headers | {"x-slack-retry-reason": reason})


def stored(session) -> int:
    return session.scalar(select(func.count()).select_from(SlackEvent))


@pytest.fixture
def handled(workspace: LocalWorkspace) -> list[str]:
    """Event ids a test listener ran for (registered after the bot's own listeners)."""
    calls: list[str] = []

    @workspace.app.event("star_added")
    def on_star(body: dict) -> None:
        calls.append(body["event_id"])

    return calls


def test_a_retried_event_is_acked_and_dropped(
    workspace: LocalWorkspace, session, handled: list[str]
) -> None:
    first = workspace.requests.event_callback(EVENT, event_id="Ev0RETRY1")
    assert workspace.send(first).status == 200
    for number in (1, 2, 3):
        answer = workspace.send(retried(first, number))
        assert (answer.status, answer.body) == (200, "")
    assert handled == ["Ev0RETRY1"]
    assert stored(session) == 1
    other = workspace.requests.event_callback(EVENT, event_id="Ev0OTHER")
    assert workspace.send(other).status == 200
    assert handled == ["Ev0RETRY1", "Ev0OTHER"]


def test_a_message_event_delivered_twice_is_stored_once(workspace: LocalWorkspace, session) -> None:
    event = {"type": "message", "channel": "C0CASES", "user": "U0BOB", "text": "hi", "ts": "9.1"}
    request = workspace.requests.event_callback(event, event_id="Ev0MESSAGE")
    statuses = [workspace.send(request).status, workspace.send(retried(request, 1)).status]
    assert statuses == [200, 200]
    assert stored(session) == 1


def test_a_retry_of_an_event_that_failed_is_processed(workspace: LocalWorkspace, session) -> None:
    calls: list[str] = []

    @workspace.app.event("pin_removed")
    def fails_first(body: dict) -> None:
        calls.append(body["event_id"])
        if len(calls) == 1:
            raise RuntimeError("first delivery fails")

    request = workspace.requests.event_callback(
        {"type": "pin_removed", "user": "U0ALICE"}, event_id="Ev0FAILS"
    )
    assert workspace.send(request).status == 500  # so that Slack retries it
    assert stored(session) == 0  # the event_id row went with the failed work
    assert workspace.send(retried(request, 1, "http_error")).status == 200
    assert workspace.send(retried(request, 2, "http_error")).status == 200
    assert calls == ["Ev0FAILS", "Ev0FAILS"]
    assert stored(session) == 1


def test_two_deliveries_at_once_run_the_listener_once(workspace: LocalWorkspace, session) -> None:
    calls: list[str] = []

    @workspace.app.event("pin_added")
    def slow(body: dict) -> None:
        calls.append(body["event_id"])
        time.sleep(0.3)  # the second delivery arrives while this one works

    request = workspace.requests.event_callback(
        {"type": "pin_added", "user": "U0ALICE"}, event_id="Ev0RACE"
    )
    statuses: list[int] = []

    def deliver(req: SignedRequest) -> None:
        response = workspace.app.dispatch(BoltRequest(body=req.body, headers=req.headers))
        statuses.append(response.status)

    threads = [threading.Thread(target=deliver, args=(r,)) for r in (request, retried(request, 1))]
    for thread in threads:
        thread.start()
        time.sleep(0.05)
    for thread in threads:
        thread.join(timeout=10)
    workspace.executor.drain()
    assert statuses == [200, 200]
    assert calls == ["Ev0RACE"]
    assert stored(session) == 1


def test_seen_event_is_true_only_the_second_time(sessions) -> None:
    with sessions() as session:
        assert seen_event(session=session, event_id="Ev0ONCE") is False
        assert seen_event(session=session, event_id="Ev0ONCE") is True
        session.commit()
    with sessions() as session:
        assert seen_event(session=session, event_id="Ev0ONCE") is True
