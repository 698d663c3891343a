"""How old a registry row is: resolution dates by session, renewal periods, confirmations."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.mandates.freshness import Staleness, renewal_due, resolution_date, row_problems
from bot.mandates.models import Mandate
from bot.mandates.provenance import confirm, is_confirmed, record_edit, record_shipped

TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("number", "adopted"),
    [
        ("7/36", dt.date(2008, 4, 1)),  # the first regular session of a three-a-year rhythm
        ("32/32", dt.date(2016, 7, 1)),  # adopted on 1 July 2016
        ("41/12", dt.date(2019, 7, 1)),  # July 2019
        ("51/8", dt.date(2022, 10, 1)),  # 6 October 2022
        ("55/3", dt.date(2024, 4, 1)),  # March 2024
        ("57/31", dt.date(2024, 10, 1)),  # October 2024
        ("5/1", None),  # before 2008: no regular rhythm to date it by
    ],
)
def test_a_resolution_is_dated_by_its_session(number: str, adopted: dt.date | None) -> None:
    assert resolution_date(number) == adopted


def _mandate(**values) -> Mandate:
    return Mandate(code="SRX", title="Special Rapporteur on X", holders=["A"], **values)


def test_renewal_periods_by_kind() -> None:
    thematic = _mandate(kind="thematic", resolutions=["CHR 2004/37", "41/12", "32/32"])
    assert renewal_due(thematic) == ("41/12", dt.date(2022, 7, 1))
    country = _mandate(kind="country", resolutions=["57/31"])
    assert renewal_due(country) == ("57/31", dt.date(2025, 10, 1))
    assert renewal_due(_mandate(kind="thematic", resolutions=["article 41 of the ACHR x"])) is None
    in_term = _mandate(kind="thematic", resolutions=["57/31"])
    assert not [p for p in row_problems(in_term, today=TODAY, max_age_days=180)
                if p.staleness is Staleness.EXPIRED_BASIS]  # fmt: skip
    expired = row_problems(country, today=TODAY, max_age_days=180)
    assert [p.staleness for p in expired] == [Staleness.UNCONFIRMED, Staleness.EXPIRED_BASIS]
    assert "the 1 year a country mandate runs" in expired[1].message


def test_a_row_is_confirmed_until_it_changes_or_the_limit_passes() -> None:
    mandate = _mandate(kind="thematic", resolutions=["57/31"])
    loaded = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    record_shipped(mandate, "holders", source="src", as_of="2024-06-28", at=loaded)
    assert not is_confirmed(mandate)
    confirm(mandate, actor="U0ALICE", at=loaded + dt.timedelta(days=1))
    assert is_confirmed(mandate)
    assert row_problems(mandate, today=TODAY, max_age_days=180) == []
    old = row_problems(mandate, today=TODAY + dt.timedelta(days=181), max_age_days=180)
    assert [p.staleness for p in old] == [Staleness.OLD_CONFIRMATION]
    record_edit(mandate, "bases", actor="U0BOB", at=loaded + dt.timedelta(days=2))
    assert not is_confirmed(mandate)
    (problem,) = row_problems(mandate, today=TODAY, max_age_days=180)
    assert problem.staleness is Staleness.UNCONFIRMED
    assert "changed since its confirmation on 2026-12-02" in problem.message
    assert "holders shipped: src, as of 2024-06-28" in problem.message
