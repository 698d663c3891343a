"""What the mandate registry says about a letter's signatories: rows the team has not confirmed
(or confirmed too long ago), legal bases past their renewal period, and holder functions or
treaty provisions with no form in the letter's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from bot.letters.build import signing_holders
from bot.letters.lint import LintCode, LintIssue, Part, Place
from bot.mandates.bases import BasisKind, parse_holder, stored_basis
from bot.mandates.freshness import DEFAULT_MAX_AGE_DAYS, Staleness, row_problems
from bot.mandates.models import Mandate

_CODES = {
    Staleness.UNCONFIRMED: LintCode.UNCONFIRMED_MANDATE,
    Staleness.OLD_CONFIRMATION: LintCode.OLD_CONFIRMATION,
    Staleness.EXPIRED_BASIS: LintCode.EXPIRED_BASIS,
}
_LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish"}


def registry_issues(
    mandates: Iterable[Mandate],
    *,
    language: str,
    today: dt.date,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> list[LintIssue]:
    """The registry's findings for the co-signing mandates of a letter in ``language``."""
    issues: list[LintIssue] = []
    for mandate in mandates:
        where = Place(Part.MANDATE, key=mandate.code)
        issues += [
            LintIssue(_CODES[problem.staleness], problem.message, where)
            for problem in row_problems(mandate, today=today, max_age_days=max_age_days)
        ]
        issues += _untranslated(mandate, language)
    return issues


def _untranslated(mandate: Mandate, language: str) -> Iterator[LintIssue]:
    """Functions and treaty provisions printed in another language than the letter's."""
    code, name = mandate.code, _LANGUAGE_NAMES.get(language, language)
    where = Place(Part.MANDATE, key=code)
    for stored in signing_holders(mandate):
        holder = parse_holder(stored)
        if holder.function and mandate.function_in(stored, language) is None:
            yield LintIssue(
                LintCode.UNTRANSLATED_FUNCTION,
                f"{holder.name}'s function in {code} ({holder.function}) has no {name} form, "
                "so it is printed as recorded",
                where,
                f'"{holder.name} | <function in {name}>"',
            )
    for stored in mandate.resolutions or ():
        treaty = stored_basis(stored).kind is BasisKind.TREATY
        if treaty and mandate.basis_in(stored, language) is None:
            yield LintIssue(
                LintCode.UNTRANSLATED_BASIS,
                f'{code}\'s legal basis "{stored}" has no {name} form, so it is printed as '
                "recorded",
                where,
            )
