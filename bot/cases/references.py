"""Reference numbers: per code per year, assigned at opening, gapless and never reused."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.cases.enums import LetterType
from bot.cases.models import Case, ReferenceCounter

REFERENCE_RE = re.compile(
    r"^(?:(?P<type>AL|UA|OL|JAL|JUA|JOL)\s+)?(?P<code>[A-Z]{3})\s+(?P<number>\d{1,5})\s*/\s*(?P<year>\d{4})$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reference:
    """A parsed reference such as ``AL KAZ 1/2017`` (the type is optional)."""

    code: str
    number: int
    year: int
    letter_type: LetterType | None = None

    def __str__(self) -> str:
        prefix = f"{self.letter_type.value} " if self.letter_type else ""
        return f"{prefix}{self.code} {self.number}/{self.year}"


def parse_reference(text: str) -> Reference | None:
    """Parse ``AL KAZ 1/2017`` or ``KAZ 1/2017``; None if it is not one."""
    match = REFERENCE_RE.match(text.strip())
    if match is None:
        return None
    raw_type = (match["type"] or "").upper().removeprefix("J")
    return Reference(
        code=match["code"].upper(),
        number=int(match["number"]),
        year=int(match["year"]),
        letter_type=LetterType(raw_type) if raw_type else None,
    )


_TYPE_AT_START = re.compile(r"^(?P<type>J?(?:AL|UA|OL))\b", re.IGNORECASE)
_CODE_NUMBER_YEAR = re.compile(
    r"(?<![A-Za-z/])(?P<code>[A-Z]{3})\s+(?P<number>\d{1,5})\s*/\s*(?P<year>\d{4})\b"
)


def find_reference(text: str) -> Reference | None:
    """The ``TYPE CODE n/yyyy`` inside a reference with internal codes, e.g.
    ``UA G/SO 214 (53-24) SYR 3/2014`` -> ``UA SYR 3/2014``; None if there is none."""
    matches = list(_CODE_NUMBER_YEAR.finditer(text.strip()))
    if not matches:
        return None
    found = matches[-1]
    kind = _TYPE_AT_START.match(text.strip())
    raw_type = kind["type"].upper().removeprefix("J") if kind else ""
    return Reference(
        code=found["code"],
        number=int(found["number"]),
        year=int(found["year"]),
        letter_type=LetterType(raw_type) if raw_type else None,
    )


def _in_use(session: Session, code: str, year: int, number: int) -> bool:
    query = select(Case.id).where(
        Case.reference_code == code, Case.reference_year == year, Case.reference_number == number
    )
    return session.scalar(query) is not None


def next_number(*, session: Session, code: str, year: int) -> int:
    """Take the next free number for code and year, atomically.

    The counter row is upserted in the caller's transaction, so concurrent openings queue
    on its row lock and a rolled-back opening gives its number back: no gaps, no repeats.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(ReferenceCounter)
        .values(code=code, year=year, last_number=1)
        .on_conflict_do_update(
            index_elements=["code", "year"],
            set_={"last_number": ReferenceCounter.last_number + 1},
        )
        .returning(ReferenceCounter.last_number)
    )
    number = session.execute(statement).scalar_one()
    # Skip numbers taken by references recorded from elsewhere (legacy cases).
    while _in_use(session, code, year, number):
        number = session.execute(
            update(ReferenceCounter)
            .where(ReferenceCounter.code == code, ReferenceCounter.year == year)
            .values(last_number=ReferenceCounter.last_number + 1)
            .returning(ReferenceCounter.last_number)
        ).scalar_one()
    return number
