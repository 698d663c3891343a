"""Slack's event retries handled once: the event_id is a unique row, stored with the work.

Slack retries an event (``X-Slack-Retry-Num``) when the first delivery timed out or failed,
and in Socket Mode or behind a load balancer the retry may reach another process. The
event_id row is written in the request's own transaction: committed with the listener's
changes, rolled back with them when the listener fails (so a retry of a failed event is
processed again), and a concurrent second delivery waits on the first one's row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import BoltResponse
from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from sqlalchemy import insert
from sqlalchemy.dialects.postgresql import Insert as PostgresqlInsert
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db import utcnow
from bot.slack.models import SlackEvent

logger = logging.getLogger("bot.slack.dedupe")

_UPSERTS: dict[str, Callable[[type[SlackEvent]], PostgresqlInsert | SqliteInsert]] = {
    "postgresql": postgresql_insert,
    "sqlite": sqlite_insert,
}


def seen_event(*, session: Session, event_id: str) -> bool:
    """Store the event_id in the session's transaction; True if it was already stored."""
    values = {"event_id": event_id, "received_at": utcnow()}
    upsert = _UPSERTS.get(session.get_bind().dialect.name)
    if upsert is not None:
        statement = upsert(SlackEvent).values(values).on_conflict_do_nothing()
        inserted = session.execute(statement.returning(SlackEvent.event_id)).first()
        return inserted is None
    try:  # any other database: a savepoint around a plain insert
        with session.begin_nested():
            session.execute(insert(SlackEvent).values(values))
    except IntegrityError:
        return True
    return False


class DropRepeatedEvents(Middleware):
    """Bolt global middleware: ack and drop an event_callback whose event_id is stored.

    It needs the request's database session in ``context["session"]``.
    """

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse | None]
    ) -> BoltResponse | None:
        body = req.body
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        session: Session | None = req.context.get("session")
        if not event_id or session is None:
            return next()
        if not seen_event(session=session, event_id=str(event_id)):
            return next()
        retry = _header(req, "x-slack-retry-num")
        reason = _header(req, "x-slack-retry-reason")
        logger.info(
            "duplicate event dropped event_id=%s retry=%s reason=%s", event_id, retry, reason
        )
        req.context["outcome"] = "duplicate"
        return BoltResponse(status=200, body="")


def _header(request: BoltRequest, name: str) -> str:
    values = request.headers.get(name) or ["-"]
    return str(values[0])
