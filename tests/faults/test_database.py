"""The database gone for a while: the user is asked to try again, the log says why at ERROR,
nothing half-done is kept, and requests succeed again as soon as it is back."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, event, func, select

from bot.cases.models import Allegation, Case
from bot.config import Settings
from bot.db import make_engine, make_sessionmaker
from bot.local.workspace import LocalWorkspace

TRY_AGAIN = "Try again"


class Outage:
    """Refuse every new database connection while on (and drop the pooled ones)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.on = False
        event.listen(engine, "do_connect", self._connect)

    def _connect(self, dialect, _record, _cargs, _cparams):  # noqa: ANN001, ANN202
        if self.on:
            raise dialect.loaded_dbapi.OperationalError("could not connect: refused (test)")
        return None

    def start(self) -> None:
        self.on = True
        self.engine.dispose()

    def end(self) -> None:
        self.on = False


@pytest.fixture
def outage(database_url: str, engine: Engine) -> Iterator[Outage]:
    app_engine = make_engine(database_url)
    yield Outage(app_engine)
    app_engine.dispose()


@pytest.fixture
def app_workspace(settings: Settings, outage: Outage) -> Iterator[LocalWorkspace]:
    with LocalWorkspace(settings, sessions=make_sessionmaker(outage.engine)) as workspace:
        yield workspace


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_requests_during_an_outage_are_told_to_try_again(
    app_workspace: LocalWorkspace, outage: Outage, session, caplog: pytest.LogCaptureFixture
) -> None:
    workspace = app_workspace
    assert workspace.command("/case open KAZ AL FOAA the closure of a union").status == 200
    assert count(session, Case) == 1
    outage.start()
    caplog.clear()
    with caplog.at_level(logging.INFO):
        for line in [
            "/allegation 1 Arrested on 3 May.",
            "/case open KAZ UA HRD an arrest",
            "/case list",
            "/case",
            "/cite 1 ICCPR art. 21",
            "/mandate list",
        ]:
            answer = workspace.command(line)
            assert answer.status == 200, (line, answer.body)
            assert answer.json["response_type"] == "ephemeral", line
            assert TRY_AGAIN in answer.text and "nothing was changed" in answer.text, answer.text
            assert "Something went wrong" not in answer.text
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("database unavailable" in r.getMessage() for r in errors)
    assert any("outcome=error" in r.getMessage() for r in errors if r.name == "bot.request")
    assert (count(session, Case), count(session, Allegation)) == (1, 0)
    assert workspace.fake.calls_to("views.open") == []

    outage.end()
    answer = workspace.command("/allegation 1 Arrested on 3 May.")
    assert "added to case #1" in answer.text
    assert count(session, Allegation) == 1
    assert "Open cases" in workspace.command("/case list").text


def test_an_outage_in_the_middle_of_a_modal_submission_keeps_the_modal_open(
    app_workspace: LocalWorkspace, outage: Outage, session
) -> None:
    workspace = app_workspace
    workspace.command("/case open KAZ AL FOAA the closure of a union")
    workspace.command("/allegation 1")  # opens the "add an allegation" modal
    view = {"id": "V1", **workspace.fake.calls_to("views.open")[-1].params["view"]}
    block = next(b for b in view["blocks"] if b["type"] == "input")
    values = {block["block_id"]: {block["element"]["action_id"]: {"value": "Arrested."}}}
    outage.start()
    request = workspace.requests.view_submission(user_id="U0ALICE", view=view, values=values)
    answer = workspace.send(request)
    assert answer.status == 200
    assert answer.json.get("response_action") == "errors"
    assert TRY_AGAIN in str(answer.json["errors"])
    outage.end()
    assert workspace.send(request).status == 200
    assert count(session, Allegation) == 1
