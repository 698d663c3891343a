"""The composition root: settings, database, Slack client, outbox, the Bolt app and every
feature.

Each process (a gunicorn worker, the worker, Socket Mode, the console, a command line) builds
its ``Process`` once: one engine (one connection pool), its session factory, one Slack client
and one outbox. The app, the scheduler's tick and the reminder sweep all take them from it.
"""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import Executor
from dataclasses import dataclass

from slack_sdk import WebClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

import handlers
from bot.config import Settings
from bot.db import engine_of, make_engine, make_sessionmaker
from bot.models import Base  # noqa: F401 - every model mapped before the first query
from bot.slack.client import LOCAL_SIGNING_SECRET, make_client
from bot.slack.dedupe import DropRepeatedEvents
from bot.slack.errors import MarkVerified, answer_errors
from bot.slack.outbox import Outbox
from bot.slack.runtime import BotApp, Deps, EventHandlers


@dataclass(frozen=True)
class Process:
    """What one process shares: its database (one engine, one pool), the session factory on
    it, its Slack client, and the outbox that stages and delivers every post."""

    settings: Settings
    sessions: sessionmaker[Session]
    client: WebClient
    outbox: Outbox

    @property
    def engine(self) -> Engine:
        return engine_of(self.sessions)


def compose(
    settings: Settings,
    *,
    client: WebClient | None = None,
    sessions: sessionmaker[Session] | None = None,
) -> Process:
    """Build a process's engine, session factory, Slack client and outbox (once per process);
    ``client`` and ``sessions`` when the caller has them already (tests, benchmarks)."""
    if sessions is None:
        sessions = make_sessionmaker(make_engine(settings.database_url))
    return Process(
        settings=settings,
        sessions=sessions,
        client=client or make_client(settings),
        outbox=make_outbox(
            sessions, card_update_delay=settings.card_update_delay, settings=settings
        ),
    )


def create_app(
    settings: Settings,
    client: WebClient | None = None,
    *,
    sessions: sessionmaker[Session] | None = None,
    executor: Executor | None = None,
    process: Process | None = None,
) -> BotApp:
    """Build the Bolt app on the process's parts (``compose``d here if not given): one DB
    session per request, one error handler, all features."""
    if process is None:
        process = compose(settings, client=client, sessions=sessions)
    deps = make_deps(process)
    app = BotApp(
        deps=deps,
        signing_secret=settings.slack_signing_secret or LOCAL_SIGNING_SECRET,
        client=process.client,
        token_verification_enabled=False,
        process_before_response=True,
        executor=executor,
        logger=logging.getLogger("bot.slack"),
    )
    app.error(answer_errors)
    app.use(MarkVerified())  # Bolt's own middleware (signature check first) runs before it
    app.use(DropRepeatedEvents())  # before any listener: a retried event is acked and dropped
    handlers.register(app, deps)
    return app


def make_deps(process: Process) -> Deps:
    """What the features share; each feature's register() adds its renderers and handlers
    (to the process's outbox, whose renderers it registered already)."""
    return Deps(
        settings=process.settings,
        sessions=process.sessions,
        outbox=process.outbox,
        events=EventHandlers(),
        explain=handlers.explain,
    )


def make_outbox(
    sessions: sessionmaker[Session],
    *,
    card_update_delay: float = 0.0,
    settings: Settings | None = None,
) -> Outbox:
    """The outbox with the renderers of posts built when they are sent; a case card update
    (the only update built when sent) is held back ``card_update_delay`` seconds. The team's
    ``settings`` give a draft's Word file its letterhead and author."""
    outbox = Outbox(sessions=sessions, update_delay=dt.timedelta(seconds=card_update_delay))
    handlers.register_renderers(outbox, settings)
    return outbox
