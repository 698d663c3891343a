"""The annex of a case and the ratification dates it prints. Slack-free: callers pass who acts."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.audit.service import record
from bot.cases import ordering
from bot.cases.countries import country_name, resolve_country, suggest_countries
from bot.cases.dates import EARLIEST_RATIFICATION, check_plausible
from bot.cases.enums import NON_STATE_CODE, CitationForm
from bot.cases.models import Case, CaseCitation, Removal
from bot.cases.removals import keep_removed
from bot.cases.service import check_editable, check_paragraph, lock_case, mark_changed
from bot.citations.entries import CitationEntry, CitationKind
from bot.citations.library import LIBRARY, get_entry, search, shipped_action, shipped_ratification
from bot.citations.models import Ratification
from bot.db import utcnow
from bot.errors import Invalid

MAX_PINPOINT = 200
MAX_TOPIC = 300
ANNEX_ITEM = "annex item"

RatificationSource = Literal["team", "untc", "ilo"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class UnknownKey(Invalid):
    """No entry of the citation library has this key or alias."""


class NotRatifiable(Invalid):
    """The entry is not a treaty (a declaration, resolution or report): no State ratifies it."""

    def __init__(self, message: str, *, key: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class RatificationInfo:
    """The date a State became a party to an instrument, and where that date comes from."""

    date: dt.date
    source: RatificationSource  # "team": /cite ratified; "untc": UN Treaty Collection; "ilo"
    entered_by: str | None = None  # Slack user id, for team dates
    entered_at: dt.datetime | None = None  # when a team date was recorded
    action: str | None = None  # ratification, accession, succession ... (shipped data only)


class RatificationStatus(StrEnum):
    """What the annex can say about the addressee's ratification of a cited entry."""

    PARTY = "party"  # a date will be printed
    MISSING = "missing"  # ratifiable, but no date is known: nothing will be printed
    NOT_RATIFIABLE = "not-ratifiable"  # a declaration, resolution or report
    NON_STATE = "non-state"  # the addressee is not a State (OTH)


@dataclass(frozen=True)
class RatificationCheck:
    """The ratification status of one entry for one addressee."""

    entry: CitationEntry
    country: str  # alpha-3, or OTH
    status: RatificationStatus
    info: RatificationInfo | None = None


@dataclass(frozen=True)
class RatificationChange:
    """A team ratification date recorded by /cite ratified, and what it replaced."""

    entry: CitationEntry
    country: str
    date: dt.date
    previous: RatificationInfo | None  # the date printed until now, if any
    changed: bool  # False when the same team date was already recorded


def find_entry(key: str) -> CitationEntry:
    """The library entry for a key or alias, or a UserError with close matches."""
    entry = get_entry(key)
    if entry is not None:
        return entry
    close = difflib.get_close_matches(key.strip().upper(), list(LIBRARY), n=3, cutoff=0.6)
    close += [e.key for e in search(key, limit=3) if e.key not in close]
    also = f" Did you mean {', '.join(close[:3])}?" if close else ""
    raise UnknownKey(f"{key!r} is not in the citation library.{also}")


def check_country_code(text: str) -> str:
    """The alpha-3 code of a State (code or English name), or a UserError with suggestions."""
    code = resolve_country(text)
    if code == NON_STATE_CODE:
        raise Invalid(
            "OTH is not a State: only States ratify treaties. Give the State's alpha-3 code "
            "or English name."
        )
    if code is None:
        hint = suggest_countries(text)
        also = (
            f" Did you mean {', '.join(f'{c} ({country_name(c)})' for c in hint)}?" if hint else ""
        )
        raise Invalid(
            f"{text!r} is not a country I know.{also} Use the ISO alpha-3 code (KAZ) or the "
            "English name (Kazakhstan)."
        )
    return code


def parse_date(text: str) -> dt.date:
    """A YYYY-MM-DD date that exists, or a UserError saying what is wrong."""
    value = text.strip()
    if not _ISO_DATE.match(value):
        raise Invalid(f"{value!r} is not a date: write it as YYYY-MM-DD.")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{value} is not a date that exists (check the day and the month).") from None


def ratification_for(*, session: Session, key: str, country: str) -> RatificationInfo | None:
    """The ratification date to print for an entry and a State; a team date wins."""
    entry = get_entry(key)
    canonical = entry.key if entry else key.strip().upper()
    code = country.strip().upper()
    row = session.scalar(
        select(Ratification).where(Ratification.key == canonical, Ratification.country == code)
    )
    if row is not None:
        return RatificationInfo(
            date=row.date, source="team", entered_by=row.entered_by, entered_at=row.entered_at
        )
    shipped = shipped_ratification(canonical, code)
    if shipped is None:
        return None
    ilo = entry is not None and entry.kind is CitationKind.ILO_CONVENTION
    return RatificationInfo(
        date=shipped, source="ilo" if ilo else "untc", action=shipped_action(canonical, code)
    )


def check_ratification(
    *, session: Session, entry: CitationEntry, country: str
) -> RatificationCheck:
    """Whether the annex will print a ratification date for this entry and addressee."""
    if not entry.ratifiable:
        return RatificationCheck(entry, country, RatificationStatus.NOT_RATIFIABLE)
    if country == NON_STATE_CODE:
        return RatificationCheck(entry, country, RatificationStatus.NON_STATE)
    info = ratification_for(session=session, key=entry.key, country=country)
    status = RatificationStatus.PARTY if info else RatificationStatus.MISSING
    return RatificationCheck(entry, country, status, info)


def annex_checks(*, session: Session, case: Case) -> dict[int, RatificationCheck]:
    """The ratification check of every library citation of a case, by citation id."""
    checks: dict[int, RatificationCheck] = {}
    for citation in case.citations:
        entry = get_entry(citation.key or "") if citation.form is CitationForm.LIBRARY else None
        if entry is not None:
            checks[citation.id] = check_ratification(
                session=session, entry=entry, country=case.country_code
            )
    return checks


def describe_citation(citation: CaseCitation) -> str:
    """A plain one-line account of an annex item, for the audit trail and previews."""
    if citation.form is CitationForm.TEXT:
        how = "text+" if citation.runs_on else "text"
        return f"{how}: {' '.join((citation.text or '').split())}"
    parts = [citation.key or "?"]
    if citation.pinpoint:
        parts.append(citation.pinpoint)
    if citation.topic:
        parts.append(f"({citation.topic})")
    if citation.quote:
        parts.append(f'"{citation.quote}"')
    return " ".join(parts)


def _optional(text: str | None, *, what: str, limit: int) -> str | None:
    """Trimmed optional text within its limit; None when empty."""
    text = " ".join(text.split()) if text else ""
    if len(text) > limit:
        raise Invalid(f"The {what} is {len(text)} characters long; keep it under {limit}.")
    return text or None


def _append(*, session: Session, case: Case, citation: CaseCitation, actor: str) -> CaseCitation:
    """Put an item at the end of the annex (numbered under the case lock), and record it."""
    case = lock_case(session=session, case_id=case.id)
    check_editable(case)
    citation.position = len(case.citations)
    case.citations.append(citation)
    mark_changed(case)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="cite",
        case_id=case.id,
        field=f"annex {citation.position + 1}",
        new=describe_citation(citation),
    )
    return citation


def add_citation(
    *,
    session: Session,
    case: Case,
    key: str,
    actor: str,
    pinpoint: str | None = None,
    topic: str | None = None,
    quote: str | None = None,
) -> CaseCitation:
    """Add a library citation at the end of the case's annex."""
    check_editable(case)
    entry = find_entry(key)
    citation = CaseCitation(
        form=CitationForm.LIBRARY,
        key=entry.key,
        pinpoint=_optional(pinpoint, what="pinpoint", limit=MAX_PINPOINT),
        topic=_optional(topic, what="topic", limit=MAX_TOPIC),
        quote=check_paragraph(quote, what="quote") if quote is not None else None,
    )
    return _append(session=session, case=case, citation=citation, actor=actor)


def add_annex_text(
    *, session: Session, case: Case, text: str, actor: str, runs_on: bool = False
) -> CaseCitation:
    """Add a free annex paragraph, kept exactly as typed, at the end of the annex: a paragraph
    of its own, or (``runs_on``) the end of the paragraph before it."""
    check_editable(case)
    paragraph = check_paragraph(text, what="annex paragraph")
    citation = CaseCitation(form=CitationForm.TEXT, text=paragraph, runs_on=runs_on)
    return _append(session=session, case=case, citation=citation, actor=actor)


def remove_citation(
    *, session: Session, case: Case, number: str | int, actor: str
) -> tuple[CaseCitation, Removal]:
    """Remove annex item ``number`` (1-based, as numbered under the case lock); the rest move up.

    Returns the item removed and its removal (what Undo needs to put it back)."""
    case = lock_case(session=session, case_id=case.id)
    check_editable(case)
    citation = ordering.pick(case.citations, number, what=ANNEX_ITEM)
    position = case.citations.index(citation) + 1
    case.citations.remove(citation)
    ordering.renumber(case.citations)
    mark_changed(case)
    record(
        session=session,
        actor=actor,
        action="cite-remove",
        case_id=case.id,
        field=f"annex {position}",
        old=describe_citation(citation),
    )
    removal = keep_removed(
        session=session,
        case=case,
        kind="annex",
        item=citation,
        position=position - 1,
        text=describe_citation(citation),
        actor=actor,
    )
    return citation, removal


def move_citation(
    *, session: Session, case: Case, number: str | int, to: str | int, actor: str
) -> CaseCitation:
    """Move annex item ``number`` to position ``to`` (both 1-based)."""
    case = lock_case(session=session, case_id=case.id)
    check_editable(case)
    citation = ordering.pick(case.citations, number, what=ANNEX_ITEM)
    before = case.citations.index(citation) + 1
    ordering.move(case.citations, number, to, what=ANNEX_ITEM)
    after = case.citations.index(citation) + 1
    if after != before:
        mark_changed(case)
        record(
            session=session,
            actor=actor,
            action="cite-move",
            case_id=case.id,
            field=f"annex {before}",
            old=str(before),
            new=str(after),
        )
    session.flush()
    return citation


def record_ratification(
    *,
    session: Session,
    country: str,
    key: str,
    date: dt.date,
    entered_by: str,
    today: dt.date,
) -> RatificationChange:
    """Add or correct a team ratification date; it wins over the shipped one from now on."""
    code = check_country_code(country)
    entry = find_entry(key)
    if not entry.ratifiable:
        raise NotRatifiable(
            f"{entry.key} is a {_kind_words(entry)}: States do not ratify it, so no date is "
            "printed.",
            key=entry.key,
        )
    if date > today:
        raise Invalid(
            f"{date.isoformat()} is in the future: record a ratification once it has happened."
        )
    check_plausible(
        date,
        what="a ratification date",
        today=today,
        earliest=EARLIEST_RATIFICATION,
    )
    previous = ratification_for(session=session, key=entry.key, country=code)
    row = session.scalar(
        select(Ratification).where(Ratification.key == entry.key, Ratification.country == code)
    )
    if row is not None and row.date == date:
        return RatificationChange(entry, code, date, previous, changed=False)
    if row is None:
        row = _insert_ratification(session=session, key=entry.key, country=code, date=date)
    row.date = date
    row.entered_by = entered_by
    row.entered_at = utcnow()
    record(
        session=session,
        actor=entered_by,
        action="ratification",
        field=f"{entry.key} {code}",
        old=previous.date.isoformat() if previous else None,
        new=date.isoformat(),
    )
    session.flush()
    return RatificationChange(entry, code, date, previous, changed=True)


def _insert_ratification(
    *, session: Session, key: str, country: str, date: dt.date
) -> Ratification:
    """A new team row, or the row another request inserted a moment ago."""
    row = Ratification(key=key, country=country, date=date, entered_by="", entered_at=utcnow())
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        row = session.scalars(
            select(Ratification).where(Ratification.key == key, Ratification.country == country)
        ).one()
    return row


def _kind_words(entry: CitationEntry) -> str:
    """ "declaration", "resolution" ... in words for messages."""
    return {
        CitationKind.DECLARATION: "declaration",
        CitationKind.RESOLUTION: "resolution",
        CitationKind.REPORT: "report",
    }.get(entry.kind, str(entry.kind))
