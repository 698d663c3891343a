"""PostgreSQL going away under the web process (gunicorn as in the Procfile) and coming back."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

from bot.local.requests import SlackRequests
from tests.faults.tcp_proxy import TcpProxy
from tests.security.server import SIGNING_SECRET, WebProcess, web_process

pytestmark = pytest.mark.e2e  # a web process losing its database


@pytest.fixture
def proxied(database_url: str, engine, tmp_path) -> Iterator[tuple[WebProcess, TcpProxy]]:
    if not database_url.startswith("postgresql"):
        pytest.skip("a database server to lose: PostgreSQL only (SQLite is a file)")
    url = make_url(database_url)
    with TcpProxy((url.host or "127.0.0.1", url.port or 5432)) as proxy:
        through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        with web_process(through, tmp_path / "stderr.log") as web:
            yield web, proxy


def test_the_web_process_survives_a_database_outage(proxied) -> None:
    web, proxy = proxied
    requests = SlackRequests(SIGNING_SECRET)
    sent = itertools.count(1)

    def command(line: str) -> str:
        """The reply: the ack itself, written once the change is committed (or refused)."""
        name, _, text = line.partition(" ")
        request = requests.slash_command(
            name,
            text,
            user_id="U0ALICE",
            channel_id="C0DOWN",
            response_url=web.fake.response_url(f"down-{next(sent)}"),
        )
        status, body = web.post(request)
        assert status == 200, (status, body)
        return json.loads(body)["text"]

    assert "Open cases" in command("/case list")
    proxy.cut()
    for _ in range(3):  # pooled connections die first, then new ones are refused
        text = command("/case open KAZ AL FOAA the closure of a union")
        assert "Try again" in text and "nothing was changed" in text, text
    assert web.get("/healthz") == 503
    time.sleep(0.2)
    log = web.log()
    assert "level=ERROR" in log and "database unavailable" in log
    assert "outcome=error" in log

    proxy.restore()
    assert web.get("/healthz") == 200
    opened = requests.slash_command(
        "/case", "open KAZ AL FOAA the closure of a union", user_id="U0ALICE", channel_id="C0DOWN"
    )
    assert web.post(opened)[0] == 200
    web.fake.wait_for("chat.postMessage")  # the new case's card
    assert "Open cases: 1" in command("/case list")
    assert web.process.poll() is None
