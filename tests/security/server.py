"""The web process started as the Procfile starts it, with a fake Slack, for a test module."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select

from bot.local.fake import FakeSlack
from bot.local.requests import SignedRequest
from bot.models import Base
from tests.support import ROOT, free_port, procfile_command

SIGNING_SECRET = "9f2c1e7b5a3d48c6b0e4f7a1c2d3e4f5"
BOT_TOKEN = "xoxb-SECRET-1234567890-0987654321-AbCdEfGhIjKlMnOp"


@dataclass
class WebProcess:
    """A running gunicorn, the fake Slack it talks to, and the file its stderr goes to."""

    base: str
    fake: FakeSlack
    process: subprocess.Popen
    log_path: Path

    def post(self, request: SignedRequest, *, path: str = "/slack/events") -> tuple[int, str]:
        """POST a request as Slack sends it; (status, body)."""
        return self.raw(request.body.encode(), request.headers, path=path)

    def raw(self, body: bytes, headers: dict[str, str], *, path: str = "/slack/events"):
        connection = http.client.HTTPConnection(self.base.removeprefix("http://"), timeout=15)
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read().decode()
        finally:
            connection.close()

    def stream(self, headers: dict[str, str], chunks: list[bytes]) -> int:
        """Send a request body in pieces over a raw socket; the status the server answered.

        The server may answer (413) and close before the body is all sent: that is fine.
        """
        host, port = self.base.removeprefix("http://").split(":")
        lines = ["POST /slack/events HTTP/1.1", f"Host: {host}", "Connection: close"]
        lines += [f"{key}: {value}" for key, value in headers.items()]
        with socket.create_connection((host, int(port)), timeout=15) as sock:
            try:
                sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
                for chunk in chunks:
                    sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            answer = b""
            try:
                while b"\r\n" not in answer:
                    data = sock.recv(4096)
                    if not data:
                        break
                    answer += data
            except ConnectionResetError:
                pass
        return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0

    def get(self, path: str) -> int:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def web_process(database_url: str, log_path: Path, **env: str) -> Iterator[WebProcess]:
    """Start ``web`` from the Procfile against ``database_url`` and wait for /healthz."""
    port = free_port()
    with FakeSlack() as fake, log_path.open("w") as log:
        environment = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_API_URL": fake.base_url,
            "SCHEDULER_ENABLED": "false",
            "PORT": str(port),
            **env,
        }
        command = procfile_command("web", port)
        command[0] = str(Path(sys.executable).with_name(command[0]))
        command = [arg.replace("0.0.0.0:", "127.0.0.1:") for arg in command]  # not the network
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=log
        )
        server = WebProcess(f"http://127.0.0.1:{port}", fake, process, log_path)
        try:
            deadline = time.monotonic() + 30
            while server_status(server) is None:
                if process.poll() is not None:
                    raise AssertionError(server.log())
                if time.monotonic() > deadline:
                    raise AssertionError("gunicorn did not start:\n" + server.log())
                time.sleep(0.1)
            yield server
        finally:
            process.terminate()
            process.wait(timeout=15)


def server_status(server: WebProcess) -> int | None:
    try:
        return server.get("/healthz")
    except (urllib.error.URLError, ConnectionError, OSError):
        return None


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table of the schema."""
    with engine.connect() as connection:
        return {
            table.name: connection.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
        }
