"""How old a mandate's registry row is: unconfirmed, confirmed too long ago, or acting under a
legal basis older than the mandate's renewal period.

The Human Rights Council renews thematic mandates for three years and country mandates for one
(OHCHR, "Special Procedures of the Human Rights Council"), so a mandate whose latest Council
resolution is older than that has most probably been renewed since by a resolution the registry
lacks. A resolution's date is read from its session: ``41/12`` was adopted at the 41st session.
Since the 7th (March 2008) the Council holds three regular sessions a year, closing in about
April, July and October; a resolution is taken as adopted in the month its session closes.
Commission on Human Rights and General Assembly resolutions and treaty provisions have no
renewal period here (a mandate founded on them runs until they are replaced).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from bot.config import DEFAULT_REGISTRY_MAX_AGE_DAYS
from bot.grammar import counted
from bot.mandates.bases import BasisKind, stored_basis
from bot.mandates.models import Mandate
from bot.mandates.provenance import is_confirmed, origin

DEFAULT_MAX_AGE_DAYS = DEFAULT_REGISTRY_MAX_AGE_DAYS  # the REGISTRY_MAX_AGE_DAYS setting
RENEWAL_YEARS = {"thematic": 3, "country": 1}
DEFAULT_RENEWAL_YEARS = 3  # a mandate of no recorded kind is taken as thematic (the longer)
_FIRST_REGULAR_SESSION = 7  # March 2008: three regular sessions a year since
_CLOSING_MONTHS = (4, 7, 10)


class Staleness(StrEnum):
    """Why a row may no longer say who signs and under what."""

    UNCONFIRMED = "unconfirmed"  # shipped or edited, and no team member confirmed it since
    OLD_CONFIRMATION = "old-confirmation"  # confirmed longer ago than the team allows
    EXPIRED_BASIS = "expired-basis"  # its latest resolution is older than a renewal period


@dataclass(frozen=True)
class RowProblem:
    """One reason to check a mandate's row before a letter goes out."""

    code: str  # the mandate's code
    staleness: Staleness
    message: str  # plain text: what is doubtful (the Slack side adds the command)


def resolution_date(number: str) -> dt.date | None:
    """When a Human Rights Council resolution ``41/12`` was adopted, to the month: the month its
    session closes. None for a number that is not of a regular session since 2008."""
    session, _, _ = number.partition("/")
    if not session.isdigit() or int(session) < _FIRST_REGULAR_SESSION:
        return None
    years, position = divmod(int(session) - _FIRST_REGULAR_SESSION, 3)
    return dt.date(2008 + years, _CLOSING_MONTHS[position], 1)


def latest_resolution(mandate: Mandate) -> tuple[str, dt.date] | None:
    """The mandate's most recent Human Rights Council resolution, and when it was adopted."""
    dated = [
        (basis.text, date)
        for basis in map(stored_basis, mandate.resolutions or ())
        if basis.kind is BasisKind.HRC and (date := resolution_date(basis.text))
    ]
    return max(dated, key=lambda pair: pair[1], default=None)


def renewal_due(mandate: Mandate) -> tuple[str, dt.date] | None:
    """The latest resolution and the date by which the mandate came up for renewal after it."""
    latest = latest_resolution(mandate)
    if latest is None:
        return None
    number, adopted = latest
    years = RENEWAL_YEARS.get(mandate.kind or "", DEFAULT_RENEWAL_YEARS)
    return number, adopted.replace(year=adopted.year + years)


def _origins(mandate: Mandate) -> str:
    """ "holders: shipped: ohchr-foaa, as of 2024-06-28; legal bases: ..." (plain)."""
    words = []
    for part, name in (("holders", "holders"), ("bases", "legal bases")):
        found = origin(mandate, part)
        if found is not None:
            words.append(f"{name} {found.words(mention=False)}")
    return f" ({'; '.join(words)})" if words else ""


def row_problems(mandate: Mandate, *, today: dt.date, max_age_days: int) -> list[RowProblem]:
    """What makes this mandate's holders or legal bases doubtful on ``today``."""
    code = mandate.code
    problems: list[RowProblem] = []
    if not is_confirmed(mandate):
        since = (
            f", changed since its confirmation on {mandate.confirmed_at.date().isoformat()}"
            if mandate.confirmed_at
            else ""
        )
        problems.append(
            RowProblem(
                code,
                Staleness.UNCONFIRMED,
                f"{code}'s holders and legal bases are not confirmed by the team{since}"
                f"{_origins(mandate)}; check them and confirm the row",
            )
        )
    elif mandate.confirmed_at is not None:
        confirmed = mandate.confirmed_at.date()
        if (today - confirmed).days > max_age_days:
            problems.append(
                RowProblem(
                    code,
                    Staleness.OLD_CONFIRMATION,
                    f"{code}'s holders and legal bases were last confirmed on "
                    f"{confirmed.isoformat()}, more than {counted(max_age_days, 'day')} ago; check them "
                    "and confirm the row again",
                )
            )
    due = renewal_due(mandate)
    if due is not None and today >= due[1]:
        number, by = due
        kind = mandate.kind if mandate.kind in RENEWAL_YEARS else "thematic"
        years = RENEWAL_YEARS[kind]
        problems.append(
            RowProblem(
                code,
                Staleness.EXPIRED_BASIS,
                f"{code}'s latest legal basis, Human Rights Council resolution {number}, is "
                f"older than the {years} year{'s' if years > 1 else ''} a {kind} mandate runs "
                f"(it came up for renewal by {by.strftime('%B %Y')}); record the resolution "
                "that renewed it",
            )
        )
    return problems
