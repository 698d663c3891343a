"""A workspace on this machine: the app, the fake Slack, and signed requests between them.

The local console and the tests drive the app through it exactly as Slack would.
"""

from __future__ import annotations

import dataclasses
import json
import shlex
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.request import BoltRequest
from sqlalchemy.orm import Session, sessionmaker

from bot.app import compose, create_app
from bot.config import Settings
from bot.local.fake import FakeSlack
from bot.local.requests import SignedRequest, SlackRequests
from bot.slack.client import LOCAL_SIGNING_SECRET, make_client
from bot.slack.runtime import BotApp

DEFAULT_USERS = {
    "U0ALICE": {"name": "alice", "real_name": "Alice Martin", "tz": "Europe/Zurich"},
    "U0BOB": {"name": "bob", "real_name": "Bob Okafor", "tz": "Europe/Zurich"},
    "U0CAROL": {"name": "carol", "real_name": "Carol Díaz", "tz": "Europe/Zurich"},
}


class DeferredExecutor(Executor):
    """Runs submitted work when drained: the work after the answer runs in order, on demand."""

    def __init__(self) -> None:
        self._pending: list[tuple[Future, Callable[..., Any], tuple, dict]] = []
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        with self._lock:
            self._pending.append((future, fn, args, kwargs))
        return future

    def drain(self) -> None:
        """Run everything queued, including work queued while draining."""
        while True:
            with self._lock:
                if not self._pending:
                    return
                future, fn, args, kwargs = self._pending.pop(0)
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as error:  # noqa: BLE001 - kept on the future, as a pool would
                future.set_exception(error)


@dataclasses.dataclass
class Answer:
    """What the app answered to one request: the ack, and what it sent to the response_url."""

    status: int
    body: str
    responses: list[dict] = dataclasses.field(default_factory=list)

    @property
    def ack(self) -> dict:
        """The ack's JSON ({} for an empty ack)."""
        return json.loads(self.body) if self.body.strip().startswith("{") else {}

    @property
    def json(self) -> dict:
        """The reply the user sees first: the ack's message, else the first response_url post."""
        ack = self.ack
        if ack.get("text") or ack.get("blocks") or not self.responses:
            return ack
        return self.responses[0]

    @property
    def text(self) -> str:
        """Everything the user reads, ack then response_url posts (Slack shows &lt; as <)."""
        texts = [self.ack.get("text", "")] + [r.get("text", "") for r in self.responses]
        text = "\n".join(t for t in texts if t)
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


class LocalWorkspace:
    """The app wired to a fake Slack on 127.0.0.1, driven with signed requests."""

    def __init__(
        self,
        settings: Settings,
        *,
        sessions: sessionmaker[Session] | None = None,
        users: dict[str, dict] | None = None,
    ) -> None:
        self.fake = FakeSlack(users=users or DEFAULT_USERS).start()
        secret = settings.slack_signing_secret or LOCAL_SIGNING_SECRET
        self.settings = dataclasses.replace(
            settings, slack_api_url=self.fake.base_url, slack_signing_secret=secret
        )
        self.requests = SlackRequests(secret, team_id=self.fake.team_id)
        self.executor = DeferredExecutor()
        self.process = compose(self.settings, client=make_client(self.settings), sessions=sessions)
        self.app: BotApp = create_app(self.settings, executor=self.executor, process=self.process)
        self._responses = 0

    def close(self) -> None:
        self.fake.stop()

    def __enter__(self) -> LocalWorkspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, request: SignedRequest) -> Answer:
        """Dispatch a signed request, then run the work Bolt left for after the answer."""
        before = len(self.fake.calls_to("response_url"))
        response: BoltResponse = self.app.dispatch(
            BoltRequest(body=request.body, headers=dict(request.headers))
        )
        self.executor.drain()
        posts = self.fake.calls_to("response_url")[before:]
        responses = [{k: v for k, v in c.params.items() if k != "_key"} for c in posts]
        return Answer(status=response.status, body=response.body or "", responses=responses)

    def deliver_waiting(self) -> None:
        """Deliver now what the app holds back for more changes (case card updates), as its
        timer would once they are due, and run it: the console shows the card at once."""
        self.app.timer.run_all()
        self.executor.drain()

    def response_url(self) -> str:
        self._responses += 1
        return self.fake.response_url(f"r{self._responses}")

    def command(self, line: str, *, user: str = "U0ALICE", channel: str = "C0CASES") -> Answer:
        """Send ``/case open KAZ AL ...`` as Slack would."""
        command, _, text = line.strip().partition(" ")
        return self.send(
            self.requests.slash_command(
                command,
                text,
                user_id=user,
                channel_id=channel,
                response_url=self.response_url(),
            )
        )

    def click(
        self, message: dict, action_id: str, *, user: str = "U0ALICE", channel: str = "C0CASES"
    ) -> Answer:
        """Click the button with this action_id in a stored message."""
        action = find_action(message.get("blocks") or [], action_id)
        if action is None:
            raise LookupError(f"no button {action_id!r} in that message")
        return self.send(
            self.requests.block_actions(
                user_id=user,
                channel_id=channel,
                action=action,
                message=message,
                response_url=self.response_url(),
            )
        )


def find_action(blocks: list[dict], action_id: str) -> dict | None:
    """The interactive element with this action_id, as Slack reports it when clicked."""
    for block in blocks:
        elements = block.get("elements") or []
        accessory = block.get("accessory")
        for element in [*elements, *([accessory] if accessory else [])]:
            if element.get("action_id") == action_id:
                return {
                    "action_id": action_id,
                    "block_id": block.get("block_id", ""),
                    "type": element.get("type", "button"),
                    "value": element.get("value", ""),
                    "text": element.get("text", {}),
                }
    return None


def split_line(line: str) -> list[str]:
    """Split a console line into words, keeping quoted parts together."""
    try:
        return shlex.split(line)
    except ValueError:
        return line.split()
