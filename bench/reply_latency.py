"""Reply latency: the time from pressing Enter to reading the answer, the bot against a floor.

Both are served by gunicorn started as the Procfile starts it (only the WSGI target differs),
on one database, with a fake Slack standing in for Slack (SLACK_API_URL) so the bot's posts
after the answer really go out. The floor (bench/floor_app.py) is a bare Bolt app doing the
same database work in SQLAlchemy Core in one transaction and answering in the ack.

Usage:
    python bench/reply_latency.py [--backend sqlite|postgresql|both] [--clients 1,10,50]
        [--requests 1000] [--rounds 2] [--commands allegation,list,show] [--growth|--no-latency]
        [--growth-requests 200] [--growth-rounds 10]
        [--postgres-admin postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

Clients are closed loops: each holds one persistent HTTP/1.1 connection to 127.0.0.1, sends a
signed slash command, and sends the next only once it has the answer: the ack's body, or when
the ack is empty, the first post to the command's response URL (served by the load process).
For every command and number of clients the floor and the bot are measured in turns
(``--rounds``, the order alternating), and the bot's work after its answers is waited for
before the next turn, so both see the same machine.

``--growth`` measures the bot alone on a 1-paragraph case and a 300-paragraph case with 5
drafts: /allegation, /case show and /letter draft, one client, the sizes alternating in
``--growth-rounds`` short turns each.
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
# /allegation and /case show spread over the cases of another channel (cases 11 to 110), so
# that each gets a letter's worth of paragraphs over a run, not hundreds.
ALLEGATION_CHANNEL = "C0BENCHAL"
ALLEGATION_CASES = 100
BOT_TARGET = "bot.web:create_wsgi()"
FLOOR_TARGET = "bench.floor_app:create_wsgi()"
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


def outbox_left(database_url: str) -> int:
    """The bot's posts not yet delivered (pending, delayed, or being sent)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return int(
                connection.scalar(
                    text(
                        "SELECT count(*) FROM outbox_messages "
                        "WHERE status IN ('pending', 'sending')"
                    )
                )
                or 0
            )
    finally:
        engine.dispose()


def wait_for_outbox(database_url: str, limit: float = 300.0) -> float:
    """Wait until the bot has delivered every post it staged; the seconds waited."""
    started = time.monotonic()
    while outbox_left(database_url) and time.monotonic() - started < limit:
        time.sleep(0.05)
    return time.monotonic() - started


def card_update_delay() -> float:
    """How long the bot holds a case card's update back to gather changes (its setting)."""
    from bot.config import Settings

    return float(getattr(Settings.from_env(), "card_update_delay", 0.0) or 0.0)


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


def slash(
    requests: SlackRequests, replies: str, name: str, text: str, i: int, *, channel: str = CHANNEL
) -> SignedRequest:
    """A slash command whose response_url is ``<replies>/response/<i>``."""
    user = ("U0ALICE", "U0BOB", "U0CAROL")[i % 3]
    return requests.slash_command(
        name, text, user_id=user, channel_id=channel, response_url=f"{replies}/response/{i}"
    )


def case_list(requests: SlackRequests, replies: str, i: int) -> SignedRequest:
    return slash(requests, replies, "/case", "list", i)


def allegation(requests: SlackRequests, replies: str, i: int) -> SignedRequest:
    case = CASES + 1 + i % ALLEGATION_CASES
    text = f"{case} {ALLEGATION}"
    return slash(requests, replies, "/allegation", text, i, channel=ALLEGATION_CHANNEL)


def case_show(requests: SlackRequests, replies: str, i: int) -> SignedRequest:
    case = CASES + 1 + i % ALLEGATION_CASES
    return slash(requests, replies, "/case", f"show {case}", i, channel=ALLEGATION_CHANNEL)


def case_open(
    requests: SlackRequests, replies: str, i: int, *, channel: str = CHANNEL
) -> SignedRequest:
    subject = f"the closure of trade union number {i} and the arrest of its leaders"
    return slash(requests, replies, "/case", f"open KAZ AL FOAA,HRD {subject}", i, channel=channel)


FAKE_REPLIES = "BENCH_FAKE_REPLIES"  # variable: the fake Slack's response URLs, for the clients


def fake_replies(slack_url: str) -> str:
    """Replies to the fake Slack's response_url (seeding and start-up checks)."""
    return slack_url.removesuffix("/api/")


COMMANDS: dict[str, RequestFactory] = {
    "allegation": allegation,
    "list": case_list,
    "show": case_show,
}
LABELS = {"allegation": "/allegation", "list": "/case list", "show": "/case show"}


def send_once(port: int, request: SignedRequest) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
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
                replies.arrive(self.path.rsplit("/", 1)[-1])

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
        """When the first post to ``key``'s response URL arrived (perf_counter), or None."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while key not in self._arrived:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)
            return self._arrived.pop(key)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Timings:
    replies: list[float] = field(default_factory=list)  # seconds
    errors: dict[str, int] = field(default_factory=dict)


def _client(port, factory, replies, count, warmup, offset, ready, until, results) -> None:  # noqa: ANN001
    """One closed-loop client: a persistent connection, one command in flight.

    The answer is the ack's body; an empty ack (``until="reply"``) waits for the first post
    to the response URL. ``until="ack"`` goes on at the ack (a flood)."""
    requests = SlackRequests(SECRET)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    timings = Timings()
    for n in range(warmup + count):
        if n == warmup:
            ready.wait()  # the others may have taken longer than gunicorn's keep-alive: reconnect
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.connect()
        i = offset + n
        request = factory(requests, replies.base, i)
        # gunicorn closes a connection left idle past its keep-alive: Slack would open a new
        # one, and so does the client, once.
        for _attempt in range(2):
            started = time.perf_counter()
            try:
                status, body = _send(connection, request)
                break
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status, body = 0, b""
        replied: float | None = time.perf_counter() - started
        if status == 200 and until == "reply" and not body:  # the answer comes separately
            arrived = replies.wait(str(i), timeout=60)
            replied = arrived - started if arrived is not None else None
        if status != 200 or replied is None:
            what = f"HTTP {status}" if status != 200 else "no reply"
            timings.errors[what] = timings.errors.get(what, 0) + 1
        elif n >= warmup:
            timings.replies.append(replied)
    connection.close()
    results.append(timings)


def _load_process(port, factory, clients, count, warmup, first, until, barrier, queue):  # noqa: ANN001
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
    replies_ms: list[float]
    errors: dict[str, int]
    seconds: float

    @property
    def median(self) -> float:
        return statistics.median(self.replies_ms)

    @property
    def p99(self) -> float:
        return p99(self.replies_ms)

    @property
    def throughput(self) -> float:
        return len(self.replies_ms) / self.seconds

    def __add__(self, other: Result) -> Result:
        errors = dict(self.errors)
        for what, n in other.errors.items():
            errors[what] = errors.get(what, 0) + n
        return Result(self.replies_ms + other.replies_ms, errors, self.seconds + other.seconds)


def p99(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[98]


_offsets = itertools.count(1)


def run_load(
    port: int,
    factory: RequestFactory,
    *,
    clients: int,
    total: int,
    warmup: int,
    until: str = "reply",
) -> Result:
    """``clients`` closed-loop clients spread over a few processes; ``total`` timed requests."""
    processes = min(clients, 4)
    per_client = max(total // clients, 5)
    shares = [
        clients // processes + (1 if i < clients % processes else 0) for i in range(processes)
    ]
    barrier = mp.Barrier(processes + 1)
    queue: mp.Queue = mp.Queue()
    # Request numbers differ from one run to the next: /allegation spreads over the cases.
    base = next(_offsets) * 1000
    first = itertools.accumulate([base, *shares])
    workers = [
        mp.Process(
            target=_load_process,
            args=(port, factory, share, per_client, warmup, start, until, barrier, queue),
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
        replies_ms=[x * 1000 for t in collected for x in t.replies],
        errors=errors,
        seconds=seconds,
    )


# Latency: ours against the floor ------------------------------------------------------

TARGETS = {"p50": 2.0, "p99": 2.5, "throughput": 0.5}  # at 10 and 50 clients


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
    server.wait_until_idle(quiet=0.5)


def bench_latency(kind: str, args: argparse.Namespace, folder: Path) -> list[dict]:
    rows = []
    with database(kind, args.postgres_admin) as url, fake_slack() as slack_url:
        common = dict(database_url=url, slack_url=slack_url, folder=folder)
        with (
            gunicorn("floor", FLOOR_TARGET, **common) as floor,
            gunicorn("ours", BOT_TARGET, **common) as ours,
        ):
            seed(ours, slack_url)
            for command in args.commands:
                factory = COMMANDS[command]
                for clients in args.clients:
                    measured: dict[str, Result] = {}
                    share = max(args.requests // args.rounds, clients)
                    for n in range(args.rounds):  # in turns, the order alternating
                        order = (floor, ours) if n % 2 == 0 else (ours, floor)
                        for server in order:
                            result = run_load(
                                server.port,
                                factory,
                                clients=clients,
                                total=share,
                                warmup=args.warmup,
                            )
                            # The bot's work after its answers must not load the next turn,
                            # and counts in its time: what its posts took beyond the answers
                            # (less the delay a card update waits on purpose, when idle).
                            if server is ours:
                                drained = wait_for_outbox(url)
                                result.seconds += max(0.0, drained - card_update_delay())
                            ours.wait_until_idle(quiet=0.3)
                            previous = measured.get(server.name)
                            measured[server.name] = (
                                result if previous is None else previous + result
                            )
                    row = _row(kind, LABELS[command], clients, measured["ours"], measured["floor"])
                    rows.append(row)
                    print(_line(row), flush=True)
    return rows


def _row(kind: str, command: str, clients: int, ours: Result, floor: Result) -> dict:
    return {
        "database": kind,
        "command": command,
        "clients": clients,
        "ours_p50_ms": round(ours.median, 2),
        "ours_p99_ms": round(ours.p99, 2),
        "ours_rps": round(ours.throughput, 1),
        "floor_p50_ms": round(floor.median, 2),
        "floor_p99_ms": round(floor.p99, 2),
        "floor_rps": round(floor.throughput, 1),
        "p50_ratio": round(ours.median / floor.median, 2),
        "p99_ratio": round(ours.p99 / floor.p99, 2),
        "throughput_ratio": round(ours.throughput / floor.throughput, 2),
        "requests": len(ours.replies_ms),
        "errors": {f"ours {s}": n for s, n in ours.errors.items()}
        | {f"floor {s}": n for s, n in floor.errors.items()},
    }


HEADER = (
    "| database | command | clients | ours p50 | ours p99 | ours /s | floor p50 | floor p99 | "
    "floor /s | p50 ratio | p99 ratio | throughput ratio |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def _mark(value: float, limit: float, *, at_least: bool = False) -> str:
    met = value >= limit if at_least else value <= limit
    return f"**{value:.2f}**" + ("" if met else " ✗")


def _line(row: dict) -> str:
    judged = row["clients"] >= 10
    p50 = _mark(row["p50_ratio"], TARGETS["p50"]) if judged else f"{row['p50_ratio']:.2f}"
    p99_ = _mark(row["p99_ratio"], TARGETS["p99"]) if judged else f"{row['p99_ratio']:.2f}"
    rps = (
        _mark(row["throughput_ratio"], TARGETS["throughput"], at_least=True)
        if judged
        else f"{row['throughput_ratio']:.2f}"
    )
    return (
        f"| {row['database']} | `{row['command']}` | {row['clients']} | "
        f"{row['ours_p50_ms']:.1f} ms | {row['ours_p99_ms']:.1f} ms | {row['ours_rps']:.0f} | "
        f"{row['floor_p50_ms']:.1f} ms | {row['floor_p99_ms']:.1f} ms | {row['floor_rps']:.0f} | "
        f"{p50} | {p99_} | {rps} |" + (f" errors: {row['errors']}" if row["errors"] else "")
    )


# Growth: a 1-paragraph case against a 300-paragraph case with 5 drafts ------------------

GROWTH_CHANNEL = "C0BENCHGR"
GROWTH_CASES = 5  # of each size; the commands spread over them
BIG_PARAGRAPHS = 300
BIG_DRAFTS = 5
GROWTH_TARGETS = {"/allegation": 1.2, "/case show": 1.2, "/letter draft": 2.0}


def seed_growth(server: Server, slack_url: str, database_url: str) -> dict[str, list[int]]:
    """Open the small and big cases; fill the big ones in SQL; draft each big one 5 times."""
    from sqlalchemy import create_engine, select, table
    from sqlalchemy.sql import column

    requests = SlackRequests(SECRET)
    replies = fake_replies(slack_url)
    for i in range(2 * GROWTH_CASES):
        opened = case_open(requests, replies, 900 + i, channel=GROWTH_CHANNEL)
        status, body = send_once(server.port, opened)
        assert status == 200, body
    server.wait_until_idle(quiet=0.5)
    cases = table("cases", column("id"), column("channel_id"))
    allegations = table("allegations", column("case_id"), column("position"), column("text"))
    engine = create_engine(database_url)
    with engine.begin() as connection:
        ids = list(
            connection.scalars(
                select(cases.c.id).where(cases.c.channel_id == GROWTH_CHANNEL).order_by(cases.c.id)
            )
        )
        small, big = ids[:GROWTH_CASES], ids[GROWTH_CASES:]
        rows = [{"case_id": c, "position": 0, "text": ALLEGATION} for c in small]
        rows += [
            {"case_id": c, "position": p, "text": f"{p + 1}. {ALLEGATION}"}
            for c in big
            for p in range(BIG_PARAGRAPHS)
        ]
        connection.execute(allegations.insert(), rows)
    engine.dispose()
    for n, case in enumerate(big * BIG_DRAFTS):
        draft = slash(
            requests, replies, "/letter", f"{case} draft", 950 + n, channel=GROWTH_CHANNEL
        )
        status, body = send_once(server.port, draft)
        assert status == 200 and b"posted for review" in body, body
    server.wait_until_idle(quiet=0.5)
    return {"small": small, "big": big}


def _growth_factory(command: str, cases: list[int]) -> RequestFactory:
    def make(requests: SlackRequests, replies: str, i: int) -> SignedRequest:
        case = cases[i % len(cases)]
        name, text = {
            "/allegation": ("/allegation", f"{case} {ALLEGATION}"),
            "/case show": ("/case", f"show {case}"),
            "/letter draft": ("/letter", f"{case} draft"),
        }[command]
        return slash(requests, replies, name, text, i, channel=GROWTH_CHANNEL)

    return make


def bench_growth(kind: str, args: argparse.Namespace, folder: Path) -> list[dict]:
    rows = []
    with (
        database(kind, args.postgres_admin) as url,
        fake_slack() as slack_url,
        gunicorn("ours", BOT_TARGET, database_url=url, slack_url=slack_url, folder=folder) as ours,
    ):
        sizes = seed_growth(ours, slack_url, url)
        for command, limit in GROWTH_TARGETS.items():
            total = args.growth_requests // (4 if command == "/letter draft" else 1)
            measured: dict[str, Result] = {}
            for n in range(args.growth_rounds):
                order = ("small", "big") if n % 2 == 0 else ("big", "small")
                for size in order:
                    result = run_load(
                        ours.port,
                        _growth_factory(command, sizes[size]),
                        clients=1,
                        total=max(total // args.growth_rounds, 1),
                        warmup=1,
                    )
                    ours.wait_until_idle(quiet=0.3)
                    previous = measured.get(size)
                    measured[size] = result if previous is None else previous + result
            small, big = measured["small"], measured["big"]
            row = {
                "database": kind,
                "command": command,
                "small_p50_ms": round(small.median, 2),
                "big_p50_ms": round(big.median, 2),
                "small_p99_ms": round(small.p99, 2),
                "big_p99_ms": round(big.p99, 2),
                "ratio": round(big.median / small.median, 2),
                "limit": limit,
                "requests": len(big.replies_ms),
                "errors": {f"small {s}": n for s, n in small.errors.items()}
                | {f"big {s}": n for s, n in big.errors.items()},
            }
            rows.append(row)
            print(_growth_line(row), flush=True)
    return rows


GROWTH_HEADER = (
    "| database | command | small p50 | big p50 | small p99 | big p99 | ratio of p50 | limit |\n"
    "|---|---|---|---|---|---|---|---|"
)


def _growth_line(row: dict) -> str:
    return (
        f"| {row['database']} | `{row['command']}` | {row['small_p50_ms']:.1f} ms | "
        f"{row['big_p50_ms']:.1f} ms | {row['small_p99_ms']:.1f} ms | {row['big_p99_ms']:.1f} ms | "
        f"{_mark(row['ratio'], row['limit'])} | {row['limit']} |"
        + (f" errors: {row['errors']}" if row["errors"] else "")
    )


# Main ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> list[dict]:
    global ALLEGATION_CASES  # read by the request factories, in the load processes (fork)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--clients", default="1,10,50", help="concurrency levels, e.g. 1,10,50")
    parser.add_argument("--requests", type=int, default=1000, help="timed requests per row")
    parser.add_argument("--rounds", type=int, default=2, help="turns of floor and ours per row")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per client")
    parser.add_argument(
        "--commands", default="allegation,list,show", help="of allegation, list, show"
    )
    parser.add_argument(
        "--cases", type=int, default=ALLEGATION_CASES, help="cases /allegation spreads over"
    )
    parser.add_argument("--growth", action="store_true", help="also run the growth benchmark")
    parser.add_argument("--no-latency", action="store_true", help="only the growth benchmark")
    parser.add_argument(
        "--growth-requests", type=int, default=200, help="timed requests per size (drafts: /4)"
    )
    parser.add_argument(
        "--growth-rounds",
        type=int,
        default=10,
        help="turns of each size per growth row, alternating (a turn's client process lands "
        "on a CPU for the whole turn: many short turns average that out)",
    )
    parser.add_argument(
        "--postgres-admin",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL URL allowed to create and drop the benchmark's database",
    )
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    parser.add_argument("--logs", type=Path, help="keep the servers' logs in this folder")
    args = parser.parse_args(argv)
    args.clients = [int(c) for c in args.clients.split(",")]
    ALLEGATION_CASES = args.cases
    args.commands = [c.strip() for c in args.commands.split(",") if c.strip()]
    unknown = set(args.commands) - set(COMMANDS)
    if unknown:
        parser.error(f"unknown commands: {', '.join(sorted(unknown))}")
    kinds = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(f"cpus: {os.cpu_count()}  command: {shlex.join(procfile_web(0)[1:-1])} <target>")
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as folder:
        if not args.no_latency:
            print(HEADER, flush=True)
            for kind in kinds:
                logs = (args.logs or Path(folder)) / kind / "latency"
                logs.mkdir(parents=True, exist_ok=True)
                rows += bench_latency(kind, args, logs)
        if args.growth or args.no_latency:
            print(GROWTH_HEADER, flush=True)
            for kind in kinds:
                logs = (args.logs or Path(folder)) / kind / "growth"
                logs.mkdir(parents=True, exist_ok=True)
                rows += bench_growth(kind, args, logs)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return rows


if __name__ == "__main__":
    main()
