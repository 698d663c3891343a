"""Domain events reach the handlers registered for their type and the types it derives from,
in the order they were recorded, each once."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.events import CaseChanged, ClearancesVoided, DomainEvent, record_event
from bot.slack.outbox import Item, Post
from bot.slack.runtime import EventHandlers


@dataclass(frozen=True)
class LetterFiled(CaseChanged):
    """An event deriving from CaseChanged, as a feature would declare one."""

    version_id: int


def noting(name: str):  # noqa: ANN201 - an event handler
    def handler(_session: Session, event: DomainEvent, actor: str) -> list[Item]:
        return [Post(channel="C0CASES", text=f"{name}: {event!r} by {actor}")]

    return handler


def texts(items: list[Item]) -> list[str]:
    return [item.text for item in items if isinstance(item, Post)]


def test_an_event_reaches_its_own_handlers_first_then_those_of_its_bases() -> None:
    events = EventHandlers()
    events.on(CaseChanged, noting("card"))
    events.on(LetterFiled, noting("thread"))
    events.on(ClearancesVoided, noting("voided"))
    session = Session()
    record_event(session, LetterFiled(case_id=7, version_id=3))
    record_event(session, CaseChanged(case_id=8))
    assert texts(events.posts_for(session, "U0ALICE")) == [
        "thread: LetterFiled(case_id=7, version_id=3) by U0ALICE",
        "card: LetterFiled(case_id=7, version_id=3) by U0ALICE",
        "card: CaseChanged(case_id=8) by U0ALICE",
    ]
    assert events.posts_for(session, "U0ALICE") == []  # collected: handled once


def test_an_event_recorded_twice_in_a_request_is_handled_once() -> None:
    events = EventHandlers()
    events.on(CaseChanged, noting("card"))
    session = Session()
    for _ in range(3):
        record_event(session, CaseChanged(case_id=7))
    record_event(session, LetterFiled(case_id=7, version_id=3))  # another event: handled too
    assert texts(events.posts_for(session, "U0A")) == [
        "card: CaseChanged(case_id=7) by U0A",
        "card: LetterFiled(case_id=7, version_id=3) by U0A",
    ]


def test_an_event_recorded_by_a_handler_is_handled_too() -> None:
    events = EventHandlers()
    session = Session()

    def voiding(session: Session, event: CaseChanged, _actor: str) -> list[Item]:
        record_event(session, ClearancesVoided(case_id=event.case_id, version_id=1))
        return []

    events.on(CaseChanged, voiding)
    events.on(ClearancesVoided, noting("voided"))
    record_event(session, CaseChanged(case_id=7))
    assert texts(events.posts_for(session, "U0A")) == [
        "voided: ClearancesVoided(case_id=7, version_id=1) by U0A"
    ]


def test_an_event_nobody_handles_posts_nothing() -> None:
    session = Session()
    record_event(session, CaseChanged(case_id=7))
    assert EventHandlers().posts_for(session, "U0A") == []
