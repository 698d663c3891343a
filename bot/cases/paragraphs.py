"""Allegations, body paragraphs and questions: numbered paragraphs of a case, audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from bot.audit.service import record
from bot.cases.models import Allegation, BodyParagraph, Case, Question
from bot.cases.ordering import move, pick, renumber
from bot.cases.service import check_editable, check_paragraph, mark_changed

Kind = Literal["allegation", "question", "body paragraph"]


@dataclass(frozen=True)
class ParagraphKind:
    """Where one kind of paragraph lives on a case."""

    name: Kind
    model: type[Allegation] | type[Question] | type[BodyParagraph]
    attribute: str
    usage: str

    @property
    def action(self) -> str:
        """The audit trail's word for it: "allegation", "question", "body-paragraph"."""
        return self.name.replace(" ", "-")


ALLEGATION = ParagraphKind(
    "allegation",
    Allegation,
    "allegations",
    "/allegation <case> <paragraph> | <case> list | edit <n> <paragraph> | remove <n> | move <n> <to>",
)
QUESTION = ParagraphKind(
    "question",
    Question,
    "questions",
    "/letter <case> question <text> | question list | question edit <n> <text> | question remove <n> | question move <n> <to>",
)

BODY = ParagraphKind(
    "body paragraph",
    BodyParagraph,
    "body_paragraphs",
    "/letter <case> body <paragraph> | body list | body edit <n> <paragraph> | body remove <n> | body move <n> <to>",
)


def paragraphs(
    case: Case, kind: ParagraphKind
) -> list[Allegation] | list[Question] | list[BodyParagraph]:
    """The case's paragraphs of this kind, in order."""
    return getattr(case, kind.attribute)


def add_paragraph(
    *, session: Session, case: Case, kind: ParagraphKind, text: str, actor: str
) -> int:
    """Append a paragraph; returns its number (1-based)."""
    check_editable(case)
    text = check_paragraph(text, what=kind.name, usage=kind.usage)
    items = paragraphs(case, kind)
    items.append(kind.model(text=text, position=len(items)))
    renumber(items)
    mark_changed(case)
    record(
        session=session,
        actor=actor,
        action=f"{kind.action}-add",
        case_id=case.id,
        field=f"{kind.name} {len(items)}",
        new=text,
    )
    return len(items)


def edit_paragraph(
    *, session: Session, case: Case, kind: ParagraphKind, number: str | int, text: str, actor: str
) -> int:
    """Replace the text of paragraph ``number``."""
    check_editable(case)
    text = check_paragraph(text, what=kind.name, usage=kind.usage)
    items = paragraphs(case, kind)
    item = pick(items, number, what=kind.name, usage=kind.usage)
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
    """Remove paragraph ``number``; returns its text."""
    check_editable(case)
    items = paragraphs(case, kind)
    item = pick(items, number, what=kind.name, usage=kind.usage)
    n = items.index(item) + 1
    items.remove(item)
    _renumber(session, items)
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
    check_editable(case)
    items = paragraphs(case, kind)
    move(items, number, to, what=kind.name, usage=kind.usage)
    _renumber(session, items)
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


def _renumber(session: Session, items: list) -> None:  # noqa: ANN001 - any paragraph model
    """Renumber 1..n where (case_id, position) is unique: park the rows on negative
    positions first, so no UPDATE meets a position another row still holds."""
    for index, item in enumerate(items):
        item.position = -1 - index
    session.flush()
    renumber(items)
