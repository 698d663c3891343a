"""The linter's findings of a letter: worked out when a version is made and kept with it (the
record of what its reviewers saw), and worked out again for the letter as it would be sent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.cases.models import Case
from bot.letters.build import (
    LetterInput,
    letter_input,
    source_terms,
    untranslated_paragraphs,
    untranslated_titles,
)
from bot.letters.lint import LintCode, LintIssue, lint
from bot.reviews.models import DraftVersion

_LANGUAGE_NAMES = {"fr": "French", "es": "Spanish"}


@dataclass(frozen=True)
class RecordedFinding:
    """A finding as it was recorded with a version: what kind, what it says, where."""

    code: str
    message: str
    where: str


def letter_findings(*, case: Case, letter: LetterInput) -> list[LintIssue]:
    """Everything the checks find in the case's letter as ``letter`` renders it."""
    language = letter.language
    issues = lint(
        letter,
        source_terms=source_terms(case),
        case=f"#{case.id}",
        untranslated_paragraphs=untranslated_paragraphs(case, language),
    )
    language_name = _LANGUAGE_NAMES.get(language, language)
    issues += [
        LintIssue(
            code=LintCode.UNTRANSLATED_TITLE,
            message=f"{code} has no {language_name} title, so the English one is printed. "
            f'Record it: /mandate set {code} title-{language} "<title>"',
            where="signatures",
        )
        for code in untranslated_titles(case, language)
    ]
    return issues


def record_findings(issues: list[LintIssue]) -> list[dict[str, str]]:
    """The findings as a version keeps them (JSON)."""
    return [
        {"code": str(issue.code), "message": issue.message, "where": issue.where}
        for issue in issues
    ]


def version_findings(version: DraftVersion) -> list[RecordedFinding] | None:
    """The findings recorded when the version was made; None if it was made before they
    were kept (nothing is known of them, which is not the same as none)."""
    if version.findings is None:
        return None
    return [
        RecordedFinding(
            code=str(item.get("code", "")),
            message=str(item.get("message", "")),
            where=str(item.get("where", "")),
        )
        for item in version.findings
    ]


def open_findings(
    *, session: Session, case: Case, version: DraftVersion, sent_on: dt.date
) -> list[LintIssue]:
    """What the checks find in the letter as it would be sent: the version's language, the
    sending date, the registry and library as they are now."""
    letter = letter_input(session=session, case=case, language=version.language, date=sent_on)
    return letter_findings(case=case, letter=letter)
