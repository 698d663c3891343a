"""The words a case is found by, folded (case, accents, ı), one row per case, kept in step.

Every change to what search reads (reference, country, subject, allegations, body
paragraphs, questions, annex items) goes through ``mark_changed`` or ``open_case``, which
mark the case stale; before the transaction commits, the stale cases' rows are rebuilt, so
the row changes with the case or not at all. PostgreSQL indexes the words with a GIN
full-text index, SQLite with an FTS5 table that triggers keep in step with this one
(migration 0018).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    String,
    Text,
    bindparam,
    delete,
    event,
    func,
    insert,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.cases.enums import NON_STATE_CODE
from bot.cases.models import (
    Allegation,
    BodyParagraph,
    Case,
    CaseCitation,
    Question,
    format_reference,
)
from bot.countries import spellings
from bot.db import Base
from bot.folding import folded_words

_STALE = "search.stale_cases"
SIMPLE: Any = literal_column("'simple'::regconfig")


class CaseWords(Base):
    """A case's searchable words, folded: reference, country names, subject, then its
    allegations, body paragraphs, questions and annex items (never its sources)."""

    __tablename__ = "case_words"
    __table_args__ = (
        Index(
            "ix_case_words_vector",
            func.to_tsvector(SIMPLE, literal_column("words")),
            postgresql_using="gin",
        ).ddl_if(dialect="postgresql"),
    )

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    channel_id: Mapped[str] = mapped_column(String(32), index=True)
    words: Mapped[str] = mapped_column(Text)


def mark_stale(session: Session, case_id: int) -> None:
    """What search finds of this case changed: its words are rebuilt before the commit."""
    session.info.setdefault(_STALE, set()).add(case_id)


@event.listens_for(Session, "before_commit")
def _rebuild_stale(session: Session) -> None:
    stale = session.info.pop(_STALE, None)
    if stale:
        rebuild(session.connection(), sorted(stale))


@event.listens_for(Session, "after_rollback")
def _forget_stale(session: Session) -> None:
    session.info.pop(_STALE, None)


_CASES = Case.__table__
_CASE_ROWS = select(
    _CASES.c.id,
    _CASES.c.channel_id,
    _CASES.c.letter_type,
    _CASES.c.reference_code,
    _CASES.c.reference_number,
    _CASES.c.reference_year,
    _CASES.c.printed_reference,
    _CASES.c.country_code,
    _CASES.c.addressee,
    _CASES.c.subject,
).where(_CASES.c.id.in_(bindparam("ids", expanding=True)))
_PARAGRAPHS = union_all(
    *(
        select(model.case_id, model.text).where(model.case_id.in_(bindparam("ids", expanding=True)))
        for model in (Allegation, BodyParagraph, Question)
    )
)
_CITATIONS = select(
    CaseCitation.case_id,
    CaseCitation.key,
    CaseCitation.pinpoint,
    CaseCitation.topic,
    CaseCitation.quote,
    CaseCitation.text,
).where(CaseCitation.case_id.in_(bindparam("ids", expanding=True)))


def country_words(code: str) -> list[str]:
    """Every name the country is known by (UN, ISO, CLDR, aliases), as search reads them."""
    if code == NON_STATE_CODE:
        return []
    return [code, *spellings().get(code, [])]


def rebuild(connection: Any, case_ids: Iterable[int]) -> None:
    """Write the words of these cases afresh (in the caller's transaction)."""
    ids = list(case_ids)
    if not ids:
        return
    texts: dict[int, list[str]] = {}
    rows = []
    for row in connection.execute(_CASE_ROWS, {"ids": ids}):
        reference = format_reference(
            row.letter_type, row.reference_code, row.reference_number, row.reference_year
        )
        texts[row.id] = [reference, row.printed_reference or "", row.addressee or ""]
        texts[row.id] += [*country_words(row.country_code), row.subject]
        rows.append(row)
    for case_id, text in connection.execute(_PARAGRAPHS, {"ids": ids}):
        texts[case_id].append(text)
    for case_id, *parts in connection.execute(_CITATIONS, {"ids": ids}):
        texts[case_id] += [part for part in parts if part]
    connection.execute(delete(CaseWords).where(CaseWords.case_id.in_(ids)))
    if rows:
        connection.execute(
            insert(CaseWords),
            [
                {
                    "case_id": row.id,
                    "channel_id": row.channel_id,
                    "words": " ".join(folded_words(" \n ".join(texts[row.id]))),
                }
                for row in rows
            ],
        )


def rebuild_all(connection: Any, batch: int = 500) -> None:
    """Every case's words (the migration's backfill, a benchmark's seed)."""
    ids = list(connection.scalars(select(_CASES.c.id).order_by(_CASES.c.id)))
    for start in range(0, len(ids), batch):
        rebuild(connection, ids[start : start + batch])
