"""The state of a case at a glance: draft, in review, cleared, sent, reply received, overdue, closed."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from bot.cases.enums import CaseStatus
from bot.cases.models import Case


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
    return CaseState.DRAFT, "draft"


def attention_rank(case: Case, state: CaseState, *, today: dt.date) -> tuple:
    """Sort key: state first, then the oldest case first."""
    return (_RANK[state], case.opened_at, case.id)
