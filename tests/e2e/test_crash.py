"""A gunicorn worker killed under load loses nothing the bot said it accepted.

The web process runs as the Procfile runs it (2 workers, 4 threads each). Twenty client
threads send /allegation commands without pausing; part-way one worker is SIGKILLed and
gunicorn starts another. Then: every command answered 200 is stored exactly once, under the
number its answer names; numbers stay gapless; and the outbox delivers every case card update
(rows the dead worker held are delivered once their lease runs out, simulated here by ageing
the leases, so the test does not wait two minutes; card updates held back for more changes,
which the stopped workers did not get to, once due, likewise). It runs with card updates sent
right after each answer, and held back two seconds (one update for many changes, staged under
concurrent commands). Commands whose connection died with the worker got no answer and may be
missing: they are counted apart.

Reproduce the figures in docs/benchmarks.md with:
    .venv/bin/python -m pytest tests/e2e/test_crash.py -q -s
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import re
import signal
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from bot.app import make_outbox
from bot.cases.models import Allegation, Case
from bot.config import Settings
from bot.db import make_engine, make_sessionmaker
from bot.grammar import counted
from bot.local.requests import SlackRequests
from bot.slack.client import make_client
from bot.slack.messages import CARD
from bot.slack.models import OutboxMessage, SlackMessage
from tests.security.server import SIGNING_SECRET, WebProcess, web_process

pytestmark = pytest.mark.e2e  # web processes started and killed

COMMANDS = 300
CLIENTS = 20
CASES = 4
KILL_AFTER = 100  # answers before one worker is killed
CHANNEL = "C0CRASH"
TIME_LIMIT = 90  # seconds; about 30 on an idle two-core machine (docs/benchmarks.md)
DONE = {"sent", "superseded"}  # how every outbox row ends when nothing failed
ADDED = re.compile(r"^Allegation (\d+) added to case #(\d+) ")


@dataclass
class Outcome:
    """What the client saw of one command."""

    text: str
    case_id: int
    status: int | None = None  # None: no answer (the connection died with the worker)
    ack: str = ""


def worker_pids(master: int) -> list[int]:
    """The gunicorn workers: the master's child processes (from /proc)."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended meanwhile
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == master:
            children.append(int(entry.name))
    return sorted(children)


def send(web: WebProcess, requests: SlackRequests, outcome: Outcome) -> None:
    signed = requests.slash_command(
        "/allegation",
        f"{outcome.case_id} {outcome.text}",
        user_id="U0ALICE",
        channel_id=CHANNEL,
        response_url=web.fake.response_url("crash"),
    )
    host = web.base.removeprefix("http://")
    connection = http.client.HTTPConnection(host, timeout=20)
    try:
        connection.request(
            "POST", "/slack/events", body=signed.body.encode(), headers=signed.headers
        )
        response = connection.getresponse()
        body = response.read().decode()
        outcome.status = response.status
        outcome.ack = json.loads(body).get("text", "") if body.startswith("{") else body
    except (OSError, http.client.HTTPException):  # reset, refused, or cut short by the kill
        outcome.status = None
    finally:
        connection.close()


# Each case with the ts of its card, once posted (recorded by the outbox).
CARDS = select(Case.id, SlackMessage.ts.label("card_ts")).outerjoin(
    SlackMessage, (SlackMessage.kind == CARD) & (SlackMessage.key == Case.id)
)


def open_cases(web: WebProcess, requests: SlackRequests, observer: Engine) -> list[int]:
    for n in range(CASES):
        signed = requests.slash_command(
            "/case",
            f"open KAZ AL FOAA crash test case {n}",
            user_id="U0ALICE",
            channel_id=CHANNEL,
        )
        assert web.post(signed)[0] == 200
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with observer.connect() as connection:
            rows = connection.execute(CARDS.order_by(Case.id)).all()
        if len(rows) == CASES and all(row.card_ts for row in rows):
            return [row.id for row in rows]
        time.sleep(0.05)
    raise AssertionError("the case cards were not posted")


@pytest.mark.parametrize("card_update_delay", ["0", "2"])
def test_a_worker_killed_under_load_loses_no_accepted_command(
    database_url: str, engine: Engine, tmp_path: Path, card_update_delay: str
) -> None:
    started = time.monotonic()
    observer = make_engine(database_url, immediate=False, isolation_level="AUTOCOMMIT")
    requests = SlackRequests(SIGNING_SECRET)
    run = uuid.uuid4().hex[:8]
    with web_process(
        database_url, tmp_path / "web.log", CARD_UPDATE_DELAY=card_update_delay
    ) as web:
        case_ids = open_cases(web, requests, observer)
        outcomes = [
            Outcome(
                text=f"Allegation crash-{run}-{i:04d} was reported.", case_id=case_ids[i % CASES]
            )
            for i in range(COMMANDS)
        ]
        answered = threading.Semaphore(0)
        killed: list[int] = []

        def client(i: int) -> None:
            send(web, requests, outcomes[i])
            answered.release()

        def killer() -> None:
            for _ in range(KILL_AFTER):
                answered.acquire()
            victim = worker_pids(web.process.pid)[0]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

        load_started = time.monotonic()
        kill_thread = threading.Thread(target=killer, daemon=True)
        kill_thread.start()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            list(pool.map(client, range(COMMANDS)))
        load_seconds = time.monotonic() - load_started
        kill_thread.join(timeout=5)
        assert killed, "no worker was killed"
        # gunicorn replaced the worker: two workers again, the killed one not among them
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            workers = worker_pids(web.process.pid)
            if len(workers) == 2 and killed[0] not in workers:
                break
            time.sleep(0.1)
        else:
            raise AssertionError(f"gunicorn did not replace worker {killed[0]}: {workers}")
        assert web.get("/healthz") == 200
        web.process.send_signal(signal.SIGINT)  # quick shutdown: no process holds a lease now
        web.process.wait(timeout=15)
        observer_sessions = make_sessionmaker(observer)

        # What is stored: each text at most once, and once for every command answered 200.
        with observer.connect() as connection:
            stored = connection.execute(
                select(Allegation.case_id, Allegation.position, Allegation.text)
            ).all()
        copies = Counter(row.text for row in stored)
        where = {row.text: (row.case_id, row.position + 1) for row in stored}  # shown from 1
        ok = [o for o in outcomes if o.status == 200]
        unanswered = [o for o in outcomes if o.status is None]
        other = [o for o in outcomes if o.status not in (200, None)]
        lost = [o.text for o in ok if copies[o.text] == 0]
        duplicated = [text for text, n in copies.items() if n > 1]
        wrong_number = []
        for o in ok:
            match = ADDED.match(o.ack)
            if not match or where.get(o.text) != (int(match[2]), int(match[1])):
                wrong_number.append((o.text, o.ack, where.get(o.text)))
        stored_unanswered = sum(1 for o in unanswered if copies[o.text])
        for case_id in case_ids:
            positions = sorted(row.position for row in stored if row.case_id == case_id)
            assert positions == list(range(len(positions))), (case_id, positions)  # gapless

        # The card updates: the server delivered most; the rest (the dead worker's) now.
        past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        with observer_sessions.begin() as session:  # the dead worker's leases run out
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.status == "sending")
                .values(claimed_until=past)
            )
            session.execute(  # and the card updates held back fall due
                update(OutboxMessage)
                .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at > past)
                .values(next_attempt_at=past)
            )
        outbox = make_outbox(make_sessionmaker(observer))
        settings = Settings(database_url=database_url, slack_api_url=web.fake.base_url)
        redelivered = outbox.deliver_due(make_client(settings))
        with observer.connect() as connection:
            statuses = Counter(connection.scalars(select(OutboxMessage.status)))
            cards = connection.execute(CARDS.order_by(Case.id)).all()
        for case in cards:
            shown = web.fake.messages[(CHANNEL, case.card_ts)]
            count = sum(1 for row in stored if row.case_id == case.id)
            said = f"{counted(count, 'allegation')} ·"
            assert said in json.dumps(shown["blocks"], ensure_ascii=False), (case.id, count)
    elapsed = time.monotonic() - started

    print(
        f"\n[{engine.dialect.name}, card delay {card_update_delay} s] "
        f"{COMMANDS} commands from {CLIENTS} clients in "
        f"{load_seconds:.1f} s, worker {killed[0]} killed after {KILL_AFTER} answers: "
        f"answered 200: {len(ok)}, no answer: {len(unanswered)} "
        f"({stored_unanswered} of them stored anyway), other status: {len(other)}; "
        f"lost: {len(lost)}, duplicated: {len(duplicated)}, wrong number: {len(wrong_number)}; "
        f"outbox rows redelivered after the crash: {redelivered}, "
        f"rows undelivered at the end: {sum(n for s, n in statuses.items() if s not in DONE)} "
        f"(superseded: {statuses['superseded']} of {sum(statuses.values())}); "
        f"whole test {elapsed:.1f} s"
    )
    assert not other, [(o.status, o.ack) for o in other]
    assert not lost, lost
    assert not duplicated, duplicated
    assert not wrong_number, wrong_number[:5]
    assert len(ok) >= COMMANDS // 2
    assert set(statuses) <= DONE, statuses  # superseded: a newer update built the card
    observer.dispose()
    assert elapsed < TIME_LIMIT, elapsed
