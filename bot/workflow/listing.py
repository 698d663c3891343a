"""/case list: the channel's cases, filtered, what needs attention first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from bot.cases.countries import resolve_country
from bot.cases.enums import CaseStatus
from bot.cases.models import Case, CaseMandate
from bot.errors import Invalid
from bot.mandates.models import Mandate
from bot.reviews.models import DraftVersion
from bot.workflow.state import CaseState, attention_rank, case_state

PAGE_SIZE = 40


@dataclass(frozen=True)
class ListedCase:
    """A case with what it needs, for sorting and showing."""

    case: Case
    state: CaseState
    label: str


@dataclass(frozen=True)
class CaseList:
    """One page of a filtered list."""

    title: str
    items: list[ListedCase]
    page: int
    pages: int
    total: int


def _parse(words: list[str]) -> tuple[str, int]:
    page = 1
    if len(words) >= 2 and words[-2].lower() == "page":
        if not words[-1].isdigit() or int(words[-1]) < 1:
            raise Invalid("Give a page number, e.g. page 2.")
        page = int(words[-1])
        words = words[:-2]
    return " ".join(words).strip(), page


def list_cases(*, session: Session, channel_id: str, text: str, today: dt.date) -> CaseList:
    """The channel's cases matching the filter, sorted by attention, one page."""
    what, page = _parse(text.split())
    query = (
        select(Case)
        .where(Case.channel_id == channel_id)
        .options(
            # Each collection loaded in its own query costs more than the rows: the few
            # mandates and replies come joined to their case, the drafts in one more query.
            joinedload(Case.mandate_links),
            joinedload(Case.replies),
            selectinload(Case.versions).selectinload(DraftVersion.clearances),
        )
    )
    key = what.lower()
    title = "Open cases"
    state_filter: set[CaseState] | None = None
    if key in {"", "open"}:
        query = query.where(Case.status == CaseStatus.OPEN)
    elif key == "closed":
        query = query.where(Case.status == CaseStatus.CLOSED)
        title = "Closed cases"
    elif key == "all":
        title = "All cases"
    elif key in {"overdue", "due"}:
        query = query.where(Case.status == CaseStatus.OPEN)
        state_filter = (
            {CaseState.OVERDUE} if key == "overdue" else {CaseState.OVERDUE, CaseState.SENT}
        )
        title = "Overdue replies" if key == "overdue" else "Replies due"
    else:
        mandate = session.scalar(select(Mandate).where(Mandate.code == what.upper()))
        country = resolve_country(what)
        if mandate is not None:
            query = query.where(
                Case.id.in_(select(CaseMandate.case_id).where(CaseMandate.mandate_id == mandate.id))
            )
            title = f"Cases of {mandate.code}"
        elif country is not None:
            query = query.where(Case.country_code == country)
            title = f"Cases concerning {country}"
        else:
            raise Invalid(f"{what!r} is neither a filter, a country nor a mandate code.")
    listed = []
    for case in session.scalars(query).unique():
        state, label = case_state(case, today=today)
        if state_filter is None or state in state_filter:
            listed.append(ListedCase(case, state, label))
    listed.sort(key=lambda item: attention_rank(item.case, item.state, today=today))
    pages = max(1, -(-len(listed) // PAGE_SIZE))
    if page > pages:
        raise Invalid(f"There are only {pages} page(s).")
    start = (page - 1) * PAGE_SIZE
    return CaseList(title, listed[start : start + PAGE_SIZE], page, pages, len(listed))
