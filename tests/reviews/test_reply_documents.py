"""A reply's documents and what is recorded of it, through the services (SQLite and
PostgreSQL): a file shared twice at once is linked once; a reply takes the waiting ones."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot.cases.letter_models import AddresseeReply, ReplyDocument
from bot.cases.models import Case
from bot.db import unit_of_work
from bot.errors import Invalid
from bot.reviews.replies import DocumentRef, keep_thread_document, record_reply
from bot.reviews.reply_state import replies_not_cleared, set_reply_field
from tests.factories import add_sent_case, race

NOTE = DocumentRef(file_id="F0NOTE", name="Note verbale.pdf", permalink="https://x/F0NOTE")
TODAY = dt.date(2017, 4, 3)


def keep(sessions, case_id: int, document: DocumentRef) -> int | None | Exception:
    """Link the document in a transaction of its own; what went wrong is returned, not lost
    in its thread (a unique violation would mean the case's lock did not hold)."""
    try:
        with unit_of_work(sessions) as session:
            kept = keep_thread_document(
                session=session, case=session.get(Case, case_id), document=document, actor="U0BOB"
            )
            return kept.id if kept is not None else None
    except Exception as error:  # noqa: BLE001
        return error


def test_the_same_file_shared_twice_at_once_is_linked_once(sessions, session) -> None:
    with unit_of_work(sessions) as work:
        case_id = add_sent_case(work).id
    outcomes = race(lambda: keep(sessions, case_id, NOTE), lambda: keep(sessions, case_id, NOTE))
    assert sorted(type(o).__name__ for o in outcomes) == ["NoneType", "int"], outcomes
    assert session.scalar(select(func.count(ReplyDocument.id))) == 1


def test_a_reply_takes_the_waiting_documents_and_its_own(sessions, session) -> None:
    with unit_of_work(sessions) as work:
        case = add_sent_case(work)
        case_id = case.id
        keep_thread_document(session=work, case=case, document=NOTE, actor="U0BOB")
    with unit_of_work(sessions) as work:
        case = work.get(Case, case_id)
        reply = record_reply(
            session=work,
            case=case,
            received_on=dt.date(2017, 3, 20),
            summary=None,
            actor="U0ALICE",
            today=TODAY,
            language="es",
            translation_requested=True,
            documents=[DocumentRef(file_id="F0FORM", name="Respuesta.pdf")],
        )
        assert [d.file_id for d in reply.documents] == ["F0NOTE", "F0FORM"]
        assert (reply.language, reply.translation_requested_on) == ("es", TODAY)
        (hold,) = replies_not_cleared(case)
        assert hold.number == 1 and "translation requested 2017-04-03, not received" in hold.reasons
    rows = session.scalars(select(ReplyDocument).order_by(ReplyDocument.id)).all()
    assert [(d.file_id, d.source, d.reply_id is not None) for d in rows] == [
        ("F0NOTE", "thread", True),
        ("F0FORM", "form", True),
    ]


def test_a_reply_language_outside_the_list_is_refused(sessions, session) -> None:
    with unit_of_work(sessions) as work:
        case_id = add_sent_case(work).id
    with unit_of_work(sessions) as work:
        case = work.get(Case, case_id)
        try:
            record_reply(
                session=work,
                case=case,
                received_on=dt.date(2017, 3, 20),
                summary=None,
                actor="U0ALICE",
                today=TODAY,
                language="de",
            )
        except Invalid as error:
            assert "en, fr, es, other" in str(error)
        else:
            raise AssertionError("a reply in German was recorded")
    assert session.scalar(select(func.count(AddresseeReply.id))) == 0


def test_clearing_a_reply_then_requesting_a_translation_takes_the_clearance_back(
    sessions, session
) -> None:
    with unit_of_work(sessions) as work:
        case = add_sent_case(work)
        record_reply(
            session=work,
            case=case,
            received_on=dt.date(2017, 3, 20),
            summary=None,
            actor="U0ALICE",
            today=TODAY,
        )
        set_reply_field(
            session=work,
            case=case,
            number=None,
            field="cleared",
            value="yes",
            actor="U0BOB",
            today=TODAY,
        )
        assert replies_not_cleared(case) == []
        set_reply_field(
            session=work,
            case=case,
            number=1,
            field="translation",
            value="requested",
            actor="U0BOB",
            today=TODAY,
        )
        (hold,) = replies_not_cleared(case)
        assert hold.reasons == (
            "translation requested 2017-04-03, not received",
            "no team member cleared it for publication yet",
        )
