"""APScheduler runs only a short tick; the reminder state lives in our own tables."""

from __future__ import annotations

import logging
from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from bot.app import Process, compose
from bot.config import Settings
from bot.db import utcnow
from bot.slack.housekeeping import prune
from bot.slack.outbox import fill_missing_links
from handlers.reminders.sweep import sweep_now

logger = logging.getLogger("bot.scheduler")

TICK_SECONDS = 15  # undelivered posts wait at most this long after a crash
JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 30}


def make_tick(settings: Settings, *, process: Process | None = None) -> Callable[[], None]:
    """The work of one tick: the outbox's posts left undelivered (a process died, Slack was
    down), then a reminder sweep, then old runtime rows pruned; on the process's database,
    client and outbox (``compose``d here for a process that has none yet)."""
    process = process or compose(settings)
    outbox, client = process.outbox, process.client

    def tick() -> None:
        try:
            outbox.deliver_due(client)
        except Exception:  # noqa: BLE001 - a failed tick is logged and retried next time
            logger.exception("outbox delivery failed")
        try:
            fill_missing_links(outbox.sessions, client)
        except Exception:  # noqa: BLE001 - links are a convenience: asked again next tick
            logger.exception("asking for permalinks failed")
        try:
            for posted in sweep_now(
                sessions=process.sessions, client=client, settings=settings, outbox=outbox
            ):
                logger.info("reminder %s", posted.line())
        except Exception:  # noqa: BLE001 - a failed tick is logged and retried next minute
            logger.exception("reminder tick failed")
        try:
            prune(outbox.sessions, now=utcnow())
        except Exception:  # noqa: BLE001 - pruning can wait for the next tick
            logger.exception("pruning old rows failed")

    return tick


def _configure(
    scheduler: BaseScheduler, settings: Settings, process: Process | None = None
) -> BaseScheduler:
    scheduler.add_job(
        make_tick(settings, process=process),
        "interval",
        seconds=TICK_SECONDS,
        id="reminder-tick",
        replace_existing=True,
    )
    return scheduler


def start_background_scheduler(
    settings: Settings, *, process: Process | None = None
) -> BackgroundScheduler:
    """Tick in a background thread of a web, Socket Mode or console process, on that
    process's database, client and outbox."""
    scheduler = BackgroundScheduler(timezone="UTC", job_defaults=JOB_DEFAULTS, daemon=True)
    _configure(scheduler, settings, process).start()
    return scheduler


def run_worker(settings: Settings) -> None:
    """Tick in the foreground, alone (the Procfile's worker)."""
    scheduler = BlockingScheduler(timezone="UTC", job_defaults=JOB_DEFAULTS)
    logger.info("worker started: reminder tick every %s s", TICK_SECONDS)
    _configure(scheduler, settings, compose(settings)).start()
