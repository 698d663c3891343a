"""Allegations and questions: numbered paragraphs of a case, changed with an audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from bot.audit.service import record
from bot.cases.models import Allegation, Case, Question
from bot.cases.ordering import move, pick, renumber
from bot.cases.service import check_editable, check_paragraph, mark_changed

Kind = Literal["allegation", "question"]


@dataclass(frozen=True)
class ParagraphKind:
    """Where one kind of paragraph lives on a case."""

    name: Kind
    model: type[Allegation] | type[Question]
    attribute: str
    usage: str


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


def paragraphs(case: Case, kind: ParagraphKind) -> list[Allegation] | list[Question]:
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
        action=f"{kind.name}-add",
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
        action=f"{kind.name}-edit",
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
    renumber(items)
    mark_changed(case)
    record(
        session=session,
        actor=actor,
        action=f"{kind.name}-remove",
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
    mark_changed(case)
    record(
        session=session,
        actor=actor,
        action=f"{kind.name}-move",
        case_id=case.id,
        field=kind.name,
        old=str(number),
        new=str(to),
    )
