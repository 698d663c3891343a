"""The WSGI application for gunicorn: POST /slack/events and GET /healthz."""

from __future__ import annotations

import gc
import hashlib
import hmac
import io
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_bolt.request import BoltRequest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import text

from bot.app import compose, create_app
from bot.config import Settings
from bot.logs import configure_logging, format_fields
from bot.scheduler import start_background_scheduler
from bot.slack.client import LOCAL_SIGNING_SECRET

logger = logging.getLogger("bot.web")

MAX_BODY_BYTES = 1_000_000  # Slack's payloads are far smaller; refuse anything bigger
SLACK_PATH = "/slack/events"

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
    process = compose(settings)  # this worker's one engine, client and outbox
    engine = process.engine
    app = create_app(settings, process=process)
    verifier = RawBodyVerifier(settings.slack_signing_secret or LOCAL_SIGNING_SECRET)
    if settings.scheduler_enabled:
        start_background_scheduler(settings, process=process)
    settle_startup_objects()

    def wsgi(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/healthz" and environ.get("REQUEST_METHOD") == "GET":
            return _health(engine, start_response)
        if path != SLACK_PATH or environ.get("REQUEST_METHOD") != "POST":
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"Not Found"]
        if not _body_within_limit(environ):
            start_response("413 Payload Too Large", [("Content-Type", "text/plain")])
            return [b"request body too large"]
        request = slack_request(environ, verifier)
        if isinstance(request, WsgiHttpResponse):  # refused before Bolt sees it
            start_response(request.status, request.get_headers())
            return request.get_body()
        with app.holding_work() as held:
            try:
                answer = app.dispatch(request)
                response = WsgiHttpResponse(answer.status, answer.headers, answer.body)
                start_response(response.status, response.get_headers())
                body = response.get_body()
            except BaseException:
                app.release_held(held)  # whatever was left to do is still done
                raise
        return AnswerThenWork(body, lambda: app.release_held(held)) if held else body

    return wsgi


def settle_startup_objects() -> None:
    """Leave what start-up built (modules, mappers, templates, country and date data: about
    100,000 objects) out of the garbage collector's full passes: each would walk them all
    again, some 30 ms during which every request of the process waits. They live as long as
    the process, so nothing is lost by not collecting them."""
    gc.collect()
    gc.freeze()


class RawBodyVerifier(SignatureVerifier):
    """Slack's signature check over the body's bytes as received: a body that is not UTF-8
    is checked too (and refused as unsigned, or as malformed once it is found signed)."""

    def generate_signature(self, *, timestamp: str, body: str | bytes) -> str | None:
        if timestamp is None:
            return None
        raw = body if isinstance(body, bytes) else (body or "").encode()
        message = b"v0:" + timestamp.encode() + b":" + raw
        return "v0=" + hmac.new(self.signing_secret.encode(), message, hashlib.sha256).hexdigest()


def slack_request(environ: dict, verifier: SignatureVerifier) -> BoltRequest | WsgiHttpResponse:
    """Slack's request from the WSGI environ, or the refusal: 401 unless the signature of the
    raw body verifies (whatever the body is), 400 for a signed body that does not parse.

    Checked before Bolt parses the body, so no unsigned junk reaches its parser or the error
    handler, and nothing here logs a traceback.
    """
    raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    headers = WsgiHttpRequest(environ).get_headers()
    try:
        signed = verifier.is_valid(
            body=raw,
            timestamp=_header(headers, "x-slack-request-timestamp"),
            signature=_header(headers, "x-slack-signature"),
        )
    except ValueError:  # a timestamp that is not a number
        signed = False
    if not signed:
        return _refusal(401, "rejected", "the signature does not verify")
    try:
        return BoltRequest(
            body=raw.decode("utf-8"), query=environ.get("QUERY_STRING", ""), headers=headers
        )
    except Exception as error:  # noqa: BLE001 - any parse failure of a signed body is a 400
        return _refusal(
            400, "malformed", f"signed, but the body does not parse: {type(error).__name__}"
        )


def _header(headers: dict, name: str) -> str | None:
    value = headers.get(name)
    return value if isinstance(value, str) else None


def _refusal(status: int, outcome: str, why: str) -> WsgiHttpResponse:
    """The answer to a request Bolt never sees, and its log line (one line, no traceback)."""
    fields = {"kind": "unknown", "outcome": outcome, "status": status, "error": why}
    logging.getLogger("bot.request").warning("request %s", format_fields(fields))
    error = "invalid request" if status == 401 else "malformed request"
    return WsgiHttpResponse(
        status, {"content-type": ["application/json"]}, json.dumps({"error": error})
    )


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
