"""The linter's findings of a letter: worked out when a version is made and kept with it (the
record of what its reviewers saw), and worked out again for the letter as it would be sent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from bot.cases.letter_models import DraftVersion
from bot.cases.models import Case
from bot.letters.build import (
    LetterInput,
    letter_input,
    source_terms,
    untranslated_functions,
    untranslated_paragraphs,
    untranslated_titles,
)
from bot.letters.lint import LintCode, LintIssue, Part, Place, lint
from bot.letters.registry_checks import registry_issues
from bot.mandates.freshness import DEFAULT_MAX_AGE_DAYS


@dataclass(frozen=True)
class RecordedFinding:
    """A recorded finding this version of the bot no longer reads as a ``LintIssue`` (its
    code or part renamed since): what it said is still shown."""

    code: str
    message: str


def letter_issues(
    *,
    case: Case,
    letter: LetterInput,
    language: str,
    today: dt.date,
    registry_max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> list[LintIssue]:
    """Every finding about a case's letter in ``language``: the linter's, and what the mandate
    registry says of its signatories (rows unconfirmed or confirmed too long ago, latest bases
    past their renewal period, functions and treaty articles with no form in the language)."""
    issues = lint(
        letter,
        source_terms=source_terms(case),
        untranslated_titles=untranslated_titles(case, language),
        untranslated_paragraphs=untranslated_paragraphs(case, language),
        untranslated_functions=untranslated_functions(case, language),
    )
    issues += registry_issues(
        case.mandates, language=language, today=today, max_age_days=registry_max_age_days
    )
    return issues


def record_findings(issues: list[LintIssue]) -> list[dict[str, Any]]:
    """The findings as a version keeps them (JSON): code, message, place, offered text."""
    return [
        {
            "code": str(issue.code),
            "message": issue.message,
            "part": str(issue.place.part),
            "number": issue.place.number,
            "key": issue.place.key,
            "runs_on": issue.place.runs_on,
            "offered": issue.offered,
        }
        for issue in issues
    ]


def read_finding(item: dict[str, Any]) -> LintIssue | RecordedFinding:
    code, message = str(item.get("code", "")), str(item.get("message", ""))
    try:
        place = Place(
            Part(str(item.get("part"))),
            item.get("number"),
            item.get("key"),
            runs_on=bool(item.get("runs_on", False)),
        )
        offered = item.get("offered")
        return LintIssue(LintCode(code), message, place, str(offered) if offered else None)
    except ValueError:
        return RecordedFinding(code=code, message=message)


def version_findings(version: DraftVersion) -> list[LintIssue | RecordedFinding] | None:
    """The findings recorded when the version was made; None if it was made before they
    were kept (nothing is known of them, which is not the same as none)."""
    if version.findings is None:
        return None
    return recorded_findings(version.findings)


def recorded_findings(items: list[dict[str, Any]]) -> list[LintIssue | RecordedFinding]:
    """Findings as ``record_findings`` kept them (a draft's, a public version's)."""
    return [read_finding(item) for item in items]


def open_findings(
    *,
    session: Session,
    case: Case,
    version: DraftVersion,
    sent_on: dt.date,
    today: dt.date,
    registry_max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> list[LintIssue]:
    """What the checks find in the letter as it would be sent: the version's language, the
    sending date, the registry and library as they are now."""
    letter = letter_input(session=session, case=case, language=version.language, date=sent_on)
    return letter_issues(
        case=case,
        letter=letter,
        language=version.language,
        today=today,
        registry_max_age_days=registry_max_age_days,
    )
