"""Replies from the addressee: recorded (several allowed), and reminders stop."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from bot.audit.service import record
from bot.cases.dates import check_plausible
from bot.cases.follow_ups import reply_changes_follow_ups
from bot.cases.letter_models import AddresseeReply
from bot.cases.models import Case
from bot.cases.service import lock_case
from bot.errors import Invalid
from bot.events import ReplyRecorded, record_event
from bot.reminders.service import cancel_for_case


class NotSent(Invalid):
    """A reply is recorded only for a letter that was sent."""

    def __init__(self, message: str, *, case_id: int) -> None:
        super().__init__(message)
        self.case_id = case_id


def record_reply(
    *,
    session: Session,
    case: Case,
    received_on: dt.date,
    summary: str | None,
    actor: str,
    today: dt.date,
) -> AddresseeReply:
    """Record a reply to the sent letter; pending reminders are cancelled."""
    case = lock_case(session=session, case_id=case.id)
    if case.sent_on is None:
        raise NotSent(
            f"Case #{case.id} has not been sent, so it cannot have a reply yet.", case_id=case.id
        )
    if received_on < case.sent_on:
        raise Invalid(
            f"The reply date {received_on.isoformat()} is before the letter was sent "
            f"({case.sent_on.isoformat()})."
        )
    if received_on > today:
        raise Invalid(f"The reply date {received_on.isoformat()} is in the future.")
    check_plausible(received_on, what="the reply date", today=today)
    summary = " ".join((summary or "").split()) or None
    if summary and len(summary) > 2000:
        raise Invalid("Keep the summary under 2,000 characters.")
    reply = AddresseeReply(
        case_id=case.id, received_on=received_on, summary=summary, recorded_by=actor
    )
    case.replies.append(reply)
    cancel_for_case(session=session, case=case, reason="reply received")
    record(
        session=session,
        actor=actor,
        action="reply",
        case_id=case.id,
        field="received_on",
        new=received_on.isoformat(),
    )
    record_event(session, ReplyRecorded(case_id=case.id, received_on=received_on))
    reply_changes_follow_ups(session=session, case=case)  # their letters thank for it
    return reply
