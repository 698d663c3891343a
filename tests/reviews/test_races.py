"""Concurrent commands on one case, each in its own session and thread (SQLite and PostgreSQL).

The case row is locked by every change (bot.cases.service.lock_case), so concurrent
commands run one after the other and each sees what the one before committed.
"""

from __future__ import annotations

from sqlalchemy import func, select

from bot.audit.models import AuditEntry
from bot.cases.letter_models import DraftVersion, SentLetter
from bot.cases.models import Allegation, Case
from bot.cases.paragraphs import ALLEGATION, add_paragraph, edit_paragraph, remove_paragraph
from bot.db import unit_of_work
from bot.errors import UserError
from bot.reviews.sending import send_letter
from tests.factories import TODAY, drafted_case, race
from tests.factories import clear_by as clear


def cleared_case(sessions) -> tuple[int, int]:
    case_id, version_id = drafted_case(sessions)
    clear(sessions, case_id, version_id, "U0BOB")
    return case_id, version_id


def send(sessions, settings, case_id: int) -> int:
    with unit_of_work(sessions) as session:
        version = send_letter(
            session=session,
            case=session.get(Case, case_id),
            sent_on=TODAY,
            actor="U0ALICE",
            settings=settings,
            today=TODAY,
        )
        return version.id


def edit(sessions, case_id: int, text: str) -> int:
    with unit_of_work(sessions) as session:
        return edit_paragraph(
            session=session,
            case=session.get(Case, case_id),
            kind=ALLEGATION,
            number=1,
            text=text,
            actor="U0CAROL",
        )


def test_send_and_edit_at_once_never_send_uncleared_content(sessions, session, settings) -> None:
    for _ in range(3):
        case_id, version_id = cleared_case(sessions)
        sent, edited = race(
            lambda case_id=case_id: send(sessions, settings, case_id),
            lambda case_id=case_id: edit(sessions, case_id, "It was burnt down."),
        )
        case = session.get(Case, case_id)
        session.refresh(case)
        stored = session.get(SentLetter, version_id)
        if isinstance(sent, UserError):  # the edit came first: the version is out of date
            assert edited == 1
            assert case.sent_on is None and stored is None
            assert "changed after v1" in str(sent)
        else:  # the send came first: the letter is frozen, the edit refused
            assert sent == version_id
            assert isinstance(edited, UserError) and "frozen" in str(edited)
            version = session.get(DraftVersion, version_id)
            assert version.content_version == case.content_version
            assert "It was closed." in stored.markdown
            assert "burnt" not in stored.markdown
            assert stored.docx.startswith(b"PK")


def test_two_sends_at_once_send_once(sessions, session, settings) -> None:
    case_id, version_id = cleared_case(sessions)
    outcomes = race(
        lambda: send(sessions, settings, case_id), lambda: send(sessions, settings, case_id)
    )
    assert outcomes.count(version_id) == 1, outcomes
    (refused,) = [o for o in outcomes if isinstance(o, UserError)]
    assert f"already sent on {TODAY.isoformat()}" in str(refused)
    sends = select(func.count(AuditEntry.id)).where(
        AuditEntry.case_id == case_id, AuditEntry.action == "send"
    )
    assert session.scalar(sends) == 1
    assert session.scalar(select(func.count()).select_from(SentLetter)) == 1


def add(sessions, case_id: int, text: str) -> int:
    with unit_of_work(sessions) as session:
        return add_paragraph(
            session=session,
            case=session.get(Case, case_id),
            kind=ALLEGATION,
            text=text,
            actor="U0ALICE",
        )


def positions(session, case_id: int) -> list[tuple[int, str]]:
    rows = session.execute(
        select(Allegation.position, Allegation.text)
        .where(Allegation.case_id == case_id)
        .order_by(Allegation.position)
    )
    return [tuple(row) for row in rows]


def test_twenty_adds_at_once_get_numbers_one_to_twenty(sessions, session) -> None:
    case_id, _ = drafted_case(sessions)  # one allegation already
    numbers = race(*[lambda i=i: add(sessions, case_id, f"Fact {i}.") for i in range(20)])
    assert sorted(numbers) == list(range(2, 22)), numbers
    stored = positions(session, case_id)
    assert [p for p, _ in stored] == list(range(21))
    for number, text in zip(numbers, [f"Fact {i}." for i in range(20)], strict=True):
        assert stored[number - 1][1] == text  # the number replied is the one stored


def remove_first(sessions, case_id: int) -> str:
    with unit_of_work(sessions) as session:
        return remove_paragraph(
            session=session,
            case=session.get(Case, case_id),
            kind=ALLEGATION,
            number=1,
            actor="U0ALICE",
        ).text


def test_two_removals_of_number_one_remove_one_paragraph_each(sessions, session) -> None:
    case_id, _ = drafted_case(sessions)  # "It was closed." is number 1
    add(sessions, case_id, "He was arrested.")
    add(sessions, case_id, "He was released.")
    removed = race(lambda: remove_first(sessions, case_id), lambda: remove_first(sessions, case_id))
    assert sorted(removed) == ["He was arrested.", "It was closed."]
    assert positions(session, case_id) == [(0, "He was released.")]
    removals = select(func.count(AuditEntry.id)).where(
        AuditEntry.case_id == case_id, AuditEntry.action == "allegation-remove"
    )
    assert session.scalar(removals) == 2


def test_removal_of_the_last_paragraph_twice_removes_it_once(sessions, session) -> None:
    case_id, _ = drafted_case(sessions)  # a single allegation
    outcomes = race(
        lambda: remove_first(sessions, case_id), lambda: remove_first(sessions, case_id)
    )
    assert outcomes.count("It was closed.") == 1, outcomes
    (refused,) = [o for o in outcomes if isinstance(o, UserError)]
    assert "no allegations" in str(refused)
    assert positions(session, case_id) == []
