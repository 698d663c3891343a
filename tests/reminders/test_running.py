"""Running sweeps: ``python -m bot reminders run`` and the scheduler's tick."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot import scheduler
from bot.__main__ import main
from bot.config import Settings
from bot.local.fake import FakeSlack
from tests.factories import Sent


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, database_url: str, fake: FakeSlack) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SLACK_API_URL", fake.base_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-cli")
    monkeypatch.setenv("TEAM_TIMEZONE", "Europe/Zurich")


def test_reminders_run_prints_one_line_per_message(
    environment: None, sent_case: Sent, fake: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    sent_case()
    sent_case(channel_id="C0OTHER")
    assert main(["reminders", "run", "--now", "2017-03-17T08:59"]) == 0
    assert capsys.readouterr().out.strip() == "no reminder due"
    assert main(["reminders", "run", "--now", "2017-03-17T09:00"]) == 0  # Zurich time
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    assert all("reply due in 7 days" in line and "posted AL KAZ" in line for line in lines)
    assert {c.params["channel"] for c in fake.calls_to("chat.postMessage")} == {"C0KAZ", "C0OTHER"}
    assert main(["reminders", "run", "--now", "2017-03-17T08:00:00+00:00"]) == 0
    assert capsys.readouterr().out.strip() == "no reminder due"


def test_reminders_run_refuses_a_bad_time(
    environment: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["reminders", "run", "--now", "next friday"]) == 2
    assert "not an ISO time" in capsys.readouterr().err


def test_the_tick_is_a_coalesced_single_instance_utc_minute_job() -> None:
    background = BackgroundScheduler(timezone="UTC", job_defaults=scheduler.JOB_DEFAULTS)
    scheduler._configure(background, Settings())
    (job,) = background.get_jobs()
    assert isinstance(job.trigger, IntervalTrigger)
    assert job.trigger.interval == dt.timedelta(seconds=scheduler.TICK_SECONDS)
    assert scheduler.TICK_SECONDS <= 60
    assert str(background.timezone) == "UTC"
    assert scheduler.JOB_DEFAULTS["coalesce"] is True
    assert scheduler.JOB_DEFAULTS["max_instances"] == 1


def test_worker_runs_a_blocking_scheduler(
    monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    started: list[object] = []
    monkeypatch.setattr(
        scheduler.BlockingScheduler, "start", lambda self, *a, **k: started.append(self)
    )
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["worker"]) == 0
    assert len(started) == 1 and isinstance(started[0], scheduler.BlockingScheduler)
    assert [j.id for j in started[0].get_jobs()] == ["reminder-tick"]


def test_a_failing_tick_is_logged_not_raised(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, database_url: str
) -> None:
    def broken(**_: object) -> list:
        raise RuntimeError("database down")

    monkeypatch.setattr(scheduler, "sweep_now", broken)
    with caplog.at_level(logging.ERROR, logger="bot.scheduler"):
        scheduler.make_tick(Settings(database_url=database_url))()
    assert "reminder tick failed" in caplog.text
    assert "outbox delivery failed" not in caplog.text


def test_scheduler_disabled_web_process_does_not_tick(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    from bot import web

    started: list[Settings] = []
    monkeypatch.setattr(
        web, "start_background_scheduler", lambda settings, **_: started.append(settings)
    )
    off = Settings(database_url=f"sqlite:///{tmp_path / 'a.sqlite3'}", scheduler_enabled=False)
    web.create_wsgi(off)
    assert started == []
    on = Settings(database_url=f"sqlite:///{tmp_path / 'b.sqlite3'}", scheduler_enabled=True)
    web.create_wsgi(on)
    assert started == [on]
