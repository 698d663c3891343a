"""create_app(settings) -> App: Bolt, its middleware, the error handler and the listeners."""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from http.client import RemoteDisconnected
from urllib.error import URLError

from slack_bolt import App, BoltResponse
from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db import make_engine, make_sessionmaker
from bot.errors import UserError
from bot.logs import LEVELS, describe_request, format_fields, outcome_of
from bot.models import Base  # noqa: F401 - every model mapped before the first query
from bot.slack.dedupe import DropRepeatedEvents
from bot.slack.escape import escape_mrkdwn, unescape_slack
from bot.slack.outbox import LATER_KEY, OUTBOX_KEY, REPLY_KEY, deliver, send_reply

logger = logging.getLogger("bot")
request_logger = logging.getLogger("bot.request")

LOCAL_SIGNING_SECRET = "local-console-signing-secret"
LOCAL_BOT_TOKEN = "xoxb-local-console"


AFTER_ANSWER_THREADS = 4  # per process; the answer threads are gunicorn's
# Per process: with a command's work taking about 10 ms, the last of 100 waiting replies comes
# about a second after its answer.
AFTER_ANSWER_BACKLOG = 100


@dataclass(frozen=True)
class Deps:
    """What listeners need beyond Bolt's arguments: settings and the session factory."""

    settings: Settings
    sessions: sessionmaker[Session]


class BotApp(App):
    """Bolt's App with one database session per request, and work done after the answer.

    Bolt's global middleware cannot wrap the listeners (its ``next()`` only marks the
    request to go on), so the session is opened around the whole dispatch: listeners get it
    as ``session``, it is committed when they are done, rolled back by the error handler
    when one fails, and always closed.

    A listener that leaves work for later (``bot.slack.outbox.later``), posts to make
    (``queue``) or a reply (``reply_last``) has them run on ``executor`` once the answer is
    built (under WSGI, once it is sent: ``holding_work``): the job with a session of its own,
    the posts, the request's log line, and last the reply through the response_url.
    When ``backlog`` requests' work is already waiting, a new request's work is done before
    its answer instead: Slack then waits (up to its 3 seconds), which slows the senders
    down rather than letting replies fall ever further behind.
    """

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        executor: Executor | None = None,
        backlog: int = AFTER_ANSWER_BACKLOG,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.sessions = sessions
        self.executor = executor or ThreadPoolExecutor(
            max_workers=AFTER_ANSWER_THREADS, thread_name_prefix="after-answer"
        )
        self.backlog = threading.BoundedSemaphore(backlog) if backlog else None
        self._held = threading.local()

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
            if status == 200 and any(
                req.context.get(k) for k in (LATER_KEY, OUTBOX_KEY, REPLY_KEY)
            ):
                self._schedule(req, started)
            else:
                req.context["latency_ms"] = req.context["ack_ms"]
                log_request(req, status)

    def _schedule(self, req: BoltRequest, started: float) -> None:
        if self.backlog is None or not self.backlog.acquire(blocking=False):
            self._after_answer(req, started)  # too much already waiting: Slack waits for it
            return
        held = getattr(self._held, "work", None)
        if held is not None:
            held.append((req, started))  # started by release_held once the answer is sent
            return
        self._submit(req, started)

    def _submit(self, req: BoltRequest, started: float) -> None:
        try:
            self.executor.submit(self._after_answer, req, started, self.backlog.release)
        except RuntimeError:  # the executor is shutting down with the process
            self.backlog.release()
            self._after_answer(req, started)

    @contextmanager
    def holding_work(self) -> Iterator[list]:
        """Within it, this thread's requests keep their work after the answer (the list
        yielded) instead of starting it: a server calls ``release_held`` with the list once
        the answer is on the wire, so the work does not compete with sending it."""
        self._held.work = held = []
        try:
            yield held
        finally:
            self._held.work = None

    def release_held(self, held: list) -> None:
        """Start the work held back by ``holding_work``."""
        while held:
            self._submit(*held.pop(0))

    def _after_answer(self, req: BoltRequest, started: float, done=None) -> None:  # noqa: ANN001
        """The request's deferred job, its posts, its log line, and last what the user reads:
        once they have it, the request is finished."""
        context = req.context
        tell = None
        try:
            tell = self._work_after_answer(req)
        except Exception:  # noqa: BLE001 - an executor would swallow it silently
            context.setdefault("outcome", "error")
            logger.exception("work after the answer failed")
        finally:
            context["latency_ms"] = _ms_since(started)
            if done is None:  # done before the answer: Slack waited for all of it
                context["ack_ms"] = context["latency_ms"]
            log_request(req, 200)
        try:
            if tell is not None:
                tell()
        finally:
            if done is not None:
                done()

    def _work_after_answer(self, req: BoltRequest) -> Callable[[], None] | None:
        """Run the job and deliver the posts; return how to tell the user how it went."""
        context = req.context
        job = context.get(LATER_KEY)
        if job is not None:
            failure = self._run_job(job, req)
            if failure is not None:  # nothing was changed, and a failed job posts nothing
                body = req.body or {}
                return lambda: _tell_user(body, failure, context.respond, context.client)
        problems = deliver(context=context, client=context.client, sessions=self.sessions)
        if context.respond is None:
            return None
        return lambda: send_reply(context, context.respond, problems)

    def _run_job(self, job, req: BoltRequest) -> str | None:  # noqa: ANN001 - Callable[[Session], None]
        """Run the job in a session of its own; what to tell the user if it failed."""
        with self.sessions() as session:
            try:
                job(session)
                if session.in_transaction():
                    session.commit()
                return None
            except Exception as error:  # noqa: BLE001 - every failure is reported the same way
                session.rollback()
                return describe_failure(error, req.context)


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _drop_nul_characters(req: BoltRequest) -> None:
    """Remove NUL characters from what Slack sent: no text needs them, PostgreSQL refuses them.

    Only the parsed body changes; the signature is checked against the raw body as sent.
    """
    raw = req.raw_body
    if "%00" in raw or "\\u0000" in raw or "\x00" in raw:
        req.body = _without_nul(req.body)


def _without_nul(value):  # noqa: ANN001, ANN202 - JSON-like
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


class MarkVerified(Middleware):
    """Global middleware after Bolt's signature check: from here on the request is Slack's."""

    def process(self, *, req: BoltRequest, resp: BoltResponse, next) -> BoltResponse | None:  # noqa: ANN001
        req.context["verified"] = True
        return next()


def log_request(req: BoltRequest, status: int) -> None:
    """The request's one structured line: what it was, who, how long, how it ended.

    ``ack_ms`` is how long Slack waited for its answer; ``latency_ms`` runs until the work
    done after the answer (the command itself, the posts) is finished too.
    """
    outcome = outcome_of(status, req.context.get("outcome"))
    level = LEVELS.get(outcome, logging.INFO)
    if not request_logger.isEnabledFor(level):
        return
    fields = {
        **describe_request(req.body or {}),
        "ack_ms": req.context.get("ack_ms"),
        "latency_ms": req.context.get("latency_ms"),
        "outcome": outcome,
        "status": status,
    }
    for key in ("error", "error_id"):
        if req.context.get(key):
            fields[key] = req.context[key]
    request_logger.log(level, "request %s", format_fields(fields))


class GatewayErrorRetryHandler(ServerErrorRetryHandler):
    """Retries 502 and 504 too: what Slack's load balancers answer when Slack is struggling."""

    def _can_retry(self, *, state, request, response=None, error=None) -> bool:  # noqa: ANN001
        return response is not None and response.status_code in (500, 502, 503, 504)


def make_client(settings: Settings, token: str | None = None) -> WebClient:
    """A Web API client that honours rate limits and retries server errors, lost connections
    and timeouts (a retried timeout may rarely post twice; losing the post is worse)."""
    return WebClient(
        token=token or settings.slack_bot_token or LOCAL_BOT_TOKEN,
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=[
            ConnectionErrorRetryHandler(
                max_retry_count=2,
                error_types=[URLError, ConnectionResetError, RemoteDisconnected, TimeoutError],
            ),
            RateLimitErrorRetryHandler(max_retry_count=2),
            GatewayErrorRetryHandler(max_retry_count=2),
        ],
    )


# The database did not answer (down, unreachable, or every pooled connection busy).
DATABASE_DOWN = (OperationalError, InterfaceError, PoolTimeoutError)


def error_message(error: Exception) -> str:
    """What the user reads when a request fails."""
    if isinstance(error, UserError):
        # Escaped: a quoted <!channel> or <@U…> never pings, and a usage <case> shows as typed.
        usage = f"\nUsage: `{error.usage}`" if error.usage else ""
        return escape_mrkdwn(f"{error.message}{usage}")
    if isinstance(error, DATABASE_DOWN):
        return (
            "The database is not answering right now; nothing was changed. Try again in a minute."
        )
    return ""


def describe_failure(error: Exception, context: dict) -> str:
    """Log a failed request as it deserves and say what the user reads; marks its outcome."""
    text = error_message(error)
    context["outcome"] = "user_error" if isinstance(error, UserError) else "error"
    context["error"] = type(error).__name__
    if not text:
        error_id = uuid.uuid4().hex[:8]
        context["error_id"] = error_id
        logger.exception("unexpected error %s", error_id, exc_info=error)
        text = (
            f"Something went wrong (error id {error_id}); nothing was changed. "
            "Try again, and quote the id if it keeps happening."
        )
    elif isinstance(error, DATABASE_DOWN):
        logger.error("database unavailable: %s", type(error).__name__)
    return text


def create_app(
    settings: Settings,
    client: WebClient | None = None,
    *,
    sessions: sessionmaker[Session] | None = None,
    executor: Executor | None = None,
) -> App:
    """Build the Bolt app: one DB session per request, one error handler, all listeners."""
    if sessions is None:
        sessions = make_sessionmaker(make_engine(settings.database_url))
    deps = Deps(settings=settings, sessions=sessions)
    app = BotApp(
        sessions=sessions,
        signing_secret=settings.slack_signing_secret or LOCAL_SIGNING_SECRET,
        client=client or make_client(settings),
        token_verification_enabled=False,
        process_before_response=True,
        executor=executor,
        logger=logging.getLogger("bot.slack"),
    )

    @app.error
    def answer_errors(error: Exception, body: dict, request: BoltRequest, respond, client):
        session = request.context.get("session")
        if session is not None:
            session.rollback()
        if not request.context.get("verified"):
            # Failed before the signature was checked: answer nothing to an unsigned body.
            request.context["outcome"] = "rejected"
            logger.warning("request failed before verification: %s", type(error).__name__)
            return BoltResponse(status=401, body={"error": "invalid request"})
        text = describe_failure(error, request.context)
        if body.get("type") == "event_callback" and not isinstance(error, UserError):
            # Nobody to tell: fail, so that Slack retries it (its event_id row rolled back).
            return BoltResponse(status=500, body="")
        return _error_response(body, text, respond, client)

    app.use(MarkVerified())  # Bolt's own middleware (signature check first) runs before it
    app.use(DropRepeatedEvents())  # before any listener: a retried event is acked and dropped

    from handlers import register

    register(app, deps)
    return app


def _error_response(body: dict, text: str, respond, client: WebClient) -> BoltResponse:
    """Answer a failed request ephemerally, in the way its kind of request allows."""
    if body.get("command"):
        payload = {"response_type": "ephemeral", "text": text}
        return BoltResponse(status=200, body=json.dumps(payload), headers=_json_headers())
    if body.get("type") == "view_submission":
        view = body.get("view", {})
        block_id = _first_input_block(view)
        if block_id:
            plain = unescape_slack(text)[:2000]  # a modal shows its errors as plain text
            payload = {"response_action": "errors", "errors": {block_id: plain}}
            return BoltResponse(status=200, body=json.dumps(payload), headers=_json_headers())
    if body.get("type") in {"block_actions", "message_action", "shortcut"}:
        _tell_user(body, text, respond, client)
    return BoltResponse(status=200, body="")


def _tell_user(body: dict, text: str, respond, client: WebClient) -> None:
    try:
        if body.get("response_url"):
            respond(text=text, response_type="ephemeral", replace_original=False)
            return
        channel = (body.get("channel") or {}).get("id")
        user = (body.get("user") or {}).get("id")
        if channel and user:
            client.chat_postEphemeral(channel=channel, user=user, text=text)
    except Exception:  # noqa: BLE001 - telling the user is best effort, the log keeps it
        logger.warning("could not tell the user about an error", exc_info=True)


def _first_input_block(view: dict) -> str | None:
    for block in view.get("blocks", []):
        if block.get("type") == "input":
            return block.get("block_id")
    return None


def _json_headers() -> dict[str, str]:
    return {"content-type": "application/json;charset=utf-8"}
