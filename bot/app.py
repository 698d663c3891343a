"""The composition root: settings, database, Slack client, the Bolt app and every feature."""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import Executor

from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

import handlers
from bot.config import Settings
from bot.db import make_engine, make_sessionmaker
from bot.models import Base  # noqa: F401 - every model mapped before the first query
from bot.slack.client import LOCAL_SIGNING_SECRET, make_client
from bot.slack.dedupe import DropRepeatedEvents
from bot.slack.errors import MarkVerified, answer_errors
from bot.slack.outbox import Outbox
from bot.slack.runtime import BotApp, Deps, EventHandlers


def create_app(
    settings: Settings,
    client: WebClient | None = None,
    *,
    sessions: sessionmaker[Session] | None = None,
    executor: Executor | None = None,
) -> BotApp:
    """Build the Bolt app: one DB session per request, one error handler, all features."""
    if sessions is None:
        sessions = make_sessionmaker(make_engine(settings.database_url))
    deps = make_deps(settings, sessions)
    app = BotApp(
        deps=deps,
        signing_secret=settings.slack_signing_secret or LOCAL_SIGNING_SECRET,
        client=client or make_client(settings),
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


def make_deps(settings: Settings, sessions: sessionmaker[Session]) -> Deps:
    """What the features share; each feature's register() adds its renderers and handlers."""
    return Deps(
        settings=settings,
        sessions=sessions,
        outbox=make_outbox(
            sessions, card_update_delay=settings.card_update_delay, settings=settings
        ),
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
