"""The composition root: a process builds one engine (one pool), one Slack client and one
outbox, and the app, the scheduler's tick and the reminder sweep all use them."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

import bot.db
import bot.slack.client
from bot import scheduler, web
from bot.config import Settings


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """Every engine and Slack client made from here on."""
    made: dict[str, list[Any]] = {"engines": [], "clients": []}
    create_engine, web_client = bot.db.create_engine, bot.slack.client.WebClient

    def counted_engine(*args: Any, **kwargs: Any) -> Engine:
        made["engines"].append(create_engine(*args, **kwargs))
        return made["engines"][-1]

    def counted_client(*args: Any, **kwargs: Any) -> Any:
        made["clients"].append(web_client(*args, **kwargs))
        return made["clients"][-1]

    monkeypatch.setattr(bot.db, "create_engine", counted_engine)
    monkeypatch.setattr(bot.slack.client, "WebClient", counted_client)
    return made


def test_a_web_worker_with_its_scheduler_has_one_pool_and_one_client(
    built: dict[str, list[Any]], monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    ticks: list[Any] = []
    monkeypatch.setattr(scheduler.BackgroundScheduler, "start", lambda self, *a, **k: None)
    real_make_tick = scheduler.make_tick

    def make_tick(settings: Settings, *, process: Any = None) -> Any:
        ticks.append(real_make_tick(settings, process=process))
        return ticks[-1]

    monkeypatch.setattr(scheduler, "make_tick", make_tick)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'web.sqlite3'}")
    web.create_wsgi(settings)
    assert len(ticks) == 1  # the background scheduler's tick was built...
    ticks[0]()  # ...and runs: outbox, permalinks, reminder sweep, pruning
    assert len(built["engines"]) == 1
    assert len(built["clients"]) == 1
    for engine in built["engines"]:
        engine.dispose()


def test_the_worker_has_one_pool_and_one_client(
    built: dict[str, list[Any]], monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    jobs: list[Any] = []
    monkeypatch.setattr(
        scheduler.BlockingScheduler, "start", lambda self, *a, **k: jobs.extend(self.get_jobs())
    )
    scheduler.run_worker(Settings(database_url=f"sqlite:///{tmp_path / 'worker.sqlite3'}"))
    (job,) = jobs
    job.func()
    assert len(built["engines"]) == 1
    assert len(built["clients"]) == 1
    for engine in built["engines"]:
        engine.dispose()
