"""Replies from the addressee: recorded (several allowed), and reminders stop."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from bot.audit.service import record
from bot.cases.dates import check_plausible
from bot.cases.models import Case
from bot.cases.service import lock_case
from bot.errors import UserError
from bot.reminders.service import cancel_for_case
from bot.reviews.models import AddresseeReply

REPLY_USAGE = "/letter <case> reply <YYYY-MM-DD> [<summary>]"


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
        raise UserError(
            f"Case #{case.id} has not been sent, so it cannot have a reply yet. "
            f"Send it first: /letter {case.id} send [YYYY-MM-DD]",
            usage=REPLY_USAGE,
        )
    if received_on < case.sent_on:
        raise UserError(
            f"The reply date {received_on.isoformat()} is before the letter was sent "
            f"({case.sent_on.isoformat()}).",
            usage=REPLY_USAGE,
        )
    if received_on > today:
        raise UserError(
            f"The reply date {received_on.isoformat()} is in the future.", usage=REPLY_USAGE
        )
    check_plausible(received_on, what="the reply date", today=today, usage=REPLY_USAGE)
    summary = " ".join((summary or "").split()) or None
    if summary and len(summary) > 2000:
        raise UserError("Keep the summary under 2,000 characters.", usage=REPLY_USAGE)
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
    return reply
