"""Reads as a channel grows: /case search, /case list and the Home tab at 20 and 20,000 cases.

One channel, three allegations a case (realistic text, Turkish and French names among
them), on a fresh migrated database of each backend. Most cases of a channel that old are
closed or answered: the newest 150 are open (a third sent, a few overdue, some drafts in
review), the rest closed, half of them with a reply. Each read goes through the real app
(signed request, Bolt, the listener, the blocks) in one process, as
``bench/profile_commands.py`` does; the time is until the answer (for the Home tab, the
view built, before views.publish).

Usage:
    python bench/growth.py [--backend sqlite|postgresql|both] [--sizes 20,20000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from slack_bolt.request import BoltRequest  # noqa: E402
from sqlalchemy import insert, select, update  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.reply_latency import database  # noqa: E402
from bot.cases.enums import CaseStatus, LetterType  # noqa: E402
from bot.cases.letter_models import AddresseeReply, DraftVersion  # noqa: E402
from bot.cases.models import Allegation, Case, CaseMandate, ReferenceCounter  # noqa: E402
from bot.cases.search_index import rebuild_all  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db import make_engine, make_sessionmaker  # noqa: E402
from bot.local.workspace import LocalWorkspace  # noqa: E402
from bot.mandates.models import Mandate  # noqa: E402

CHANNEL = "C0CASES"
USER = "U0ALICE"
OPEN = 150  # the newest cases still open
RARE = "Kapıkule"  # in one allegation of one case
COMMON = "police"  # in nearly every case
TURN = 5  # repetitions of one size before the other's
COUNTRIES = ["TUR", "KAZ", "UZB", "BLR", "EGY", "IRN", "COL", "PHL", "NIC", "BHR"]
PLACES = ["Diyarbakır", "Şırnak", "Almaty", "Shymkent", "Minsk", "Cairo", "Bogotá", "Manila"]
NAMES = ["İlknur Doğan", "Ayşe Yıldız", "Nurlan Abenov", "José Pérez", "Marie Lefèvre"]
SUBJECTS = [
    "the arrest and detention of the human rights defender {name}",
    "the dissolution of the trade union of {place} and the prosecution of its leaders",
    "the alleged torture of {name} in police custody in {place}",
    "the closure of independent media outlets in {place}",
]
ALLEGATIONS = [
    "On {day} May {year}, {name} was arrested by police officers in {place} without a "
    "warrant and taken to an unknown location, where {name} was held incommunicado for "
    "{n} days.",
    "According to the information received, the {place} regional court ordered the "
    "liquidation of the association on {day} June {year}, citing administrative "
    "irregularities that its members deny; the decision was upheld on appeal.",
    "{name} reported having been beaten during interrogation and denied access to a lawyer "
    "of their choosing; no investigation into these allegations has been opened by the "
    "prosecutor's office.",
]


def seed(url: str, size: int, today: dt.date) -> None:
    """``size`` cases in one channel, newest last, with their allegations and words."""
    rng = random.Random(size)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        mandates = [m.id for m in session.scalars(select(Mandate).where(Mandate.code == "FOAA"))]
        session.execute(update(Mandate).values(approvers=[]))
        cases, links, allegations, versions, replies = [], [], [], [], []
        counters: dict[tuple[str, int], int] = {}
        for n in range(1, size + 1):
            age = (size - n) * 3650 // max(size, 1)  # spread over ten years
            opened = today - dt.timedelta(days=age + 1)
            code = COUNTRIES[n % len(COUNTRIES)]
            counters[(code, opened.year)] = number = counters.get((code, opened.year), 0) + 1
            words = {"name": rng.choice(NAMES), "place": rng.choice(PLACES)}
            is_open = n > size - OPEN
            row = {
                "id": n,
                "channel_id": CHANNEL,
                "letter_type": LetterType.AL if n % 3 else LetterType.UA,
                "country_code": code,
                "subject": rng.choice(SUBJECTS).format(**words),
                "reference_code": code,
                "reference_number": number,
                "reference_year": opened.year,
                "status": CaseStatus.OPEN if is_open else CaseStatus.CLOSED,
                "opened_by": USER,
                "owner": USER,
                "opened_at": dt.datetime.combine(opened, dt.time(9), tzinfo=dt.UTC),
                "content_version": 1,
                "sent_on": None,
                "due_on": None,
                "closed_reason": None if is_open else "reply received",
            }
            kind = n % 3
            if not is_open or kind == 0:  # sent (a few of the open ones overdue)
                row["sent_on"] = opened + dt.timedelta(days=20)
                row["due_on"] = row["sent_on"] + dt.timedelta(days=60)
                if not is_open and n % 2:
                    replies.append(
                        {"case_id": n, "received_on": row["due_on"], "recorded_by": USER}
                    )
            elif kind == 1 and n % 5 == 0:  # in review: a teammate's draft
                versions.append(
                    {
                        "case_id": n,
                        "number": 1,
                        "language": "en",
                        "content_version": 1,
                        "markdown": "letter",
                        "text_hash": "0" * 64,
                        "made_by": "U0BOB",
                    }
                )
            cases.append(row)
            links += [
                {"case_id": n, "mandate_id": m, "position": i} for i, m in enumerate(mandates)
            ]
            for position, template in enumerate(ALLEGATIONS):
                text = template.format(day=1 + n % 28, year=opened.year, n=2 + n % 9, **words)
                if n == size // 2 and position == 1:
                    text += f" The members were stopped at the {RARE} border crossing."
                allegations.append({"case_id": n, "position": position, "text": text})
        for table, rows in (
            (Case, cases),
            (CaseMandate, links),
            (Allegation, allegations),
            (DraftVersion, versions),
            (AddresseeReply, replies),
        ):
            for start in range(0, len(rows), 2000):
                session.execute(insert(table), rows[start : start + 2000])
        session.execute(
            insert(ReferenceCounter),
            [{"code": c, "year": y, "last_number": k} for (c, y), k in counters.items()],
        )
        rebuild_all(session.connection())
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    engine.dispose()


def measure(workspace: LocalWorkspace, repeat: int) -> dict[str, list[float]]:
    """Milliseconds until the answer, ``repeat`` times, of each read."""
    app = workspace.app
    reads = {
        f"/case search {RARE.lower()}": ("/case", f"search {RARE.lower()}"),
        f"/case search {COMMON}": ("/case", f"search {COMMON}"),
        "/case list": ("/case", "list"),
    }
    times: dict[str, list[float]] = {name: [] for name in [*reads, "Home tab"]}
    for _ in range(repeat):
        for name, (command, text) in reads.items():
            request = workspace.requests.slash_command(
                command,
                text,
                user_id=USER,
                channel_id=CHANNEL,
                response_url=workspace.response_url(),
            )
            started = time.perf_counter()
            response = app.dispatch(BoltRequest(body=request.body, headers=request.headers))
            times[name].append((time.perf_counter() - started) * 1000)
            assert response.status == 200, response.body
        event = {"type": "app_home_opened", "user": USER, "channel": "D0ALICE", "tab": "home"}
        request = workspace.requests.event_callback(event)
        started = time.perf_counter()
        response = app.dispatch(BoltRequest(body=request.body, headers=request.headers))
        times["Home tab"].append((time.perf_counter() - started) * 1000)
        assert response.status == 200, response.body
        workspace.deliver_waiting()
    return times


def check(workspace: LocalWorkspace) -> None:
    """The reads find what they should (a benchmark of wrong answers measures nothing)."""
    rare = workspace.command(f"/case search {RARE.lower()}", channel=CHANNEL)
    assert rare.text.startswith("1 case"), rare.text
    listed = workspace.command("/case list", channel=CHANNEL)
    assert "Open cases" in listed.text, listed.text


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def main(argv: list[str] | None = None) -> dict[tuple[str, int], dict[str, list[float]]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--sizes", default="20,20000")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--postgres-admin",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
    )
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    sizes = [int(size) for size in args.sizes.split(",")]
    results: dict[tuple[str, int], dict[str, list[float]]] = {}
    for backend in backends:
        with contextlib.ExitStack() as stack:
            workspaces = {}
            for size in sizes:
                url = stack.enter_context(database(backend, args.postgres_admin))
                settings = Settings(database_url=url, slack_signing_secret="growth-secret")
                started = time.perf_counter()
                seed(url, size, dt.datetime.now(settings.tz).date())
                print(f"{backend}: {size} cases seeded in {time.perf_counter() - started:.1f} s")
                engine = make_engine(url)
                stack.callback(engine.dispose)
                workspace = stack.enter_context(
                    LocalWorkspace(settings, sessions=make_sessionmaker(engine))
                )
                workspace.fake.join(CHANNEL, USER)
                check(workspace)
                measure(workspace, 3)  # warm up
                workspaces[size] = workspace
            # The sizes in short turns, so that other work on the machine weighs on each.
            for _ in range(-(-args.repeat // TURN)):
                for size, workspace in workspaces.items():
                    times = measure(workspace, min(TURN, args.repeat))
                    for read, values in times.items():
                        results.setdefault((backend, size), {}).setdefault(read, []).extend(values)
    print()
    print(
        "| backend | read | "
        + " | ".join(f"{s:,} cases median (p90)" for s in sizes)
        + " | ratio |"
    )
    print("|---|---|" + "---|" * len(sizes) + "---|")
    for backend in backends:
        for read in results[(backend, sizes[0])]:
            cells, medians = [], []
            for size in sizes:
                values = results[(backend, size)][read]
                medians.append(statistics.median(values))
                cells.append(f"{medians[-1]:.1f} ms ({p90(values):.1f})")
            ratio = medians[-1] / medians[0] if medians[0] else 0
            print(f"| {backend} | `{read}` | " + " | ".join(cells) + f" | {ratio:.1f}× |")
    return results


if __name__ == "__main__":
    main()
