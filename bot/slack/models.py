"""What the Slack runtime keeps: events and requests already handled, the outbox, and where
the bot's messages are in Slack."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, UTCDateTime, utcnow


class SlackEvent(Base):
    """An event_id seen once; a retry of it finds the row and does nothing."""

    __tablename__ = "slack_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class HandledRequest(Base):
    """A command, click or form done once per Slack trigger_id, with the answer it got.

    Stored in the transaction of the change itself: a repeated or replayed request finds it,
    changes nothing and gets the same answer.
    """

    __tablename__ = "handled_requests"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    answer: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    handled_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutboxMessage(Base):
    """A Slack post, update, upload or reply to deliver, written with the change it reports.

    Rows of one request share a ``batch`` and are delivered in ``id`` order; any process
    delivers pending rows (``status`` pending, ``next_attempt_at`` due) and reclaims rows
    whose delivery lease ran out (a process died). A reclaimed post is looked up in the
    channel first (its id travels in the message metadata), so nothing is posted twice.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_status_next", "status", "next_attempt_at"),
        # The updates of one message (a case card): the one waiting, and those staged since.
        Index("ix_outbox_messages_render", "render_id", "render", "kind", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # post | update | upload | respond
    channel: Mapped[str] = mapped_column(String(32), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    blocks: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)
    thread_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)
    thread_of: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_messages.id", ondelete="SET NULL"), nullable=True
    )
    ts: Mapped[str | None] = mapped_column(String(32), nullable=True)  # message to update
    render: Mapped[str | None] = mapped_column(String(32), nullable=True)  # built when sent
    render_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    remember: Mapped[list[list[Any]] | None] = mapped_column(JSON, nullable=True)
    filename: Mapped[str | None] = mapped_column(String(255), nullable=True)
    title: Mapped[str | None] = mapped_column(String(255), nullable=True)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    response_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    response_type: Mapped[str | None] = mapped_column(String(16), nullable=True)
    user_id: Mapped[str | None] = mapped_column(String(32), nullable=True)  # told of a failure
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    posted_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class SlackMessage(Base):
    """Where a message of the bot is in Slack: a case's card, its review thread, a version's
    message. ``kind`` says which, ``key`` whose (a case id, or a draft version id); the outbox
    records the ts it posted, and the permalink Slack gives for it (None: not asked yet, or
    Slack could not answer then; "": refused for good, never asked again).

    The domain keeps no Slack coordinates: the Slack side reads them here.
    """

    __tablename__ = "slack_messages"
    __table_args__ = (
        UniqueConstraint("kind", "key"),
        Index("ix_slack_messages_channel_ts", "channel", "ts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    permalink: Mapped[str | None] = mapped_column(Text, nullable=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
