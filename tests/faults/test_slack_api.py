"""Slack answering 429, 5xx or nothing at all: retried as Slack asks; when it still fails,
the user hears that the change is saved and Slack did not take the message."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from sqlalchemy import func, select, update

from bot.cases.models import Allegation
from bot.config import Settings
from bot.local.workspace import LocalWorkspace
from bot.slack.client import make_client
from bot.slack.messages import CARD
from bot.slack.models import OutboxMessage, SlackMessage
from bot.slack.outbox import Post

OPEN = "/case open KAZ AL FOAA the closure of a union"
SAVED = "Your change is saved, but Slack did not take my message"


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits the retry handlers ask for, recorded instead of slept."""
    asked: list[float] = []
    monkeypatch.setattr(time, "sleep", asked.append)
    return asked


def told(workspace: LocalWorkspace) -> list[str]:
    """What the user heard about posts Slack did not take (not the commands' own replies)."""
    texts = [c.params.get("text", "") for c in workspace.fake.calls_to("response_url")]
    return [text for text in texts if "Slack" in text]


def test_the_client_retries_rate_limits_server_errors_and_lost_connections() -> None:
    handlers = make_client(Settings()).retry_handlers
    kinds = {type(h) for h in handlers} | {base for h in handlers for base in type(h).__mro__}
    assert {
        ConnectionErrorRetryHandler,
        RateLimitErrorRetryHandler,
        ServerErrorRetryHandler,
    } <= kinds
    assert all(h.max_retry_count >= 2 for h in handlers)


def test_a_rate_limited_post_waits_as_slack_asks_then_succeeds(
    workspace: LocalWorkspace, session, sleeps: list[float]
) -> None:
    workspace.fake.fail_next("chat.postMessage", "ratelimited", retry_after=7)
    assert workspace.command(OPEN).status == 200
    posts = workspace.fake.calls_to("chat.postMessage")
    assert [p.error for p in posts] == ["ratelimited", None]
    assert any(7 <= s < 8 for s in sleeps), sleeps
    assert (
        session.scalars(select(SlackMessage.ts).where(SlackMessage.kind == CARD)).one()
        == posts[-1].ts
    )
    assert told(workspace) == []


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_server_error_is_retried(
    workspace: LocalWorkspace, session, sleeps: list[float], status: int
) -> None:
    workspace.command(OPEN)
    workspace.fake.fail_next("chat.update", "internal_error", status=status)
    assert "added" in workspace.command("/allegation 1 Arrested on 3 May.").text
    assert [c.error for c in workspace.fake.calls_to("chat.update")] == ["internal_error", None]
    assert told(workspace) == []


def test_a_post_slack_refuses_for_good_is_told_to_the_author_and_the_change_is_kept(
    workspace: LocalWorkspace, session, sleeps: list[float]
) -> None:
    workspace.command(OPEN)
    workspace.fake.fail_next("chat.update", "channel_not_found", status=200, times=5)
    answer = workspace.command("/allegation 1 Arrested on 3 May.")
    assert "Allegation 1 added" in answer.text
    assert len(workspace.fake.calls_to("chat.update")) == 1  # Slack's refusals are not retried
    assert session.scalar(select(func.count()).select_from(Allegation)) == 1
    [message] = told(workspace)
    assert SAVED in message and "invite me" in message
    assert (
        session.scalar(select(OutboxMessage.status).where(OutboxMessage.kind == "update"))
        == "failed"
    )


@pytest.mark.parametrize(("error", "status"), [("ratelimited", 429), ("internal_error", 500)])
def test_when_slack_keeps_failing_for_now_the_post_waits_in_the_outbox(
    workspace: LocalWorkspace, session, sleeps: list[float], error: str, status: int
) -> None:
    workspace.command(OPEN)
    workspace.fake.fail_next("chat.update", error, status=status, times=3)
    answer = workspace.command("/allegation 1 Arrested on 3 May.")
    assert "Allegation 1 added" in answer.text
    assert len(workspace.fake.calls_to("chat.update")) == 3  # the client's own retries
    assert told(workspace) == []  # not given up: nobody needs to act
    row = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "update")).one()
    assert (row.status, row.last_error) == ("pending", error)
    session.execute(update(OutboxMessage).values(next_attempt_at=None))
    assert workspace.app.deps.outbox.deliver_due(workspace.app.client) == 1
    assert workspace.fake.calls_to("chat.update")[-1].error is None
    assert session.scalar(select(OutboxMessage.status).where(OutboxMessage.id == row.id)) == "sent"


class Silent:
    """A server that accepts connections and never answers: Slack timing out."""

    def __init__(self) -> None:
        self.accepted: list[socket.socket] = []
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.getsockname()[1]}/api/"

    def _accept(self) -> None:
        while True:
            try:
                self.accepted.append(self.server.accept()[0])
            except OSError:
                return

    def close(self) -> None:
        self.server.close()
        for sock in self.accepted:
            sock.close()


@pytest.fixture
def silent() -> Iterator[Silent]:
    server = Silent()
    yield server
    server.close()


def test_a_timeout_is_retried(silent: Silent, sleeps: list[float]) -> None:
    client = make_client(Settings(slack_api_url=silent.base_url))
    client.timeout = 0.1
    with pytest.raises(TimeoutError):
        client.chat_postMessage(channel="C0CASES", text="hello")
    assert len(silent.accepted) == 3  # the first attempt and two retries


def test_when_slack_times_out_the_posts_stay_in_the_outbox_and_go_out_later(
    workspace: LocalWorkspace, silent: Silent, sleeps: list[float], sessions
) -> None:
    client = make_client(Settings(slack_api_url=silent.base_url))
    client.timeout = 0.1
    outbox = workspace.app.deps.outbox
    with sessions() as session:
        ids = outbox.stage(
            session, [Post(channel="C0CASES", text="first"), Post(channel="C0CASES", text="second")]
        ).now
        session.commit()
    assert outbox.deliver(client, ids) == []  # a timeout is not a refusal: nobody is told yet
    with sessions() as session:
        rows = [session.get(OutboxMessage, i) for i in ids]
        assert [r.status for r in rows] == ["pending", "pending"]
        session.execute(update(OutboxMessage).values(next_attempt_at=None))
        session.commit()
    assert outbox.deliver_due(make_client(workspace.settings)) == 2
    texts = [c.params["text"] for c in workspace.fake.calls_to("chat.postMessage")]
    assert texts == ["first", "second"]
