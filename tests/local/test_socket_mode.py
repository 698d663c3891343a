"""Socket Mode end to end: the app as `python -m bot socket` starts it, connected over a real
WebSocket to the local stand-in, with the Web API answered by the fake Slack."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cases.models import Case
from bot.config import Settings
from bot.db import unit_of_work, utcnow
from bot.local.fake import FakeSlack
from bot.local.requests import SlackRequests
from bot.local.socket_mode import SocketModeServer
from bot.local.workspace import DEFAULT_USERS, find_action
from bot.reminders.service import schedule_for_sent_letter
from bot.slack.client import make_client
from bot.slack.messages import CARD
from bot.slack.models import SlackMessage
from handlers.reminders.ids import ActionId
from handlers.reminders.sweep import sweep

ROOT = Path(__file__).resolve().parents[2]
OPEN = "/case open KAZ AL FOAA,HRD the closure of a union"
APP_TOKEN = "xapp-1-A0BOT-socket-test"


class Slack:
    """The fake Web API and the Socket Mode server, wired together, and helpers to act as
    Slack does towards the app."""

    def __init__(self, fake: FakeSlack, server: SocketModeServer) -> None:
        self.fake, self.server = fake, server
        self.requests = SlackRequests("unused-in-socket-mode", team_id=fake.team_id)
        self._responses = 0

    def response_url(self) -> tuple[str, str]:
        self._responses += 1
        key = f"socket-{self._responses}"
        return key, self.fake.response_url(key)

    def command(self, line: str, *, channel: str = "C0KAZ") -> tuple[str, str]:
        """Send a slash command as an envelope; its envelope_id and response_url key."""
        command, _, text = line.partition(" ")
        key, url = self.response_url()
        request = self.requests.slash_command(
            command, text, user_id="U0ALICE", channel_id=channel, response_url=url
        )
        return self.server.deliver(request), key

    def reply(self, envelope_id: str, key: str, timeout: float = 5.0) -> str:
        """What the user read: the ack's payload, else what came through the response_url."""
        ack = self.server.wait_for_ack(envelope_id, timeout)
        text = (ack.get("payload") or {}).get("text")
        if text:
            return text
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            posts = [c for c in self.fake.calls_to("response_url") if c.params["_key"] == key]
            if posts:
                return "\n".join(c.params.get("text", "") for c in posts)
            time.sleep(0.02)
        raise AssertionError(f"no reply to {envelope_id}: ack {ack}, nothing at {key}")


def wait_until(found, timeout: float = 5.0):  # noqa: ANN001, ANN201
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = found()
        if result:
            return result
        time.sleep(0.02)
    raise AssertionError(f"not within {timeout} s")


@pytest.fixture
def slack() -> Iterator[Slack]:
    with FakeSlack(users=DEFAULT_USERS) as fake, SocketModeServer(app_id=fake.app_id) as server:
        fake.socket_mode_url = server.connection_url
        yield Slack(fake, server)


@pytest.fixture
def settings(slack: Slack, database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        slack_bot_token="xoxb-socket-test",
        slack_app_token=APP_TOKEN,
        slack_api_url=slack.fake.base_url,
        scheduler_enabled=False,
    )


@pytest.fixture
def handler(settings: Settings, sessions: sessionmaker[Session]) -> Iterator[SocketModeHandler]:
    from bot.socket_mode import start_socket_mode

    handler = start_socket_mode(settings, sessions=sessions)
    yield handler
    handler.close()


def test_command_button_event_and_a_refresh(
    slack: Slack,
    handler: SocketModeHandler,
    settings: Settings,
    sessions: sessionmaker[Session],
    session: Session,
) -> None:
    fake, server = slack.fake, slack.server
    [first] = server.wait_for_links(1)
    [opened] = fake.calls_to("apps.connections.open")
    assert opened.token == APP_TOKEN  # the app-level token, not the bot's

    # A slash command: acked by envelope_id, the case stored, its card posted.
    envelope_id, _ = slack.command(OPEN)
    ack = server.wait_for_ack(envelope_id)
    assert ack["envelope_id"] == envelope_id and ack in first.acks
    [card] = fake.wait_for("chat.postMessage")
    case = wait_until(lambda: session.scalars(select(Case)).one_or_none())
    year = time.gmtime().tm_year
    assert case.reference == f"AL KAZ 1/{year}" and case.opened_by == "U0ALICE"
    assert [m.code for m in case.mandates] == ["FOAA", "HRD"]
    assert card.params["channel"] == "C0KAZ" and case.reference in card.params["text"]
    assert card.token == settings.slack_bot_token
    wait_until(
        lambda: (
            session.scalars(select(SlackMessage.ts).where(SlackMessage.kind == CARD)).one_or_none()
            == card.ts
        )
    )

    # A button: the reminder's Snooze, clicked in the channel.
    with unit_of_work(sessions) as work:
        stored = work.get(Case, case.id)
        stored.sent_on, stored.due_on = dt.date(2017, 1, 23), dt.date(2017, 3, 24)
        schedule_for_sent_letter(session=work, case=stored, settings=settings)
    [posted] = sweep(
        sessions=sessions,
        client=make_client(settings),
        settings=settings,
        now=utcnow(),
        worker_id="test",
    )
    reminder = fake.messages[("C0KAZ", posted.ts)]
    key, url = slack.response_url()
    click = slack.requests.block_actions(
        user_id="U0CAROL",
        channel_id="C0KAZ",
        action=find_action(reminder["blocks"], ActionId.REMINDER_SNOOZE),
        message=reminder,
        response_url=url,
    )
    envelope_id = server.deliver(click)
    assert server.envelopes[envelope_id]["type"] == "interactive"
    assert "snoozed until" in slack.reply(envelope_id, key)
    today = dt.datetime.now(settings.tz).date()
    session.expire_all()
    assert session.get(Case, case.id).snoozed_until == today + dt.timedelta(days=7)

    # An event: opening the Home tab publishes it.
    event = {"type": "app_home_opened", "user": "U0ALICE", "channel": "D0ALICE", "tab": "home"}
    envelope_id = server.deliver(slack.requests.event_callback(event))
    assert server.wait_for_ack(envelope_id) == {"envelope_id": envelope_id}
    [published] = fake.wait_for("views.publish")
    assert published.params["user_id"] == "U0ALICE"
    assert published.params["view"]["type"] == "home"

    # Slack refreshes the connection: the app fetches a new URL, reconnects, drops the old one.
    server.disconnect("refresh_requested")
    links = server.wait_for_links(2)
    server.wait_closed(first)
    assert links[1].open and links[0].ticket != links[1].ticket
    assert len(fake.calls_to("apps.connections.open")) == 2

    # ...and keeps working on the new connection.
    envelope_id, _ = slack.command("/case open Kazakhstan UA HRD the arrest of a union leader")
    assert server.wait_for_ack(envelope_id) in links[1].acks
    reference = f"UA KAZ 2/{year}"
    wait_until(
        lambda: [c for c in fake.calls_to("chat.postMessage") if reference in c.params["text"]]
    )
    wait_until(lambda: reference in [c.reference for c in session.scalars(select(Case))])
    envelope_id, key = slack.command("/case show 2")
    assert reference in slack.reply(envelope_id, key)


def test_a_ticket_is_good_for_one_connection(slack: Slack) -> None:
    """The stand-in refuses what Slack refuses: an unknown or reused ticket."""
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    url = slack.server.connection_url()
    with connect(url, open_timeout=5) as ws:
        assert json.loads(ws.recv(timeout=5))["type"] == "hello"
    for bad in (url, url.replace("ticket=", "ticket=x")):
        with pytest.raises(InvalidStatus) as refused:
            connect(bad, open_timeout=5)
        assert refused.value.response.status_code == 401


def test_connections_open_needs_a_socket_mode_server() -> None:
    with FakeSlack() as fake:
        client = WebClient(base_url=fake.base_url)
        with pytest.raises(SlackApiError) as refused:
            client.apps_connections_open(app_token=APP_TOKEN)
        assert refused.value.response["error"] == "access_denied"
        with SocketModeServer() as server:
            fake.socket_mode_url = server.connection_url
            url = client.apps_connections_open(app_token=APP_TOKEN)["url"]
            assert url.startswith(f"ws://127.0.0.1:{server.port}/link/?ticket=")


@pytest.mark.e2e
def test_python_m_bot_socket_serves_a_command(
    slack: Slack, database_url: str, engine, session: Session, tmp_path: Path
) -> None:
    """The process as teams run it: connects with its tokens, opens a case, is stopped."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_BOT_TOKEN": "xoxb-socket-process",
        "SLACK_API_URL": slack.fake.base_url,
        "SCHEDULER_ENABLED": "false",
    }
    env.pop("SLACK_SIGNING_SECRET", None)
    log_path = tmp_path / "socket.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "socket"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            try:
                slack.server.wait_for_links(1, timeout=20)
            except AssertionError:
                raise AssertionError(log_path.read_text()) from None
            envelope_id, _ = slack.command(OPEN)
            assert slack.server.wait_for_ack(envelope_id, timeout=10)["envelope_id"] == envelope_id
            [card] = slack.fake.wait_for("chat.postMessage", timeout=10)
            assert card.token == "xoxb-socket-process"
            case = wait_until(lambda: session.scalars(select(Case)).one_or_none(), timeout=10)
            assert case.reference in card.params["text"]
        finally:
            process.terminate()
            process.wait(timeout=10)
    assert "connected to Slack in Socket Mode" in log_path.read_text()
