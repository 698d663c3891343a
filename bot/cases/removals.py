"""Removals that can be taken back: a removed paragraph or annex item is kept whole, and the
person who removed it can put it back at its place while the case's letter is not sent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Enum, Table
from sqlalchemy.orm import Session

from bot.audit.service import record
from bot.cases.models import Allegation, BodyParagraph, Case, CaseCitation, Question, Removal
from bot.cases.ordering import renumber
from bot.cases.service import check_editable, lock_case, mark_changed
from bot.db import utcnow
from bot.errors import Conflict, NotAllowed, NotFound, UserError
from bot.grammar import counted

Removable = Allegation | Question | BodyParagraph | CaseCitation


@dataclass(frozen=True)
class RemovableKind:
    """Where one kind of removable item lives on a case, and the words for it."""

    key: str  # stored in removals.kind
    name: str  # the user's word: "allegation", "annex item"
    model: type[Removable]
    attribute: str  # the case's list of them
    action: str  # the audit trail's word: "allegation", "cite"


KINDS = {
    kind.key: kind
    for kind in (
        RemovableKind("allegation", "allegation", Allegation, "allegations", "allegation"),
        RemovableKind("question", "question", Question, "questions", "question"),
        RemovableKind(
            "body-paragraph", "body paragraph", BodyParagraph, "body_paragraphs", "body-paragraph"
        ),
        RemovableKind("annex", "annex item", CaseCitation, "citations", "cite"),
    )
}
_NOT_KEPT = {"id", "case_id", "position"}  # given anew when the item is stored again


def keep_removed(
    *,
    session: Session,
    case: Case,
    kind: str,
    item: Removable,
    position: int,
    text: str,
    actor: str,
) -> Removal:
    """Keep a removed item (``position`` from 0, where it was) so that it can be put back."""
    table = item.__table__
    assert isinstance(table, Table)
    row = {
        column.key: _plain(getattr(item, column.key))
        for column in table.columns
        if column.key not in _NOT_KEPT
    }
    removal = Removal(
        case_id=case.id, kind=kind, position=position, text=text, row=row, removed_by=actor
    )
    session.add(removal)
    session.flush()
    return removal


def _plain(value: object) -> object:
    """A column's value as JSON holds it (an enum by its value)."""
    return getattr(value, "value", value)


@dataclass(frozen=True)
class Restored:
    """What Undo put back: the item's kind, its number again, what it reads, on which case."""

    kind: RemovableKind
    number: int
    text: str
    case: Case
    count: int  # how many of its kind the case has now


def undo_removal(*, session: Session, removal_id: int, actor: str) -> Restored:
    """Put a removed item back at its place; the items from that place on move down one.

    Only the person who removed it may, once, while the case is open and its letter not sent,
    and while its place still exists (the list is at least as long as the item's number less
    one). Under the case's lock, so two Undos of one removal restore it once.
    """
    removal = session.get(Removal, removal_id)
    if removal is None:
        raise NotFound("That removal is no longer on record: nothing was restored.")
    kind = KINDS[removal.kind]
    case = lock_case(session=session, case_id=removal.case_id)
    what = f"{kind.name.capitalize()} {removal.number} of case #{case.id}"
    if removal.removed_by != actor:
        raise NotAllowed(
            f"Only <@{removal.removed_by}>, who removed {kind.name} {removal.number} of case "
            f"#{case.id}, can undo that removal; nothing was restored.",
            mentions=(removal.removed_by,),
        )
    if removal.restored_at is not None:
        raise Conflict(f"{what} was put back already; nothing changed.")
    try:
        check_editable(case)
    except UserError as error:
        error.message += " Nothing was restored."
        raise
    items: list[Any] = getattr(case, kind.attribute)
    if removal.position > len(items):
        raise Conflict(
            f"{what} cannot go back to its place: the case has {counted(len(items), kind.name)} "
            f"now, so number {removal.number} no longer exists. Nothing was restored; add "
            "it again instead."
        )
    item = kind.model(**_row(kind, removal.row), position=-1)
    items.insert(removal.position, item)
    renumber(items)
    removal.restored_at = utcnow()
    mark_changed(case)
    record(
        session=session,
        actor=actor,
        action=f"{kind.action}-restore",
        case_id=case.id,
        field=f"{kind.name} {removal.number}",
        new=removal.text,
    )
    return Restored(
        kind=kind, number=removal.number, text=removal.text, case=case, count=len(items)
    )


def _row(kind: RemovableKind, row: dict[str, Any]) -> dict[str, Any]:
    """The stored columns as the model takes them (an enum from its value)."""
    table = kind.model.__table__
    assert isinstance(table, Table)
    values = {}
    for key, value in row.items():
        column_type = table.columns[key].type
        enum_class = column_type.enum_class if isinstance(column_type, Enum) else None
        values[key] = enum_class(value) if enum_class and value is not None else value
    return values
