"""Clearance rules at the service level, including two people clearing at the same moment."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from bot.cases.letter_models import Clearance
from bot.errors import Conflict, NotAllowed
from tests.factories import clear_by as clear
from tests.factories import drafted_case

TODAY = dt.date(2017, 1, 20)


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
