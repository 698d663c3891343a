"""How a change to a case is made: locked once, appended in one INSERT, marked in one UPDATE.

The guarantees stay those of the slower form: the case is locked before it changes, the next
paragraph number is the database's, and the first change after a draft voids its clearances
(a ClearancesVoided event), once.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.audit.models import AuditEntry
from bot.audit.service import record
from bot.cases.enums import LetterType
from bot.cases.models import Allegation, Case
from bot.cases.paragraphs import ALLEGATION, BODY, QUESTION, add_paragraph, paragraphs
from bot.cases.service import find_case, lock_case, mark_changed, open_case
from bot.db import begin_read, unit_of_work
from bot.events import CaseChanged, ClearancesVoided, collect_events
from bot.reviews.drafts import make_draft
from tests.factories import race
from tests.support import statements

TODAY = dt.date(2017, 1, 20)


@pytest.fixture
def case_id(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        case = open_case(
            session=session,
            channel_id="C0",
            country="KAZ",
            letter_type=LetterType.AL,
            mandates=["FOAA"],
            subject="the closure of a union",
            opened_by="U0ALICE",
            today=TODAY,
        )
        session.commit()
        return case.id


def test_a_case_found_to_change_is_locked_once(
    sessions: sessionmaker[Session], engine: Engine, case_id: int
) -> None:
    with sessions() as session, statements(engine) as seen:
        case = find_case(session=session, ref=str(case_id), channel_id="C0", lock=True)
        found = len(seen)
        assert lock_case(session=session, case_id=case_id) is case
        assert len(seen) == found  # nothing read again
        if engine.dialect.name == "postgresql":
            assert seen[-1].endswith("FOR UPDATE")


def test_a_reference_finds_and_locks_too(
    sessions: sessionmaker[Session], engine: Engine, case_id: int
) -> None:
    with sessions() as session, statements(engine) as seen:
        case = find_case(session=session, ref="AL KAZ 1/2017", channel_id="C0", lock=True)
        assert case.id == case_id
        assert lock_case(session=session, case_id=case_id) is case
        assert len([s for s in seen if s.startswith("SELECT")]) == 1


def test_the_lock_of_one_transaction_is_not_taken_for_the_next(
    sessions: sessionmaker[Session], engine: Engine, case_id: int
) -> None:
    with sessions() as session:
        find_case(session=session, ref=str(case_id), channel_id="C0", lock=True)
        session.commit()
        with statements(engine) as seen:
            lock_case(session=session, case_id=case_id)
        assert any(s.startswith("SELECT cases.") for s in seen)


def test_the_lock_taken_in_a_rolled_back_savepoint_is_taken_again(
    sessions: sessionmaker[Session], engine: Engine, case_id: int
) -> None:
    with sessions() as session:
        session.connection()
        savepoint = session.begin_nested()
        lock_case(session=session, case_id=case_id)
        savepoint.rollback()
        with statements(engine) as seen:
            lock_case(session=session, case_id=case_id)
        assert any(s.startswith("SELECT cases.") for s in seen)


def test_what_was_read_before_the_lock_is_read_again_under_it(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    with sessions() as session:
        stale = session.get(Case, case_id)
        assert stale is not None and stale.subject == "the closure of a union"
        session.commit()  # the object stays as read (expire_on_commit=False)
        with sessions() as other:
            changed = other.get(Case, case_id)
            assert changed is not None
            changed.subject = "the dissolution of a union"
            other.commit()
        case = find_case(session=session, ref=str(case_id), channel_id="C0", lock=True)
        assert case is stale and case.subject == "the dissolution of a union"


@pytest.mark.parametrize("kind", [ALLEGATION, QUESTION, BODY], ids=lambda k: k.attribute)
def test_appending_asks_the_database_for_the_number_in_one_insert(
    sessions: sessionmaker[Session], engine: Engine, case_id: int, kind
) -> None:  # noqa: ANN001
    with sessions() as session:
        case = find_case(session=session, ref=str(case_id), channel_id="C0", lock=True)
        for n in (1, 2):
            with statements(engine) as seen:
                number = add_paragraph(
                    session=session, case=case, kind=kind, text=f"Paragraph {n}.", actor="U0A"
                )
            assert number == n
            assert [s.split()[0] for s in seen] == ["INSERT", "UPDATE", "INSERT"]
        session.commit()
        assert [(p.position, p.text) for p in paragraphs(case, kind)] == [
            (0, "Paragraph 1."),
            (1, "Paragraph 2."),
        ]
        entries = session.scalars(
            select(AuditEntry.field).where(AuditEntry.action == f"{kind.action}-add")
        ).all()
        assert entries == [f"{kind.name} 1", f"{kind.name} 2"]


def test_appending_to_a_loaded_list_shows_the_new_paragraph(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    with sessions() as session:
        case = find_case(session=session, ref=str(case_id), channel_id="C0", lock=True)
        assert case.allegations == []
        add_paragraph(session=session, case=case, kind=ALLEGATION, text="One.", actor="U0A")
        assert [a.text for a in case.allegations] == ["One."]


def test_each_change_bumps_the_content_version_the_object_shows(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    with sessions() as session:
        case = lock_case(session=session, case_id=case_id)
        before, stamped = case.content_version, case.updated_at
        add_paragraph(session=session, case=case, kind=ALLEGATION, text="One.", actor="U0A")
        mark_changed(case)
        assert case.content_version == before + 2
        assert case.updated_at >= stamped
        assert not session.dirty  # the object holds what is stored
        session.commit()
        session.expire_all()
        assert case.content_version == before + 2


def test_the_first_change_after_a_draft_voids_its_clearances_once(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    with sessions() as session:
        case = lock_case(session=session, case_id=case_id)
        add_paragraph(session=session, case=case, kind=ALLEGATION, text="One.", actor="U0A")
        assert collect_events(session) == [CaseChanged(case_id=case_id)]  # no draft yet
        draft = make_draft(session=session, case=case, actor="U0ALICE", today=TODAY)
        collect_events(session)
        session.commit()
    with sessions() as session:
        case = lock_case(session=session, case_id=case_id)
        add_paragraph(session=session, case=case, kind=ALLEGATION, text="Two.", actor="U0A")
        assert collect_events(session) == [
            CaseChanged(case_id=case_id),
            ClearancesVoided(case_id=case_id, version_id=draft.version.id),
        ]
        add_paragraph(session=session, case=case, kind=QUESTION, text="Why?", actor="U0A")
        assert collect_events(session) == [CaseChanged(case_id=case_id)]  # void already
        session.commit()
    with sessions() as session:
        case = lock_case(session=session, case_id=case_id)
        mark_changed(case)
        # a later transaction: still void
        assert collect_events(session) == [CaseChanged(case_id=case_id)]


def test_only_the_latest_draft_counts(sessions: sessionmaker[Session], case_id: int) -> None:
    with sessions() as session:
        case = lock_case(session=session, case_id=case_id)
        add_paragraph(session=session, case=case, kind=ALLEGATION, text="One.", actor="U0A")
        make_draft(session=session, case=case, actor="U0ALICE", today=TODAY)
        mark_changed(case)
        second = make_draft(session=session, case=case, actor="U0ALICE", today=TODAY)
        collect_events(session)
        mark_changed(case)  # the draft made in this transaction counts, unflushed or not
        assert collect_events(session) == [
            CaseChanged(case_id=case_id),
            ClearancesVoided(case_id=case_id, version_id=second.version.id),
        ]


def test_a_case_not_stored_yet_is_marked_in_memory(sessions: sessionmaker[Session]) -> None:
    case = Case(content_version=3)
    mark_changed(case)
    assert case.content_version == 4


def test_nothing_is_recorded_in_a_transaction_begun_to_read_only(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    with sessions() as session:
        begin_read(session)
        with pytest.raises(RuntimeError, match="read only"):
            record(session=session, actor="U0A", action="set", case_id=case_id, new="x")
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 1  # "open"
        assert session.scalar(select(func.count()).select_from(Allegation)) == 0


def test_adds_at_once_through_a_found_and_locked_case_get_numbers_in_turn(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    def add(n: int) -> int:
        with unit_of_work(sessions) as session:
            case = find_case(session=session, ref=str(case_id), channel_id="C0", lock=True)
            return add_paragraph(
                session=session, case=case, kind=ALLEGATION, text=f"Fact {n}.", actor="U0A"
            )

    numbers = race(*[lambda n=n: add(n) for n in range(12)])
    assert sorted(numbers) == list(range(1, 13)), numbers
    with sessions() as session:
        stored = session.execute(
            select(Allegation.position, Allegation.text)
            .where(Allegation.case_id == case_id)
            .order_by(Allegation.position)
        ).all()
        versions = session.scalar(select(Case.content_version).where(Case.id == case_id))
    assert [position for position, _ in stored] == list(range(12))
    for n, number in enumerate(numbers):
        assert stored[number - 1].text == f"Fact {n}."
    assert versions == 1 + 12  # each add bumped the version it found
