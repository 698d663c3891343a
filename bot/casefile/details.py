"""What /case show needs of a case: the columns each section prints, in prebuilt queries.

No collection of the case is loaded as objects (the mandates' registry columns, the drafts'
letters, whole clearances): each section reads rows of the few columns it prints, and the
case's mandates, its latest draft and who cleared it come in one row per mandate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Exists, FromClause, Integer, and_, bindparam, exists, select
from sqlalchemy.orm import Session

from bot.casefile.latest import LATEST, Extend, extended, latest_version_of
from bot.cases.enums import CitationForm
from bot.cases.follow_ups import RelatedCommunication, related_communications
from bot.cases.letter_models import (
    AddresseeReply,
    Clearance,
    DraftVersion,
    ReplyDocument,
    ReviewComment,
)
from bot.cases.models import Allegation, BodyParagraph, Case, CaseCitation, CaseMandate, Question
from bot.cases.paragraphs import paragraph_count
from bot.mandates.models import Mandate

SHOWN_ALLEGATIONS = 30  # more than one message can show; the rest are counted
SHOWN_COMMENTS = 8  # the latest review comments


@dataclass(frozen=True, slots=True)
class MandateLine:
    code: str
    title: str
    cleared_by: str | None  # who cleared the latest draft for it, if anyone has


@dataclass(frozen=True, slots=True)
class CitationLine:
    form: CitationForm
    key: str | None
    pinpoint: str | None
    topic: str | None
    quote: str | None
    text: str | None


@dataclass(frozen=True, slots=True)
class VersionLine:
    id: int
    number: int  # versions are numbered from 1: the latest's number is how many there are
    language: str
    made_by: str
    made_at: dt.datetime
    content_version: int  # the case's when it was made: current if the case's is the same


@dataclass(frozen=True, slots=True)
class DocumentLine:
    reply_id: int | None  # None: waiting for the next reply recorded
    name: str
    permalink: str | None


@dataclass(frozen=True, slots=True)
class ReplyLine:
    received_on: dt.date
    summary: str | None
    id: int = 0
    language: str | None = None
    confidential: bool = False
    translation_requested_on: dt.date | None = None
    translation_received_on: dt.date | None = None
    cleared_by: str | None = None
    cleared_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class CommentLine:
    author: str
    kind: str
    text: str
    version_number: int | None  # of the draft it is about, if any


@dataclass(frozen=True)
class CaseDetails:
    """The case and what its sections print, each collection in its order."""

    case: Case
    mandates: list[MandateLine]  # in signing order
    allegations: list[str]  # the texts of the first SHOWN_ALLEGATIONS
    allegation_count: int
    questions: list[str]
    citations: list[CitationLine]
    latest_version: VersionLine | None
    replies: list[ReplyLine]  # by date received
    documents: list[DocumentLine]  # of the replies and waiting for one, as shared
    comments: list[CommentLine]  # the latest SHOWN_COMMENTS, oldest first
    extra: tuple[Any, ...] = ()  # the columns an ``extend`` hook added, in its order
    # The communications it follows up and its follow-ups, with their replies (/case follow-up).
    related: tuple[RelatedCommunication, ...] = ()
    body_paragraphs: list[str] = field(default_factory=list)  # after the concern, in order

    @property
    def is_joint(self) -> bool:
        return len(self.mandates) > 1


# Built once: a statement built per request costs more than running it.
_CASE = bindparam("case", type_=Integer)
_cases = Case.__table__
_links = CaseMandate.__table__
_mandates = Mandate.__table__
_allegations = Allegation.__table__
_questions = Question.__table__
_bodies = BodyParagraph.__table__
_citations = CaseCitation.__table__
_versions = DraftVersion.__table__
_clearances = Clearance.__table__
_replies = AddresseeReply.__table__
_comments = ReviewComment.__table__
_documents = ReplyDocument.__table__


def _any(table: FromClause) -> Exists:
    """Whether the case has rows in ``table``: the first row found answers."""
    return exists().where(table.c.case_id == _cases.c.id).correlate(_cases)


_later = _cases.alias("later")
# Whether a follow-up of the case was opened (one that it follows is its own column).
_ANY_FOLLOW_UP = exists().where(_later.c.follows_case_id == _cases.c.id).correlate(_cases)


# One row per mandate, in signing order (one row with no mandate if it has none): the case,
# the mandate, who cleared the latest draft for it, that draft's columns, how many
# allegations there are and whether the other collections have any (an empty one is then
# not asked for). What is asked of the collections costs the same however long they are.
_CASE_ROWS = (
    select(
        Case,
        _mandates.c.code,
        _mandates.c.title,
        _clearances.c.cleared_by,
        LATEST.c.id,
        LATEST.c.number,
        LATEST.c.language,
        LATEST.c.made_by,
        LATEST.c.made_at,
        LATEST.c.content_version,
        paragraph_count(Allegation),
        _any(_questions),
        _any(_citations),
        _any(_replies),
        _any(_comments),
        _any(_documents),
        _ANY_FOLLOW_UP,
        _any(_bodies),
    )
    .select_from(
        _cases.outerjoin(_links, _links.c.case_id == _cases.c.id)
        .outerjoin(_mandates, _mandates.c.id == _links.c.mandate_id)
        .outerjoin(LATEST, latest_version_of(_cases))
        .outerjoin(
            _clearances,
            and_(
                _clearances.c.version_id == LATEST.c.id,
                _clearances.c.mandate_id == _mandates.c.id,
            ),
        )
    )
    .where(_cases.c.id == _CASE)
    .order_by(_links.c.position)
)
_ALLEGATIONS = (
    select(_allegations.c.text)
    .where(_allegations.c.case_id == _CASE)
    .order_by(_allegations.c.position)
    .limit(bindparam("shown", type_=Integer))
)
_QUESTIONS = (
    select(_questions.c.text).where(_questions.c.case_id == _CASE).order_by(_questions.c.position)
)
_BODIES = select(_bodies.c.text).where(_bodies.c.case_id == _CASE).order_by(_bodies.c.position)
_CITATIONS = (
    select(
        _citations.c.form,
        _citations.c.key,
        _citations.c.pinpoint,
        _citations.c.topic,
        _citations.c.quote,
        _citations.c.text,
    )
    .where(_citations.c.case_id == _CASE)
    .order_by(_citations.c.position)
)
_REPLIES = (
    select(
        _replies.c.received_on,
        _replies.c.summary,
        _replies.c.id,
        _replies.c.language,
        _replies.c.confidential,
        _replies.c.translation_requested_on,
        _replies.c.translation_received_on,
        _replies.c.cleared_by,
        _replies.c.cleared_on,
    )
    .where(_replies.c.case_id == _CASE)
    .order_by(_replies.c.received_on, _replies.c.id)
)
_DOCUMENTS = (
    select(_documents.c.reply_id, _documents.c.name, _documents.c.permalink)
    .where(_documents.c.case_id == _CASE)
    .order_by(_documents.c.id)
)
_COMMENTS = (
    select(_comments.c.author, _comments.c.kind, _comments.c.text, _versions.c.number)
    .select_from(_comments.outerjoin(_versions, _versions.c.id == _comments.c.version_id))
    .where(_comments.c.case_id == _CASE)
    .order_by(_comments.c.created_at.desc(), _comments.c.id.desc())
    .limit(SHOWN_COMMENTS)
)


def case_details(
    *,
    session: Session,
    case_id: int,
    shown: int = SHOWN_ALLEGATIONS,
    extend: Extend | None = None,
) -> CaseDetails | None:
    """What /case show prints of the case (None if there is no such case): only the first
    ``shown`` allegations (with their count), not every paragraph; the latest draft only,
    with who cleared it for each mandate; no query for a collection the case has none of.
    ``extend`` adds the caller's columns (one value per case, or per latest draft) to the
    statement that reads the case (``extra``)."""
    run = session.execute
    ids = {"case": case_id}
    statement, width = extended(_CASE_ROWS, extend)
    rows = run(statement, ids).all()
    if not rows:
        return None
    case = rows[0][0]
    mandates = [MandateLine(*row[1:4]) for row in rows if row[1] is not None]
    latest = VersionLine(*rows[0][4:10]) if rows[0][4] is not None else None
    allegations, questions, citations, replies, comments, documents, followed_up, bodies = rows[0][
        10:width
    ]
    texts = (
        list(run(_ALLEGATIONS, {"case": case_id, "shown": shown}).scalars()) if allegations else []
    )
    return CaseDetails(
        case=case,
        mandates=mandates,
        allegations=texts,
        # All of them when fewer than asked came; the count (read a moment before) otherwise.
        allegation_count=len(texts) if len(texts) < shown else max(allegations, shown),
        questions=list(run(_QUESTIONS, ids).scalars()) if questions else [],
        citations=[CitationLine(*row) for row in run(_CITATIONS, ids)] if citations else [],
        latest_version=latest,
        replies=[ReplyLine(*row) for row in run(_REPLIES, ids)] if replies else [],
        documents=[DocumentLine(*row) for row in run(_DOCUMENTS, ids)] if documents else [],
        comments=[CommentLine(*row) for row in reversed(run(_COMMENTS, ids).all())]
        if comments
        else [],
        extra=tuple(rows[0][width:]),
        related=tuple(related_communications(session=session, case=case))
        if followed_up or case.follows_case_id is not None
        else (),
        body_paragraphs=list(run(_BODIES, ids).scalars()) if bodies else [],
    )
