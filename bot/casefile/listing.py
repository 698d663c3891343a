"""/case list: the channel's cases, filtered, what needs attention first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session

from bot.casefile.latest import LATEST, Extend, cleared_count, extended, latest_version_of
from bot.casefile.state import CaseState, progress_state, state_rank
from bot.cases.countries import country_name, resolve_country
from bot.cases.enums import NON_STATE_CODE, CaseStatus, LetterType
from bot.cases.letter_models import AddresseeReply
from bot.cases.models import Case, CaseMandate, format_reference
from bot.errors import Invalid
from bot.grammar import counted
from bot.mandates.models import Mandate

PAGE_SIZE = 40


@dataclass(frozen=True, slots=True)
class CaseLine:
    """What a line of the list shows of a case, and what its state is read from: one row of
    one query (no case, draft or clearance loaded), its fields in the order of the query's
    columns (``_line_query``)."""

    id: int
    status: CaseStatus
    letter_type: LetterType
    reference_code: str
    reference_number: int
    reference_year: int
    country_code: str
    addressee: str | None
    subject: str
    content_version: int
    sent_on: dt.date | None
    due_on: dt.date | None
    opened_at: dt.datetime
    version_id: int | None  # the latest draft version's (its message is the Slack side's)
    version_number: int | None
    version_content: int | None  # the case content it was made from
    last_reply_on: dt.date | None
    mandate_count: int
    cleared_count: int  # the case's mandates that cleared the latest version
    public_on: dt.date | None = None  # the day the sent letter becomes public
    published_on: dt.date | None = None  # the day it was, when recorded

    @property
    def version_current(self) -> bool:
        return self.version_number is not None and self.version_content == self.content_version

    @property
    def reference(self) -> str:
        """As ``Case.reference`` prints it, e.g. ``AL KAZ 1/2017``."""
        return format_reference(
            self.letter_type, self.reference_code, self.reference_number, self.reference_year
        )

    @property
    def addressee_name(self) -> str:
        """As ``bot.cases.service.addressee_name`` names it: the State, or the named actor."""
        if self.country_code == NON_STATE_CODE:
            return self.addressee or "(addressee not set)"
        return country_name(self.country_code)


@dataclass(frozen=True)
class ListedCase:
    """A case with what it needs, for sorting and showing."""

    case: CaseLine
    state: CaseState
    label: str
    extra: tuple[Any, ...] = ()  # the columns an ``extend`` hook added, in its order


@dataclass(frozen=True)
class CaseList:
    """One page of a filtered list."""

    title: str
    items: list[ListedCase]
    page: int
    pages: int
    total: int


def _line_query() -> tuple[Select, ColumnElement[int]]:
    """The lines of a channel's cases: each case's columns, its latest version's id, number
    and content, its latest reply, its mandates and how many of them cleared that version; one row
    per case whatever the number of drafts, clearances or replies. With the rank of its state
    in the attention order (``attention_rank``), read from the same columns."""
    cases = Case.__table__
    links = CaseMandate.__table__
    replies = AddresseeReply.__table__
    last_reply = (
        select(func.max(replies.c.received_on)).where(replies.c.case_id == cases.c.id)
    ).scalar_subquery()
    mandate_count = (
        select(func.count()).select_from(links).where(links.c.case_id == cases.c.id)
    ).scalar_subquery()
    cleared = cleared_count(cases)
    lines = (
        select(
            cases.c.id,
            cases.c.status,
            cases.c.letter_type,
            cases.c.reference_code,
            cases.c.reference_number,
            cases.c.reference_year,
            cases.c.country_code,
            cases.c.addressee,
            cases.c.subject,
            cases.c.content_version,
            cases.c.sent_on,
            cases.c.due_on,
            cases.c.opened_at,
            LATEST.c.id,
            LATEST.c.number,
            LATEST.c.content_version,
            last_reply,
            mandate_count,
            cleared,
            cases.c.public_on,
            cases.c.published_on,
        )
        .select_from(cases.outerjoin(LATEST, latest_version_of(cases)))
        .where(cases.c.channel_id == bindparam("channel"))
    )
    sent = and_(cases.c.sent_on.is_not(None), cases.c.due_on.is_not(None))
    rank = sql_case(  # progress_state's decisions, in its order
        (cases.c.status == CaseStatus.CLOSED, state_rank(CaseState.CLOSED)),
        (last_reply.is_not(None), state_rank(CaseState.REPLY_RECEIVED)),
        (and_(sent, cases.c.due_on < bindparam("today")), state_rank(CaseState.OVERDUE)),
        (sent, state_rank(CaseState.SENT)),
        (LATEST.c.number.is_(None), state_rank(CaseState.DRAFT)),
        (LATEST.c.content_version != cases.c.content_version, state_rank(CaseState.DRAFT)),
        (cleared == mandate_count, state_rank(CaseState.CLEARED)),
        else_=state_rank(CaseState.IN_REVIEW),
    )
    return lines, rank


def _paged(statement: Select) -> Select:
    """One page of the lines, in the attention order: state, soonest due date, oldest; each
    row ends with how many lines there are in all (one statement, not a count and a page)."""
    return (
        statement.add_columns(_TOTAL)
        .order_by(
            _RANK,
            _CASES.c.due_on.is_(None),
            _CASES.c.due_on,
            _CASES.c.opened_at,
            _CASES.c.id,
        )
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


def _counted(statement: Select) -> Select:
    """How many lines the statement has (its columns are not computed)."""
    return statement.with_only_columns(func.count(), maintain_column_froms=True)


# Built once: a statement built per request costs more than running it.
_CASES = Case.__table__
_TOTAL = func.count().over().label("total")  # counted before LIMIT and OFFSET
_LINES, _RANK = _line_query()
_BY_STATUS = _LINES.where(_CASES.c.status == bindparam("status"))
_BY_MANDATE = _LINES.where(
    _CASES.c.id.in_(
        select(CaseMandate.__table__.c.case_id).where(
            CaseMandate.__table__.c.mandate_id == bindparam("mandate")
        )
    )
)
_BY_COUNTRY = _LINES.where(_CASES.c.country_code == bindparam("country"))
_BY_RANK = _LINES.where(
    _CASES.c.status == CaseStatus.OPEN, _RANK.in_(bindparam("ranks", expanding=True))
)
# Sent letters whose publication is not recorded, open or closed: the next to become public first.
_UNPUBLISHED = _LINES.where(_CASES.c.sent_on.is_not(None), _CASES.c.published_on.is_(None))
_MANDATE = select(Mandate.__table__.c.id, Mandate.__table__.c.code).where(
    Mandate.__table__.c.code == bindparam("code")
)
_PAGES = {
    id(q): (_paged(q), _counted(q))
    for q in (_LINES, _BY_STATUS, _BY_MANDATE, _BY_COUNTRY, _BY_RANK)
}
_PAGES[id(_UNPUBLISHED)] = (
    _UNPUBLISHED.add_columns(_TOTAL)
    .order_by(_CASES.c.public_on, _CASES.c.id)
    .limit(bindparam("limit"))
    .offset(bindparam("offset")),
    _counted(_UNPUBLISHED),
)


def _parse(words: list[str]) -> tuple[str, int]:
    page = 1
    if len(words) >= 2 and words[-2].lower() == "page":
        if not words[-1].isdigit() or int(words[-1]) < 1:
            raise Invalid("Give a page number, e.g. page 2.")
        page = int(words[-1])
        words = words[:-2]
    return " ".join(words).strip(), page


def list_cases(
    *,
    session: Session,
    channel_id: str,
    text: str,
    today: dt.date,
    extend: Extend | None = None,
) -> CaseList:
    """The channel's cases matching the filter, sorted by attention, one page read as a page
    (the order is the database's, from the same facts as ``progress_state``); ``extend``
    adds the caller's columns to the query (each item's ``extra``), read in the same one."""
    what, page = _parse(text.split())
    key = what.lower()
    title = "Open cases"
    query: Select = _BY_STATUS
    params: dict[str, object] = {"channel": channel_id, "status": CaseStatus.OPEN}
    if key in {"", "open"}:
        pass
    elif key == "closed":
        params["status"] = CaseStatus.CLOSED
        title = "Closed cases"
    elif key == "all":
        query = _LINES
        title = "All cases"
    elif key == "unpublished":
        query, params = _UNPUBLISHED, {"channel": channel_id}
        title = "Sent, publication not recorded"
    elif key in {"overdue", "due"}:
        states = [CaseState.OVERDUE] if key == "overdue" else [CaseState.OVERDUE, CaseState.SENT]
        query, params = _BY_RANK, {"channel": channel_id, "ranks": [state_rank(s) for s in states]}
        title = "Overdue replies" if key == "overdue" else "Replies due"
    else:
        mandate = session.execute(_MANDATE, {"code": what.upper()}).first()
        country = resolve_country(what)
        if mandate is not None:
            query, params = _BY_MANDATE, {"channel": channel_id, "mandate": mandate.id}
            title = f"Cases of {mandate.code}"
        elif country is not None:
            query, params = _BY_COUNTRY, {"channel": channel_id, "country": country}
            title = f"Cases concerning {country}"
        else:
            raise Invalid(f"{what!r} is neither a filter, a country nor a mandate code.")
    paged, count_of = _PAGES[id(query)]
    params |= {"today": today, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE}
    statement, width = extended(paged, extend)
    rows = session.execute(statement, params).all()
    # An empty channel, or a page past the last: counted apart, to say which.
    total = rows[0][width - 1] if rows else (session.scalar(count_of, params) or 0)
    pages = max(1, -(-total // PAGE_SIZE))
    if page > pages:
        raise Invalid(f"There {'is' if pages == 1 else 'are'} only {counted(pages, 'page')}.")
    listed = []
    for row in rows:
        line = CaseLine(*row[: width - 1])
        state, label = progress_state(line, today=today)
        if key == "unpublished" and line.public_on is not None:
            label = f"{label} · public on {line.public_on.isoformat()}"
        listed.append(ListedCase(line, state, label, tuple(row[width:])))
    return CaseList(title, listed, page, pages, total)
