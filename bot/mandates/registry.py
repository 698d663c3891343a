"""The mandates shipped with the bot (bot/data/mandates/mandates.csv) and refreshing them.

A refresh never touches approvers. For a mandate the file created (its ``shipped`` record holds
the values last loaded), a field is updated only while it still equals that shipped value: a
title, translation, basis, holder list or kind the team changed is kept. A mandate the file did
not create (a team's own) only has its empty fields filled. Every part a refresh sets records
the row's source and date (bot/mandates/provenance.py), and so is unconfirmed until a team
member confirms the row.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.audit.service import record
from bot.config import LANGUAGES
from bot.db import utcnow
from bot.grammar import counted
from bot.mandates.bases import parse_basis, parse_holder
from bot.mandates.models import Mandate
from bot.mandates.provenance import record_shipped

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "mandates" / "mandates.csv"
KINDS = ("thematic", "country")
TRANSLATIONS = tuple(language for language in LANGUAGES if language != "en")  # of the titles
ACTOR = "mandates refresh"


@dataclass(frozen=True)
class ShippedMandate:
    """One row of the shipped file, as registry values."""

    code: str
    kind: str
    title: str
    titles: dict[str, str]
    resolutions: list[str]
    source: str
    as_of: str  # YYYY-MM-DD: when the row's sources were read
    holders: list[str] = field(default_factory=list)  # stored as ``Name`` or ``Name | Function``
    holders_source: str = ""  # where the holders come from (an address)
    holders_as_of: str = ""  # the date that source gives for them, YYYY-MM-DD

    def values(self) -> dict:
        """What the ``shipped`` column records."""
        return {
            "title": self.title,
            "titles": dict(self.titles),
            "resolutions": list(self.resolutions),
            "kind": self.kind,
            "holders": list(self.holders),
        }

    def origins(self) -> dict[str, tuple[str, str]]:
        """Each part of the row the file sets: (source, as of)."""
        row = (self.source, self.as_of)
        origins = {"title": row, "bases": row, "translations": row}
        if self.holders:
            origins["holders"] = (self.holders_source, self.holders_as_of)
        return origins


class ShippedFileError(ValueError):
    """The shipped file has a row the registry cannot take."""


def load_shipped(path: Path = DATA_FILE) -> list[ShippedMandate]:
    """Every row of the file, checked: codes unique, kinds known, bases in the registry's syntax."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    mandates: list[ShippedMandate] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        code = row["code"].strip().upper()
        basis = row["basis"].strip()
        holders = [h.strip() for h in (row.get("holders") or "").split(";") if h.strip()]
        problems = [
            f"code {code!r} twice" if code in seen else "",
            "" if row["kind"].strip() in KINDS else f"kind {row['kind']!r}",
            "" if row["title_en"].strip() else "no English title",
            "" if not basis or parse_basis(basis) else f"basis {basis!r}",
            "" if row["source"].strip() else "no source",
            "" if _is_date(row.get("as_of")) else "no as_of date (YYYY-MM-DD)",
            "a holder without a name" if any(not parse_holder(h).name for h in holders) else "",
            "holders without holders_source and holders_as_of (YYYY-MM-DD)"
            if holders
            and not (
                (row.get("holders_source") or "").strip() and _is_date(row.get("holders_as_of"))
            )
            else "",
        ]
        if any(problems):
            raise ShippedFileError(
                f"{path.name} line {number}: {', '.join(filter(None, problems))}"
            )
        seen.add(code)
        mandates.append(
            ShippedMandate(
                code=code,
                kind=row["kind"].strip(),
                title=row["title_en"].strip(),
                titles={
                    language: row[f"title_{language}"].strip()
                    for language in TRANSLATIONS
                    if row[f"title_{language}"].strip()
                },
                resolutions=[basis] if basis else [],
                source=row["source"].strip(),
                as_of=(row.get("as_of") or "").strip(),
                holders=[parse_holder(h).stored for h in holders],
                holders_source=(row.get("holders_source") or "").strip(),
                holders_as_of=(row.get("holders_as_of") or "").strip(),
            )
        )
    return mandates


def _is_date(text: str | None) -> bool:
    try:
        dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return False
    return True


@dataclass
class RefreshReport:
    """What a refresh did: codes added, codes updated, and team edits it kept."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # "SRFOE title", where the team's value stays

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{counted(len(self.kept), 'team edit')} kept"
        )


def refresh_mandates(
    *, session: Session, shipped: list[ShippedMandate] | None = None
) -> RefreshReport:
    """Load the shipped mandates into the registry without undoing a team's edits."""
    report = RefreshReport()
    rows = load_shipped() if shipped is None else shipped
    existing = {m.code: m for m in session.scalars(select(Mandate))}
    for row in rows:
        mandate = existing.get(row.code)
        if mandate is None:
            _add(session, row)
            report.added.append(row.code)
            continue
        changes = _changes(mandate, row, report)
        now = utcnow()
        origins = row.origins()
        for name, new in changes.items():
            part = _PARTS[name]
            if part in origins:
                record_shipped(
                    mandate, part, source=origins[part][0], as_of=origins[part][1], at=now
                )
            record(
                session=session,
                actor=ACTOR,
                action="mandate",
                field=f"{mandate.code} {name}",
                old=_audit_text(getattr(mandate, name)),
                new=_audit_text(new),
            )
            setattr(mandate, name, new)
        if mandate.shipped is not None:
            mandate.shipped = row.values()
        if changes:
            report.updated.append(row.code)
    session.flush()
    return report


_PARTS = {
    "title": "title",
    "titles": "translations",
    "resolutions": "bases",
    "holders": "holders",
    "kind": "title",
}


def _audit_text(value: object) -> str:
    """A field as the audit trail shows it: lists joined, translations as ``fr: ...``."""
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(f"{key}: {text}" for key, text in value.items())
    return "" if value is None else str(value)


def _add(session: Session, row: ShippedMandate) -> None:
    mandate = Mandate(
        code=row.code,
        kind=row.kind,
        title=row.title,
        titles=dict(row.titles) or None,
        resolutions=list(row.resolutions),
        holders=list(row.holders),
        approvers=[],
        shipped=row.values(),
    )
    now = utcnow()
    for part, (source, as_of) in row.origins().items():
        record_shipped(mandate, part, source=source, as_of=as_of, at=now)
    session.add(mandate)
    record(
        session=session,
        actor=ACTOR,
        action="mandate",
        field=f"{row.code} added",
        new=f"{row.title} | resolutions {', '.join(row.resolutions)}",
    )


def _changes(mandate: Mandate, row: ShippedMandate, report: RefreshReport) -> dict[str, object]:
    """The fields to change on a registered mandate; team edits go to ``report.kept``."""
    before = mandate.shipped
    new = row.values()
    changes: dict[str, object] = {}

    def untouched(name: str, current: object, empty: bool) -> bool:
        if before is None:  # not the file's mandate: only fill what is empty
            return empty
        return current == before.get(name)

    for name in ("title", "resolutions", "kind", "holders"):
        current = getattr(mandate, name)
        if current == new[name]:
            continue
        if name == "holders" and not new["holders"] and not (before or {}).get("holders"):
            continue  # the file names no holder, and never did: the team's stay as they are
        if name == "holders" and before is not None and "holders" not in before:
            before = {**before, "holders": []}  # shipped before holders were: none shipped
        if untouched(name, current, not current):
            changes[name] = new[name]
        else:
            report.kept.append(f"{mandate.code} {name}")
    titles = dict(mandate.titles or {})
    shipped_titles = (before or {}).get("titles") or {}
    for language in TRANSLATIONS:
        current = titles.get(language)
        wanted = row.titles.get(language)
        if current == wanted:
            continue
        if before is None:
            if current or not wanted:
                if wanted:
                    report.kept.append(f"{mandate.code} title-{language}")
                continue
        elif current != shipped_titles.get(language):
            report.kept.append(f"{mandate.code} title-{language}")
            continue
        if wanted:
            titles[language] = wanted
        else:
            titles.pop(language, None)
    if titles != (mandate.titles or {}):
        changes["titles"] = titles or None
    return changes
