"""What the publication reminder says besides the day: whether the public version is cleared,
and the replies published with the letter, with those not cleared for publication."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.cases.models import Case
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
    public_version: str | None  # "cleared on 2017-03-20", "not built yet"...; None: not known
    replies: tuple[ReplyFact, ...]


def public_version_state(session: Session, case: Case) -> str | None:
    """Whether the letter's public version (withheld names replaced) exists and is cleared,
    in a few words; None while the record does not say. The place where the public version's
    record answers for the publication reminder."""
    return None


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
