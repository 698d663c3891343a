"""Commands that only read: a read transaction (no write lock on SQLite), nothing recorded,
and a listener declared read-only that writes is refused."""

from __future__ import annotations

import sqlite3
import time

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from bot.cases.models import Allegation
from bot.db import begin_read
from bot.local.workspace import LocalWorkspace
from bot.slack.commands import Reply
from bot.slack.models import HandledRequest
from bot.slack.runtime import register_command
from handlers.shared.commands import Command, Subcommand

OPEN = "/case open KAZ AL FOAA the closure of a union"


def handled(session) -> int:  # noqa: ANN001
    return session.scalar(select(func.count()).select_from(HandledRequest))


def test_reads_record_no_handled_request_and_changes_do(workspace: LocalWorkspace, session) -> None:
    workspace.command(OPEN)
    after_open = handled(session)
    assert after_open == 1
    for line in ("/case list", "/case show 1", "/allegation 1 list", "/case help"):
        assert workspace.command(line).status == 200
    assert handled(session) == after_open
    workspace.command("/allegation 1 Arrested on 3 May.")
    assert handled(session) == after_open + 1


def test_a_read_answers_while_another_process_holds_the_sqlite_write_lock(
    workspace: LocalWorkspace, session, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's write lock")
    workspace.command(OPEN)
    writer = sqlite3.connect(make_url(database_url).database, isolation_level=None, timeout=0)
    try:
        writer.execute("BEGIN IMMEDIATE")  # a long write elsewhere
        started = time.monotonic()
        shown = workspace.command("/case show 1")
        assert shown.status == 200 and "Case #1" in str(shown.json["blocks"])
        assert time.monotonic() - started < 5  # a write would wait out the 30 s busy timeout
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_listener_declared_read_only_cannot_write(workspace: LocalWorkspace, session) -> None:
    workspace.command(OPEN)

    def sneaky(invocation) -> Reply:  # noqa: ANN001
        invocation.session.add(Allegation(case_id=1, position=0, text="written by a read"))
        invocation.session.flush()
        return Reply(text="done")

    command = Command(
        name="/sneaky",
        summary="peeks",
        subcommands=(Subcommand("peek", "look", sneaky, writes=False),),
    )
    register_command(workspace.app, workspace.app.deps, command)
    answer = workspace.command("/sneaky peek")
    assert "done" not in answer.text
    assert session.scalar(select(func.count()).select_from(Allegation)) == 0


def test_the_sqlite_engine_keeps_a_wal_and_syncs_normally(sessions, database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite pragmas")
    with sessions() as session:
        begin_read(session)
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL


def test_which_commands_only_read() -> None:
    from handlers.allegations.commands import ALLEGATION_COMMAND as ALLEGATION
    from handlers.cases.commands import CASE

    assert CASE.reads_only("list open") and CASE.reads_only("show 7 history")
    assert CASE.reads_only("help") and CASE.reads_only("nonsense")  # refused, reads nothing
    assert not CASE.reads_only("open KAZ AL FOAA x") and not CASE.reads_only("")
    assert ALLEGATION.reads_only("7 list") and ALLEGATION.reads_only("AL KAZ 1/2017 list")
    assert not ALLEGATION.reads_only("7 Arrested on 3 May.")
    # "list" followed by more is refused by the list form (never added): it reads only
    assert ALLEGATION.reads_only("7 list of the detained: A, B")
    assert not ALLEGATION.reads_only("7 edit 1 Arrested on 4 May.")
