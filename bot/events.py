"""Domain events: what a change tells the rest of the bot, collected by the unit of work.

A service that makes a change other parts must react to (a draft's clearances voided) records
an event on its session; the Slack runtime collects the session's events before it commits and
hands each to the handlers registered for its type, so no listener can forget one.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

_EVENTS_KEY = "domain_events"


@dataclass(frozen=True)
class DomainEvent:
    """Base of every domain event."""


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
