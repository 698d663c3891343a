"""Where a command's time goes: SQL statements and milliseconds before and after the answer.

In one process, through the real app and the local fake Slack (bot.local.workspace), on a
fresh migrated database: a small case (1 paragraph) and a big one (300 paragraphs, 5 drafts).
For each command it prints the statements run until the answer (the ack) and after it (the
outbox delivering the posts), and the time of each part; ``--profile`` adds cProfile's top
functions of the part before the answer.

Usage:
    python bench/profile_commands.py [--backend sqlite|postgresql] [--repeat 20] [--profile]
        [--show-sql]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.reply_latency import ALLEGATION, database  # noqa: E402
from bot.cases.models import Allegation  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db import make_engine, make_sessionmaker  # noqa: E402
from bot.local.workspace import LocalWorkspace  # noqa: E402
from bot.slack.runtime import BotApp  # noqa: E402

CHANNEL = "C0CASES"


class Statements:
    """Counts the statements an engine runs (their first words, or the whole SQL)."""

    def __init__(self, engine, show: bool) -> None:  # noqa: ANN001
        self.seen: list[str] = []
        self.show = show
        event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        self.seen.append(" ".join(statement.split()))

    def take(self) -> list[str]:
        taken, self.seen = self.seen, []
        return taken


def _kind(statement: str) -> str:
    words = statement.split()
    if words[0] == "SELECT" and " FROM " in statement:
        return "SELECT " + statement.split(" FROM ", 1)[1].split()[0]
    if words[0] in {"INSERT", "UPDATE", "DELETE"}:
        return " ".join(words[:3] if words[0] != "UPDATE" else words[:2])
    return " ".join(words[:2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--show-sql", action="store_true")
    parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative, tottime")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--only", help="only the commands starting with this")
    parser.add_argument(
        "--postgres-admin",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
    )
    args = parser.parse_args()
    with database(args.backend, args.postgres_admin) as url, tempfile.TemporaryDirectory():
        engine = make_engine(url)
        statements = Statements(engine, args.show_sql)
        settings = Settings(database_url=url, slack_signing_secret="profile-secret")
        with LocalWorkspace(settings, sessions=make_sessionmaker(engine)) as workspace:
            run(workspace, statements, args)


def run(workspace: LocalWorkspace, statements: Statements, args: argparse.Namespace) -> None:
    app: BotApp = workspace.app  # type: ignore[assignment]
    for i in range(2):
        answer = workspace.command(
            f"/case open KAZ AL FOAA,HRD subject number {i}", channel=CHANNEL
        )
        assert answer.status == 200, answer.body
    with Session(app.sessions.kw["bind"]) as session, session.begin():
        session.execute(
            insert(Allegation),
            [{"case_id": 1, "position": 0, "text": ALLEGATION}]
            + [{"case_id": 2, "position": p, "text": ALLEGATION} for p in range(300)],
        )
    for _ in range(5):
        assert "posted" in workspace.command("/letter 2 draft", channel=CHANNEL).text
    commands = [
        "/case list",
        "/case show 1",
        "/case show 2",
        "/allegation 1 " + ALLEGATION,
        "/allegation 2 " + ALLEGATION,
        "/letter 1 draft",
        "/letter 2 draft",
    ]
    for line in commands:
        if args.only and not line.startswith(args.only):
            continue
        repeat = max(args.repeat // 5, 2) if "draft" in line else args.repeat
        before: Counter[str] = Counter()
        after: Counter[str] = Counter()
        ack_ms = after_ms = 0.0
        profile = cProfile.Profile() if args.profile else None
        for _ in range(repeat):
            request = workspace.requests.slash_command(
                line.split(" ", 1)[0],
                line.split(" ", 1)[1],
                user_id="U0ALICE",
                channel_id=CHANNEL,
                response_url=workspace.response_url(),
            )
            from slack_bolt.request import BoltRequest

            statements.take()
            started = time.perf_counter()
            if profile:
                profile.enable()
            response = app.dispatch(BoltRequest(body=request.body, headers=request.headers))
            if profile:
                profile.disable()
            ack_ms += (time.perf_counter() - started) * 1000
            assert response.status == 200, response.body
            seen_before = statements.take()
            started = time.perf_counter()
            workspace.deliver_waiting()  # card updates held back too, one per command
            after_ms += (time.perf_counter() - started) * 1000
            seen_after = statements.take()
            before.update(_kind(s) for s in seen_before)
            after.update(_kind(s) for s in seen_after)
            if args.show_sql and _ == 0:
                print("\n".join(["  before:", *seen_before, "  after:", *seen_after]))
        print(
            f"{line[:40]:40}  before the answer: {sum(before.values()) / repeat:5.1f} statements "
            f"{ack_ms / repeat:7.2f} ms   after: {sum(after.values()) / repeat:5.1f} statements "
            f"{after_ms / repeat:7.2f} ms"
        )
        for kind, n in before.most_common():
            print(f"    {n / repeat:5.1f}  {kind}")
        if profile:
            pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
