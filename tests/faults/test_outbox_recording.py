"""The database goes away just after Slack took a post: the delivering process records the
message as soon as the database is back, not when the row's lease runs out. A draft made
then finds the review thread its first version started (no second thread)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import Engine, event, select

from bot.cases.letter_models import DraftVersion
from bot.config import Settings
from bot.db import make_engine, make_sessionmaker
from bot.local.workspace import LocalWorkspace
from bot.slack.messages import THREAD, VERSION, find
from bot.slack.models import OutboxMessage

CASE = [
    "/case open KAZ AL FOAA the permanent closure of a trade union confederation",
    "/allegation 1 On 4 January 2017, the economic court ordered the permanent closure.",
    "/case set 1 concern Serious concern is expressed about the closure.",
    "/case set 1 urge ensure that independent trade unions can operate freely",
    "/letter 1 question Please provide any additional information.",
]
OUTAGE_SECONDS = 1.5


class Outage:
    """Refuse every new database connection of one engine while on (pooled ones dropped)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.on = False
        self.refused = 0
        event.listen(engine, "do_connect", self._connect)

    def _connect(self, dialect, _record, _cargs, _cparams):  # noqa: ANN001, ANN202
        if self.on:
            self.refused += 1
            raise dialect.loaded_dbapi.OperationalError("could not connect: refused (test)")
        return None

    def for_a_while(self) -> None:
        self.on = True
        self.engine.dispose()
        threading.Timer(OUTAGE_SECONDS, self.end).start()

    def end(self) -> None:
        self.on = False


@pytest.fixture
def outage(database_url: str) -> Iterator[Outage]:
    engine = make_engine(database_url)
    yield Outage(engine)
    engine.dispose()


@pytest.fixture
def workspace(settings: Settings, outage: Outage) -> Iterator[LocalWorkspace]:
    with LocalWorkspace(settings, sessions=make_sessionmaker(outage.engine)) as workspace:
        yield workspace


def test_a_post_taken_while_the_database_went_away_is_recorded_once_it_is_back(
    workspace: LocalWorkspace, outage: Outage, session, monkeypatch: pytest.MonkeyPatch
) -> None:
    for line in CASE:
        assert workspace.command(line).status == 200, line
    post = WebClient.chat_postMessage

    def post_then_lose_the_database(client: WebClient, **kwargs: Any) -> Any:
        answer = post(client, **kwargs)
        if kwargs.get("thread_ts") is None and "v1" in (kwargs.get("text") or ""):
            outage.for_a_while()  # Slack has the thread's first message; the database is gone
        return answer

    monkeypatch.setattr(WebClient, "chat_postMessage", post_then_lose_the_database)
    answer = workspace.command("/letter 1 draft", user="U0ALICE")
    assert answer.status == 200 and "went wrong" not in answer.text
    assert outage.refused > 0  # the recording did meet the outage...
    v1 = session.scalars(select(DraftVersion)).one()
    thread = find(session, THREAD, v1.case_id)
    assert thread is not None  # ...and was done when the database came back
    assert thread.ts == find(session, VERSION, v1.id).ts
    assert set(session.scalars(select(OutboxMessage.status))) == {"sent"}

    workspace.command("/case set 1 urge ensure that unions can operate freely", user="U0ALICE")
    workspace.command("/letter 1 draft", user="U0ALICE")
    session.expire_all()
    v2 = session.scalars(select(DraftVersion).where(DraftVersion.number == 2)).one()
    header = workspace.fake.messages[("C0CASES", find(session, VERSION, v2.id).ts)]
    assert header["thread_ts"] == thread.ts  # in the first thread, not a second one
    threads = [
        c for c in workspace.fake.calls_to("chat.postMessage") if not c.params.get("thread_ts")
    ]
    assert len(threads) == 1 + 1  # the case card and the review thread
