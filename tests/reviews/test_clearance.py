"""Clearance rules at the service level, including two people clearing at the same moment."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from bot.cases.enums import LetterType
from bot.cases.paragraphs import ALLEGATION, QUESTION, add_paragraph
from bot.cases.service import open_case
from bot.db import unit_of_work
from bot.errors import Conflict, NotAllowed
from bot.mandates.models import Mandate
from bot.reviews.clearance import clear_version
from bot.reviews.drafts import make_draft
from bot.reviews.models import Clearance

TODAY = dt.date(2017, 1, 20)


def drafted_case(sessions, *, approvers: list[str] | None = None) -> tuple[int, int]:
    with unit_of_work(sessions) as session:
        if approvers is not None:
            session.scalar(select(Mandate).where(Mandate.code == "FOAA")).approvers = approvers
        case = open_case(
            session=session,
            channel_id="C0",
            country="KAZ",
            letter_type=LetterType.AL,
            mandates=["FOAA", "HRD"],
            subject="the closure of a union",
            opened_by="U0ALICE",
            today=TODAY,
        )
        add_paragraph(
            session=session, case=case, kind=ALLEGATION, text="It was closed.", actor="U0ALICE"
        )
        add_paragraph(
            session=session, case=case, kind=QUESTION, text="Please explain.", actor="U0ALICE"
        )
        draft = make_draft(session=session, case=case, actor="U0ALICE", today=TODAY)
        return case.id, draft.version.id


def clear(sessions, case_id: int, version_id: int, user: str, code: str | None = None):
    from bot.cases.models import Case
    from bot.reviews.models import DraftVersion

    with unit_of_work(sessions) as session:
        return clear_version(
            session=session,
            case=session.get(Case, case_id),
            version=session.get(DraftVersion, version_id),
            actor=user,
            mandate_code=code,
        ).cleared


def test_two_people_clearing_at_once_record_one_clearance(sessions, session) -> None:
    case_id, version_id = drafted_case(sessions)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def click(user: str) -> None:
        barrier.wait(timeout=10)
        try:
            outcomes.append([m.code for m in clear(sessions, case_id, version_id, user, "FOAA")])
        except Conflict as error:
            outcomes.append(error)

    threads = [threading.Thread(target=click, args=(u,)) for u in ("U0BOB", "U0CAROL")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(map(str, outcomes)).count("['FOAA']") == 1, outcomes
    assert session.scalar(select(func.count(Clearance.id))) == 1


def test_approvers_only_and_never_the_drafter(sessions, session) -> None:
    case_id, version_id = drafted_case(sessions, approvers=["U0CAROL"])
    with pytest.raises(NotAllowed, match="cannot clear"):
        clear(sessions, case_id, version_id, "U0ALICE")
    # Bob is no approver of FOAA, but HRD has none, so anyone but the drafter clears HRD
    assert [m.code for m in clear(sessions, case_id, version_id, "U0BOB")] == ["HRD"]
    with pytest.raises(NotAllowed, match="not an approver"):
        clear(sessions, case_id, version_id, "U0BOB", "FOAA")
    assert [m.code for m in clear(sessions, case_id, version_id, "U0CAROL")] == ["FOAA"]
    assert session.scalar(select(func.count(Clearance.id))) == 2
