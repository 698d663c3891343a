"""Ack latency of `/case list` and `/allegation <case> <text>` under load, the bot against a bare
Bolt app, both served by gunicorn started as the Procfile starts it (only the WSGI target
differs), with a fake Slack standing in for Slack (SLACK_API_URL) so the lazy posts hit it.

Usage:
    python bench/ack_latency.py [--database sqlite|postgresql|both] [--clients 1,10,50]
        [--requests 1000] [--postgres-admin postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

The load generator runs in separate processes, each with threads holding one persistent
HTTP/1.1 connection to 127.0.0.1 (a closed loop: one request in flight per client), and signs
every request as Slack does. It prints a Markdown table: median and p99 per command and
concurrency, for the bot and the bare app, and the ratio of the medians.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import json
import multiprocessing as mp
import os
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.slack.fake import FakeSlack  # noqa: E402
from bot.slack.requests import SignedRequest, SlackRequests  # noqa: E402

SECRET = "bench-signing-secret-0123456789abcdef"
TOKEN = "xoxb-bench-token"
CHANNEL = "C0BENCH"
CASES = 10  # /allegation spreads over this many cases of the channel
BOT_TARGET = "bot.web:create_wsgi()"
BARE_TARGET = "bench.bare_app:create_wsgi()"
ALLEGATION = (
    "On 3 May, police officers dispersed a peaceful assembly of the union's members in front "
    "of the Ministry of Justice and detained 12 of them for several hours."
)


# Servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def procfile_web(port: int, *, target: str | None = None, workers: int | None = None) -> list[str]:
    """The Procfile's web command line; optionally another WSGI target or worker count."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == "web":
            words = shlex.split(command.replace("$PORT", str(port)))
            break
    else:
        raise SystemExit("no web process in the Procfile")
    if target is not None:
        words[-1] = target
    if workers is not None:
        words[words.index("--workers") + 1] = str(workers)
    words[0] = str(Path(sys.executable).with_name(words[0]))
    return words


def _serve_fake_slack(pipe) -> None:  # noqa: ANN001 - a multiprocessing Connection
    fake = FakeSlack().start()
    pipe.send(fake.base_url)
    pipe.recv()  # until told to stop
    fake.stop()


@contextlib.contextmanager
def fake_slack() -> Iterator[str]:
    """A fake Slack in its own process (so it does not share the load generator's GIL)."""
    ours, theirs = mp.Pipe()
    process = mp.Process(target=_serve_fake_slack, args=(theirs,), daemon=True)
    process.start()
    try:
        yield ours.recv()
    finally:
        ours.send("stop")
        process.join(timeout=10)


@contextlib.contextmanager
def database(kind: str, admin_url: str) -> Iterator[str]:
    """A fresh database, migrated by the Procfile's release step, dropped afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.sqlite3"
            _migrate(url)
            yield url
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        _migrate(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _migrate(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "-m", "bot", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True
    )


@dataclass
class Server:
    """A gunicorn process serving one WSGI target."""

    name: str
    port: int
    process: subprocess.Popen
    log: Path

    def worker_pids(self) -> list[int]:
        """The pids of gunicorn's workers (children of the master)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]


@contextlib.contextmanager
def gunicorn(
    name: str,
    target: str,
    *,
    database_url: str,
    slack_url: str,
    folder: Path,
    workers: int | None = None,
) -> Iterator[Server]:
    """Start gunicorn as the Procfile does and wait until it answers a signed /case list."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_API_URL": slack_url,
        "SCHEDULER_ENABLED": "false",
        "PORT": str(port),
    }
    log = folder / f"{name}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            procfile_web(port, target=target, workers=workers),
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(name, port, process, log)
    try:
        requests = SlackRequests(SECRET)
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"{name} did not start:\n{log.read_text()}")
            try:
                status, _ = send_once(port, case_list(requests, slack_url, 0))
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"{name} did not answer:\n{log.read_text()}")
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


# Requests -----------------------------------------------------------------------------

RequestFactory = Callable[[SlackRequests, str, int], SignedRequest]


def case_list(requests: SlackRequests, slack_url: str, i: int) -> SignedRequest:
    return slash(requests, slack_url, "/case", "list", i)


def allegation(requests: SlackRequests, slack_url: str, i: int) -> SignedRequest:
    return slash(requests, slack_url, "/allegation", f"{i % CASES + 1} {ALLEGATION}", i)


def case_open(requests: SlackRequests, slack_url: str, i: int) -> SignedRequest:
    subject = f"the closure of trade union number {i} and the arrest of its leaders"
    return slash(requests, slack_url, "/case", f"open KAZ AL FOAA,HRD {subject}", i)


def slash(requests: SlackRequests, slack_url: str, name: str, text: str, i: int):
    response_url = slack_url.removesuffix("/api/") + f"/response/bench{i}"
    user = ("U0ALICE", "U0BOB", "U0CAROL")[i % 3]
    return requests.slash_command(
        name, text, user_id=user, channel_id=CHANNEL, response_url=response_url
    )


def case_help(requests: SlackRequests, slack_url: str, i: int) -> SignedRequest:
    return slash(requests, slack_url, "/case", "help", i)


COMMANDS: dict[str, RequestFactory] = {"/case list": case_list, "/allegation": allegation}
# Not a target: a command without database work shows what the framework layer costs.
DIAGNOSTIC: dict[str, RequestFactory] = {"/case help": case_help}


def send_once(port: int, request: SignedRequest) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        return _send(connection, request)
    finally:
        connection.close()


def _send(connection: http.client.HTTPConnection, request: SignedRequest) -> tuple[int, bytes]:
    connection.request("POST", "/slack/events", body=request.body.encode(), headers=request.headers)
    response = connection.getresponse()
    return response.status, response.read()


# Load ---------------------------------------------------------------------------------


def _client(port, factory, slack_url, count, warmup, offset, ready, results) -> None:  # noqa: ANN001
    """One client: a persistent connection, one request in flight, latencies in seconds."""
    requests = SlackRequests(SECRET)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies: list[float] = []
    errors: dict[int, int] = {}
    for n in range(warmup + count):
        if n == warmup:
            ready.wait()  # the others may have taken longer than gunicorn's keep-alive: reconnect
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.connect()
        request = factory(requests, slack_url, offset + n)
        started = time.perf_counter()
        try:
            status, _ = _send(connection, request)
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            status = 0
        elapsed = time.perf_counter() - started
        if status != 200:
            errors[status] = errors.get(status, 0) + 1
        elif n >= warmup:
            latencies.append(elapsed)
    connection.close()
    results.append((latencies, errors))


def _load_process(port, factory, slack_url, clients, count, warmup, first, barrier, queue):  # noqa: ANN001
    results: list = []
    local = threading.Barrier(clients, action=barrier.wait)
    threads = [
        threading.Thread(
            target=_client,
            args=(port, factory, slack_url, count, warmup, (first + c) * 100_000, local, results),
        )
        for c in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(results)


@dataclass
class Result:
    latencies_ms: list[float]
    errors: dict[int, int]
    seconds: float

    @property
    def median(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p99(self) -> float:
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[98]

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.seconds


def run_load(
    port: int, factory: RequestFactory, slack_url: str, *, clients: int, total: int, warmup: int
) -> Result:
    """``clients`` closed-loop clients spread over a few processes; ``total`` timed requests."""
    processes = min(clients, 4)
    per_client = max(total // clients, 20)
    shares = [
        clients // processes + (1 if i < clients % processes else 0) for i in range(processes)
    ]
    barrier = mp.Barrier(processes + 1)
    queue: mp.Queue = mp.Queue()
    first = itertools.accumulate([0, *shares])
    workers = [
        mp.Process(
            target=_load_process,
            args=(port, factory, slack_url, share, per_client, warmup, start, barrier, queue),
        )
        for share, start in zip(shares, first, strict=False)
    ]
    for worker in workers:
        worker.start()
    barrier.wait()  # every client has warmed up
    started = time.perf_counter()
    collected = [queue.get() for _ in workers]
    seconds = time.perf_counter() - started
    for worker in workers:
        worker.join()
    latencies = [x * 1000 for result in collected for lat, _ in result for x in lat]
    errors: dict[int, int] = {}
    for result in collected:
        for _, counts in result:
            for status, n in counts.items():
                errors[status] = errors.get(status, 0) + n
    return Result(latencies, errors, seconds)


# Main ---------------------------------------------------------------------------------


def seed(port: int, slack_url: str) -> None:
    """Open the cases /allegation writes to and /case list lists."""
    requests = SlackRequests(SECRET)
    for i in range(CASES):
        status, body = send_once(port, case_open(requests, slack_url, i))
        assert status == 200, body


def bench_database(kind: str, args: argparse.Namespace, folder: Path) -> list[dict]:
    rows = []
    with database(kind, args.postgres_admin) as url, fake_slack() as slack_url:
        common = dict(database_url=url, slack_url=slack_url, folder=folder)
        with (
            gunicorn("bare", BARE_TARGET, **common) as bare,
            gunicorn("bot", BOT_TARGET, **common) as bot,
        ):
            seed(bot.port, slack_url)
            commands = COMMANDS | (DIAGNOSTIC if args.diagnostic else {})
            for command, factory in commands.items():
                for clients in args.clients:
                    measured = {}
                    for server in (bare, bot):  # back to back, so both see the same machine
                        measured[server.name] = run_load(
                            server.port,
                            factory,
                            slack_url,
                            clients=clients,
                            total=args.requests,
                            warmup=args.warmup,
                        )
                    row = _row(kind, command, clients, measured["bot"], measured["bare"])
                    rows.append(row)
                    print(_line(row), flush=True)
    return rows


def _row(kind: str, command: str, clients: int, bot: Result, bare: Result) -> dict:
    return {
        "database": kind,
        "command": command,
        "clients": clients,
        "bot_median_ms": round(bot.median, 2),
        "bot_p99_ms": round(bot.p99, 2),
        "bot_rps": round(bot.throughput),
        "bare_median_ms": round(bare.median, 2),
        "bare_p99_ms": round(bare.p99, 2),
        "bare_rps": round(bare.throughput),
        "ratio": round(bot.median / bare.median, 2),
        "requests": len(bot.latencies_ms),
        "errors": {f"bot {s}": n for s, n in bot.errors.items()}
        | {f"bare {s}": n for s, n in bare.errors.items()},
    }


HEADER = (
    "| database | command | clients | bot median | bot p99 | bare median | bare p99 | "
    "ratio of medians | bot req/s | bare req/s |\n|---|---|---|---|---|---|---|---|---|---|"
)


def _line(row: dict) -> str:
    return (
        f"| {row['database']} | `{row['command']}` | {row['clients']} | "
        f"{row['bot_median_ms']:.1f} ms | {row['bot_p99_ms']:.1f} ms | "
        f"{row['bare_median_ms']:.1f} ms | {row['bare_p99_ms']:.1f} ms | "
        f"**{row['ratio']:.2f}** | {row['bot_rps']} | {row['bare_rps']} |"
        + (f" errors: {row['errors']}" if row["errors"] else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--clients", default="1,10,50", help="concurrency levels, e.g. 1,10,50")
    parser.add_argument("--requests", type=int, default=1000, help="timed requests per level")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per client")
    parser.add_argument(
        "--postgres-admin",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL URL allowed to create and drop the benchmark's database",
    )
    parser.add_argument(
        "--diagnostic", action="store_true", help="also measure /case help (no database work)"
    )
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    parser.add_argument("--logs", type=Path, help="keep the servers' logs in this folder")
    args = parser.parse_args()
    args.clients = [int(c) for c in args.clients.split(",")]
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    print(f"cpus: {os.cpu_count()}  command: {shlex.join(procfile_web(0)[1:-1])} <target>")
    print(HEADER, flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for kind in kinds:
            logs = args.logs / kind if args.logs else Path(folder) / kind
            logs.mkdir(parents=True, exist_ok=True)
            rows += bench_database(kind, args, logs)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
