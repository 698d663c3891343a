"""A local stand-in for Slack's Socket Mode endpoint: a WebSocket server on 127.0.0.1.

It speaks the protocol an app's Socket Mode client expects: ``hello`` when a connection
opens; envelopes (``slash_commands``, ``interactive``, ``events_api``) that the app
acknowledges with their ``envelope_id``; and ``disconnect`` (``refresh_requested``), after
which the app asks apps.connections.open for a new URL and connects again. The fake Web API
hands out this server's URLs when given ``connection_url`` (``FakeSlack.socket_mode_url``).

The ``websockets`` package (a development dependency) is imported only when the server
starts, so nothing the bot runs in production needs it.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import parse_qs, parse_qsl, urlsplit

from bot.local.requests import SignedRequest

LINK_PATH = "/link/"
T = TypeVar("T")


@dataclass
class Link:
    """One WebSocket connection an app opened, with the acks it sent on it."""

    number: int
    ticket: str
    connection: Any  # websockets.sync.server.ServerConnection
    open: bool = True
    acks: list[dict] = field(default_factory=list)


class SocketModeServer:
    """Slack's Socket Mode side, on a free port of 127.0.0.1, for tests and local runs."""

    def __init__(self, *, app_id: str = "A0BOT") -> None:
        self.app_id = app_id
        self.links: list[Link] = []
        self.acks: dict[str, dict] = {}
        self.envelopes: dict[str, dict] = {}
        self._tickets: set[str] = set()
        self._cond = threading.Condition()
        self._server: Any = None
        self._thread: threading.Thread | None = None

    # lifecycle -------------------------------------------------------------

    def start(self) -> SocketModeServer:
        """Listen on 127.0.0.1 in a daemon thread."""
        from websockets.sync.server import serve

        self._server = serve(
            self._serve_link,
            "127.0.0.1",
            0,
            process_request=self._check_ticket,
            close_timeout=1,
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="socket-mode", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close every connection, stop listening and wait for the thread."""
        if self._server is not None:
            self._server.shutdown()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self) -> SocketModeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("SocketModeServer is not started")
        return self._server.socket.getsockname()[1]

    def connection_url(self) -> str:
        """A new one-time URL, as apps.connections.open answers it."""
        ticket = uuid.uuid4().hex
        with self._cond:
            self._tickets.add(ticket)
        return f"ws://127.0.0.1:{self.port}{LINK_PATH}?ticket={ticket}&app_id={self.app_id}"

    # what Slack sends ------------------------------------------------------

    def send(
        self, kind: str, payload: dict, *, accepts_response_payload: bool | None = None
    ) -> str:
        """Send one envelope on the newest open connection; its envelope_id."""
        if accepts_response_payload is None:
            accepts_response_payload = kind == "slash_commands" or payload.get("type") in {
                "view_submission",
                "block_suggestion",
            }
        envelope_id = str(uuid.uuid4())
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": kind,
            "accepts_response_payload": accepts_response_payload,
        }
        if kind == "events_api":
            envelope |= {"retry_attempt": 0, "retry_reason": ""}
        with self._cond:
            self.envelopes[envelope_id] = envelope
        self._newest_link().connection.send(json.dumps(envelope))
        return envelope_id

    def deliver(self, request: SignedRequest) -> str:
        """Send what Slack would have POSTed over HTTP as a Socket Mode envelope."""
        kind, payload = envelope_of(request)
        return self.send(kind, payload)

    def disconnect(self, reason: str = "refresh_requested") -> Link:
        """Ask the app on the newest connection to reconnect, as Slack does now and then."""
        link = self._newest_link()
        message = {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-local"}}
        link.connection.send(json.dumps(message))
        return link

    # waiting for the app ---------------------------------------------------

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> dict:
        """The app's acknowledgement of an envelope; AssertionError when none came in time."""
        return self._wait(lambda: self.acks.get(envelope_id), timeout, f"no ack of {envelope_id}")

    def wait_for_links(self, count: int, timeout: float = 5.0) -> list[Link]:
        """Block until `count` connections were opened, all told."""
        return self._wait(
            lambda: list(self.links) if len(self.links) >= count else None,
            timeout,
            f"expected {count} connection(s)",
        )

    def wait_closed(self, link: Link, timeout: float = 5.0) -> None:
        """Block until the app closed this connection."""
        self._wait(lambda: not link.open or None, timeout, f"connection {link.number} still open")

    def _wait(self, found: Callable[[], T | None], timeout: float, what: str) -> T:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                result = found()
                if result is not None:
                    return result
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{what} within {timeout} s; links: {self.links}")
                self._cond.wait(left)

    # connections -----------------------------------------------------------

    def _newest_link(self) -> Link:
        with self._cond:
            for link in reversed(self.links):
                if link.open:
                    return link
        raise RuntimeError("no app is connected")

    def _check_ticket(self, connection: Any, request: Any) -> Any:
        """Refuse a handshake without a ticket that apps.connections.open gave out (once)."""
        url = urlsplit(request.path)
        ticket = (parse_qs(url.query).get("ticket") or [""])[0]
        with self._cond:
            if url.path == LINK_PATH and ticket in self._tickets:
                self._tickets.discard(ticket)
                return None
        return connection.respond(401, "invalid or used ticket\n")

    def _serve_link(self, connection: Any) -> None:
        """Say hello, then record every ack until the app goes away."""
        from websockets.exceptions import ConnectionClosed

        ticket = (parse_qs(urlsplit(connection.request.path).query).get("ticket") or [""])[0]
        with self._cond:
            link = Link(len(self.links) + 1, ticket, connection)
            self.links.append(link)
            self._cond.notify_all()
        hello = {
            "type": "hello",
            "num_connections": sum(1 for each in self.links if each.open),
            "debug_info": {"host": "applink-local", "approximate_connection_time": 3600},
            "connection_info": {"app_id": self.app_id},
        }
        try:
            connection.send(json.dumps(hello))
            for message in connection:
                self._record(link, message)
        except ConnectionClosed:  # the app dropped the connection without a close frame
            pass
        finally:
            with self._cond:
                link.open = False
                self._cond.notify_all()

    def _record(self, link: Link, message: str | bytes) -> None:
        try:
            ack = json.loads(message)
        except ValueError:
            return
        if isinstance(ack, dict) and ack.get("envelope_id"):
            with self._cond:
                link.acks.append(ack)
                self.acks[ack["envelope_id"]] = ack
                self._cond.notify_all()


def envelope_of(request: SignedRequest) -> tuple[str, dict]:
    """The Socket Mode envelope type and payload of a request built for HTTP."""
    body = request.body
    if request.headers.get("content-type", "").startswith("application/json"):
        payload = json.loads(body)
        if payload.get("type") != "event_callback":
            raise ValueError(f"not an event: {payload.get('type')!r}")
        return "events_api", payload
    form = dict(parse_qsl(body, keep_blank_values=True))
    if "payload" in form:
        return "interactive", json.loads(form["payload"])
    if "command" in form:
        return "slash_commands", form
    raise ValueError("neither a command, an interaction nor an event")
