"""The server started as the Procfile starts it answers /healthz and signed commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.local.fake import FakeSlack
from bot.local.requests import SlackRequests
from tests.support import ROOT, free_port, procfile_command

pytestmark = pytest.mark.e2e  # the web process as the Procfile starts it

SECRET = "e2e-signing-secret"


@pytest.fixture
def server(database_url: str, engine, tmp_path) -> Iterator[tuple[str, FakeSlack]]:
    port = free_port()
    with FakeSlack() as fake:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_BOT_TOKEN": "xoxb-e2e",
            "SLACK_API_URL": fake.base_url,
            "SCHEDULER_ENABLED": "false",
            "PORT": str(port),
        }
        command = procfile_command("web", port)
        command[0] = str(Path(sys.executable).with_name(command[0]))
        log = (tmp_path / "web.log").open("wb")  # a file: a pipe nobody reads would fill up
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=1).read()
                    break
                except OSError:  # refused, reset or timed out while gunicorn starts
                    if process.poll() is not None:
                        raise AssertionError((tmp_path / "web.log").read_text()) from None
                    time.sleep(0.2)
            yield base, fake
        finally:
            process.terminate()
            process.wait(timeout=10)
            log.close()


def post(url: str, body: str, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_healthz_and_signed_commands(server: tuple[str, FakeSlack]) -> None:
    base, fake = server
    with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"ok": True, "database": "ok"}

    requests = SlackRequests(SECRET)
    help_request = requests.slash_command("/case", "help", user_id="U0ALICE", channel_id="C0E2E")
    status, body = post(base + "/slack/events", help_request.body, help_request.headers)
    assert status == 200
    assert "/case open" in json.loads(body)["text"]

    forged = SlackRequests("wrong").slash_command("/case", "help", user_id="U0A", channel_id="C0")
    assert post(base + "/slack/events", forged.body, forged.headers)[0] == 401

    opened = requests.slash_command(
        "/case",
        "open KAZ AL FOAA,HRD the closure of a union",
        user_id="U0ALICE",
        channel_id="C0E2E",
    )
    assert post(base + "/slack/events", opened.body, opened.headers)[0] == 200
    card = fake.wait_for("chat.postMessage")[0]
    assert card.params["channel"] == "C0E2E" and "AL KAZ 1/" in card.params["text"]
    # oversized bodies: tests/security/test_http.py (a raw socket, since the server answers 413
    # and may close before a 2 MB body is all sent)
