"""The words a case is found by, folded (case, accents, ı), one row per case, kept in step.

Every change to what search reads (reference, country, subject, allegations, body
paragraphs, questions, annex items) goes through ``mark_changed`` or ``open_case``, which
mark the case stale; before the transaction commits, the stale cases' rows are rebuilt, so
the row changes with the case or not at all. PostgreSQL indexes the words with a GIN
full-text index, SQLite with an FTS5 table that triggers keep in step with this one
(migration 0022).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
    inspect,
    literal_column,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.util import identity_key

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
    allegations, body paragraphs, questions and annex items (never its sources). On
    PostgreSQL stored as a ``tsvector`` (GIN-indexed: a row is matched without parsing its
    text again), on SQLite as text (the FTS5 table indexes it)."""

    __tablename__ = "case_words"
    __table_args__ = (
        Index("ix_case_words_words", "words", postgresql_using="gin").ddl_if(dialect="postgresql"),
    )

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    channel_id: Mapped[str] = mapped_column(String(32), index=True)
    words: Mapped[str] = mapped_column(Text().with_variant(TSVECTOR(), "postgresql"))


def mark_stale(session: Session, case_id: int, *, appended: str | None = None) -> None:
    """What search finds of this case changed: its words are rebuilt before the commit.
    ``appended``: the change only added this text (a paragraph at the end), whose words are
    added to those stored without reading the case's other texts again."""
    stale: dict[int, list[str] | None] = session.info.setdefault(_STALE, {})
    if appended is None:
        stale[case_id] = None
    elif case_id not in stale:
        stale[case_id] = [appended]
    elif (texts := stale[case_id]) is not None:
        texts.append(appended)


@event.listens_for(Session, "before_commit")
def _rebuild_stale(session: Session) -> None:
    stale: dict[int, list[str] | None] | None = session.info.pop(_STALE, None)
    if not stale:
        return
    session.flush()
    connection = session.connection()
    whole = [case_id for case_id, texts in stale.items() if texts is None]
    for case_id, texts in stale.items():
        if texts is not None and not _append(connection, case_id, texts):
            whole.append(case_id)
    rebuild(connection, sorted(whole), loaded=_loaded_cases(session, whole))


def _append(connection: Any, case_id: int, texts: list[str]) -> bool:
    """Add the words of these texts to the case's; False if the case has none stored yet."""
    words = " ".join(folded_words(" \n ".join(texts)))
    if connection.dialect.name == "postgresql":
        joined: Any = CaseWords.words.op("||")(
            func.to_tsvector(SIMPLE, bindparam("new", type_=Text()))
        )
    else:
        joined = CaseWords.words + " " + bindparam("new", type_=Text())
    statement = update(CaseWords).where(CaseWords.case_id == case_id).values(words=joined)
    return connection.execute(statement, {"new": words}).rowcount == 1


def _loaded_cases(session: Session, case_ids: Iterable[int]) -> dict[int, Case]:
    """The cases the transaction holds with every field search reads: not read again."""
    loaded = {}
    for case_id in case_ids:
        case = session.identity_map.get(identity_key(Case, case_id))
        if isinstance(case, Case) and not (_CASE_FIELDS & inspect(case).unloaded):
            loaded[case_id] = case
    return loaded


@event.listens_for(Session, "after_rollback")
def _forget_stale(session: Session) -> None:
    session.info.pop(_STALE, None)


_CASES = Case.__table__
_CASE_FIELDS = {
    "id",
    "channel_id",
    "letter_type",
    "reference_code",
    "reference_number",
    "reference_year",
    "printed_reference",
    "country_code",
    "addressee",
    "subject",
}
_CASE_ROWS = select(*(_CASES.c[name] for name in sorted(_CASE_FIELDS))).where(
    _CASES.c.id.in_(bindparam("ids", expanding=True))
)


def _citation_text() -> Any:
    """An annex item's key, pinpoint, topic, quote and text, as one text."""
    columns = (
        CaseCitation.key,
        CaseCitation.pinpoint,
        CaseCitation.topic,
        CaseCitation.quote,
        CaseCitation.text,
    )
    joined: Any = func.coalesce(columns[0], "")
    for column in columns[1:]:
        joined = joined + " " + func.coalesce(column, "")
    return joined


# Every text of the cases, whatever its kind, in one statement.
_TEXTS = union_all(
    *(
        select(model.case_id, model.text).where(model.case_id.in_(bindparam("ids", expanding=True)))
        for model in (Allegation, BodyParagraph, Question)
    ),
    select(CaseCitation.case_id, _citation_text()).where(
        CaseCitation.case_id.in_(bindparam("ids", expanding=True))
    ),
)


# PostgreSQL parses the words once, here: the 'simple' configuration (no stems, no stop words).
_INSERT_VECTOR = insert(CaseWords).values(
    case_id=bindparam("case_id"),
    channel_id=bindparam("channel_id"),
    words=func.to_tsvector(SIMPLE, bindparam("words", type_=Text())),
)


def country_words(code: str) -> list[str]:
    """Every name the country is known by (UN, ISO, CLDR, aliases), as search reads them."""
    if code == NON_STATE_CODE:
        return []
    return [code, *spellings().get(code, [])]


def rebuild(
    connection: Any, case_ids: Iterable[int], *, loaded: Mapping[int, Case] | None = None
) -> None:
    """Write the words of these cases afresh (in the caller's transaction); ``loaded``:
    cases already read, with every field search reads."""
    ids = list(case_ids)
    if not ids:
        return
    loaded = loaded or {}
    texts: dict[int, list[str]] = {}
    rows: list[Any] = [loaded[case_id] for case_id in ids if case_id in loaded]
    unread = [case_id for case_id in ids if case_id not in loaded]
    if unread:
        rows += connection.execute(_CASE_ROWS, {"ids": unread}).all()
    for row in rows:
        reference = format_reference(
            row.letter_type, row.reference_code, row.reference_number, row.reference_year
        )
        texts[row.id] = [reference, row.printed_reference or "", row.addressee or ""]
        texts[row.id] += [*country_words(row.country_code), row.subject]
    for case_id, text in connection.execute(_TEXTS, {"ids": ids}):
        texts[case_id].append(text)
    connection.execute(delete(CaseWords).where(CaseWords.case_id.in_(ids)))
    if rows:
        connection.execute(
            _INSERT_VECTOR if connection.dialect.name == "postgresql" else insert(CaseWords),
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
