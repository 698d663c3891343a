"""The floor: a bare Bolt app doing the commands' database work in SQLAlchemy Core.

What a slash command cannot be faster than on this server command line: Bolt with
``process_before_response=True`` and the same signing secret, one transaction per command,
and the answer in the ack. It uses the bot's migrated tables (cases, allegations) but none of
its code:

- ``/allegation <n> <text>``: lock case n (``FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE``
  on SQLite), append a paragraph at the next position, commit, answer with its number;
- ``/case list``: the channel's open cases, one line each;
- ``/case show <n>``: the case and its numbered allegations.

Served by the same gunicorn command line as the bot (only the WSGI target differs):
    gunicorn --workers 2 --threads 4 --bind 0.0.0.0:$PORT 'bench.floor_app:create_wsgi()'
SQLite gets what the bot's engine sets: WAL, ``synchronous=NORMAL``, a busy timeout.
"""

from __future__ import annotations

import os
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from sqlalchemy import Connection, Engine, column, create_engine, event, func, select, table

cases = table(
    "cases",
    column("id"),
    column("channel_id"),
    column("status"),
    column("letter_type"),
    column("reference_code"),
    column("reference_number"),
    column("reference_year"),
    column("subject"),
)
allegations = table(
    "allegations", column("id"), column("case_id"), column("position"), column("text")
)


def make_engine(url: str) -> Engine:
    """The engine: on SQLite, WAL and NORMAL sync, and transactions begun as asked."""
    if not url.startswith("sqlite"):
        return create_engine(url)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _reference(row: Any) -> str:
    return f"{row.letter_type} {row.reference_code} {row.reference_number}/{row.reference_year}"


def append_allegation(engine: Engine, channel: str, text: str) -> str:
    ref, _, paragraph = text.strip().partition(" ")
    case_id = int(ref.lstrip("#"))
    with engine.connect().execution_options(write=True) as conn, conn.begin():
        case = conn.execute(
            select(cases.c.id, cases.c.channel_id).where(cases.c.id == case_id).with_for_update()
        ).first()
        if case is None or case.channel_id != channel:
            return f"There is no case {ref} in this channel."
        position = conn.scalar(
            select(func.coalesce(func.max(allegations.c.position) + 1, 0)).where(
                allegations.c.case_id == case_id
            )
        )
        conn.execute(
            allegations.insert().values(case_id=case_id, position=position, text=paragraph)
        )
    return f"Allegation {position + 1} added to case #{case_id}."


def list_cases(engine: Engine, channel: str) -> str:
    with engine.connect() as conn, conn.begin():
        rows = conn.execute(
            select(cases)
            .where(cases.c.channel_id == channel, cases.c.status == "open")
            .order_by(cases.c.id)
        ).all()
    lines = [f"*#{r.id}* {_reference(r)} · {r.subject}" for r in rows]
    return f"Open cases ({len(rows)})\n" + "\n".join(lines)


def show_case(engine: Engine, channel: str, ref: str) -> str:
    case_id = int(ref.strip().lstrip("#"))
    with engine.connect() as conn, conn.begin():
        case = conn.execute(select(cases).where(cases.c.id == case_id)).first()
        if case is None or case.channel_id != channel:
            return f"There is no case {ref} in this channel."
        texts = conn.scalars(
            select(allegations.c.text)
            .where(allegations.c.case_id == case_id)
            .order_by(allegations.c.position)
        ).all()
    numbered = "\n".join(f"{n}. {t}" for n, t in enumerate(texts, 1))
    return f"*Case #{case.id}* {_reference(case)} concerning {case.subject}\n{numbered}"


def create_wsgi() -> SlackRequestHandler:
    """Bolt with process_before_response=True, the signing secret, the commands above.

    Like the bot, it authorizes with its token once per process (auth.test, on the fake Slack).
    """
    client = WebClient(
        token=os.environ.get("SLACK_BOT_TOKEN", "xoxb-bench"),
        base_url=os.environ.get("SLACK_API_URL", "https://slack.com/api/"),
    )
    app = App(
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        client=client,
        token_verification_enabled=False,
        process_before_response=True,
    )
    engine = make_engine(os.environ["DATABASE_URL"])

    @app.command("/case")
    def case(ack: Ack, command: dict) -> None:
        verb, _, rest = command.get("text", "").strip().partition(" ")
        if verb == "list":
            ack(text=list_cases(engine, command["channel_id"]))
        elif verb == "show":
            ack(text=show_case(engine, command["channel_id"], rest))
        else:
            ack()

    @app.command("/allegation")
    def allegation(ack: Ack, command: dict) -> None:
        ack(text=append_allegation(engine, command["channel_id"], command.get("text", "")))

    return SlackRequestHandler(app, path="/slack/events")
