"""A follow-up's letter cites the earlier communication by reference and date, and its reply."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from bot.cases.follow_ups import open_follow_up
from bot.cases.letter_models import AddresseeReply
from bot.cases.models import Case
from bot.letters.build import letter_input
from bot.letters.render import render_letter
from tests.factories import insert_case

REPLY = dt.date(2017, 3, 1)
SECOND_REPLY = dt.date(2017, 4, 2)

# The stock paragraph, as each language prints it: a reply, two replies, none.
EXPECTED = {
    "en": (
        "We would like to refer to our communication AL KAZ 1/2017, dated 23 January 2017.",
        "We thank your Excellency's Government for its reply of 1 March 2017.",
        "We thank your Excellency's Government for its replies of 1 March 2017 and 2 April 2017.",
        "We regret that no reply to that communication has been received to date.",
    ),
    "fr": (
        "Nous souhaiterions faire référence à notre communication AL KAZ 1/2017 en date du "
        "23 janvier 2017.",
        "Nous remercions le Gouvernement de Votre Excellence pour sa réponse du 1er mars 2017.",
        "Nous remercions le Gouvernement de Votre Excellence pour ses réponses du 1er mars 2017 "
        "et du 2 avril 2017.",
        "Nous regrettons qu'aucune réponse à cette communication n'ait été reçue à ce jour.",
    ),
    "es": (
        "Quisiéramos hacer referencia a nuestra comunicación AL KAZ 1/2017 de fecha 23 de enero "
        "de 2017.",
        "Agradecemos al Gobierno de Su Excelencia su respuesta de fecha 1 de marzo de 2017.",
        "Agradecemos al Gobierno de Su Excelencia sus respuestas de fechas 1 de marzo de 2017 y "
        "2 de abril de 2017.",
        "Lamentamos que hasta la fecha no se haya recibido respuesta a dicha comunicación.",
    ),
}
# Where it stands: after the capacity sentence, before the subject sentence.
CAPACITY = {"en": "We have the honour", "fr": "Nous avons l'honneur", "es": "Tenemos el honor"}
SUBJECT = {
    "en": "In this connection, we would",
    "fr": "Dans ce contexte,",
    "es": "En este contexto,",
}


def follow_up_of(session: Session, replies: tuple[dt.date, ...], **values: object) -> Case:
    """The seed communication (AL KAZ 1/2017, sent 23 January 2017) with these replies, and
    a follow-up of it opened in December 2026."""
    earlier = insert_case(
        session,
        number=1,
        mandates=["FOAA", "HRD"],
        sent_on=dt.date(2017, 1, 23),
        due_on=dt.date(2017, 3, 24),
        **values,
    )
    for day in replies:
        session.add(AddresseeReply(case_id=earlier.id, received_on=day, recorded_by="U0ALICE"))
    session.flush()
    session.expire(earlier, ["replies"])
    return open_follow_up(
        session=session, earlier=earlier, opened_by="U0BOB", today=dt.date(2026, 12, 7)
    )


def letter_text(session: Session, case: Case, language: str, edition: str) -> str:
    case.edition = edition
    text = render_letter(letter_input(session=session, case=case, language=language))
    return " ".join(text.to_plain_text().split())


@pytest.mark.parametrize("edition", ["current", "2017"])
@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize(
    ("replies", "answer"), [((REPLY,), 1), ((SECOND_REPLY, REPLY), 2), ((), 3)]
)
def test_the_follow_up_cites_the_earlier_reference_date_and_reply(
    session: Session,
    language: str,
    edition: str,
    replies: tuple[dt.date, ...],
    answer: int,
) -> None:
    case = follow_up_of(session, replies)
    text = letter_text(session, case, language, edition)
    paragraph = f"{EXPECTED[language][0]} {EXPECTED[language][answer]}"
    assert paragraph in text
    assert text.index(CAPACITY[language]) < text.index(paragraph) < text.index(SUBJECT[language])
    assert "AL KAZ 1/2026" in text  # its own reference heads it
    others = [line for n, line in enumerate(EXPECTED[language][1:], 1) if n != answer]
    assert not any(line in text for line in others)


def test_a_case_that_follows_none_has_no_such_paragraph(session: Session) -> None:
    case = insert_case(session, mandates=["FOAA", "HRD"])
    for language in ("en", "fr", "es"):
        assert EXPECTED[language][0][:20] not in letter_text(session, case, language, "current")


def test_the_earlier_case_s_reference_as_corrected_and_printed_is_cited(session: Session) -> None:
    case = follow_up_of(
        session, (), printed_reference="UA G/SO 214 (53-24) KAZ 1/2017", reply_days=60
    )
    text = letter_text(session, case, "en", "current")
    assert (
        "We would like to refer to our communication UA G/SO 214 (53-24) KAZ 1/2017, dated "
        "23 January 2017." in text
    )


def test_one_mandate_writes_in_the_singular_and_a_non_state_addressee_is_thanked_directly(
    session: Session,
) -> None:
    earlier = insert_case(
        session,
        country="OTH",
        number=1,
        mandates=["FOAA"],
        addressee="Acme Mining Ltd",
        sent_on=dt.date(2017, 1, 23),
    )
    session.add(AddresseeReply(case_id=earlier.id, received_on=REPLY, recorded_by="U0ALICE"))
    session.flush()
    session.expire(earlier, ["replies"])
    case = open_follow_up(
        session=session, earlier=earlier, opened_by="U0BOB", today=dt.date(2026, 12, 7)
    )
    assert case.addressee == "Acme Mining Ltd"
    text = letter_text(session, case, "en", "current")
    assert (
        "I would like to refer to my communication AL OTH 1/2017, dated 23 January 2017. "
        "I thank you for your reply of 1 March 2017." in text
    ), text
