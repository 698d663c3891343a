"""Allegations, body paragraphs and questions: numbered paragraphs of a case, audited."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from sqlalchemy import Insert, ScalarSelect, Table, bindparam, func, insert, select
from sqlalchemy.orm import Session

from bot.audit.service import record
from bot.cases.models import Allegation, BodyParagraph, Case, CaseCitation, Question, Removal
from bot.cases.ordering import move, pick, renumber
from bot.cases.removals import keep_removed
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


def paragraph_count(model: type[Paragraph] | type[CaseCitation]) -> ScalarSelect[int]:
    """How many paragraphs of this kind (or annex items) a case has, as a subquery of a
    statement that reads ``cases``.

    Their positions run from 0 without a gap (every removal and move renumbers them), so the
    last one, one step down the (case_id, position) index, counts them without reading each
    row: the same cost for 3 paragraphs as for 300.
    """
    return (
        select(func.coalesce(func.max(model.position) + 1, 0))
        .where(model.case_id == Case.id)
        .correlate(Case)
        .scalar_subquery()
    )


def paragraphs(case: Case, kind: ParagraphKind) -> list[Paragraph]:
    """The case's paragraphs of this kind, in order (all of one model: ``kind.model``)."""
    return getattr(case, kind.attribute)


def add_paragraph(
    *, session: Session, case: Case, kind: ParagraphKind, text: str, actor: str
) -> int:
    """Append a paragraph; returns its number (1-based) as stored.

    The next position is asked of the database under the case's lock, in the INSERT itself:
    the case's other paragraphs are not loaded, so appending costs the same however long
    the letter is, and UNIQUE (case_id, position) has the last word on the number.
    """
    text = check_paragraph(text, what=kind.name)
    case = lock_case(session=session, case_id=case.id)
    check_editable(case)
    position = session.execute(
        _append_statement(kind.model), {"case_id": case.id, "text": text}
    ).scalar_one()
    if kind.attribute in case.__dict__:  # loaded before the paragraph was added
        session.expire(case, [kind.attribute])
    mark_changed(case, appended=text)
    number = position + 1
    record(
        session=session,
        actor=actor,
        action=f"{kind.action}-add",
        case_id=case.id,
        field=f"{kind.name} {number}",
        new=text,
    )
    return number


@cache
def _append_statement(model: type[Paragraph]) -> Insert:
    """INSERT a paragraph at the case's next position, RETURNING that position."""
    table = model.__table__
    assert isinstance(table, Table)
    columns = table.columns
    following = (
        select(func.coalesce(func.max(columns.position) + 1, 0))
        .where(columns.case_id == bindparam("case_id"))
        .scalar_subquery()
    )
    return (
        insert(table)
        .values(case_id=bindparam("case_id"), position=following, text=bindparam("text"))
        .returning(columns.position)
    )


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
) -> Removal:
    """Remove the paragraph numbered ``number`` when the case is locked; returns the removal
    (its number, its text, and what Undo needs to put it back).

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
    return keep_removed(
        session=session,
        case=case,
        kind=kind.action,
        item=item,
        position=n - 1,
        text=item.text,
        actor=actor,
    )


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
