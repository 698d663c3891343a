"""What the runtime keeps only for a while: handled requests, delivered posts, seen events.

A repeated request (same trigger_id) or a retried event arrives within minutes; a delivered
post's row is kept a month for whoever looks into a delivery. Older rows are deleted by the
scheduler tick, so the tables do not grow with every command forever.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from bot.db import unit_of_work
from bot.slack.models import HandledRequest, OutboxMessage, SlackEvent

KEEP_REQUESTS = dt.timedelta(days=2)  # Slack's retries and replays come within minutes
KEEP_POSTS = dt.timedelta(days=30)  # delivered or given up: kept a month to look into


@dataclass(frozen=True)
class Pruned:
    """How many rows of each kind were deleted."""

    requests: int
    events: int
    posts: int


def prune(sessions: sessionmaker[Session], *, now: dt.datetime) -> Pruned:
    """Delete handled requests and seen events older than two days, and posts delivered (or
    given up) more than a month ago; pending posts are never deleted."""
    with unit_of_work(sessions) as session:
        requests = session.execute(
            delete(HandledRequest).where(HandledRequest.handled_at < now - KEEP_REQUESTS)
        )
        events = session.execute(
            delete(SlackEvent).where(SlackEvent.received_at < now - KEEP_REQUESTS)
        )
        posts = session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.status.in_(("sent", "superseded", "failed")),
                OutboxMessage.created_at < now - KEEP_POSTS,
            )
        )
        return Pruned(requests=_count(requests), events=_count(events), posts=_count(posts))


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
