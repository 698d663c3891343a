"""Reminder rows: when each is due, which outbox row posts it, what was posted."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, UTCDateTime, utcnow


class ReminderKind(StrEnum):
    """A week before the due date, on it, and weekly while overdue; and a week before the
    letter becomes public (bot/reminders/publication.py)."""

    BEFORE = "before"
    DUE = "due"
    OVERDUE = "overdue"
    PUBLICATION = "publication"


# The reminders of a reply awaited: a reply, a close or a snooze acts on these only.
REPLY_KINDS = (ReminderKind.BEFORE.value, ReminderKind.DUE.value, ReminderKind.OVERDUE.value)


class ReminderStatus(StrEnum):
    """pending -> claimed (handed to the outbox) -> posted; cancelled by a reply, a close or a
    snooze."""

    PENDING = "pending"
    CLAIMED = "claimed"
    POSTED = "posted"
    SKIPPED = "skipped"  # folded into a later catch-up message
    CANCELLED = "cancelled"


class Reminder(Base):
    """One reminder of one sent letter, posted at most once."""

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("case_id", "kind", "due_at"),
        Index("ix_reminders_status_due_at", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)  # 09:00 team time, working day
    status: Mapped[str] = mapped_column(String(16), default=ReminderStatus.PENDING.value)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    outbox_id: Mapped[int | None] = mapped_column(Integer)  # the outbox row that posts it
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    posted_ts: Mapped[str | None] = mapped_column(String(32))
    posted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
