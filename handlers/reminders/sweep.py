"""Reminder sweeps: due reminders handed to the outbox, one message per case, then recorded.

The outbox (``bot.slack.outbox``) is the one delivery engine: its lease, retries and history
lookup deliver reminders as they deliver every other post. The sweep decides what is posted:

- Stage: one transaction claims the due reminders (PostgreSQL selects them ``FOR UPDATE SKIP
  LOCKED``, so concurrent sweeps take different rows; SQLite runs ``UPDATE ... WHERE id IN
  (...) RETURNING`` under its single writer), and for each one stages its post in the outbox
  and names the outbox row on the reminder. Claim and post commit together, or neither does:
  a reminder is handed over exactly once. A reminder of a closed case or of a case with a
  reply is cancelled instead. Only the newest due reminder of a case is posted: after
  downtime the older ones become ``skipped`` (one message with the current state, not a
  burst).
- Deliver: the outbox posts the rows staged, and the rows of reminders handed over earlier
  that are due again (a process died, Slack failed: the outbox's backoff).
- Record: a reminder whose outbox row was sent is marked posted with its ts (and the next
  weekly overdue reminder is scheduled). One the outbox gave up on (``channel_not_found``,
  ``not_in_channel``, its attempts ran out) goes back to pending with the error, staged again
  after the outbox's longest backoff: the bot may be invited meanwhile, and a reminder is not
  dropped because nobody could be told in the channel.
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
from sqlalchemy import ColumnElement, CursorResult, Table, Update, and_, exists, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

import bot.models  # noqa: F401 - every model mapped before the first query
from bot.cases.models import Case
from bot.config import Settings
from bot.db import unit_of_work, utcnow
from bot.grammar import counted
from bot.reminders.models import Reminder, ReminderKind, ReminderStatus
from bot.reminders.service import awaits_reply, cancel_for_case, ensure_next_overdue
from bot.slack.models import OutboxMessage
from bot.slack.outbox import MAX_BACKOFF, Outbox, Post
from handlers.reminders.blocks import due_phrase, reminder_message

logger = logging.getLogger("bot.reminders")

BATCH = 50
# A reminder whose post the outbox gave up on is staged again after this long.
RETRY_GIVEN_UP = MAX_BACKOFF

PENDING = ReminderStatus.PENDING.value
CLAIMED = ReminderStatus.CLAIMED.value
_OUTBOX = cast(Table, OutboxMessage.__table__)


@dataclass(frozen=True)
class Claim:
    """A due reminder this sweep claimed, in the transaction that stages its post."""

    reminder_id: int
    case_id: int
    kind: str
    due_at: dt.datetime


@dataclass(frozen=True)
class PostedReminder:
    """A reminder message in a case channel (posted now, or delivered earlier and recorded)."""

    reminder_id: int
    case_id: int
    reference: str
    channel_id: str
    kind: ReminderKind
    due_at: dt.datetime
    ts: str
    summary: str
    folded: int = 0  # older missed reminders of the case this message stands for
    recovered: bool = False  # handed over by an earlier sweep, delivered and recorded now

    def line(self) -> str:
        """One line for the command line."""
        how = "recorded (already in the channel)" if self.recovered else "posted"
        folded = f", {counted(self.folded, 'missed reminder')} folded in" if self.folded else ""
        return (
            f"{how} {self.reference} (case #{self.case_id}) in {self.channel_id}: "
            f"{self.summary} [{self.kind.value} reminder {self.reminder_id}, ts {self.ts}{folded}]"
        )


@dataclass(frozen=True)
class _Staged:
    reminder_id: int
    outbox_id: int
    summary: str
    folded: int


def _claimable(now: dt.datetime) -> ColumnElement[bool]:
    return and_(
        Reminder.status == PENDING,
        Reminder.due_at <= now,
        or_(Reminder.next_attempt_at.is_(None), Reminder.next_attempt_at <= now),
    )


def _claim_due(session: Session, *, now: dt.datetime, worker_id: str, limit: int) -> list[Claim]:
    """Claim up to `limit` due reminders in the caller's transaction (see the module's doc)."""
    values = {"status": CLAIMED, "claimed_by": worker_id, "attempts": Reminder.attempts + 1}
    columns = (Reminder.id, Reminder.case_id, Reminder.kind, Reminder.due_at)
    due = select(Reminder.id).where(_claimable(now)).order_by(Reminder.due_at, Reminder.id)
    if session.get_bind().dialect.name == "postgresql":
        ids = list(session.scalars(due.limit(limit).with_for_update(skip_locked=True)))
        if not ids:
            return []
        target = Reminder.id.in_(ids)
    else:  # SQLite: one writer at a time, so UPDATE ... RETURNING is the atomic claim
        target = Reminder.id.in_(due.limit(limit))
    statement = update(Reminder).where(target).values(**values).returning(*columns)
    rows = session.execute(statement, execution_options={"synchronize_session": False})
    return sorted((Claim(*row) for row in rows), key=lambda c: (c.due_at, c.reminder_id))


def _updated(session: Session, statement: Update) -> int:
    """Run an UPDATE without synchronising the session; how many rows it changed."""
    # Session.execute answers an UPDATE with a CursorResult (SQLAlchemy's docs), though its
    # signature says Result, which has no rowcount (sqlalchemy/sqlalchemy#9185).
    result = session.execute(statement, execution_options={"synchronize_session": False})
    return cast(CursorResult[Any], result).rowcount


def _set_status(session: Session, reminder_id: int, status: ReminderStatus) -> None:
    _updated(
        session, update(Reminder).where(Reminder.id == reminder_id).values(status=status.value)
    )


def _stage_one(
    session: Session,
    *,
    outbox: Outbox,
    claim: Claim,
    settings: Settings,
    now: dt.datetime,
    worker_id: str,
) -> _Staged | None:
    """Stage the post of a claimed reminder, or cancel or skip it (in the claim's transaction)."""
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
            Reminder.outbox_id.is_(None),
            (Reminder.status == PENDING)
            | and_(Reminder.status == CLAIMED, Reminder.claimed_by == worker_id),
        )
        .values(status=ReminderStatus.SKIPPED.value),
    )
    reminder = session.get(Reminder, claim.reminder_id)
    assert reminder is not None
    today = now.astimezone(settings.tz).date()
    message = reminder_message(case, reminder, today=today)
    staged = outbox.stage(
        session, [Post(channel=message["channel"], text=message["text"], blocks=message["blocks"])]
    )
    (outbox_id,) = staged.now
    _updated(
        session,
        update(Reminder).where(Reminder.id == claim.reminder_id).values(outbox_id=outbox_id),
    )
    return _Staged(claim.reminder_id, outbox_id, due_phrase(case, today=today), folded)


def _stage_due(
    *,
    sessions: sessionmaker[Session],
    outbox: Outbox,
    settings: Settings,
    now: dt.datetime,
    worker_id: str,
    limit: int,
) -> tuple[list[_Staged], int]:
    """Claim a batch of due reminders and stage their posts, in one transaction; what was
    staged, and how many were claimed."""
    with unit_of_work(sessions) as session:
        claims = _claim_due(session, now=now, worker_id=worker_id, limit=limit)
        staged: list[_Staged] = []
        # newest first, so the message of a case folds in its older reminders of this batch
        for claim in sorted(claims, key=lambda c: (c.due_at, c.reminder_id), reverse=True):
            one = _stage_one(
                session,
                outbox=outbox,
                claim=claim,
                settings=settings,
                now=now,
                worker_id=worker_id,
            )
            if one is not None:
                staged.append(one)
    return staged, len(claims)


def _handed_over(sessions: sessionmaker[Session]) -> list[int]:
    """The outbox rows of reminders handed over and not yet recorded, oldest first."""
    with sessions() as session:
        return sorted(
            session.scalars(
                select(Reminder.outbox_id).where(
                    Reminder.status == CLAIMED, Reminder.outbox_id.is_not(None)
                )
            )
        )


def _record(
    *,
    sessions: sessionmaker[Session],
    settings: Settings,
    now: dt.datetime,
    staged: dict[int, _Staged],
    only: str | None = None,
) -> list[PostedReminder]:
    """Record what the outbox did with the reminders handed to it (``only`` by this worker):
    posted (with the ts), or given up (pending again, staged later). Each one is recorded by
    one sweep only."""
    posted: list[PostedReminder] = []
    outbox = _OUTBOX.c
    handed_over = Reminder.status == CLAIMED
    if only is not None:
        handed_over &= Reminder.claimed_by == only
    with unit_of_work(sessions) as session:
        done = session.execute(
            select(
                Reminder.id,
                Reminder.case_id,
                Reminder.kind,
                Reminder.due_at,
                outbox.status,
                outbox.posted_ts,
                outbox.last_error,
            )
            .join(_OUTBOX, outbox.id == Reminder.outbox_id)
            .where(handed_over, outbox.status.in_(("sent", "failed")))
            .order_by(Reminder.due_at, Reminder.id)
        ).all()
        for reminder_id, case_id, kind, due_at, status, posted_ts, error in done:
            mine = (Reminder.id == reminder_id) & (Reminder.status == CLAIMED)
            if status == "failed" or not posted_ts:
                taken = _updated(
                    session,
                    update(Reminder)
                    .where(mine)
                    .values(
                        status=PENDING,
                        claimed_by=None,
                        outbox_id=None,
                        next_attempt_at=now + RETRY_GIVEN_UP,
                        last_error=f"slack: {error or 'not posted'}"[:500],
                    ),
                )
                if taken:
                    logger.warning(
                        "reminder %s not posted, staged again later: %s", reminder_id, error
                    )
                continue
            taken = _updated(
                session,
                update(Reminder)
                .where(mine)
                .values(
                    status=ReminderStatus.POSTED.value,
                    posted_ts=posted_ts,
                    posted_at=now,
                    next_attempt_at=None,
                    last_error=None,
                ),
            )
            if not taken:
                continue  # recorded by another sweep meanwhile
            case = session.get(Case, case_id)
            if case is None:
                continue
            ensure_next_overdue(session=session, case=case, after=now, settings=settings)
            ours = staged.get(reminder_id)
            today = now.astimezone(settings.tz).date()
            posted.append(
                PostedReminder(
                    reminder_id=reminder_id,
                    case_id=case.id,
                    reference=case.reference,
                    channel_id=case.channel_id,
                    kind=ReminderKind(kind),
                    due_at=due_at,
                    ts=posted_ts,
                    summary=ours.summary if ours else due_phrase(case, today=today),
                    folded=ours.folded if ours else 0,
                    recovered=ours is None,
                )
            )
    return posted


def sweep(
    *,
    sessions: sessionmaker[Session],
    client: WebClient,
    settings: Settings,
    now: dt.datetime,
    worker_id: str,
    limit: int = BATCH,
    outbox: Outbox | None = None,
) -> list[PostedReminder]:
    """Hand every due reminder to the outbox once, deliver, and record what was posted;
    returns what this sweep recorded as posted.

    `now` is the sweep's time (the real time in production, any time in tests and with
    ``reminders run --now``); time spent sweeping is added to it. `outbox`: the process's
    (``bot.app.Process``); a reminder's post needs no renderer.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    outbox = outbox or Outbox(sessions)
    started = time.monotonic()

    def clock() -> dt.datetime:
        return now + dt.timedelta(seconds=time.monotonic() - started)

    staged: dict[int, _Staged] = {}
    posted: list[PostedReminder] = []
    while True:
        batch, claimed = _stage_due(
            sessions=sessions,
            outbox=outbox,
            settings=settings,
            now=clock(),
            worker_id=worker_id,
            limit=limit,
        )
        staged.update((one.reminder_id, one) for one in batch)
        outbox.deliver(client, sorted(one.outbox_id for one in batch))
        posted += _record(
            sessions=sessions, settings=settings, now=clock(), staged=staged, only=worker_id
        )
        if claimed < limit:
            break
    # posts handed over before (a process died, Slack failed) that are due again
    delivered = {one.outbox_id for one in staged.values()}
    outbox.deliver(client, [row for row in _handed_over(sessions) if row not in delivered])
    posted += _record(sessions=sessions, settings=settings, now=clock(), staged=staged)
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
    outbox: Outbox | None = None,
) -> list[PostedReminder]:
    """Run one sweep as this process (the scheduler tick and ``python -m bot reminders run``),
    on its database, client and outbox (``bot.app.Process``)."""
    return sweep(
        sessions=sessions,
        client=client,
        settings=settings,
        now=now or utcnow(),
        worker_id=worker_id(),
        outbox=outbox,
    )
