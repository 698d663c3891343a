"""Allegations, body paragraphs and questions: numbered paragraphs of a case, audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.audit.service import record
from bot.cases.models import Allegation, BodyParagraph, Case, CaseCitation, Question
from bot.cases.ordering import move, pick, renumber
from bot.cases.service import check_editable, check_paragraph, lock_case, mark_changed

Kind = Literal["allegation", "question", "body paragraph"]
Paragraph = Allegation | Question | BodyParagraph


@dataclass(frozen=True)
class ParagraphKind:
    """Where one kind of paragraph lives on a case."""

    name: Kind
    model: type[Allegation] | type[Question] | type[BodyParagraph]
    attribute: str

    @property
    def action(self) -> str:
        """The audit trail's word for it: "allegation", "question", "body-paragraph"."""
        return self.name.replace(" ", "-")


ALLEGATION = ParagraphKind(
    "allegation",
    Allegation,
    "allegations",
)
QUESTION = ParagraphKind(
    "question",
    Question,
    "questions",
)

BODY = ParagraphKind(
    "body paragraph",
    BodyParagraph,
    "body_paragraphs",
)


def paragraphs(case: Case, kind: ParagraphKind) -> list[Paragraph]:
    """The case's paragraphs of this kind, in order (all of one model: ``kind.model``)."""
    return getattr(case, kind.attribute)


def content_counts(*, session: Session, case_id: int) -> tuple[int, int, int]:
    """How many allegations, annex items and questions the case has, in one query."""

    def count(model: type[Allegation] | type[CaseCitation] | type[Question]) -> Any:
        return (
            select(func.count())
            .select_from(model)
            .where(model.case_id == case_id)
            .scalar_subquery()
        )

    row = session.execute(select(count(Allegation), count(CaseCitation), count(Question))).one()
    return row[0], row[1], row[2]


def add_paragraph(
    *, session: Session, case: Case, kind: ParagraphKind, text: str, actor: str
) -> int:
    """Append a paragraph; returns its number (1-based) as stored.

    The next position is asked of the database under the case's lock: the case's other
    paragraphs are not loaded, so appending costs the same however long the letter is.
    """
    text = check_paragraph(text, what=kind.name)
    case = lock_case(session=session, case_id=case.id)
    check_editable(case)
    model = kind.model
    position = session.scalar(
        select(func.coalesce(func.max(model.position) + 1, 0)).where(model.case_id == case.id)
    )
    item = model(case_id=case.id, text=text, position=position)
    session.add(item)
    mark_changed(case)
    session.flush()  # UNIQUE (case_id, position) has the last word on the number
    number = item.position + 1
    record(
        session=session,
        actor=actor,
        action=f"{kind.action}-add",
        case_id=case.id,
        field=f"{kind.name} {number}",
        new=text,
    )
    return number


def edit_paragraph(
    *, session: Session, case: Case, kind: ParagraphKind, number: str | int, text: str, actor: str
) -> int:
    """Replace the text of paragraph ``number``."""
    text = check_paragraph(text, what=kind.name)
    case = lock_case(session=session, case_id=case.id)
    check_editable(case)
    items = paragraphs(case, kind)
    item = pick(items, number, what=kind.name)
    old, item.text = item.text, text
    mark_changed(case)
    n = items.index(item) + 1
    record(
        session=session,
        actor=actor,
        action=f"{kind.action}-edit",
        case_id=case.id,
        field=f"{kind.name} {n}",
        old=old,
        new=text,
    )
    return n


def remove_paragraph(
    *, session: Session, case: Case, kind: ParagraphKind, number: str | int, actor: str
) -> str:
    """Remove the paragraph numbered ``number`` when the case is locked; returns its text.

    Two people removing "1" at once remove one paragraph each: the second removes what is
    number 1 after the first removal (or is refused when there is none left), and the reply
    quotes the text removed so each sees what went.
    """
    case = lock_case(session=session, case_id=case.id)
    check_editable(case)
    items = paragraphs(case, kind)
    item = pick(items, number, what=kind.name)
    n = items.index(item) + 1
    items.remove(item)
    renumber(items)
    mark_changed(case)
    record(
        session=session,
        actor=actor,
        action=f"{kind.action}-remove",
        case_id=case.id,
        field=f"{kind.name} {n}",
        old=item.text,
    )
    return item.text


def move_paragraph(
    *,
    session: Session,
    case: Case,
    kind: ParagraphKind,
    number: str | int,
    to: str | int,
    actor: str,
) -> None:
    """Move paragraph ``number`` to position ``to``."""
    case = lock_case(session=session, case_id=case.id)
    check_editable(case)
    items = paragraphs(case, kind)
    move(items, number, to, what=kind.name)
    renumber(items)
    mark_changed(case)
    record(
        session=session,
        actor=actor,
        action=f"{kind.action}-move",
        case_id=case.id,
        field=kind.name,
        old=str(number),
        new=str(to),
    )
