"""Public versions made and cleared at the same moment, each in its own session and thread
(SQLite and PostgreSQL): numbers stay unique and only one clearance counts."""

from __future__ import annotations

from sqlalchemy import select

from bot.cases.letter_models import PublicVersion
from bot.cases.models import Case
from bot.db import unit_of_work
from bot.errors import Conflict
from bot.reviews.public import clear_public_version, make_public_version
from bot.reviews.sending import send_letter
from tests.factories import TODAY, drafted_case, race
from tests.factories import clear_by as clear


def sent_case_withholding(sessions, settings) -> int:
    """A sent FOAA/HRD case that withholds one name (which its letter never prints)."""
    case_id, version_id = drafted_case(sessions)
    clear(sessions, case_id, version_id, "U0BOB")
    with unit_of_work(sessions) as session:
        case = session.get(Case, case_id)
        send_letter(
            session=session,
            case=case,
            sent_on=TODAY,
            actor="U0ALICE",
            settings=settings,
            today=TODAY,
        )
        case.victims_withheld = "Ahmet Aksoy"
    return case_id


def make(sessions, case_id: int, actor: str = "U0ALICE") -> int:
    with unit_of_work(sessions) as session:
        made = make_public_version(session=session, case=session.get(Case, case_id), actor=actor)
        return made.version.number


def clear_public(sessions, case_id: int, actor: str) -> str:
    with unit_of_work(sessions) as session:
        cleared = clear_public_version(
            session=session, case=session.get(Case, case_id), actor=actor
        )
        return str(cleared.cleared_by)


def test_two_builds_at_once_get_two_numbers(sessions, session, settings) -> None:
    case_id = sent_case_withholding(sessions, settings)
    numbers = race(*[lambda: make(sessions, case_id) for _ in range(3)])
    assert sorted(numbers) == [1, 2, 3]  # type: ignore[type-var]
    (finding,) = session.scalars(select(PublicVersion)).first().findings
    assert finding["code"] == "withheld-not-found" and "A.A." in finding["message"]


def test_two_clearances_at_once_clear_it_once(sessions, session, settings) -> None:
    case_id = sent_case_withholding(sessions, settings)
    make(sessions, case_id)
    outcomes = race(
        lambda: clear_public(sessions, case_id, "U0BOB"),
        lambda: clear_public(sessions, case_id, "U0CAROL"),
    )
    winners = [o for o in outcomes if isinstance(o, str)]
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(winners) == 1 and len(refused) == 1 and "frozen" in str(refused[0])
    (version,) = session.scalars(select(PublicVersion)).all()
    assert version.cleared_by == winners[0]
    # and a build after it is refused: the cleared one is frozen
    (late,) = race(lambda: make(sessions, case_id))
    assert isinstance(late, Conflict) and "frozen" in str(late)
