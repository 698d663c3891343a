"""create_app(settings) -> App: Bolt, its middleware, the error handler and the listeners."""

from __future__ import annotations

import json
import logging
import time
import uuid
from concurrent.futures import Executor
from dataclasses import dataclass

from slack_bolt import App, BoltResponse
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db import make_engine, make_sessionmaker
from bot.errors import UserError
from bot.models import Base  # noqa: F401 - every model mapped before the first query

logger = logging.getLogger("bot")

LOCAL_SIGNING_SECRET = "local-console-signing-secret"
LOCAL_BOT_TOKEN = "xoxb-local-console"


@dataclass(frozen=True)
class Deps:
    """What listeners need beyond Bolt's arguments: settings and the session factory."""

    settings: Settings
    sessions: sessionmaker[Session]


class BotApp(App):
    """Bolt's App with one database session per request.

    Bolt's global middleware cannot wrap the listeners (its ``next()`` only marks the
    request to go on), so the session is opened around the whole dispatch: listeners get it
    as ``session``, it is committed when they are done, rolled back by the error handler
    when one fails, and always closed.
    """

    def __init__(self, *, sessions: sessionmaker[Session], **kwargs) -> None:
        super().__init__(**kwargs)
        self.sessions = sessions

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        session = self.sessions()
        req.context["session"] = session
        started = time.perf_counter()
        try:
            response = super().dispatch(req)
            session.commit()
            return response
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
            req.context["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)


def make_client(settings: Settings, token: str | None = None) -> WebClient:
    """A Web API client that honours rate limits and retries server and connection errors."""
    return WebClient(
        token=token or settings.slack_bot_token or LOCAL_BOT_TOKEN,
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def error_message(error: Exception) -> str:
    """What the user reads when a request fails."""
    if isinstance(error, UserError):
        usage = f"\nUsage: `{error.usage}`" if error.usage else ""
        return f"{error.message}{usage}"
    if isinstance(error, OperationalError):
        return (
            "The database is not answering right now; nothing was changed. Try again in a minute."
        )
    return ""


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
        listener_executor=executor,
        logger=logging.getLogger("bot.slack"),
    )

    @app.error
    def answer_errors(error: Exception, body: dict, request: BoltRequest, respond, client):
        session = request.context.get("session")
        if session is not None:
            session.rollback()
        text = error_message(error)
        if not text:
            error_id = uuid.uuid4().hex[:8]
            logger.exception("unexpected error %s", error_id, exc_info=error)
            text = (
                f"Something went wrong (error id {error_id}); nothing was changed. "
                "Try again, and quote the id if it keeps happening."
            )
        elif isinstance(error, OperationalError):
            logger.error("database unavailable: %s", type(error).__name__)
        return _error_response(body, text, respond, client)

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
            payload = {"response_action": "errors", "errors": {block_id: text[:2000]}}
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
