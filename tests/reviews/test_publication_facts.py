"""What the publication reminder says of the public version: not made, made, cleared."""

from __future__ import annotations

import datetime as dt

from bot.cases.models import Case
from bot.db import unit_of_work
from bot.reviews.public import clear_public_version, make_public_version
from bot.reviews.publication import publication_facts
from bot.reviews.sending import send_letter
from tests.factories import TODAY, drafted_case
from tests.factories import clear_by as clear


def test_the_public_version_state_follows_its_record(sessions, session, settings) -> None:
    case_id, version_id = drafted_case(sessions)
    clear(sessions, case_id, version_id, "U0BOB")
    with unit_of_work(sessions) as work:
        case = work.get(Case, case_id)
        send_letter(
            session=work, case=case, sent_on=TODAY, actor="U0ALICE", settings=settings, today=TODAY
        )

    def state() -> str | None:
        session.expire_all()
        case = session.get(Case, case_id)
        assert case is not None
        return publication_facts(session, case).public_version

    assert state() == "none needed: no name is withheld"
    with unit_of_work(sessions) as work:
        work.get(Case, case_id).victims_withheld = "Ahmet Aksoy"  # type: ignore[union-attr]
    assert state() == "not made yet"
    with unit_of_work(sessions) as work:
        make_public_version(session=work, case=work.get(Case, case_id), actor="U0ALICE")
    assert state() == "v1 made, not cleared yet"
    with unit_of_work(sessions) as work:
        clear_public_version(session=work, case=work.get(Case, case_id), actor="U0BOB")
    assert state() == f"v1 cleared on {dt.datetime.now(dt.UTC).date().isoformat()}"
