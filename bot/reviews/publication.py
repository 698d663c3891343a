"""What the publication reminder says besides the day: whether the public version is cleared,
and the replies published with the letter, with those not cleared for publication."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.cases.models import Case
from bot.reviews.public import cleared_public_version, latest_public_version
from bot.reviews.replies import numbered
from bot.reviews.reply_state import replies_not_cleared


@dataclass(frozen=True)
class ReplyFact:
    """A reply as the publication reminder lists it."""

    number: int  # as /case show numbers the case's replies
    received_on: dt.date
    summary: str | None
    not_cleared: tuple[str, ...] = ()  # why it is not cleared for publication; () if it is


@dataclass(frozen=True)
class PublicationFacts:
    """The day a sent letter becomes public, its public version's state and its replies."""

    public_on: dt.date
    public_version: str | None  # "v1 cleared on 2017-03-20", "not made yet"...
    replies: tuple[ReplyFact, ...]


def public_version_state(session: Session, case: Case) -> str:
    """Whether the letter's public version (withheld names replaced) is made and cleared, in
    a few words, for the publication reminder."""
    cleared = cleared_public_version(session=session, case_id=case.id)
    if cleared is not None and cleared.cleared_at is not None:
        return f"v{cleared.number} cleared on {cleared.cleared_at.date().isoformat()}"
    latest = latest_public_version(session=session, case_id=case.id)
    if latest is not None:
        return f"v{latest.number} made, not cleared yet"
    if not case.victims_withheld:
        return "none needed: no name is withheld"
    return "not made yet"


def publication_facts(session: Session, case: Case) -> PublicationFacts:
    """The facts of the publication reminder of a sent case."""
    assert case.public_on is not None
    holds = {hold.number: hold.reasons for hold in replies_not_cleared(case)}
    return PublicationFacts(
        public_on=case.public_on,
        public_version=public_version_state(session, case),
        replies=tuple(
            ReplyFact(n, reply.received_on, reply.summary, holds.get(n, ()))
            for n, reply in enumerate(numbered(case), 1)
        ),
    )
