"""Time a reminder sweep with 1,000 and with 100,000 cases on PostgreSQL (ratio must stay < 2).

Most cases are answered (their reminders cancelled) or not yet due; the same few are due in
both runs, so a sweep that uses its indexes takes about the same time at both sizes.
The script creates its own databases (one per size) on the server and drops them at the end;
sweeps of the two sizes alternate so that noise on the machine hits both alike.

Usage: python bench/reminder_sweep.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/test]
                                      [--due 20] [--runs 9]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, select, text, update
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from bot.db import make_engine, make_sessionmaker  # noqa: E402
from bot.local.fake import FakeSlack  # noqa: E402
from bot.migrate import upgrade  # noqa: E402
from bot.reminders.models import Reminder  # noqa: E402
from bot.slack.client import make_client  # noqa: E402
from handlers.reminders.sweep import _claimable, sweep  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SIZES = (1_000, 100_000)
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
DAY = dt.timedelta(days=1)
CASE_COLUMNS = (
    "id, channel_id, letter_type, country_code, subject, concern, urge, language, reply_days, "
    "reference_code, reference_number, reference_year, status, opened_by, opened_at, "
    "updated_at, content_version, sent_on, due_on"
)
REMINDER_COLUMNS = "case_id, kind, due_at, status, attempts, created_at, posted_ts, posted_at"


def _case(number: int, due_on: dt.date, *, closed: bool = False) -> tuple:
    sent_on = due_on - 60 * DAY
    opened = dt.datetime.combine(sent_on - 20 * DAY, dt.time(9), tzinfo=dt.UTC)
    return (
        number,
        f"C{number % 500:08d}",
        "AL",
        "KAZ",
        f"case number {number}",
        "",
        "",
        "en",
        60,
        "KAZ",
        number,
        2017,
        "closed" if closed else "open",
        "U0ALICE",
        opened,
        opened,
        1,
        sent_on,
        due_on,
    )


def _at_nine(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(8), tzinfo=dt.UTC)


def _rows(size: int, due: int) -> Iterator[tuple[str, tuple]]:
    """Cases, their reminders and replies: `due` due now, 70% answered, the rest not yet due."""
    today = NOW.date()
    for number in range(1, size + 1):
        if number <= due:
            due_on = today
            yield "case", _case(number, due_on)
            yield "reminder", (number, "before", NOW - 7 * DAY, "posted", 1, NOW, "1.1", NOW)
            yield (
                "reminder",
                (number, "due", NOW - dt.timedelta(minutes=5), "pending", 0, NOW, None, None),
            )
            yield "reminder", (number, "overdue", NOW + 7 * DAY, "pending", 0, NOW, None, None)
        elif number % 10 < 7:  # answered, some of them long ago
            due_on = today - (number % 700) * DAY
            yield "case", _case(number, due_on, closed=number % 3 == 0)
            yield "reply", (number, due_on - 3 * DAY, "U0BOB", NOW)
            yield (
                "reminder",
                (number, "before", _at_nine(due_on - 7 * DAY), "posted", 1, NOW, "1.2", NOW),
            )
            yield "reminder", (number, "due", _at_nine(due_on), "cancelled", 0, NOW, None, None)
            yield (
                "reminder",
                (number, "overdue", _at_nine(due_on + 7 * DAY), "cancelled", 0, NOW, None, None),
            )
        else:  # sent, not due yet
            due_on = today + (1 + number % 60) * DAY
            yield "case", _case(number, due_on)
            for kind, day in (
                ("before", due_on - 7 * DAY),
                ("due", due_on),
                ("overdue", due_on + 7 * DAY),
            ):
                at = _at_nine(day)
                if at <= NOW:
                    at = NOW + DAY
                yield "reminder", (number, kind, at, "pending", 0, NOW, None, None)


def load(engine: Engine, size: int, due: int) -> None:
    """Empty the tables, then COPY the cases, reminders and replies in."""
    with engine.begin() as connection:
        connection.execute(
            text("TRUNCATE cases, reminders, addressee_replies RESTART IDENTITY CASCADE")
        )
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        targets = {
            "case": f"COPY cases ({CASE_COLUMNS}) FROM STDIN",
            "reminder": f"COPY reminders ({REMINDER_COLUMNS}) FROM STDIN",
            "reply": "COPY addressee_replies (case_id, received_on, recorded_by, recorded_at) FROM STDIN",
        }
        buffered: dict[str, list[tuple]] = {kind: [] for kind in targets}
        for kind, row in _rows(size, due):
            buffered[kind].append(row)
        for kind in ("case", "reminder", "reply"):
            with cursor.copy(targets[kind]) as copy:
                for row in buffered[kind]:
                    copy.write_row(row)
        cursor.execute("SELECT setval('cases_id_seq', (SELECT max(id) FROM cases))")
        raw.commit()
    finally:
        raw.close()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE cases, reminders, addressee_replies"))


def reset_due(engine: Engine, due: int) -> None:
    """Put the due reminders back, as if the sweep had not run."""
    with engine.begin() as connection:
        connection.execute(
            update(Reminder)
            .where(Reminder.case_id <= due, Reminder.kind == "due")
            .values(
                status="pending",
                posted_ts=None,
                posted_at=None,
                claimed_by=None,
                outbox_id=None,
                attempts=0,
            )
        )


def claim_plan(engine: Engine) -> str:
    """The plan of the claim query (EXPLAIN ANALYZE), to show it uses the index."""
    query = (
        select(Reminder.id)
        .where(_claimable(NOW))
        .order_by(Reminder.due_at, Reminder.id)
        .limit(50)
        .with_for_update(skip_locked=True)
    )
    compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
    with engine.begin() as connection:
        rows = connection.execute(text(f"EXPLAIN (ANALYZE, COSTS OFF) {compiled}")).scalars()
        return "\n".join(f"    {line}" for line in rows)


def timed_sweep(engine: Engine, fake: FakeSlack, due: int, run: int) -> float:
    """Seconds of one sweep posting the `due` reminders (put back to pending first)."""
    reset_due(engine, due)
    fake.clear()
    settings = Settings(database_url=engine.url.render_as_string(hide_password=False))
    client = make_client(Settings(slack_api_url=fake.base_url, slack_bot_token="xoxb-bench"))
    sessions = make_sessionmaker(engine)
    start = time.perf_counter()
    posted = sweep(
        sessions=sessions, client=client, settings=settings, now=NOW, worker_id=f"bench-{run}"
    )
    elapsed = time.perf_counter() - start
    assert len(posted) == due == len(fake.calls_to("chat.postMessage")), (len(posted), due)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=DEFAULT_URL, help="a PostgreSQL server to create on")
    parser.add_argument("--due", type=int, default=20, help="reminders due in each sweep")
    parser.add_argument("--runs", type=int, default=9, help="timed sweeps per size")
    args = parser.parse_args()
    admin = create_engine(args.url, isolation_level="AUTOCOMMIT")
    names = {size: f"mandate_bench_{size}_{uuid.uuid4().hex[:8]}" for size in SIZES}
    engines: dict[int, Engine] = {}
    try:
        for size, name in names.items():
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            url = make_url(args.url).set(database=name).render_as_string(hide_password=False)
            upgrade(url)
            engines[size] = make_engine(url)
            load(engines[size], size, args.due)
        times: dict[int, list[float]] = {size: [] for size in SIZES}
        with FakeSlack() as fake:
            for run in range(args.runs + 1):  # alternate sizes so machine noise hits both alike
                for size in SIZES:
                    elapsed = timed_sweep(engines[size], fake, args.due, run)
                    if run:  # the first round warms caches and connections
                        times[size].append(elapsed)
        for size in SIZES:
            reset_due(engines[size], args.due)
            print(f"claim query plan with {size:,} cases:\n{claim_plan(engines[size])}")
        medians = {size: statistics.median(values) for size, values in times.items()}
        for size in SIZES:
            print(
                f"{size:>7,} cases, {args.due} due: {medians[size] * 1000:7.1f} ms per sweep (median)"
            )
        ratio = medians[SIZES[1]] / medians[SIZES[0]]
        print(f"ratio {SIZES[1]:,} / {SIZES[0]:,}: {ratio:.2f} (must stay under 2)")
        return 0 if ratio < 2 else 1
    finally:
        for engine in engines.values():
            engine.dispose()
        with admin.connect() as connection:
            for name in names.values():
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    sys.exit(main())
