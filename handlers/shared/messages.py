"""Where a case's messages are in Slack: its card, its review thread, its versions' messages.

Read from what the outbox recorded when it posted them (``bot.slack.messages``), in the
session the case was loaded in; a case in no session (built in memory) has none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session, object_session

from bot.cases.letter_models import DraftVersion
from bot.cases.models import Case
from bot.slack.messages import CARD, THREAD, VERSION, Message, read


@dataclass(frozen=True, slots=True)
class CaseMessages:
    """A case's card and review thread, and one of its versions' message, where posted."""

    card: Message | None = None
    thread: Message | None = None
    version: Message | None = None

    @property
    def card_link(self) -> str | None:
        return self.card.link if self.card else None

    @property
    def thread_link(self) -> str | None:
        return self.thread.link if self.thread else None

    @property
    def version_link(self) -> str | None:
        return self.version.link if self.version else None


def case_messages(case: Case, *, version_id: int | None = None) -> CaseMessages:
    """The case's card and thread, and the message of version ``version_id`` if given."""
    session = object_session(case)
    if session is None:
        return CaseMessages()
    keys = [(CARD, case.id), (THREAD, case.id)]
    if version_id is not None:
        keys.append((VERSION, version_id))
    found = read(session, keys)
    return CaseMessages(
        card=found.get((CARD, case.id)),
        thread=found.get((THREAD, case.id)),
        version=found.get((VERSION, version_id)) if version_id is not None else None,
    )


def card_of(case: Case) -> Message | None:
    """The case card, if it was posted (and recorded)."""
    return case_messages(case).card


def review_thread(case: Case) -> Message | None:
    """The case's review thread, if its first draft was posted (and recorded)."""
    return case_messages(case).thread


def version_message(version: DraftVersion) -> Message | None:
    """A version's header message, if it was posted (and recorded)."""
    session = object_session(version)
    if session is None:
        return None
    return read(session, [(VERSION, version.id)]).get((VERSION, version.id))


def many_cases(session: Session, cases: Iterable[tuple[int, int | None]]) -> list[CaseMessages]:
    """The messages of many cases, read in one query: for each (case id, the id of one of its
    versions or None), in order. What is asked for them afterwards in this transaction (a
    ``case_messages``) is read already."""
    pairs = list(cases)
    keys: list[tuple[str, int]] = []
    for case_id, version_id in pairs:
        keys += [(CARD, case_id), (THREAD, case_id)]
        if version_id is not None:
            keys.append((VERSION, version_id))
    found = read(session, keys) if keys else {}
    return [
        CaseMessages(
            card=found.get((CARD, case_id)),
            thread=found.get((THREAD, case_id)),
            version=found.get((VERSION, version_id)) if version_id is not None else None,
        )
        for case_id, version_id in pairs
    ]


def read_ahead(cases: list[Case]) -> None:
    """Read the messages of these cases (and of their latest versions) in one query, for a
    view that shows many cases (see ``many_cases``)."""
    session = object_session(cases[0]) if cases else None
    if session is not None:
        latest = [case.latest_version for case in cases]
        many_cases(
            session, [(c.id, v.id if v else None) for c, v in zip(cases, latest, strict=True)]
        )
