"""What /case show needs of a case, loaded in a few queries whatever the case's size."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from bot.cases.models import Allegation, Case
from bot.reviews.models import DraftVersion

SHOWN_ALLEGATIONS = 30  # more than one message can show; the rest are counted


@dataclass(frozen=True)
class CaseDetails:
    """The case with its small collections loaded, and its first allegations."""

    case: Case
    allegations: list[str]  # the texts of the first SHOWN_ALLEGATIONS, in order
    allegation_count: int


def case_details(*, session: Session, case: Case, shown: int = SHOWN_ALLEGATIONS) -> CaseDetails:
    """Load the mandates, questions, annex, drafts with clearances and replies in one round,
    and only the first ``shown`` allegations (with their count), not every paragraph."""
    session.scalars(
        select(Case)
        .where(Case.id == case.id)
        .options(
            selectinload(Case.mandate_links),
            selectinload(Case.questions),
            selectinload(Case.citations),
            selectinload(Case.replies),
            selectinload(Case.versions).selectinload(DraftVersion.clearances),
        )
    ).one()
    texts = list(
        session.scalars(
            select(Allegation.text)
            .where(Allegation.case_id == case.id)
            .order_by(Allegation.position)
            .limit(shown)
        )
    )
    count = len(texts)
    if count == shown:
        count = (
            session.scalar(
                select(func.count()).select_from(Allegation).where(Allegation.case_id == case.id)
            )
            or 0
        )
    return CaseDetails(case=case, allegations=texts, allegation_count=count)
