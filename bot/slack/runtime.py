"""The one way a listener runs: one session, the change committed before Slack's answer.

Every listener kind (slash commands, buttons, forms, shortcuts, events, the Home tab) is a
function ``(Request) -> Reply`` wrapped by ``handle``. Within the request's one database
session, the wrapper

1. runs the listener (parse, one service call, a Reply);
2. turns the session's domain events into more posts (``EventHandlers``): the posts that
   follow a change (the case card, the review thread's notices) are staged wherever the
   change is made, so none is missed;
3. stages the Reply's posts in the durable outbox, in the same transaction;
4. records the request as handled (its Slack ``trigger_id``) with its answer: a repeat of a
   request handled already finds it there, rolls back everything it did, and is answered as
   the first time;
5. commits, and only then answers Slack: with the reply itself for a command, so what the
   user reads is what was stored;
6. after the answer, delivers the staged posts and makes the Slack calls that need no record
   (opening a modal, publishing the Home tab), on the app's executor; a case card update the
   outbox holds back for more changes is delivered by the process's timer when it is due.

A ``UserError`` rolls everything back and is answered by the app's error handler.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from slack_bolt import Ack, App, BoltContext, BoltResponse
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from sqlalchemy import Executable, Table, select
from sqlalchemy.dialects.postgresql import Insert as PostgresqlInsert
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db import begin_read
from bot.errors import UserError
from bot.events import DomainEvent, collect_events
from bot.slack.commands import Invocation, Reply, SlashCommand
from bot.slack.escape import from_slack, unescape_slack
from bot.slack.logging import log_request
from bot.slack.models import HandledRequest
from bot.slack.outbox import Item, Outbox, Staged
from bot.slack.timer import Timer

logger = logging.getLogger("bot")

AFTER_ANSWER_THREADS = 4  # per process; the answer threads are gunicorn's
AFTER_KEY = "after_answer"
LATER_KEY = "later"

SlackCall = Callable[[WebClient], Any]
HeldWork = tuple[BoltRequest, list[SlackCall], float]  # a request, its work, when it started


@dataclass(frozen=True)
class Request:
    """What a listener gets: the session of the request, who, where, and Slack's body."""

    session: Session
    settings: Settings
    body: dict
    user_id: str
    channel_id: str
    trigger_id: str
    team_id: str | None = None
    client: WebClient | None = None  # for a question to Slack before the change (rare)

    @property
    def today(self) -> dt.date:
        """Today in the team's time zone."""
        return dt.datetime.now(self.settings.tz).date()


Listener = Callable[[Request], Reply]
EventHandler = Callable[[Session, DomainEvent, str], list[Item]]
E = TypeVar("E", bound=DomainEvent)


@dataclass
class EventHandlers:
    """Who turns each kind of domain event into posts (registered by the features)."""

    by_type: dict[type[DomainEvent], list[EventHandler]] = field(default_factory=dict)

    def on(self, kind: type[E], handler: Callable[[Session, E, str], list[Item]]) -> None:
        """``handler`` posts for every event of ``kind``, or of a kind derived from it."""
        # Stored with every kind's handlers; posts_for hands it only events of this kind.
        self.by_type.setdefault(kind, []).append(cast(EventHandler, handler))

    def posts_for(self, session: Session, actor: str) -> list[Item]:
        """Every post the session's events call for, in the order they were recorded; for
        one event, the handlers of its own kind first, then those of the kinds it derives
        from (a letter sent: the thread's notice, then the case card). Events raised
        meanwhile are handled too."""
        items: list[Item] = []
        while events := collect_events(session):
            for event in events:
                for kind in type(event).__mro__:
                    for handler in self.by_type.get(kind, []):
                        items.extend(handler(session, event, actor))
        return items


@dataclass(frozen=True)
class Deps:
    """What the features' listeners need: settings, the outbox, the domain event handlers,
    and ``explain``, which adds to a refusal the command that helps (the domain knows none)."""

    settings: Settings
    sessions: sessionmaker[Session]
    outbox: Outbox
    events: EventHandlers
    explain: Callable[[UserError], None] | None = None


class BotApp(App):
    """Bolt's App with one database session per request and work done after the answer.

    Bolt's global middleware cannot wrap the listeners (its ``next()`` only marks the request
    to go on), so the session is opened around the whole dispatch: listeners get it in the
    context, it is rolled back by the error handler when one fails, and always closed.
    What a listener leaves for after the answer (``after_answer``) runs on ``executor`` once the
    answer is built, or, under WSGI, once it is sent (``holding_work``).
    """

    def __init__(
        self,
        *,
        deps: Deps,
        executor: Executor | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.deps = deps  # the features' shared needs (the outbox: for the scheduler, tests)
        self.sessions = deps.sessions
        self.executor = executor or ThreadPoolExecutor(
            max_workers=AFTER_ANSWER_THREADS, thread_name_prefix="after-answer"
        )
        self._held = threading.local()
        # Work held back a while (a card update waiting for more changes), then run on the
        # executor; lost with the process, but what it delivers is stored: the tick finds it.
        self.timer = Timer(self._run_later, name="after-answer-timer")
        # Every slash command through one listener, the first Bolt tries: Bolt asks its
        # listeners in turn whether a request is theirs (some 15 µs each), and a command is
        # what someone waits for. ``register_command`` fills the table.
        self.commands: dict[str, Callable[..., None]] = {}
        self.command(re.compile(r"^/"))(self._run_command)

    def _run_command(self, ack: Ack, body: dict, context: BoltContext) -> None:
        listener = self.commands.get(body.get("command", ""))
        if listener is None:
            ack(text=self.unknown_command(body.get("command", "")))
            return
        listener(ack=ack, body=body, context=context)

    def unknown_command(self, name: str) -> str:
        """The answer to a command the app does not have (a typo, or a manifest that lists
        one the app no longer serves): the commands it has, and the likeliest one."""
        known = sorted(self.commands)
        close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
        guess = f" Did you mean `{close[0]}`?" if close else ""
        listed = ", ".join(f"`{command}`" for command in known)
        return f"There is no `{name}` command.{guess} The commands are {listed}."

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        session = self.sessions()
        req.context["session"] = session
        started = time.perf_counter()
        status = 500
        _drop_nul_characters(req)
        try:
            response = _refuse_malformed(req) or super().dispatch(req)
            if session.in_transaction():
                session.commit()
            status = response.status
            return response
        except BaseException:
            req.context.setdefault("outcome", "error")
            session.rollback()
            raise
        finally:
            session.close()
            req.context["ack_ms"] = _ms_since(started)
            work = req.context.get(AFTER_KEY)
            if status == 200:
                client: WebClient = req.context.client
                for delay, call in req.context.get(LATER_KEY) or []:
                    self.timer.call_later(delay, functools.partial(call, client))
            if status == 200 and work:
                self._schedule(req, work, started)
            else:
                req.context["latency_ms"] = req.context["ack_ms"]
                log_request(req, status)

    def _schedule(self, req: BoltRequest, work: list[SlackCall], started: float) -> None:
        held = getattr(self._held, "work", None)
        if held is not None:
            held.append((req, work, started))  # started by release_held once the answer is sent
            return
        self._submit(req, work, started)

    def _submit(self, req: BoltRequest, work: list[SlackCall], started: float) -> None:
        try:
            self.executor.submit(self._after_answer, req, work, started)
        except RuntimeError:  # the executor is shutting down with the process
            self._after_answer(req, work, started)

    @contextmanager
    def holding_work(self) -> Iterator[list[HeldWork]]:
        """Within it, this thread's requests keep their work after the answer (the list
        yielded) instead of starting it: a server calls ``release_held`` with the list once
        the answer is on the wire, so the work does not compete with sending it."""
        held: list[HeldWork] = []
        self._held.work = held
        try:
            yield held
        finally:
            self._held.work = None

    def release_held(self, held: list[HeldWork]) -> None:
        """Start the work held back by ``holding_work``."""
        while held:
            self._submit(*held.pop(0))

    def _run_later(self, call: Callable[[], Any]) -> None:
        """Run a call the timer found due on the executor (inline when it is shutting down)."""
        try:
            self.executor.submit(_logged, call)
        except RuntimeError:
            _logged(call)

    def _after_answer(self, req: BoltRequest, work: list[SlackCall], started: float) -> None:
        """The request's Slack calls after the answer, then its log line."""
        client: WebClient = req.context.client
        try:
            for call in work:
                try:
                    call(client)
                except Exception:  # noqa: BLE001 - one failed call must not stop the others
                    req.context.setdefault("outcome", "error")
                    logger.exception("work after the answer failed")
        finally:
            req.context["latency_ms"] = _ms_since(started)
            log_request(req, 200)


def after_answer(context: BoltContext, call: SlackCall) -> None:
    """Run ``call(client)`` once Slack has its answer (a modal to open, a view to publish)."""
    context.setdefault(AFTER_KEY, []).append(call)


def later(context: BoltContext, delay: float, call: SlackCall) -> None:
    """Run ``call(client)`` ``delay`` seconds after the answer, on the app's timer."""
    context.setdefault(LATER_KEY, []).append((delay, call))


def deliver_staged(context: BoltContext, outbox: Outbox, staged: Staged) -> None:
    """Deliver what the request staged: most of it right after the answer; what the outbox
    holds back for more changes once it is due (or, if this process is gone, by the tick).
    The timer may be told to run it sooner (the local console): ``early`` lets it."""
    if staged.now:
        after_answer(context, lambda client: outbox.deliver(client, staged.now))
    if staged.later:
        later(
            context,
            staged.delay,
            lambda client: outbox.deliver(client, staged.later, early=True),
        )


def _logged(call: Callable[[], Any]) -> None:
    try:
        call()
    except Exception:  # noqa: BLE001 - what it was to deliver waits in the outbox
        logger.exception("work after the answer failed")


def handle(
    deps: Deps, listener: Listener, *, reads_only: Callable[[dict], bool] | None = None
) -> Callable[..., None]:
    """The Bolt listener that runs ``listener`` as described in this module's docstring.

    A request ``reads_only`` says only reads runs in a read transaction (on SQLite it takes
    no write lock) and records nothing: no handled-request row, since a repeat changes
    nothing and is answered afresh from what is stored. Such a listener must write nothing.
    """

    def answer_of(request: Request) -> Reply:
        """The listener's reply; a refusal gets the command that helps."""
        try:
            return listener(request)
        except UserError as error:
            if deps.explain is not None:
                deps.explain(error)
            raise

    def run(ack: Ack, body: dict, context: BoltContext) -> None:
        session: Session = context["session"]
        request = _request(deps.settings, session, body, context.client)
        if reads_only is not None and reads_only(body):
            begin_read(session)
            reply = answer_of(request)
            _check_read_only(session, reply, listener)
            session.commit()
            _ack(ack, body, reply.answer())
            if reply.modal is not None:
                modal, trigger_id = reply.modal, request.trigger_id
                after_answer(
                    context, lambda client: client.views_open(trigger_id=trigger_id, view=modal)
                )
            return
        key = _request_key(body)
        try:
            reply = answer_of(request)
        except (UserError, IntegrityError):
            # A repeat refused because it was done the first time, or (PostgreSQL) one run
            # at the same time as the first, whose rows it then collided with.
            if key and (answer := _stored_answer(session, key)) is not None:
                context["outcome"] = "repeat"
                _ack(ack, body, answer)
                return
            raise
        reply.then(*deps.events.posts_for(session, request.user_id))
        if not _answers_in_ack(body):
            reply.as_response()
        staged = deps.outbox.stage(
            session,
            reply.outbox,
            response_url=body.get("response_url") or None,
            user_id=request.user_id or None,
        )
        answer = reply.answer() if _answers_in_ack(body) else {}
        if key and not _record_answer(session, key, answer):
            answer = _stored_answer(session, key) or {}  # a repeat: its changes rolled back
            context["outcome"] = "repeat"
            _ack(ack, body, answer)
            return
        session.commit()
        _ack(ack, body, answer)
        deliver_staged(context, deps.outbox, staged)
        if reply.modal is not None:
            modal, trigger_id = reply.modal, request.trigger_id
            after_answer(
                context, lambda client: client.views_open(trigger_id=trigger_id, view=modal)
            )
        for call in reply.slack_calls:
            after_answer(context, call)

    run.__name__ = getattr(listener, "__name__", "listener")
    return run


def register_command(app: App, deps: Deps, command: SlashCommand) -> None:
    """A slash command whose declaration parses its text into one of its subcommands."""

    def run_command(request: Request) -> Reply:
        invocation = Invocation(
            session=request.session,
            settings=request.settings,
            user_id=request.user_id,
            channel_id=request.channel_id,
            args=_typed(command, request.body.get("text", "")),
            wire=request.body.get("text", "") if command.escaped else "",
            trigger_id=request.trigger_id,
            client=request.client,
        )
        return command(invocation)

    def reads_only(body: dict) -> bool:
        return command.reads_only(unescape_slack(body.get("text", "")))

    run_command.__name__ = f"on_{command.name.strip('/')}"
    listener = handle(deps, run_command, reads_only=reads_only)
    if isinstance(app, BotApp):
        app.commands[command.name] = listener
    else:
        app.command(command.name)(listener)


def _typed(command: SlashCommand, text: str) -> str:
    """The command text as the user typed it (links, channels and users as plain text when
    the command is sent with should_escape)."""
    return from_slack(text) if command.escaped else unescape_slack(text)


def _request(
    settings: Settings, session: Session, body: dict, client: WebClient | None = None
) -> Request:
    event = body.get("event") or {}
    user = body.get("user_id") or (body.get("user") or {}).get("id") or event.get("user") or ""
    if isinstance(event.get("user"), dict):  # some events carry a user object
        user = user if isinstance(user, str) else event["user"].get("id", "")
    channel = (
        body.get("channel_id")
        or (body.get("channel") or {}).get("id")
        or event.get("channel")
        or ""
    )
    return Request(
        session=session,
        settings=settings,
        body=body,
        user_id=str(user),
        channel_id=str(channel),
        trigger_id=str(body.get("trigger_id") or ""),
        team_id=body.get("team_id") or (body.get("team") or {}).get("id"),
        client=client,
    )


def _answers_in_ack(body: dict) -> bool:
    """Only a slash command's ack is shown to the user as a message."""
    return bool(body.get("command"))


def _ack(ack: Ack, body: dict, answer: dict) -> None:
    if answer and _answers_in_ack(body):
        ack(**answer)
    else:
        ack()


def _request_key(body: dict) -> str | None:
    """Slack's trigger_id names one command, click or form submission."""
    trigger = body.get("trigger_id")
    return f"trigger:{trigger}" if trigger else None


def _handled_insert(insert: Callable[[Table], PostgresqlInsert | SqliteInsert]) -> Executable:
    """INSERT a handled request unless its key is there already (then its rowcount is 0)."""
    table = HandledRequest.__table__
    assert isinstance(table, Table)
    return insert(table).on_conflict_do_nothing().execution_options(preserve_rowcount=True)


_INSERTS = {
    "postgresql": _handled_insert(postgresql_insert),
    "sqlite": _handled_insert(sqlite_insert),
}


def _record_answer(session: Session, key: str, answer: dict) -> bool:
    """Record the request as handled, with its answer, just before the commit; False when
    it was handled already (a repeat), and then nothing of this transaction is kept.

    No check comes before the listener: a repeat is rare, so it runs like a first request
    and is found here, by the key's primary key. On SQLite the transaction holds the write
    lock, so the first request's row is committed and seen; on PostgreSQL a concurrent
    first request's uncommitted row makes this insert wait for it, and then conflict.
    """
    connection = session.connection()
    inserted = connection.execute(_INSERTS[connection.dialect.name], {"key": key, "answer": answer})
    return inserted.rowcount == 1


def _stored_answer(session: Session, key: str) -> dict | None:
    """The answer stored for a request handled already (None: not handled), read after
    rolling back what this repeat did."""
    session.rollback()
    begin_read(session)
    answer = session.scalar(select(HandledRequest.answer).where(HandledRequest.key == key))
    return dict(answer) if answer is not None else None


def _check_read_only(session: Session, reply: Reply, listener: Listener) -> None:
    """Refuse a read-only listener's changes: they would not be recorded as a change is."""
    session.flush()  # a change raises here (bot.db refuses flushes in a read)
    if reply.outbox or reply.slack_calls or collect_events(session):
        raise RuntimeError(f"{listener.__name__} is declared read-only but posts something")


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _drop_nul_characters(req: BoltRequest) -> None:
    """Remove NUL characters from what Slack sent: no text needs them, PostgreSQL refuses them.

    Only the parsed body changes; the signature is checked against the raw body as sent.
    """
    raw = req.raw_body
    if "%00" in raw or "\\u0000" in raw or "\x00" in raw:
        req.body = _without_nul(req.body)


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {key: _without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    return value


def _refuse_malformed(req: BoltRequest) -> BoltResponse | None:
    """401 for a request timestamp that is not a number: Bolt's verifier raises on it, and
    its error handler would then run for a request nobody signed."""
    values = req.headers.get("x-slack-request-timestamp")
    if req.mode == "socket_mode" or not values or values[0].strip().isdigit():
        return None  # a missing timestamp is Bolt's to refuse
    return BoltResponse(status=401, body={"error": "invalid request"})
