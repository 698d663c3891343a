"""Shared test plumbing (not data: that is tests/factories.py): requests signed and dispatched
as Slack sends them, a listener's Request, a WSGI call, waiting for work after the answer, and the server started as
the Procfile starts it."""

from __future__ import annotations

import io
import json
import shlex
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from slack_bolt.request import BoltRequest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.local.requests import SignedRequest
from bot.local.workspace import LocalWorkspace
from bot.slack.runtime import Request

ROOT = Path(__file__).resolve().parents[1]


def signed(workspace: LocalWorkspace, line: str) -> SignedRequest:
    """A slash command typed by Alice in C0CASES, signed as Slack signs it."""
    command, _, text = line.partition(" ")
    return workspace.requests.slash_command(
        command,
        text,
        user_id="U0ALICE",
        channel_id="C0CASES",
        response_url=workspace.response_url(),
    )


def dispatch_only(workspace: LocalWorkspace, request: SignedRequest) -> tuple[int, dict]:
    """Slack's answer to a request, with the work after it left undone."""
    response = workspace.app.dispatch(BoltRequest(body=request.body, headers=request.headers))
    body = response.body or ""
    return response.status, json.loads(body) if body.startswith("{") else {}


def call(app: Callable[..., Any], request: SignedRequest) -> tuple[str, object]:
    """POST a signed request to a WSGI app as a server would: its status and body iterable."""
    body = request.body.encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/slack/events",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in request.headers.items()},
        "CONTENT_TYPE": request.headers["content-type"],
    }
    status: list[str] = []
    result = app(environ, lambda s, headers, exc_info=None: status.append(s))
    return status[0], result


def wait_for(predicate: Callable[[], object], timeout: float = 10.0) -> None:
    """Wait until ``predicate()`` holds (the work after the answer ran)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the work after the answer did not run"
        time.sleep(0.02)


def procfile_command(kind: str, port: int) -> list[str]:
    """The command of a Procfile process (``web``, ``worker``...) for ``port``."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == kind:
            return shlex.split(command.replace("$PORT", str(port)))
    raise AssertionError(f"no {kind} process in the Procfile")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listener_request(
    session: Session,
    settings: Settings,
    body: dict | None = None,
    *,
    user: str = "U0ALICE",
    channel: str = "C0CASES",
) -> Request:
    """What the runtime hands a listener, for calling it as a plain ``(Request) -> Reply``."""
    return Request(
        session=session,
        settings=settings,
        body=body or {},
        user_id=user,
        channel_id=channel,
        trigger_id="T0TRIGGER",
        team_id="T0TEAM",
    )


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements run on ``engine`` within the block, white space folded."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, _params, _context, _many) -> None:  # noqa: ANN001
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)
