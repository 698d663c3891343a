"""CPU per command, the bot against the floor, in one process (no HTTP server in between).

Both WSGI apps (``bot.web:create_wsgi()`` and ``bench.floor_app:create_wsgi()``) are called
directly with signed Slack requests, one after another, on the same freshly migrated database,
with the fake Slack in its own process. For each command it prints the wall time and the CPU
time of this process per command, ours and the floor's, and their ratio. The bot's CPU counts
its work after the answer too (the posts its outbox delivers on its own threads): the clock
stops once no outbox row is pending or being sent.

What this leaves out is what both pay alike (gunicorn, HTTP, the load generator), so its
ratios are higher than the end-to-end ones of ``bench/reply_latency.py``; it is quick (a minute)
and steady enough on a busy machine to compare two versions of the code.

``help`` (``/case help``, not run unless asked) measures the fixed cost of a request: the floor
acknowledges it with nothing (bare Bolt), the bot answers its help text from the runtime's read
transaction (Bolt, the session, ``BEGIN``, ``COMMIT``), so what a command costs beyond it is the
command's own work.

Usage:
    python bench/cpu_per_command.py [--backend sqlite|postgresql] [--requests 300]
        [--commands allegation,list,show,help] [--rounds 2]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from bench import reply_latency as rl  # noqa: E402
from bot.local.requests import SignedRequest, SlackRequests  # noqa: E402

WsgiApp = Callable[[dict, Callable[..., object]], Iterable[bytes]]


def case_help(requests: SlackRequests, replies: str, i: int) -> SignedRequest:
    return rl.slash(requests, replies, "/case", "help", i)


COMMANDS = {**rl.COMMANDS, "help": case_help}
LABELS = {**rl.LABELS, "help": "/case help"}


def environ_for(request: SignedRequest) -> dict:
    """The WSGI environ gunicorn would build for this request."""
    body = request.body.encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/slack/events",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": request.headers["content-type"],
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
    }
    for name, value in request.headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    return environ


def call(app: WsgiApp, request: SignedRequest) -> tuple[str, bytes]:
    """Serve one request as a WSGI server does (the body closed once sent)."""
    status: list[str] = []
    body = app(environ_for(request), lambda s, headers, exc_info=None: status.append(s))
    data = b"".join(body)
    close = getattr(body, "close", None)
    if close is not None:
        close()
    return status[0], data


def wait_for_outbox(url: str, limit: float = 120.0) -> None:
    """Until the bot's outbox has nothing pending or being sent."""
    engine = create_engine(url)
    deadline = time.monotonic() + limit
    try:
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                left = connection.scalar(
                    text(
                        "SELECT count(*) FROM outbox_messages "
                        "WHERE status IN ('pending', 'sending')"
                    )
                )
            if not left:
                return
            time.sleep(0.02)
    finally:
        engine.dispose()
    raise SystemExit("the bot's outbox did not drain")


def measure(
    name: str, app: WsgiApp, requests: list[SignedRequest], url: str
) -> tuple[float, float]:
    """(wall ms, CPU ms) per request, the bot's work after its answers included."""
    wall, cpu = time.perf_counter(), time.process_time()
    for request in requests:
        status, body = call(app, request)
        if not status.startswith("200"):
            raise SystemExit(f"{name}: {status} {body[:200]!r}")
    if name == "ours":
        wait_for_outbox(url)
    n = len(requests)
    return (time.perf_counter() - wall) * 1000 / n, (time.process_time() - cpu) * 1000 / n


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--commands", default="allegation,list,show")
    parser.add_argument(
        "--postgres-admin",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
    )
    args = parser.parse_args(argv)
    rows = []
    with rl.database(args.backend, args.postgres_admin) as url, rl.fake_slack() as slack_url:
        os.environ.update(
            DATABASE_URL=url,
            SLACK_SIGNING_SECRET=rl.SECRET,
            SLACK_BOT_TOKEN=rl.TOKEN,
            SLACK_API_URL=slack_url,
            SCHEDULER_ENABLED="false",
            LOG_LEVEL="WARNING",
        )
        from bench.floor_app import create_wsgi as floor_wsgi
        from bot.web import create_wsgi

        apps = {"ours": create_wsgi(), "floor": floor_wsgi()}
        requests = SlackRequests(rl.SECRET)
        replies = rl.fake_replies(slack_url)
        for i in range(rl.CASES):
            call(apps["ours"], rl.case_open(requests, replies, i))
        for i in range(rl.ALLEGATION_CASES):
            opened = rl.case_open(requests, replies, rl.CASES + i, channel=rl.ALLEGATION_CHANNEL)
            call(apps["ours"], opened)
        wait_for_outbox(url)
        print(f"backend: {args.backend}  requests per turn: {args.requests}")
        print("| command | ours wall | ours CPU | floor wall | floor CPU | CPU ratio |")
        print("|---|---|---|---|---|---|")
        first = 0
        for command in args.commands.split(","):
            factory = COMMANDS[command]
            totals = {"ours": [0.0, 0.0], "floor": [0.0, 0.0]}
            for turn in range(args.rounds):
                order = ("floor", "ours") if turn % 2 == 0 else ("ours", "floor")
                for name in order:
                    batch = [factory(requests, replies, first + i) for i in range(args.requests)]
                    first += args.requests
                    wall, cpu = measure(name, apps[name], batch, url)
                    totals[name][0] += wall / args.rounds
                    totals[name][1] += cpu / args.rounds
            row = {
                "command": LABELS[command],
                "ours_wall": totals["ours"][0],
                "ours_cpu": totals["ours"][1],
                "floor_wall": totals["floor"][0],
                "floor_cpu": totals["floor"][1],
            }
            row["ratio"] = row["ours_cpu"] / row["floor_cpu"]
            rows.append(row)
            print(
                f"| `{row['command']}` | {row['ours_wall']:.2f} ms | {row['ours_cpu']:.2f} ms "
                f"| {row['floor_wall']:.2f} ms | {row['floor_cpu']:.2f} ms | {row['ratio']:.2f} |",
                flush=True,
            )
    return rows


if __name__ == "__main__":
    main()
