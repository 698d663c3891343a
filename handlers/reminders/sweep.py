"""Reminder sweeps: claim due reminders atomically, post one message per case, record it.

Any number of processes may sweep at once and each reminder is posted exactly once:

- Claim: one statement marks due rows ``claimed`` by this worker with a lease
  (``claimed_until``). PostgreSQL selects them ``FOR UPDATE SKIP LOCKED`` (concurrent
  sweeps take different rows); SQLite runs ``UPDATE ... WHERE id IN (...) RETURNING`` under
  its single writer. A claim whose lease ran out (the process died) is claimable again.
- Before posting, the claim is checked and renewed in its own transaction; a reminder of a
  closed case or of a case with a reply is cancelled instead. Only the newest due reminder
  of a case is posted: after downtime the older ones become ``skipped`` (one message with
  the current state, not a burst).
- The message carries the reminder id in its metadata. A reminder claimed before (a dead
  process, a failed post) is looked up in the channel history first, so a post that
  happened but was never recorded is recorded, not repeated.
- A Slack failure puts the row back to ``pending`` with ``next_attempt_at`` (exponential
  backoff) and ``last_error``: retried later, never lost. 429s are retried by the client's
  RateLimitErrorRetryHandler first.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass
from typing import Any, cast

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import ColumnElement, CursorResult, Update, and_, exists, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

import bot.models  # noqa: F401 - every model mapped before the first query
from bot.cases.models import Case
from bot.config import Settings
from bot.db import unit_of_work, utcnow
from bot.reminders.models import Reminder, ReminderKind, ReminderStatus
from bot.reminders.service import awaits_reply, cancel_for_case, ensure_next_overdue
from handlers.reminders.blocks import due_phrase, reminder_id_of, reminder_message

logger = logging.getLogger("bot.reminders")

LEASE = dt.timedelta(minutes=5)
BATCH = 50
FIRST_BACKOFF = dt.timedelta(minutes=1)
MAX_BACKOFF = dt.timedelta(hours=1)
HISTORY_PAGES = 5

PENDING = ReminderStatus.PENDING.value
CLAIMED = ReminderStatus.CLAIMED.value


@dataclass(frozen=True)
class Claim:
    """A reminder this worker holds until its lease ends."""

    reminder_id: int
    case_id: int
    kind: str
    due_at: dt.datetime
    attempts: int
    created_at: dt.datetime


@dataclass(frozen=True)
class PostedReminder:
    """A reminder message in a case channel (posted now, or found posted and recorded)."""

    reminder_id: int
    case_id: int
    reference: str
    channel_id: str
    kind: ReminderKind
    due_at: dt.datetime
    ts: str
    summary: str
    folded: int = 0  # older missed reminders of the case this message stands for
    recovered: bool = False  # found in the channel history, not posted again

    def line(self) -> str:
        """One line for the command line."""
        how = "recorded (already in the channel)" if self.recovered else "posted"
        folded = f", {self.folded} missed reminder(s) folded in" if self.folded else ""
        return (
            f"{how} {self.reference} (case #{self.case_id}) in {self.channel_id}: "
            f"{self.summary} [{self.kind.value} reminder {self.reminder_id}, ts {self.ts}{folded}]"
        )


@dataclass(frozen=True)
class _Ready:
    message: dict
    reference: str
    summary: str
    folded: int


def _claimable(now: dt.datetime) -> ColumnElement[bool]:
    due = and_(
        Reminder.status == PENDING,
        Reminder.due_at <= now,
        or_(Reminder.next_attempt_at.is_(None), Reminder.next_attempt_at <= now),
    )
    abandoned = and_(Reminder.status == CLAIMED, Reminder.claimed_until < now)
    return or_(due, abandoned)


def claim_due(
    *, sessions: sessionmaker[Session], now: dt.datetime, worker_id: str, limit: int = BATCH
) -> list[Claim]:
    """Atomically claim up to `limit` due reminders (or ones whose lease expired)."""
    values = {
        "status": CLAIMED,
        "claimed_by": worker_id,
        "claimed_until": now + LEASE,
        "attempts": Reminder.attempts + 1,
    }
    columns = (
        Reminder.id,
        Reminder.case_id,
        Reminder.kind,
        Reminder.due_at,
        Reminder.attempts,
        Reminder.created_at,
    )
    due = select(Reminder.id).where(_claimable(now)).order_by(Reminder.due_at, Reminder.id)
    with unit_of_work(sessions) as session:
        if session.get_bind().dialect.name == "postgresql":
            ids = list(session.scalars(due.limit(limit).with_for_update(skip_locked=True)))
            if not ids:
                return []
            target = Reminder.id.in_(ids)
        else:  # SQLite: one writer at a time, so UPDATE ... RETURNING is the atomic claim
            target = Reminder.id.in_(due.limit(limit))
        statement = update(Reminder).where(target).values(**values).returning(*columns)
        rows = session.execute(statement, execution_options={"synchronize_session": False})
        claims = [Claim(*row) for row in rows]
    return sorted(claims, key=lambda c: (c.due_at, c.reminder_id))


def _hold(session: Session, claim: Claim, worker_id: str, now: dt.datetime) -> bool:
    """Renew this worker's lease; False when the reminder was cancelled or taken over."""
    renewed = _updated(
        session,
        update(Reminder)
        .where(
            Reminder.id == claim.reminder_id,
            Reminder.status == CLAIMED,
            Reminder.claimed_by == worker_id,
        )
        .values(claimed_until=now + LEASE),
    )
    return renewed == 1


def _updated(session: Session, statement: Update) -> int:
    """Run an UPDATE without synchronising the session; how many rows it changed."""
    # Session.execute answers an UPDATE with a CursorResult (SQLAlchemy's docs), though its
    # signature says Result, which has no rowcount (sqlalchemy/sqlalchemy#9185).
    result = session.execute(statement, execution_options={"synchronize_session": False})
    return cast(CursorResult[Any], result).rowcount


def _set_status(session: Session, reminder_id: int, status: ReminderStatus) -> None:
    session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id)
        .values(status=status.value, claimed_until=None),
        execution_options={"synchronize_session": False},
    )


def _prepare(
    *,
    sessions: sessionmaker[Session],
    claim: Claim,
    settings: Settings,
    now: dt.datetime,
    worker_id: str,
) -> _Ready | None:
    """Decide, in one transaction, whether this claim is posted; build its message."""
    with unit_of_work(sessions) as session:
        if not _hold(session, claim, worker_id, now):
            return None
        case = session.get(Case, claim.case_id)
        if case is None or not awaits_reply(case):
            if case is not None:
                cancel_for_case(session=session, case=case, reason="no reply awaited")
            _set_status(session, claim.reminder_id, ReminderStatus.CANCELLED)
            return None
        later = (Reminder.due_at > claim.due_at) | and_(
            Reminder.due_at == claim.due_at, Reminder.id > claim.reminder_id
        )
        superseded = session.scalar(
            select(
                exists().where(
                    Reminder.case_id == claim.case_id,
                    Reminder.status != ReminderStatus.CANCELLED.value,
                    Reminder.due_at <= now,
                    later,
                )
            )
        )
        if superseded:
            _set_status(session, claim.reminder_id, ReminderStatus.SKIPPED)
            return None
        folded = _updated(
            session,
            update(Reminder)
            .where(
                Reminder.case_id == claim.case_id,
                Reminder.due_at <= claim.due_at,
                Reminder.id != claim.reminder_id,
                (Reminder.status == PENDING)
                | and_(Reminder.status == CLAIMED, Reminder.claimed_by == worker_id),
            )
            .values(status=ReminderStatus.SKIPPED.value),
        )
        reminder = session.get(Reminder, claim.reminder_id)
        assert reminder is not None
        today = now.astimezone(settings.tz).date()
        return _Ready(
            message=reminder_message(case, reminder, today=today),
            reference=case.reference,
            summary=due_phrase(case, today=today),
            folded=folded,
        )


def _find_posted(client: WebClient, *, channel: str, claim: Claim) -> str | None:
    """The ts of this reminder's message if an earlier attempt posted it (metadata match)."""
    oldest = min(claim.created_at, claim.due_at) - dt.timedelta(days=1)
    cursor: str | None = None
    for _ in range(HISTORY_PAGES):
        answer = client.conversations_history(
            channel=channel,
            oldest=f"{oldest.timestamp():.6f}",
            limit=200,
            include_all_metadata=True,
            cursor=cursor,
        )
        for message in answer.get("messages") or []:
            if reminder_id_of(message) == claim.reminder_id:
                return str(message["ts"])
        cursor = (answer.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            return None
    return None


def _release(
    *,
    sessions: sessionmaker[Session],
    claim: Claim,
    worker_id: str,
    now: dt.datetime,
    error: str,
) -> None:
    """Give a claim back after a failed post: pending again, tried after a backoff."""
    delay = min(FIRST_BACKOFF * 2 ** max(claim.attempts - 1, 0), MAX_BACKOFF)
    with unit_of_work(sessions) as session:
        session.execute(
            update(Reminder)
            .where(
                Reminder.id == claim.reminder_id,
                Reminder.status == CLAIMED,
                Reminder.claimed_by == worker_id,
            )
            .values(
                status=PENDING,
                claimed_by=None,
                claimed_until=None,
                next_attempt_at=now + delay,
                last_error=error[:500],
            ),
            execution_options={"synchronize_session": False},
        )


def _record(
    *,
    sessions: sessionmaker[Session],
    claim: Claim,
    settings: Settings,
    ts: str,
    now: dt.datetime,
) -> None:
    """Store the posted message; schedule the next weekly overdue reminder if needed."""
    with unit_of_work(sessions) as session:
        session.execute(
            update(Reminder)
            .where(Reminder.id == claim.reminder_id)
            .values(
                status=ReminderStatus.POSTED.value,
                posted_ts=ts,
                posted_at=now,
                claimed_until=None,
                next_attempt_at=None,
                last_error=None,
            ),
            execution_options={"synchronize_session": False},
        )
        case = session.get(Case, claim.case_id)
        if case is not None:
            ensure_next_overdue(session=session, case=case, after=now, settings=settings)


def _error_text(error: Exception) -> str:
    if isinstance(error, SlackApiError):
        return f"slack: {error.response.get('error', 'unknown_error')}"
    return f"{type(error).__name__}: {error}"


def _handle(
    *,
    sessions: sessionmaker[Session],
    client: WebClient,
    settings: Settings,
    claim: Claim,
    now: dt.datetime,
    worker_id: str,
) -> PostedReminder | None:
    ready = _prepare(
        sessions=sessions, claim=claim, settings=settings, now=now, worker_id=worker_id
    )
    if ready is None:
        return None
    channel = ready.message["channel"]
    try:
        ts = _find_posted(client, channel=channel, claim=claim) if claim.attempts > 1 else None
        recovered = ts is not None
        if ts is None:
            answer = client.chat_postMessage(
                **ready.message, unfurl_links=False, unfurl_media=False
            )
            ts = str(answer["ts"])
    except (SlackClientError, OSError) as error:
        text = _error_text(error)
        logger.warning("reminder %s not posted, retried later: %s", claim.reminder_id, text)
        _release(sessions=sessions, claim=claim, worker_id=worker_id, now=now, error=text)
        return None
    _record(sessions=sessions, claim=claim, settings=settings, ts=ts, now=now)
    return PostedReminder(
        reminder_id=claim.reminder_id,
        case_id=claim.case_id,
        reference=ready.reference,
        channel_id=channel,
        kind=ReminderKind(claim.kind),
        due_at=claim.due_at,
        ts=ts,
        summary=ready.summary,
        folded=ready.folded,
        recovered=recovered,
    )


def sweep(
    *,
    sessions: sessionmaker[Session],
    client: WebClient,
    settings: Settings,
    now: dt.datetime,
    worker_id: str,
    limit: int = BATCH,
) -> list[PostedReminder]:
    """Post every due reminder once; returns what was posted (or found posted) by this sweep.

    `now` is the sweep's time (the real time in production, any time in tests and with
    ``reminders run --now``); time spent sweeping is added to it for leases and backoffs.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    started = time.monotonic()

    def clock() -> dt.datetime:
        return now + dt.timedelta(seconds=time.monotonic() - started)

    posted: list[PostedReminder] = []
    seen: set[int] = set()
    while True:
        claims = [
            c
            for c in claim_due(sessions=sessions, now=clock(), worker_id=worker_id, limit=limit)
            if c.reminder_id not in seen
        ]
        # newest first, so the message of a case folds in its older reminders of this batch
        for claim in sorted(claims, key=lambda c: (c.due_at, c.reminder_id), reverse=True):
            seen.add(claim.reminder_id)
            result = _handle(
                sessions=sessions,
                client=client,
                settings=settings,
                claim=claim,
                now=clock(),
                worker_id=worker_id,
            )
            if result is not None:
                posted.append(result)
        if len(claims) < limit:
            return sorted(posted, key=lambda p: (p.due_at, p.reminder_id))


def worker_id() -> str:
    """Who claims: host, process and a random part (two sweeps never share an id)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def sweep_now(
    *,
    sessions: sessionmaker[Session],
    client: WebClient,
    settings: Settings,
    now: dt.datetime | None = None,
) -> list[PostedReminder]:
    """Run one sweep as this process (the scheduler tick and ``python -m bot reminders run``),
    on its database and client (``bot.app.Process``)."""
    return sweep(
        sessions=sessions,
        client=client,
        settings=settings,
        now=now or utcnow(),
        worker_id=worker_id(),
    )
