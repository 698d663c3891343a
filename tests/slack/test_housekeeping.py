"""Old handled requests, seen events and delivered (or superseded) posts are pruned; pending
posts never."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.db import unit_of_work
from bot.slack.housekeeping import KEEP_POSTS, KEEP_REQUESTS, prune
from bot.slack.models import HandledRequest, OutboxMessage, SlackEvent

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def test_old_rows_go_recent_and_pending_ones_stay(sessions) -> None:
    old_request = NOW - KEEP_REQUESTS - dt.timedelta(minutes=1)
    old_post = NOW - KEEP_POSTS - dt.timedelta(minutes=1)
    with unit_of_work(sessions) as session:
        session.add_all(
            [
                HandledRequest(key="trigger:old", answer={}, handled_at=old_request),
                HandledRequest(key="trigger:new", answer={}, handled_at=NOW),
                SlackEvent(event_id="EvOLD", received_at=old_request),
                SlackEvent(event_id="EvNEW", received_at=NOW),
                *[
                    OutboxMessage(
                        batch="b",
                        kind="post",
                        channel="C1",
                        text=status,
                        status=status,
                        created_at=created,
                    )
                    for status, created in (
                        ("sent", old_post),
                        ("failed", old_post),
                        ("superseded", old_post),
                        ("pending", old_post),  # never delivered: kept whatever its age
                        ("sent", NOW),
                    )
                ],
            ]
        )
    pruned = prune(sessions, now=NOW)
    assert (pruned.requests, pruned.events, pruned.posts) == (1, 1, 3)
    with sessions() as session:
        assert list(session.scalars(select(HandledRequest.key))) == ["trigger:new"]
        assert list(session.scalars(select(SlackEvent.event_id))) == ["EvNEW"]
        left = session.execute(select(OutboxMessage.status, OutboxMessage.created_at)).all()
        assert sorted(status for status, _ in left) == ["pending", "sent"]
    assert prune(sessions, now=NOW) == type(pruned)(requests=0, events=0, posts=0)
