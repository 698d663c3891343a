"""The WSGI application for gunicorn: POST /slack/events and GET /healthz."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import text

from bot.app import create_app
from bot.config import Settings
from bot.db import make_engine, make_sessionmaker
from bot.logs import configure_logging
from bot.scheduler import start_background_scheduler

logger = logging.getLogger("bot.web")

MAX_BODY_BYTES = 1_000_000  # Slack's payloads are far smaller; refuse anything bigger

StartResponse = Callable[..., Any]


def create_wsgi(
    settings: Settings | None = None,
) -> Callable[[dict, StartResponse], Iterable[bytes]]:
    """Build the app once per worker process and serve it over WSGI."""
    settings = settings or Settings.from_env()
    configure_logging(
        settings.log_level,
        secrets=[settings.slack_signing_secret, settings.slack_bot_token, settings.slack_app_token],
    )
    engine = make_engine(settings.database_url)
    app = create_app(settings, sessions=make_sessionmaker(engine))
    slack = SlackRequestHandler(app, path="/slack/events")
    if settings.scheduler_enabled:
        start_background_scheduler(settings)

    def wsgi(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/healthz" and environ.get("REQUEST_METHOD") == "GET":
            return _health(engine, start_response)
        if not _body_within_limit(environ):
            start_response("413 Payload Too Large", [("Content-Type", "text/plain")])
            return [b"request body too large"]
        with app.holding_work() as held:
            try:
                body = slack(environ, start_response)
            except BaseException:
                app.release_held(held)  # whatever was left to do is still done
                raise
        return AnswerThenWork(body, lambda: app.release_held(held)) if held else body

    return wsgi


class AnswerThenWork:
    """A WSGI body that starts the request's remaining work when the server closes it,
    which it does once the body is sent (PEP 3333)."""

    def __init__(self, body: Iterable[bytes], then: Callable[[], None]) -> None:
        self.body = body
        self.then = then

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.body)

    def close(self) -> None:
        self.then()


def _body_within_limit(environ: dict) -> bool:
    """False for a body over MAX_BODY_BYTES, declared or (sent in chunks) read up to the limit.

    A chunked body has no Content-Length, and Bolt reads exactly Content-Length bytes: it is
    read here, at most one byte past the limit, and handed on with its length.
    """
    declared = environ.get("CONTENT_LENGTH")
    if declared:
        try:
            return int(declared) <= MAX_BODY_BYTES
        except ValueError:
            return False
    if "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        return True
    body = environ["wsgi.input"].read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return False
    environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(body), str(len(body))
    return True


def _health(engine: Any, start_response: StartResponse) -> Iterable[bytes]:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        status, body = "200 OK", {"ok": True, "database": "ok"}
    except Exception as error:  # noqa: BLE001 - health reports any failure as unhealthy
        logger.error("health check: database unavailable: %s", type(error).__name__)
        status, body = "503 Service Unavailable", {"ok": False, "database": "unavailable"}
    start_response(status, [("Content-Type", "application/json")])
    return [json.dumps(body).encode()]
