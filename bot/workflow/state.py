"""The state of a case at a glance: draft, in review, cleared, sent, reply received, overdue, closed."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from bot.cases.enums import CaseStatus
from bot.cases.models import Case
from bot.reviews.clearance import is_current, missing_clearances


class CaseState(StrEnum):
    """What a reader of the card needs to know first."""

    DRAFT = "draft"
    IN_REVIEW = "in review"
    CLEARED = "cleared"
    SENT = "sent"
    REPLY_RECEIVED = "reply received"
    OVERDUE = "overdue"
    CLOSED = "closed"


# Lower ranks need attention first.
_RANK = {
    CaseState.OVERDUE: 0,
    CaseState.SENT: 1,
    CaseState.CLEARED: 2,
    CaseState.IN_REVIEW: 3,
    CaseState.DRAFT: 4,
    CaseState.REPLY_RECEIVED: 5,
    CaseState.CLOSED: 6,
}


def case_state(case: Case, *, today: dt.date) -> tuple[CaseState, str]:
    """The state and a short label (with the due date or days overdue where it matters)."""
    if case.status == CaseStatus.CLOSED:
        return CaseState.CLOSED, "closed"
    if case.replies:
        last = case.replies[-1].received_on
        return CaseState.REPLY_RECEIVED, f"reply received {last.isoformat()}"
    if case.sent_on and case.due_on:
        days = (case.due_on - today).days
        if days < 0:
            return CaseState.OVERDUE, f"overdue by {-days} day(s) (due {case.due_on.isoformat()})"
        when = "today" if days == 0 else f"in {days} day(s)"
        return (
            CaseState.SENT,
            f"sent {case.sent_on.isoformat()}, reply due {case.due_on.isoformat()} ({when})",
        )
    version = case.latest_version
    if version is None:
        return CaseState.DRAFT, "draft (no version yet)"
    if not is_current(case, version):
        return CaseState.DRAFT, f"draft (changed since v{version.number})"
    missing = missing_clearances(case, version)
    if not missing:
        return CaseState.CLEARED, f"cleared (v{version.number}), ready to send"
    done = len(case.mandates) - len(missing)
    return (
        CaseState.IN_REVIEW,
        f"in review (v{version.number}, {done} of {len(case.mandates)} cleared)",
    )


def attention_rank(case: Case, state: CaseState, *, today: dt.date) -> tuple:
    """Sort key: state first; then the soonest due date; then the oldest case."""
    due = case.due_on or dt.date.max
    return (_RANK[state], due, case.opened_at, case.id)
