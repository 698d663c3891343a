"""A case's latest draft version, joined to ``cases`` in the statement that reads the case:
no version or clearance is loaded to know its number, whether it is current, or how far it
is cleared."""

from __future__ import annotations

from sqlalchemy import ColumnElement, FromClause, ScalarSelect, and_, func, select

from bot.cases.letter_models import Clearance, DraftVersion
from bot.cases.models import CaseMandate

_VERSIONS = DraftVersion.__table__
_LINKS = CaseMandate.__table__
_CLEARANCES = Clearance.__table__

LATEST = _VERSIONS.alias("latest")  # outer-joined ON latest_version_of(cases)


def latest_version_of(cases: FromClause) -> ColumnElement[bool]:
    """The join condition of ``LATEST``: the case's version with the highest number (one
    step down the (case_id, number) index)."""
    number = (
        select(func.max(_VERSIONS.c.number))
        .where(_VERSIONS.c.case_id == cases.c.id)
        .correlate(cases)
        .scalar_subquery()
    )
    return and_(LATEST.c.case_id == cases.c.id, LATEST.c.number == number)


def cleared_count(cases: FromClause) -> ScalarSelect[int]:
    """How many of the case's co-signing mandates cleared ``LATEST`` (0 without a version)."""
    return (
        select(func.count())
        .select_from(_CLEARANCES.join(_LINKS, _LINKS.c.mandate_id == _CLEARANCES.c.mandate_id))
        .where(_CLEARANCES.c.version_id == LATEST.c.id, _LINKS.c.case_id == cases.c.id)
        .correlate(cases, LATEST)
        .scalar_subquery()
    )
