"""Domain events: what a change tells the rest of the bot, collected by the unit of work.

A service records what it changed as an event on its session (``record_event``), where the
change happens. The Slack runtime collects the session's events before it commits and hands
each to the handlers the features registered for its type or any type it derives from
(``deps.events.on(CaseChanged, ...)`` gets every event below ``CaseChanged``), so their posts
are staged in the transaction of the change and no listener can forget one.

Every event that changes what a case shows derives from ``CaseChanged``: its case card
follows. An event names rows by id (the handlers read what they need in the same session)
and carries only what is not stored (who is told is the request's user). A session keeps a
loaded object only while something references it: ``held`` keeps the rows the event names
alive with the event, so its handlers read them from the session without a round trip.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

_EVENTS_KEY = "domain_events"


@dataclass(frozen=True)
class DomainEvent:
    """Base of every domain event."""

    # The loaded rows the event names (not compared, not shown): see the module docstring.
    held: tuple[object, ...] = field(default=(), compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class CaseOpened(DomainEvent):
    """A case was opened in a channel: its card is to be posted there."""

    case_id: int
    channel_id: str


@dataclass(frozen=True)
class CaseChanged(DomainEvent):
    """Something a case shows changed (its content, a field, its status): its card follows."""

    case_id: int


@dataclass(frozen=True)
class DraftMade(CaseChanged):
    """A new version of the case's letter was made for review (the latest before it is
    replaced)."""

    version_id: int


@dataclass(frozen=True)
class ClearanceGiven(CaseChanged):
    """A version was cleared for these mandates (their codes), by the request's user."""

    version_id: int
    codes: tuple[str, ...]


@dataclass(frozen=True)
class ClearanceWithdrawn(CaseChanged):
    """The request's user took back their clearances of a version for these mandates."""

    version_id: int
    codes: tuple[str, ...]


@dataclass(frozen=True)
class LetterSent(CaseChanged):
    """The case's letter was sent: this version, frozen; the reply clock runs."""

    version_id: int


@dataclass(frozen=True)
class SentOnCorrected(CaseChanged):
    """The sending date of a sent letter was corrected (due date and reminders follow)."""

    old_sent_on: dt.date
    reason: str


@dataclass(frozen=True)
class ReplyRecorded(CaseChanged):
    """A reply of the addressee, received on this day, was recorded; reminders stop."""

    received_on: dt.date


@dataclass(frozen=True)
class PublicVersionMade(CaseChanged):
    """A public version of the sent letter (withheld names replaced) was made for review."""

    public_version_id: int


@dataclass(frozen=True)
class PublicVersionCleared(CaseChanged):
    """The request's user cleared a public version: it is frozen beside the sent letter."""

    public_version_id: int


@dataclass(frozen=True)
class FollowUpOpened(CaseChanged):
    """A follow-up of this (sent) case was opened: the new case, whose letter cites it."""

    follow_up_id: int


@dataclass(frozen=True)
class ClearancesVoided(DomainEvent):
    """The case changed after a draft version: its clearances no longer count."""

    case_id: int
    version_id: int


def record_event(session: Session, event: DomainEvent) -> None:
    """Remember an event until the unit of work collects it (once per event)."""
    events: list[DomainEvent] = session.info.setdefault(_EVENTS_KEY, [])
    if event not in events:
        events.append(event)


def collect_events(session: Session) -> list[DomainEvent]:
    """The events recorded since the last collection, oldest first; clears them."""
    return session.info.pop(_EVENTS_KEY, [])
