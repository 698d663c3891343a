"""Slash commands answer Slack before they touch the database; the command runs right after
and its reply (or refusal) goes through the response_url."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest
from slack_bolt.request import BoltRequest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import object_session

from bot.cases.models import Allegation, Case
from bot.slack.local import LocalWorkspace

OPEN = "/case open KAZ AL FOAA the closure of a union"


@pytest.fixture
def statements(engine: Engine) -> Iterator[list[str]]:
    """Every SQL statement the app's engine runs."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def dispatch_only(workspace: LocalWorkspace, line: str) -> tuple[int, str]:
    """Send a command and return Slack's answer, leaving the work after it undone."""
    command, _, text = line.partition(" ")
    request = workspace.requests.slash_command(
        command,
        text,
        user_id="U0ALICE",
        channel_id="C0CASES",
        response_url=workspace.response_url(),
    )
    response = workspace.app.dispatch(BoltRequest(body=request.body, headers=request.headers))
    return response.status, response.body


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    "line", ["/allegation 1 Arrested on 3 May.", "/case list", "/case show 1", "/cite 1 list"]
)
def test_the_answer_to_slack_runs_no_sql(
    workspace: LocalWorkspace, session, statements: list[str], line: str
) -> None:
    workspace.command(OPEN)
    statements.clear()
    assert dispatch_only(workspace, line) == (200, "")
    assert statements == []
    assert workspace.fake.calls_to("response_url") == []
    workspace.executor.drain()
    assert statements, "the command ran after the answer"
    [reply] = workspace.fake.calls_to("response_url")
    assert reply.params["response_type"] == "ephemeral"


def test_the_change_and_the_reply_come_after_the_answer(workspace: LocalWorkspace, session) -> None:
    workspace.command(OPEN)
    assert dispatch_only(workspace, "/allegation 1 Arrested on 3 May.") == (200, "")
    assert count(session, Allegation) == 0
    workspace.executor.drain()
    assert count(session, Allegation) == 1
    [reply] = workspace.fake.calls_to("response_url")
    assert "Allegation 1 added to case #1" in reply.params["text"]
    methods = [call.method for call in workspace.fake.calls]
    assert methods.index("chat.update") < methods.index("response_url"), "the reply comes last"


@pytest.mark.parametrize(
    "line", ["/case help", "/allegation", "/allegation help", "/case frobnicate 1"]
)
def test_help_and_unknown_subcommands_are_answered_in_the_ack(
    workspace: LocalWorkspace, statements: list[str], line: str
) -> None:
    status, body = dispatch_only(workspace, line)
    assert status == 200 and '"text"' in body and '"ephemeral"' in body
    assert statements == []
    workspace.executor.drain()
    assert workspace.fake.calls_to("response_url") == []


def test_a_refusal_comes_through_the_response_url_and_changes_nothing(
    workspace: LocalWorkspace, session
) -> None:
    answer = workspace.command("/allegation 7 Arrested on 3 May.")
    assert answer.body == ""
    [refusal] = answer.responses
    assert refusal["response_type"] == "ephemeral"
    assert "There is no case 7 in this channel" in refusal["text"]
    assert count(session, Allegation) == 0


def test_an_unexpected_failure_is_reported_with_an_id_and_rolled_back(
    workspace: LocalWorkspace,
    session,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    workspace.command(OPEN)

    def explode(case):  # noqa: ANN001, ANN202 - after the paragraph is added and flushed
        invocation_session = object_session(case)
        invocation_session.flush()
        raise RuntimeError("boom")

    monkeypatch.setattr("bot.commands.paragraph_list.card_update", explode)
    caplog.set_level(logging.INFO, logger="bot.request")
    caplog.clear()
    answer = workspace.command("/allegation 1 Arrested on 3 May.")
    assert answer.body == ""
    assert "Something went wrong (error id" in answer.text
    assert "nothing was changed" in answer.text
    assert count(session, Allegation) == 0
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.request"]
    assert len(lines) == 1 and "outcome=error" in lines[0] and "error_id=" in lines[0]


def test_when_the_reply_cannot_be_sent_the_change_and_the_card_stay(
    workspace: LocalWorkspace, session
) -> None:
    workspace.command(OPEN)
    updates = len(workspace.fake.calls_to("chat.update"))
    workspace.fake.fail_next("response_url", "expired_url", status=404, times=5)
    answer = workspace.command("/allegation 1 Arrested on 3 May.")
    assert answer.status == 200
    assert count(session, Allegation) == 1
    assert len(workspace.fake.calls_to("chat.update")) == updates + 1
    assert count(session, Case) == 1


def test_when_too_much_work_waits_the_next_command_is_done_before_its_answer(
    workspace: LocalWorkspace, session
) -> None:
    workspace.command(OPEN)
    workspace.app.backlog = threading.BoundedSemaphore(1)
    workspace.app.backlog.acquire()  # one request's work already waiting
    assert dispatch_only(workspace, "/allegation 1 Arrested on 3 May.") == (200, "")
    assert count(session, Allegation) == 1  # done before Slack had its answer
    [reply] = workspace.fake.calls_to("response_url")
    assert "Allegation 1 added" in reply.params["text"]
    workspace.app.backlog.release()
    assert dispatch_only(workspace, "/allegation 1 Released on 4 May.") == (200, "")
    assert count(session, Allegation) == 1  # room again: after the answer
    workspace.executor.drain()
    assert count(session, Allegation) == 2
