"""Ack latency of `/case list` and `/allegation <case> <text>` under load, the bot against a bare
Bolt app, both served by gunicorn started as the Procfile starts it (only the WSGI target
differs), with a fake Slack standing in for Slack (SLACK_API_URL) so the posts hit it.

Usage:
    python bench/ack_latency.py [--database sqlite|postgresql|both] [--clients 1,10,50]
        [--requests 1000] [--until reply|ack] [--think 0]
        [--postgres-admin postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

The load generator runs in separate processes, each with threads holding one persistent
HTTP/1.1 connection to 127.0.0.1 (a closed loop: one command in flight per client), and signs
every request as Slack does. The bot answers Slack first and does the command after, replying
through the response_url, which points at the load process. With ``--until reply`` (the
default) a client sends its next command once the reply has come, as a person reads the
answer before typing the next; with ``--until ack`` it sends it as soon as Slack would have
its answer (a flood: the work falls behind and the bot pushes back by answering later). The
bare app has no reply, so its clients always go on at the ack.

It prints a Markdown table: median and p99 of the ack per command and concurrency, for the
bot and the bare app, the ratio of the medians, and the bot's reply latency.
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
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.local.fake import FakeSlack  # noqa: E402
from bot.local.requests import SignedRequest, SlackRequests  # noqa: E402

SECRET = "bench-signing-secret-0123456789abcdef"
TOKEN = "xoxb-bench-token"
CHANNEL = "C0BENCH"
CASES = 10  # open in CHANNEL: what /case list lists (cases 1 to 10)
# /allegation spreads over the cases of another channel (cases 11 to 110), so that each
# gets a letter's worth of paragraphs (about 30 over a whole run), not hundreds.
ALLEGATION_CHANNEL = "C0BENCHAL"
ALLEGATION_CASES = 100
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
        base_url = ours.recv()
        os.environ[FAKE_REPLIES] = fake_replies(base_url)  # inherited by the load processes
        yield base_url
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

    def requests_logged(self) -> int:
        """Requests whose work is finished: the bot logs each one's line when all is done."""
        with self.log.open("rb") as log:
            return sum(1 for line in log if b"logger=bot.request" in line)

    def wait_until_idle(self, quiet: float = 1.0, limit: float = 300.0) -> float:
        """Wait until no request finishes for ``quiet`` seconds; the seconds waited."""
        started = time.monotonic()
        last, since = -1, time.monotonic()
        while time.monotonic() - started < limit:
            done = self.requests_logged()
            if done != last:
                last, since = done, time.monotonic()
            elif time.monotonic() - since >= quiet:
                break
            time.sleep(0.1)
        return time.monotonic() - started - quiet


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
                status, _ = send_once(port, case_list(requests, fake_replies(slack_url), 0))
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

# (requests, where replies go, request number) -> the signed request
RequestFactory = Callable[[SlackRequests, str, int], SignedRequest]


def case_list(requests: SlackRequests, replies: str, i: int) -> SignedRequest:
    return slash(requests, replies, "/case", "list", i)


def allegation(requests: SlackRequests, replies: str, i: int) -> SignedRequest:
    case = CASES + 1 + i % ALLEGATION_CASES
    text = f"{case} {ALLEGATION}"
    return slash(requests, replies, "/allegation", text, i, channel=ALLEGATION_CHANNEL)


def case_open(
    requests: SlackRequests, replies: str, i: int, *, channel: str = CHANNEL
) -> SignedRequest:
    subject = f"the closure of trade union number {i} and the arrest of its leaders"
    return slash(requests, replies, "/case", f"open KAZ AL FOAA,HRD {subject}", i, channel=channel)


def slash(
    requests: SlackRequests, replies: str, name: str, text: str, i: int, *, channel: str = CHANNEL
) -> SignedRequest:
    """A slash command whose response_url is ``<replies>/response/<i>``."""
    user = ("U0ALICE", "U0BOB", "U0CAROL")[i % 3]
    return requests.slash_command(
        name, text, user_id=user, channel_id=channel, response_url=f"{replies}/response/{i}"
    )


def case_help(requests: SlackRequests, replies: str, i: int) -> SignedRequest:
    return slash(requests, replies, "/case", "help", i)


FAKE_REPLIES = "BENCH_FAKE_REPLIES"  # variable: the fake Slack's response URLs, for the clients


def fake_replies(slack_url: str) -> str:
    """Replies to the fake Slack's response_url (seeding and start-up checks)."""
    return slack_url.removesuffix("/api/")


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


class Replies:
    """The response_url of one load process: records when each request's reply arrives."""

    def __init__(self) -> None:
        self._arrived: dict[str, float] = {}
        self._cond = threading.Condition()
        replies = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
                self.wfile.flush()
                replies.arrive(self.path.rsplit("/", 1)[-1])  # the bot is done with it

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def arrive(self, key: str) -> None:
        with self._cond:
            self._arrived.setdefault(key, time.perf_counter())
            self._cond.notify_all()

    def wait(self, key: str, timeout: float) -> float | None:
        """When the reply to ``key`` arrived (perf_counter), or None after ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while key not in self._arrived:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)
            return self._arrived.pop(key)

    def close(self) -> None:
        """Stop answering and close the socket: a reply sent after the run is refused at once
        (a flood leaves replies behind) instead of waiting for the bot's timeout."""
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Timings:
    acks: list[float] = field(default_factory=list)  # seconds
    replies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)


def _client(port, factory, replies, count, warmup, offset, ready, until, think, results) -> None:  # noqa: ANN001
    """One client: a persistent connection, one command in flight, latencies in seconds.

    Going on at the ack, it sends the replies to the fake Slack, which outlives the run (the
    bot may still be replying when the client is gone)."""
    replies_to = os.environ[FAKE_REPLIES] if until == "ack" else None
    requests = SlackRequests(SECRET)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings = Timings()
    for n in range(warmup + count):
        if n == warmup:
            ready.wait()  # the others may have taken longer than gunicorn's keep-alive: reconnect
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.connect()
        i = offset + n
        request = factory(requests, replies_to or replies.base, i)
        # gunicorn closes a connection left idle past its keep-alive (2 s, while a reply was
        # awaited): Slack would open a new one, and so does the client, once.
        for _attempt in range(2):
            started = time.perf_counter()
            try:
                status, body = _send(connection, request)
                break
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status, body = 0, b""
        acked = time.perf_counter() - started
        replied = acked
        if status == 200 and until == "reply" and not body:  # the reply comes separately
            arrived = replies.wait(str(i), timeout=60)
            replied = arrived - started if arrived is not None else None
        if think:
            time.sleep(think)
        if status != 200 or replied is None:
            what = f"HTTP {status}" if status != 200 else "no reply"
            timings.errors[what] = timings.errors.get(what, 0) + 1
        elif n >= warmup:
            timings.acks.append(acked)
            timings.replies.append(replied)
    connection.close()
    results.append(timings)


def _load_process(port, factory, clients, count, warmup, first, until, think, barrier, queue):  # noqa: ANN001
    replies = Replies()
    results: list[Timings] = []
    local = threading.Barrier(clients, action=barrier.wait)
    threads = [
        threading.Thread(
            target=_client,
            args=(
                port,
                factory,
                replies,
                count,
                warmup,
                (first + c) * 100_000,
                local,
                until,
                think,
                results,
            ),
        )
        for c in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    replies.close()
    queue.put(results)


@dataclass
class Result:
    acks_ms: list[float]
    replies_ms: list[float]
    errors: dict[str, int]
    seconds: float

    @property
    def median(self) -> float:
        return statistics.median(self.acks_ms)

    @property
    def p99(self) -> float:
        return p99(self.acks_ms)

    @property
    def throughput(self) -> float:
        return len(self.acks_ms) / self.seconds


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98]


def run_load(
    port: int,
    factory: RequestFactory,
    *,
    clients: int,
    total: int,
    warmup: int,
    until: str,
    think: float = 0.0,
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
            args=(port, factory, share, per_client, warmup, start, until, think, barrier, queue),
        )
        for share, start in zip(shares, first, strict=False)
    ]
    for worker in workers:
        worker.start()
    barrier.wait()  # every client has warmed up
    started = time.perf_counter()
    collected = [timings for _ in workers for timings in queue.get()]
    seconds = time.perf_counter() - started
    for worker in workers:
        worker.join()
    errors: dict[str, int] = {}
    for timings in collected:
        for what, n in timings.errors.items():
            errors[what] = errors.get(what, 0) + n
    return Result(
        acks_ms=[x * 1000 for t in collected for x in t.acks],
        replies_ms=[x * 1000 for t in collected for x in t.replies],
        errors=errors,
        seconds=seconds,
    )


# Main ---------------------------------------------------------------------------------


def seed(server: Server, slack_url: str) -> None:
    """Open the cases /case list lists (1 to 10), then those /allegation writes to."""
    requests = SlackRequests(SECRET)
    replies = fake_replies(slack_url)
    for i in range(CASES):
        status, body = send_once(server.port, case_open(requests, replies, i))
        assert status == 200, body
    server.wait_until_idle(quiet=0.5)  # these ten are cases 1 to 10
    for i in range(ALLEGATION_CASES):
        opened = case_open(requests, replies, CASES + i, channel=ALLEGATION_CHANNEL)
        status, body = send_once(server.port, opened)
        assert status == 200, body
    server.wait_until_idle()


def bench_database(kind: str, args: argparse.Namespace, folder: Path) -> list[dict]:
    rows = []
    with database(kind, args.postgres_admin) as url, fake_slack() as slack_url:
        common = dict(database_url=url, slack_url=slack_url, folder=folder)
        with (
            gunicorn("bare", BARE_TARGET, **common) as bare,
            gunicorn("bot", BOT_TARGET, **common) as bot,
        ):
            seed(bot, slack_url)
            commands = COMMANDS | (DIAGNOSTIC if args.diagnostic else {})
            for command, factory in commands.items():
                for clients in args.clients:
                    measured = {}
                    for server in (bare, bot):  # back to back, so both see the same machine
                        measured[server.name] = run_load(
                            server.port,
                            factory,
                            clients=clients,
                            total=args.requests,
                            warmup=args.warmup,
                            until=args.until if server is bot else "ack",
                            think=args.think / 1000,
                        )
                    # The bot's work after its answers must not load the next measurement.
                    behind = bot.wait_until_idle()
                    row = _row(
                        kind,
                        command,
                        clients,
                        measured["bot"],
                        measured["bare"],
                        behind,
                        replied=args.until == "reply",
                    )
                    rows.append(row)
                    print(_line(row), flush=True)
    return rows


def _row(
    kind: str,
    command: str,
    clients: int,
    bot: Result,
    bare: Result,
    behind: float,
    *,
    replied: bool,
) -> dict:
    return {
        "database": kind,
        "command": command,
        "clients": clients,
        "bot_median_ms": round(bot.median, 2),
        "bot_p99_ms": round(bot.p99, 2),
        "bot_reply_median_ms": round(statistics.median(bot.replies_ms), 2) if replied else None,
        "bot_reply_p99_ms": round(p99(bot.replies_ms), 2) if replied else None,
        "bot_behind_s": round(behind, 1),
        "bot_rps": round(bot.throughput),
        "bare_median_ms": round(bare.median, 2),
        "bare_p99_ms": round(bare.p99, 2),
        "bare_rps": round(bare.throughput),
        "ratio": round(bot.median / bare.median, 2),
        "requests": len(bot.acks_ms),
        "errors": {f"bot {s}": n for s, n in bot.errors.items()}
        | {f"bare {s}": n for s, n in bare.errors.items()},
    }


HEADER = (
    "| database | command | clients | bot ack median | bot ack p99 | bare median | bare p99 | "
    "ratio of medians | bot reply median | bot reply p99 | bot req/s | bare req/s | "
    "work left after the run |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} ms"


def _line(row: dict) -> str:
    return (
        f"| {row['database']} | `{row['command']}` | {row['clients']} | "
        f"{row['bot_median_ms']:.1f} ms | {row['bot_p99_ms']:.1f} ms | "
        f"{row['bare_median_ms']:.1f} ms | {row['bare_p99_ms']:.1f} ms | "
        f"**{row['ratio']:.2f}** | {_ms(row['bot_reply_median_ms'])} | "
        f"{_ms(row['bot_reply_p99_ms'])} | {row['bot_rps']} | {row['bare_rps']} | "
        f"{row['bot_behind_s']:.1f} s |" + (f" errors: {row['errors']}" if row["errors"] else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--clients", default="1,10,50", help="concurrency levels, e.g. 1,10,50")
    parser.add_argument("--requests", type=int, default=1000, help="timed requests per level")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per client")
    parser.add_argument(
        "--until",
        choices=["reply", "ack"],
        default="reply",
        help="a bot client's next command waits for the reply (a person) or only the ack",
    )
    parser.add_argument(
        "--think", type=float, default=0.0, help="ms a client pauses before its next command"
    )
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
    print(f"bot clients go on at the {args.until}; bare clients at the ack")
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
