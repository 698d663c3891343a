"""The mandate registry's services against a real database session: add, change, refuse."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.audit.models import AuditEntry
from bot.errors import Conflict, Invalid, NotFound
from bot.mandates.models import Mandate
from bot.mandates.service import (
    MandateExists,
    UnknownMandate,
    add_mandate,
    get_mandate,
    get_mandates,
    list_codes,
    list_mandates,
    update_mandate,
)

TITLE = "Special Rapporteur on the right to adequate housing"


@pytest.fixture
def db(sessions: sessionmaker[Session]) -> Iterator[Session]:
    with sessions() as session:
        yield session


def add_housing(db: Session, **changes: object) -> Mandate:
    arguments: dict = {
        "code": "housing",
        "title": f"  {TITLE}\n",
        "resolutions": ["HRC 34/9", "15/8", "34/9"],
        "holders": ["Leilani Farha"],
        "actor": "U0ALICE",
    }
    return add_mandate(session=db, **(arguments | changes))


def audit(db: Session) -> list[tuple[str | None, str | None, str | None]]:
    entries = db.scalars(
        select(AuditEntry).where(AuditEntry.action == "mandate").order_by(AuditEntry.id)
    )
    return [(e.field, e.old_value, e.new_value) for e in entries]


def test_add_stores_the_mandate_as_the_letter_prints_it(db: Session) -> None:
    mandate = add_housing(db)
    assert (mandate.code, mandate.title) == ("HOUSING", TITLE)
    assert mandate.resolutions == ["34/9", "15/8"]  # each basis once, in its stored form
    assert mandate.holders == ["Leilani Farha"] and mandate.approvers == []
    assert get_mandate(session=db, code=" housing ") is mandate
    assert "HOUSING" in list_codes(session=db)
    assert [m.code for m in list_mandates(session=db)] == sorted(list_codes(session=db))
    assert audit(db) == [
        ("HOUSING added", None, f"{TITLE} | resolutions 34/9, 15/8 | holders Leilani Farha")
    ]


def test_add_keeps_other_legal_bases_and_holder_functions(db: Session) -> None:
    mandate = add_housing(
        db,
        resolutions=["CHR 2004/37", "GA 60/251", '"article 41 of the American Convention"'],
        holders=["Elina Steinerte (Vice-Chair)", "Miriam Estrada-Castillo"],
    )
    assert mandate.resolutions == [
        "CHR 2004/37",
        "GA 60/251",
        "article 41 of the American Convention",
    ]
    assert mandate.holders == ["Elina Steinerte | Vice-Chair", "Miriam Estrada-Castillo"]


def test_a_code_is_registered_once(db: Session) -> None:
    add_housing(db)
    with pytest.raises(MandateExists) as raised:
        add_housing(db, code="HOUSING")
    assert isinstance(raised.value, Conflict) and raised.value.code == "HOUSING"
    assert "already registered" in raised.value.message


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"code": "H"}, "cannot be a mandate code"),
        ({"code": "HOUSING!"}, "cannot be a mandate code"),
        ({"title": "   "}, "title is missing"),
        ({"title": "x" * 301}, "longer than 300"),
        ({"resolutions": []}, "Give the resolution"),
        ({"resolutions": ["housing"]}, "is not a legal basis"),
        ({"holders": []}, "Give the holder's name"),
        ({"holders": ["| Chair"]}, "name is missing before the function"),
        ({"holders": [f"Holder {n}" for n in range(11)]}, "at most 10 holders"),
        ({"holders": ["x" * 121]}, "longer than 120"),
    ],
)
def test_add_refusals_change_nothing(db: Session, changes: dict, says: str) -> None:
    with pytest.raises(Invalid, match=says) as raised:
        add_housing(db, **changes)
    assert raised.value.usage is None  # the command's handler adds its usage
    assert "/mandate" not in raised.value.message
    db.rollback()
    assert "HOUSING" not in list_codes(session=db) and audit(db) == []


def test_an_unknown_code_names_the_close_ones(db: Session) -> None:
    with pytest.raises(UnknownMandate) as raised:
        get_mandates(session=db, codes=["FOAA", "NOPE"])
    assert isinstance(raised.value, NotFound) and raised.value.code == "NOPE"
    assert raised.value.message.endswith("mandates are registered.")  # many, none close
    with pytest.raises(UnknownMandate) as raised:
        get_mandates(session=db, codes=["FOAAA"])
    assert "Did you mean FOAA?" in raised.value.message
    assert "/mandate" not in raised.value.message  # the command to add one is the handler's


def test_get_mandates_keeps_the_order_given(db: Session) -> None:
    assert [m.code for m in get_mandates(session=db, codes=["hrd", "FOAA"])] == ["HRD", "FOAA"]


def test_set_title_and_its_translations(db: Session) -> None:
    add_housing(db)
    mandate = update_mandate(
        session=db,
        code="HOUSING",
        actor="U0BOB",
        title="Special Rapporteur on adequate  housing",
        translation=("fr", "Rapporteur spécial sur le logement convenable"),
    )
    assert mandate.title == "Special Rapporteur on adequate housing"
    assert mandate.title_in("fr") == "Rapporteur spécial sur le logement convenable"
    update_mandate(
        session=db, code="HOUSING", actor="U0BOB", translation=("es", "Relator Especial")
    )
    assert mandate.titles == {
        "fr": "Rapporteur spécial sur le logement convenable",
        "es": "Relator Especial",
    }
    assert audit(db)[1:] == [
        ("HOUSING title", TITLE, "Special Rapporteur on adequate housing"),
        ("HOUSING titles", "", "fr: Rapporteur spécial sur le logement convenable"),
        (
            "HOUSING titles",
            "fr: Rapporteur spécial sur le logement convenable",
            "fr: Rapporteur spécial sur le logement convenable; es: Relator Especial",
        ),
    ]


def test_set_holders_resolutions_and_approvers(db: Session) -> None:
    add_housing(db)
    mandate = update_mandate(
        session=db,
        code="HOUSING",
        actor="U0BOB",
        holders=["Balakrishnan Rajagopal"],
        resolutions=["43/14", "HRC 43/14"],
        approvers=["u0alice", "U0CAROL", "U0ALICE"],
    )
    assert mandate.holders == ["Balakrishnan Rajagopal"]
    assert mandate.resolutions == ["43/14"]
    assert mandate.approvers == ["U0ALICE", "U0CAROL"]
    fields = [field for field, _, _ in audit(db)[1:]]
    assert sorted(fields) == ["HOUSING approvers", "HOUSING holders", "HOUSING resolutions"]
    assert ("HOUSING holders", "Leilani Farha", "Balakrishnan Rajagopal") in audit(db)
    update_mandate(session=db, code="HOUSING", actor="U0BOB", approvers=[])
    assert mandate.approvers == []  # any team member may clear again


def test_an_unchanged_value_is_not_audited(db: Session) -> None:
    add_housing(db)
    update_mandate(session=db, code="HOUSING", actor="U0BOB", holders=["Leilani Farha"])
    assert len(audit(db)) == 1


def test_set_the_mandate_paragraph_per_language(db: Session) -> None:
    add_housing(db)
    update_mandate(session=db, code="HOUSING", actor="U0BOB", paragraph=("en", "  Our note.  "))
    mandate = update_mandate(
        session=db, code="HOUSING", actor="U0BOB", paragraph=("fr", "Notre note.")
    )
    assert mandate.paragraphs == {"en": "Our note.", "fr": "Notre note."}
    assert mandate.paragraph_in("fr") == "Notre note."
    update_mandate(session=db, code="HOUSING", actor="U0BOB", paragraph=("en", "none"))
    assert mandate.paragraphs == {"fr": "Notre note."}
    update_mandate(session=db, code="HOUSING", actor="U0BOB", paragraph=("fr", "-"))
    assert mandate.paragraphs is None


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"title": ""}, "title is missing"),
        ({"translation": ("fr", " ")}, "title is missing"),
        ({"resolutions": ["30"]}, "is not a legal basis"),
        ({"holders": [" "]}, "Give the holder's name"),
        ({"approvers": ["@bob"]}, "is not a Slack user"),
        ({"approvers": [f"U0{n:04d}" for n in range(31)]}, "at most 30 approvers"),
        ({"paragraph": ("en", "  ")}, "Give the paragraph's text"),
        ({"paragraph": ("en", "x" * 3001)}, "keep it under 3000"),
    ],
)
def test_set_refusals_change_nothing(db: Session, changes: dict, says: str) -> None:
    before = add_housing(db)
    db.commit()
    with pytest.raises(Invalid, match=says) as raised:
        update_mandate(session=db, code="HOUSING", actor="U0BOB", **changes)
    assert raised.value.usage is None
    db.rollback()
    mandate = get_mandate(session=db, code="HOUSING")
    assert mandate is before and mandate.title == TITLE and mandate.approvers == []
    assert len(audit(db)) == 1


def test_set_refuses_an_unknown_mandate(db: Session) -> None:
    with pytest.raises(UnknownMandate):
        update_mandate(session=db, code="NOPE", actor="U0BOB", title="A title")
