"""The annex and ratification services against a real database session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.audit.models import AuditEntry
from bot.cases.enums import CaseStatus, CitationForm
from bot.cases.models import Case
from bot.citations.library import LIBRARY
from bot.citations.models import Ratification
from bot.citations.service import (
    RatificationStatus,
    UnknownKey,
    add_annex_text,
    add_citation,
    annex_checks,
    check_ratification,
    describe_citation,
    move_citation,
    parse_date,
    ratification_for,
    record_ratification,
    remove_citation,
)
from bot.errors import Invalid, UserError
from tests.factories import opened_case

TODAY = dt.date(2017, 1, 20)


@pytest.fixture
def db(sessions: sessionmaker[Session]) -> Iterator[Session]:
    with sessions() as session:
        yield session


def new_case(db: Session, country: str = "KAZ") -> Case:
    return opened_case(
        db, country=country, subject="the permanent closure of a trade union confederation"
    )


def actions(db: Session, action: str) -> list[AuditEntry]:
    return list(db.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_ratification_for_shipped_data(db: Session) -> None:
    iccpr = ratification_for(session=db, key="ICCPR", country="KAZ")
    assert iccpr is not None
    assert (iccpr.date, iccpr.source, iccpr.action) == (
        dt.date(2006, 1, 24),
        "untc",
        "ratification",
    )
    assert ratification_for(session=db, key="CCPR", country="kaz") == iccpr
    c87 = ratification_for(session=db, key="c87", country="KAZ")
    assert c87 is not None and (c87.date, c87.source) == (dt.date(2000, 12, 13), "ilo")
    assert ratification_for(session=db, key="ICRMW", country="KAZ") is None
    assert ratification_for(session=db, key="NOPE", country="KAZ") is None


def test_team_date_wins_over_shipped(db: Session) -> None:
    change = record_ratification(
        session=db,
        country="Kazakhstan",
        key="iccpr",
        date=dt.date(2006, 1, 25),
        entered_by="U0BOB",
        today=TODAY,
    )
    assert change.changed and change.country == "KAZ" and change.entry.key == "ICCPR"
    assert change.previous is not None and change.previous.source == "untc"
    info = ratification_for(session=db, key="ICCPR", country="KAZ")
    assert info is not None
    assert (info.date, info.source, info.entered_by) == (dt.date(2006, 1, 25), "team", "U0BOB")
    assert info.entered_at is not None
    [entry] = actions(db, "ratification")
    assert (entry.case_id, entry.field, entry.old_value, entry.new_value) == (
        None,
        "ICCPR KAZ",
        "2006-01-24",
        "2006-01-25",
    )


def test_record_ratification_upserts(db: Session) -> None:
    for date in (dt.date(2010, 1, 1), dt.date(2011, 2, 2), dt.date(2011, 2, 2)):
        record_ratification(
            session=db, country="KAZ", key="ICRMW", date=date, entered_by="U0ALICE", today=TODAY
        )
    rows = db.scalars(select(Ratification)).all()
    assert [(r.key, r.country, r.date) for r in rows] == [("ICRMW", "KAZ", dt.date(2011, 2, 2))]
    assert [e.new_value for e in actions(db, "ratification")] == ["2010-01-01", "2011-02-02"]


@pytest.mark.parametrize(
    ("country", "key", "date", "message"),
    [
        ("KAZ", "ICCPR", dt.date(2017, 1, 21), "in the future"),
        ("KAZ", "UNDHRD", dt.date(2000, 1, 1), "declaration"),
        ("KAZ", "HRC-24/5", dt.date(2000, 1, 1), "resolution"),
        ("OTH", "ICCPR", dt.date(2000, 1, 1), "not a State"),
        ("Narnia", "ICCPR", dt.date(2000, 1, 1), "not a country I know"),
        ("KAZ", "ICCRP", dt.date(2000, 1, 1), "Did you mean ICCPR"),
    ],
)
def test_record_ratification_refusals(
    db: Session, country: str, key: str, date: dt.date, message: str
) -> None:
    with pytest.raises(UserError, match=message) as raised:
        record_ratification(
            session=db, country=country, key=key, date=date, entered_by="U0ALICE", today=TODAY
        )
    # What was wrong, in the domain's words: the handler that ran the command adds the usage.
    assert isinstance(raised.value, Invalid) and raised.value.usage is None
    assert db.scalars(select(Ratification)).all() == []


def test_parse_date() -> None:
    assert parse_date("2006-01-24") == dt.date(2006, 1, 24)
    with pytest.raises(UserError, match="not a date that exists"):
        parse_date("2017-02-30")
    with pytest.raises(UserError, match="YYYY-MM-DD"):
        parse_date("24 January 2006")


def test_check_ratification_statuses(db: Session) -> None:
    def status(key: str, country: str) -> RatificationStatus:
        return check_ratification(session=db, entry=LIBRARY[key], country=country).status

    assert status("ICCPR", "KAZ") is RatificationStatus.PARTY
    assert status("ICRMW", "KAZ") is RatificationStatus.MISSING
    assert status("ILO-C87", "FRA") is RatificationStatus.MISSING
    assert status("UNDHRD", "KAZ") is RatificationStatus.NOT_RATIFIABLE
    assert status("ICCPR", "OTH") is RatificationStatus.NON_STATE


def test_add_citation_stores_the_canonical_key_and_audits(db: Session) -> None:
    case = new_case(db)
    version = case.content_version
    first = add_citation(
        session=db,
        case=case,
        key="ccpr",
        pinpoint=" art.  21 ",
        topic="right to freedom of association",
        actor="U0BOB",
    )
    second = add_annex_text(session=db, case=case, text="  Free <!channel> text.  ", actor="U0BOB")
    assert (first.key, first.pinpoint, first.position, first.form) == (
        "ICCPR",
        "art. 21",
        0,
        CitationForm.LIBRARY,
    )
    assert (second.text, second.position, second.form) == ("Free <!channel> text.", 1, "text")
    assert case.content_version == version + 2
    entries = actions(db, "cite")
    assert [(e.case_id, e.actor, e.field, e.new_value) for e in entries] == [
        (case.id, "U0BOB", "annex 1", "ICCPR art. 21 (right to freedom of association)"),
        (case.id, "U0BOB", "annex 2", "text: Free <!channel> text."),
    ]
    checks = annex_checks(session=db, case=case)
    assert list(checks) == [first.id]
    assert checks[first.id].info is not None


def test_add_refusals_change_nothing(db: Session) -> None:
    case = new_case(db)
    version = case.content_version
    with pytest.raises(UserError, match="Did you mean ICCPR") as raised:
        add_citation(session=db, case=case, key="ICCRP", actor="U0ALICE")
    assert isinstance(raised.value, UnknownKey) and "/cite" not in raised.value.message
    with pytest.raises(UserError, match="empty"):
        add_annex_text(session=db, case=case, text="   ", actor="U0ALICE")
    with pytest.raises(UserError, match="quote"):
        add_citation(session=db, case=case, key="ICCPR", quote="x" * 3001, actor="U0ALICE")
    case.status = CaseStatus.CLOSED
    with pytest.raises(UserError, match="closed"):
        add_citation(session=db, case=case, key="ICCPR", actor="U0ALICE")
    assert case.citations == [] and case.content_version == version
    assert actions(db, "cite") == []


def test_remove_and_move_renumber(db: Session) -> None:
    case = new_case(db)
    for key in ("ICCPR", "HRC-24/5", "ILO-C87", "ILO-C98", "UNDHRD"):
        add_citation(session=db, case=case, key=key, actor="U0ALICE")
    removed, _removal = remove_citation(session=db, case=case, number=2, actor="U0BOB")
    assert removed.key == "HRC-24/5"
    assert [(c.key, c.position) for c in case.citations] == [
        ("ICCPR", 0),
        ("ILO-C87", 1),
        ("ILO-C98", 2),
        ("UNDHRD", 3),
    ]
    version = case.content_version
    moved = move_citation(session=db, case=case, number="#4", to=1, actor="U0BOB")
    assert moved.key == "UNDHRD"
    assert [c.key for c in case.citations] == ["UNDHRD", "ICCPR", "ILO-C87", "ILO-C98"]
    assert [c.position for c in case.citations] == [0, 1, 2, 3]
    assert case.content_version == version + 1
    move_citation(session=db, case=case, number=2, to=2, actor="U0BOB")
    assert case.content_version == version + 1
    [gone] = actions(db, "cite-remove")
    assert (gone.field, gone.old_value, gone.new_value) == ("annex 2", "HRC-24/5", None)
    [move] = actions(db, "cite-move")
    assert (move.field, move.old_value, move.new_value) == ("annex 4", "4", "1")
    with pytest.raises(UserError, match="There is no annex item 5: use 1 to 4"):
        remove_citation(session=db, case=case, number=5, actor="U0BOB")


def test_describe_citation(db: Session) -> None:
    case = new_case(db)
    citation = add_citation(
        session=db, case=case, key="HRC-24/5", pinpoint="OP2", quote="[r]emind[ed]", actor="U0A"
    )
    assert describe_citation(citation) == 'HRC-24/5 OP2 "[r]emind[ed]"'
