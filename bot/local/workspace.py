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
from pathlib import Path
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.request import BoltRequest
from sqlalchemy.orm import Session, sessionmaker

from bot.app import compose, create_app
from bot.config import Settings
from bot.local.fake import FakeSlack
from bot.local.render_text import Control
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
        """The ack's JSON ({} for an empty ack; a plain-text ack, as Slack shows it, as text)."""
        if self.body.strip().startswith("{"):
            return json.loads(self.body)
        return {"text": self.body} if self.body.strip() and self.status == 200 else {}

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
        state_file: Path | None = None,
    ) -> None:
        self.fake = FakeSlack(users=users or DEFAULT_USERS, state_file=state_file).start()
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

    def command(
        self, line: str, *, user: str = "U0ALICE", channel: str = "C0CASES", wire: bool = False
    ) -> Answer:
        """Send ``/case open KAZ AL ...`` as Slack would (``wire``: the text is already as
        Slack sends it, mentions as ``<@U1|bob>``)."""
        command, _, text = line.strip().partition(" ")
        return self.send(
            self.requests.slash_command(
                command,
                text,
                user_id=user,
                channel_id=channel,
                response_url=self.response_url(),
                wire=wire,
            )
        )

    def event(self, event: dict) -> Answer:
        """Send an Events API event (a message, app_home_opened) as Slack would."""
        return self.send(self.requests.event_callback(event))

    def post(
        self, text: str, *, user: str, channel: str = "C0CASES", thread_ts: str | None = None
    ) -> dict:
        """A person posts ``text`` (a reply in a thread when ``thread_ts``); Slack tells the
        app. The message as stored."""
        event = self.fake.post_as_user(channel=channel, user=user, text=text, thread_ts=thread_ts)
        self.event(event)
        return event

    def edit(self, ts: str, text: str, *, user: str, channel: str = "C0CASES") -> None:
        """A person edits their message; Slack sends message_changed."""
        self.event(self.fake.edit_as_user(channel=channel, ts=ts, user=user, text=text))

    def delete(self, ts: str, *, user: str, channel: str = "C0CASES") -> None:
        """A person deletes their message; Slack sends message_deleted."""
        self.event(self.fake.delete_as_user(channel=channel, ts=ts, user=user))

    def open_home(self, user: str) -> Answer:
        """The user opens the app's Home tab."""
        event = {"type": "app_home_opened", "user": user, "channel": "D" + user[1:]}
        return self.event({**event, "tab": "home", "event_ts": self.fake._next_ts()})

    def submit(self, view: dict, values: dict, *, user: str) -> Answer:
        """Submit a form with these state values ({block_id: {action_id: value}})."""
        return self.send(self.requests.view_submission(user_id=user, view=view, values=values))

    def use(
        self,
        control: Control,
        *,
        user: str,
        channel: str = "C0CASES",
        message: dict | None = None,
        view: dict | None = None,
        choice: str | None = None,
    ) -> Answer:
        """Click a button, or pick ``choice`` (an option's value, a date, a user id) from a
        menu, in a message or a view (the Home tab, a form)."""
        return self._act(as_clicked(control, choice), user, channel, message=message, view=view)

    def click(
        self, message: dict, action_id: str, *, user: str = "U0ALICE", channel: str = "C0CASES"
    ) -> Answer:
        """Click the button with this action_id in a stored message."""
        action = find_action(message.get("blocks") or [], action_id)
        if action is None:
            raise LookupError(f"no button {action_id!r} in that message")
        return self._act(action, user, channel, message=message)

    def _act(
        self,
        action: dict,
        user: str,
        channel: str,
        *,
        message: dict | None = None,
        view: dict | None = None,
    ) -> Answer:
        return self.send(
            self.requests.block_actions(
                user_id=user,
                channel_id=channel,
                action=action,
                message=message,
                view=view,
                response_url=self.response_url() if view is None else "",
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


def as_clicked(control: Control, choice: str | None = None) -> dict:
    """The action Slack reports when this element is clicked (or ``choice`` picked in it)."""
    element, kind = control.element, control.element.get("type", "button")
    action: dict[str, Any] = {
        "action_id": element.get("action_id", ""),
        "block_id": control.block_id,
        "type": kind,
    }
    if kind == "button":
        return action | {"value": element.get("value", ""), "text": element.get("text", {})}
    if choice is None:
        raise LookupError("that menu needs a choice: its option's number or value")
    options = control.options
    picked = [o for o in options if o.get("value") == choice]
    if not picked and choice.isdigit() and 1 <= int(choice) <= len(options):
        picked = [options[int(choice) - 1]]
    if options and not picked:
        raise LookupError(f"{choice!r} is none of its options (1 to {len(options)})")
    if kind in {"overflow", "static_select", "external_select", "radio_buttons"}:
        return action | {"selected_option": picked[0]}
    if kind in {"multi_static_select", "checkboxes"}:
        return action | {"selected_options": picked}
    key = {
        "datepicker": "selected_date",
        "timepicker": "selected_time",
        "users_select": "selected_user",
        "conversations_select": "selected_conversation",
        "channels_select": "selected_channel",
    }.get(kind, "value")
    return action | {key: choice}


def split_line(line: str) -> list[str]:
    """Split a console line into words, keeping quoted parts together."""
    try:
        return shlex.split(line)
    except ValueError:
        return line.split()
