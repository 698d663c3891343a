"""Draft versions: a case's letter rendered into a numbered, immutable version, checked,
and what changed since the previous one."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from bot.audit.service import record
from bot.cases.enums import CaseStatus
from bot.cases.letter_models import DraftVersion
from bot.cases.models import Case
from bot.cases.service import CaseClosed, lock_case
from bot.config import LANGUAGES
from bot.errors import Invalid, NotFound, UserError
from bot.events import DraftMade, record_event
from bot.letters.build import LetterInput, letter_input
from bot.letters.lint import LintIssue
from bot.letters.render import LetterRenderError, RenderedLetter, render_letter
from bot.mandates.freshness import DEFAULT_MAX_AGE_DAYS
from bot.reviews.findings import letter_issues, record_findings


class DraftError(UserError):
    """A refusal about the drafts of a case (which a new draft would resolve)."""

    def __init__(self, message: str, *, case_id: int) -> None:
        super().__init__(message)
        self.case_id = case_id


@dataclass(frozen=True)
class ChangeSummary:
    """What changed between two versions in one language, paragraph by paragraph.

    ``since``: the number of the version compared with, the latest earlier one in the same
    language (a French version is not compared with an English one); None when there is none.
    """

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)
    since: int | None = None

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class Draft:
    """A new version, its rendering, what the linter found, and what changed."""

    version: DraftVersion
    letter: LetterInput  # what was rendered: built once per draft
    rendered: RenderedLetter
    issues: list[LintIssue]
    changes: ChangeSummary | None


def _paragraphs(markdown: str) -> list[str]:
    """The paragraphs of a version's text, whitespace collapsed; blank ones left out."""
    return [text for text in (" ".join(p.split()) for p in markdown.split("\n\n")) if text]


def summarise_changes(old: str, new: str, *, since: int | None = None) -> ChangeSummary:
    """Paragraphs added, removed and changed from one version's text (number ``since``) to
    the next."""
    before, after = _paragraphs(old), _paragraphs(new)
    summary = ChangeSummary(since=since)
    # The paragraphs both begin and end with are left out of the matching, whose cost grows
    # with the product of the lengths: a long letter with one change is compared at once.
    head = 0
    while head < min(len(before), len(after)) and before[head] == after[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(before), len(after)) - head
        and before[len(before) - 1 - tail] == after[len(after) - 1 - tail]
    ):
        tail += 1
    before, after = before[head : len(before) - tail], after[head : len(after) - tail]
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "insert":
            summary.added.extend(after[j1:j2])
        elif tag == "delete":
            summary.removed.extend(before[i1:i2])
        elif tag == "replace":
            pairs = list(zip(before[i1:i2], after[j1:j2], strict=False))
            summary.changed.extend(pairs)
            summary.removed.extend(before[i1 + len(pairs) : i2])
            summary.added.extend(after[j1 + len(pairs) : j2])
    return summary


def make_draft(
    *,
    session: Session,
    case: Case,
    actor: str,
    language: str | None = None,
    templates_dir: Path | None = None,
    today: dt.date,
    registry_max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> Draft:
    """Render the case's letter into a new, numbered, immutable version."""
    case = lock_case(session=session, case_id=case.id)
    if case.status == CaseStatus.CLOSED:
        raise CaseClosed(f"Case #{case.id} is closed.", case_id=case.id)
    if case.sent_on is not None:
        raise UserError(
            f"Case #{case.id} was sent on {case.sent_on.isoformat()}; its letter is frozen. "
            f"Export it with python -m bot letter export {case.id}, or open a follow-up case."
        )
    language = (language or case.language).lower()
    if language not in LANGUAGES:
        raise Invalid(f"{language!r} is not a letter language: use en, fr or es.")
    letter = letter_input(session=session, case=case, language=language, date=today)
    try:
        rendered = render_letter(letter, templates_dir=templates_dir)
    except LetterRenderError as error:
        raise Invalid(f"The letter cannot be drafted: {error}") from None
    issues = letter_issues(
        case=case,
        letter=letter,
        language=language,
        today=today,
        registry_max_age_days=registry_max_age_days,
    )
    _load_versions(session, case)
    previous = case.latest_version
    version = DraftVersion(
        case_id=case.id,
        number=(previous.number + 1) if previous else 1,
        language=language,
        content_version=case.content_version,
        markdown=rendered.markdown,
        text_hash=hashlib.sha256(rendered.markdown.encode()).hexdigest(),
        made_by=actor,
        findings=record_findings(issues),  # what its reviewers are shown, kept with it
        clearances=[],  # a new version has none: nothing to ask the database
    )
    case.versions.append(version)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="draft",
        case_id=case.id,
        field=f"v{version.number}",
        new=f"{language} {version.text_hash[:12]}",
    )
    record_event(session, DraftMade(case_id=case.id, version_id=version.id, held=(version,)))
    changes = None
    if previous is not None:
        changes = _changes_since(case.versions[:-1], version)
    return Draft(version=version, letter=letter, rendered=rendered, issues=issues, changes=changes)


def _changes_since(earlier: list[DraftVersion], version: DraftVersion) -> ChangeSummary:
    """What changed since the latest earlier version in the same language (nothing to
    compare, ``since`` None, when this is the first version in its language)."""
    before = next((v for v in reversed(earlier) if v.language == version.language), None)
    if before is None:
        return ChangeSummary()
    if before.text_hash == version.text_hash:  # the same text: it is not read
        return ChangeSummary(since=before.number)
    return summarise_changes(before.markdown, version.markdown, since=before.number)


def _load_versions(session: Session, case: Case) -> None:
    """The case's versions with their clearances, in one query: the new version is numbered
    after the latest, and the latest's header is updated (its clearances shown) when the new
    one is posted."""
    versions = session.scalars(
        select(DraftVersion)
        .where(DraftVersion.case_id == case.id)
        .order_by(DraftVersion.number)
        .options(joinedload(DraftVersion.clearances))
    ).unique()
    set_committed_value(case, "versions", list(versions))


def get_version(*, session: Session, case: Case, version_id: int) -> DraftVersion:
    """A version of this case, or NotFound."""
    version = session.get(DraftVersion, version_id)
    if version is None or version.case_id != case.id:
        raise NotFound("That draft version does not exist.")
    return version
