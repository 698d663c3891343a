"""The state of a case at a glance: draft, in review, cleared, sent, reply received, overdue, closed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from bot.cases.enums import CaseStatus
from bot.cases.models import Case
from bot.grammar import counted
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


class Progress(Protocol):
    """What a case's state is read from, in the order it is read (a later fact is read only
    when the earlier ones do not decide): a whole case, or one row of a list's query."""

    @property
    def status(self) -> CaseStatus: ...

    @property
    def last_reply_on(self) -> dt.date | None:
        """When the latest reply was received; None without one."""

    @property
    def sent_on(self) -> dt.date | None: ...

    @property
    def due_on(self) -> dt.date | None: ...

    @property
    def version_number(self) -> int | None:
        """The latest draft version's number; None without one."""

    @property
    def version_current(self) -> bool:
        """The latest version was made from the case as it is now."""

    @property
    def mandate_count(self) -> int:
        """The case's co-signing mandates."""

    @property
    def cleared_count(self) -> int:
        """How many of them cleared the latest version."""


@dataclass(frozen=True, slots=True)
class LatestVersion:
    """What a case's state needs of its latest version, read with the case
    (``bot.casefile.latest``): its number (None without one), the case content it was made
    from, and how many of the case's mandates cleared it."""

    number: int | None
    content_version: int | None
    cleared_count: int


class _CaseProgress:
    """A loaded case's progress, each fact read from it only when asked; its latest version's
    from ``latest`` when that was read with it (no version or clearance is loaded then)."""

    __slots__ = ("case", "latest")

    def __init__(self, case: Case, latest: LatestVersion | None = None) -> None:
        self.case = case
        self.latest = latest

    @property
    def status(self) -> CaseStatus:
        return self.case.status

    @property
    def last_reply_on(self) -> dt.date | None:
        replies = self.case.replies
        return replies[-1].received_on if replies else None

    @property
    def sent_on(self) -> dt.date | None:
        return self.case.sent_on

    @property
    def due_on(self) -> dt.date | None:
        return self.case.due_on

    @property
    def version_number(self) -> int | None:
        if self.latest is not None:
            return self.latest.number
        version = self.case.latest_version
        return None if version is None else version.number

    @property
    def version_current(self) -> bool:
        if self.latest is not None:
            return (
                self.latest.number is not None
                and self.latest.content_version == self.case.content_version
            )
        version = self.case.latest_version
        return version is not None and is_current(self.case, version)

    @property
    def mandate_count(self) -> int:
        return len(self.case.mandate_links)

    @property
    def cleared_count(self) -> int:
        if self.latest is not None:
            return self.latest.cleared_count
        version = self.case.latest_version
        if version is None:
            return 0
        return len(self.case.mandate_links) - len(missing_clearances(self.case, version))


def case_state(
    case: Case, *, today: dt.date, latest: LatestVersion | None = None
) -> tuple[CaseState, str]:
    """The state and a short label (with the due date or days overdue where it matters).

    ``latest``: the latest version's facts, when read with the case; else they are read
    from the case's versions and clearances.
    """
    return progress_state(_CaseProgress(case, latest), today=today)


def progress_state(progress: Progress, *, today: dt.date) -> tuple[CaseState, str]:
    """``case_state`` from the facts alone, for callers that query them and not the case."""
    if progress.status == CaseStatus.CLOSED:
        return CaseState.CLOSED, "closed"
    last = progress.last_reply_on
    if last is not None:
        return CaseState.REPLY_RECEIVED, f"reply received {last.isoformat()}"
    sent_on, due_on = progress.sent_on, progress.due_on
    if sent_on and due_on:
        days = (due_on - today).days
        if days < 0:
            return (
                CaseState.OVERDUE,
                f"overdue by {counted(-days, 'day')} (due {due_on.isoformat()})",
            )
        when = "today" if days == 0 else f"in {counted(days, 'day')}"
        return (
            CaseState.SENT,
            f"sent {sent_on.isoformat()}, reply due {due_on.isoformat()} ({when})",
        )
    number = progress.version_number
    if number is None:
        return CaseState.DRAFT, "draft (no version yet)"
    if not progress.version_current:
        return CaseState.DRAFT, f"draft (changed since v{number})"
    mandates, cleared = progress.mandate_count, progress.cleared_count
    if cleared == mandates:
        return CaseState.CLEARED, f"cleared (v{number}), ready to send"
    return CaseState.IN_REVIEW, f"in review (v{number}, {cleared} of {mandates} cleared)"


class Dated(Protocol):
    """What the attention order reads besides the state."""

    @property
    def id(self) -> int: ...

    @property
    def due_on(self) -> dt.date | None: ...

    @property
    def opened_at(self) -> dt.datetime: ...


def state_rank(state: CaseState) -> int:
    """Where a state comes in the attention order (0 first)."""
    return _RANK[state]


def attention_rank(case: Dated, state: CaseState, *, today: dt.date) -> tuple:
    """Sort key: state first; then the soonest due date; then the oldest case."""
    due = case.due_on or dt.date.max
    return (_RANK[state], due, case.opened_at, case.id)
