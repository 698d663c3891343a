"""Draft versions, clearances, review comments and sending. Slack-free."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from bot.audit.service import record
from bot.cases.dates import check_past
from bot.cases.enums import CaseStatus
from bot.cases.models import Case
from bot.cases.service import CaseClosed, lock_case
from bot.config import LANGUAGES, Settings
from bot.db import utcnow
from bot.errors import Conflict, Invalid, NotAllowed, NotFound, UserError
from bot.letters.build import LetterInput, letter_input
from bot.letters.lint import LintIssue
from bot.letters.render import LetterRenderError, RenderedLetter, render_letter
from bot.mandates.models import Mandate
from bot.reminders.service import reschedule_due_date, schedule_for_sent_letter
from bot.reviews.clearance import is_current, may_clear_for, missing_clearances
from bot.reviews.findings import letter_findings, record_findings
from bot.reviews.models import Clearance, DraftVersion, ReviewComment, SentLetter


class DraftError(UserError):
    """A refusal about the drafts of a case (which a new draft would resolve)."""

    def __init__(self, message: str, *, case_id: int) -> None:
        super().__init__(message)
        self.case_id = case_id


class StaleDraft(DraftError, Conflict):
    """The case changed after the draft was made: the draft can no longer be cleared."""


class NoDraft(DraftError, Invalid):
    """The letter cannot be sent: it has no draft yet."""


class UnsentDraft(DraftError, Invalid):
    """The letter cannot be sent: the case changed after its latest draft."""


class NotAnApprover(NotAllowed):
    """The user may not clear any of the mandates still to clear the draft."""


@dataclass(frozen=True)
class ChangeSummary:
    """What changed between two versions, paragraph by paragraph."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)

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


def summarise_changes(old: str, new: str) -> ChangeSummary:
    """Paragraphs added, removed and changed from one version's text to the next."""
    before, after = _paragraphs(old), _paragraphs(new)
    summary = ChangeSummary()
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
    issues = letter_findings(case=case, letter=letter)
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
    changes = None
    if previous is not None:
        # The same text (its hash says so) has no changes: the previous text is not read.
        same = previous.text_hash == version.text_hash
        changes = (
            ChangeSummary() if same else summarise_changes(previous.markdown, version.markdown)
        )
    return Draft(version=version, letter=letter, rendered=rendered, issues=issues, changes=changes)


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


def check_current(case: Case, version: DraftVersion) -> None:
    """Refuse to act on a version that a newer one, or a later change, replaced."""
    latest = case.latest_version
    if latest is not None and latest.id != version.id:
        raise Conflict(
            f"This is v{version.number}; a newer version (v{latest.number}) exists. "
            "Review and clear the newest version in the thread."
        )
    if not is_current(case, version):
        raise StaleDraft(
            f"The case changed after v{version.number} was made, so it can no longer be cleared.",
            case_id=case.id,
        )


@dataclass(frozen=True)
class ClearResult:
    """Who cleared what, and what is still missing."""

    version: DraftVersion
    cleared: list[Mandate]
    missing: list[Mandate]


def clear_version(
    *,
    session: Session,
    case: Case,
    version: DraftVersion,
    actor: str,
    mandate_code: str | None = None,
) -> ClearResult:
    """Record the user's clearance of the current version, for one or all mandates they may clear.

    One clearance per mandate and version: a second click, or two people at once, finds
    the row already there (a unique constraint decides) and changes nothing. The case is
    locked first, so a change made at the same moment either comes before (and the version
    is refused as out of date) or after (and voids this clearance).
    """
    case = lock_case(session=session, case_id=case.id)
    version = get_version(session=session, case=case, version_id=version.id)
    if case.sent_on is not None:
        raise Conflict(f"Case #{case.id} was already sent on {case.sent_on.isoformat()}.")
    check_current(case, version)
    if actor == version.made_by:
        raise NotAllowed(
            f"You made v{version.number}, so you cannot clear it: another team member must."
        )
    allowed = may_clear_for(case, version, actor)
    if mandate_code:
        allowed = [m for m in allowed if m.code == mandate_code]
    if not allowed:
        missing = missing_clearances(case, version)
        if mandate_code and mandate_code not in {m.code for m in missing}:
            raise Conflict(f"v{version.number} is already cleared for {mandate_code}.")
        names = ", ".join(m.code for m in missing) or "nothing"
        raise NotAnApprover(
            f"You are not an approver of the mandates still to clear v{version.number} ({names}). "
            "Ask one of their approvers."
        )
    cleared: list[Mandate] = []
    for mandate in allowed:
        try:
            with session.begin_nested():
                session.add(
                    Clearance(version_id=version.id, mandate_id=mandate.id, cleared_by=actor)
                )
                session.flush()
        except IntegrityError:
            continue  # someone cleared it for this mandate a moment ago
        cleared.append(mandate)
        record(
            session=session,
            actor=actor,
            action="clear",
            case_id=case.id,
            field=f"v{version.number}",
            new=mandate.code,
        )
    session.expire(version, ["clearances"])
    if not cleared:
        raise Conflict(f"v{version.number} was already cleared for {allowed[0].code}.")
    return ClearResult(version=version, cleared=cleared, missing=missing_clearances(case, version))


def request_changes(
    *, session: Session, case: Case, version: DraftVersion, actor: str, reason: str
) -> ReviewComment:
    """Record a request for changes to a version (posted to the thread by the caller)."""
    reason = reason.strip()
    if not reason:
        raise UserError("Say what should change.")
    if len(reason) > 3000:
        raise UserError("Keep the request under 3,000 characters.")
    comment = ReviewComment(
        case_id=case.id, version_id=version.id, author=actor, kind="changes", text=reason
    )
    session.add(comment)
    record(
        session=session,
        actor=actor,
        action="request-changes",
        case_id=case.id,
        field=f"v{version.number}",
        new=reason,
    )
    return comment


def record_thread_comment(
    *, session: Session, channel_id: str, thread_ts: str, message_ts: str, author: str, text: str
) -> ReviewComment | None:
    """Store a reply in a case's review thread as a comment on the version it answers."""
    case = session.scalar(
        select(Case).where(Case.channel_id == channel_id, Case.review_thread_ts == thread_ts)
    )
    if case is None:
        return None
    existing = session.scalar(
        select(ReviewComment).where(
            ReviewComment.case_id == case.id, ReviewComment.message_ts == message_ts
        )
    )
    if existing is not None:
        return existing
    answered = [v for v in case.versions if (v.message_ts or "0") <= message_ts]
    version = answered[-1] if answered else case.latest_version
    comment = ReviewComment(
        case_id=case.id,
        version_id=version.id if version else None,
        author=author,
        kind="comment",
        text=text[:10000],
        message_ts=message_ts,
    )
    try:
        with session.begin_nested():
            session.add(comment)
            session.flush()
    except IntegrityError:
        return None  # the same message stored a moment ago (a Slack retry)
    return comment


def recent_comments(*, session: Session, case_id: int, limit: int = 8) -> list[ReviewComment]:
    """The latest review comments and requests for changes of a case, oldest first."""
    query = (
        select(ReviewComment)
        .where(ReviewComment.case_id == case_id)
        .order_by(ReviewComment.created_at.desc(), ReviewComment.id.desc())
        .limit(limit)
    )
    return list(reversed(list(session.scalars(query))))


def sendable_version(*, case: Case, sent_on: dt.date, today: dt.date) -> DraftVersion:
    """The version ``/letter send`` would send on ``sent_on``; a UserError saying why none can.

    The latest version, made from the case as it is now and cleared by every mandate, of an
    open case not sent yet. Asked before the confirmation, and again (under the lock) to send.
    """
    check_past(sent_on, what="the sending date", today=today)
    if case.status == CaseStatus.CLOSED:
        raise CaseClosed(f"Case #{case.id} is closed.", case_id=case.id)
    if case.sent_on is not None:
        raise Conflict(f"Case #{case.id} was already sent on {case.sent_on.isoformat()}.")
    version = case.latest_version
    if version is None:
        raise NoDraft(f"Case #{case.id} has no draft yet.", case_id=case.id)
    if not is_current(case, version):
        raise UnsentDraft(
            f"The case changed after v{version.number}: make a new draft and have it cleared "
            "before sending.",
            case_id=case.id,
        )
    missing = missing_clearances(case, version)
    if missing:
        lines = []
        mentioned: list[str] = []
        for mandate in missing:
            who = (
                ", ".join(f"<@{u}>" for u in mandate.approvers)
                if mandate.approvers
                else "any team member other than the drafter"
            )
            lines.append(f"• {mandate.code} ({who})")
            mentioned += mandate.approvers or []
        raise Invalid(
            f"v{version.number} of case #{case.id} is not cleared yet. Missing clearances:\n"
            + "\n".join(lines),
            mentions=tuple(dict.fromkeys(mentioned)),
        )
    if version.content_version != case.content_version:  # is_current says so; never send otherwise
        raise Conflict(f"v{version.number} is not the case as it is now: make a new draft.")
    return version


def send_letter(
    *,
    session: Session,
    case: Case,
    sent_on: dt.date,
    actor: str,
    settings: Settings,
    today: dt.date,
    version_id: int | None = None,
) -> DraftVersion:
    """Freeze the cleared version, record the sending date and start the reply clock.

    Under the case lock: the version sent is the latest, made from exactly the case content
    of now (its content_version), and cleared by every mandate; a second send is refused.
    With ``version_id`` (the version the sender confirmed) it must still be that version.
    The letter as sent (Markdown, text, Word) is stored with the version: exports of a sent
    case come from that copy, whatever changes later (a mandate's holder, the templates).
    """
    case = lock_case(session=session, case_id=case.id)
    version = sendable_version(case=case, sent_on=sent_on, today=today)
    if version_id is not None and version.id != version_id:
        confirmed = session.get(DraftVersion, version_id)
        number = f"v{confirmed.number}" if confirmed is not None else "The version you confirmed"
        raise Conflict(
            f"{number} is no longer the cleared current version of case #{case.id} "
            f"(v{version.number} is): nothing was sent. Ask to send it again."
        )
    letter = letter_input(session=session, case=case, language=version.language, date=sent_on)
    try:
        rendered = render_letter(
            letter,
            templates_dir=settings.templates_dir,
            letterhead=settings.letterhead,
            team=settings.team_name,
        )
    except LetterRenderError as error:
        raise Invalid(f"The letter cannot be rendered: {error}") from None
    version.sent_letter = SentLetter(
        language=version.language,
        reference=case.reference,
        markdown=rendered.markdown,
        plain_text=rendered.to_plain_text(),
        docx=rendered.to_docx(),
    )
    case.sent_on = sent_on
    case.due_on = sent_on + dt.timedelta(days=case.reply_days)
    case.sent_version_id = version.id
    session.flush()
    schedule_for_sent_letter(session=session, case=case, settings=settings)
    record(
        session=session,
        actor=actor,
        action="send",
        case_id=case.id,
        field=f"v{version.number}",
        new=f"{sent_on.isoformat()} due {case.due_on.isoformat()}",
    )
    return version


def withdraw_clearance(
    *,
    session: Session,
    case: Case,
    version: DraftVersion,
    actor: str,
    mandate_code: str | None = None,
) -> list[str]:
    """Take back the clearances ``actor`` gave to a version, until the letter is sent.

    Only the person who cleared can withdraw; returns the mandate codes withdrawn.
    """
    case = lock_case(session=session, case_id=case.id)
    version = get_version(session=session, case=case, version_id=version.id)
    if case.sent_on is not None:
        raise Conflict(
            f"Case #{case.id} was sent on {case.sent_on.isoformat()}: its clearances stand."
        )
    mine = [c for c in version.clearances if c.cleared_by == actor]
    if mandate_code:
        mine = [c for c in mine if c.mandate.code == mandate_code.upper()]
    if not mine:
        what = f" for {mandate_code.upper()}" if mandate_code else ""
        raise NotAllowed(
            f"You have not cleared v{version.number} of case #{case.id}{what}: only the person "
            "who gave a clearance can withdraw it."
        )
    codes = [c.mandate.code for c in mine]
    for clearance in mine:
        version.clearances.remove(clearance)
        record(
            session=session,
            actor=actor,
            action="clear-withdraw",
            case_id=case.id,
            field=f"v{version.number}",
            old=clearance.mandate.code,
        )
    session.flush()
    return codes


def correct_sent_on(
    *,
    session: Session,
    case: Case,
    sent_on: dt.date,
    reason: str,
    actor: str,
    settings: Settings,
    today: dt.date,
) -> Case:
    """Correct the sending date of a sent letter: due date and pending reminders follow."""
    reason = " ".join(reason.split())
    if not reason:
        raise UserError("Say why the sending date changes, after the date.")
    check_past(sent_on, what="the sending date", today=today)
    case = lock_case(session=session, case_id=case.id)
    if case.sent_on is None:
        raise UserError(
            f"Case #{case.id} has not been sent yet, so there is no sending date to correct."
        )
    if sent_on == case.sent_on:
        raise UserError(f"Case #{case.id} is already recorded as sent on {sent_on.isoformat()}.")
    old = f"{case.sent_on.isoformat()} due {case.due_on.isoformat() if case.due_on else '-'}"
    case.sent_on = sent_on
    reschedule_due_date(session=session, case=case, settings=settings)
    assert case.due_on is not None  # a sent letter has a due date
    record(
        session=session,
        actor=actor,
        action="sent-on",
        case_id=case.id,
        field="sent_on",
        old=old,
        new=f"{sent_on.isoformat()} due {case.due_on.isoformat()} ({reason})",
    )
    return case


def _comment_by_message(
    *, session: Session, channel_id: str, message_ts: str
) -> ReviewComment | None:
    return session.scalar(
        select(ReviewComment)
        .join(Case, Case.id == ReviewComment.case_id)
        .where(Case.channel_id == channel_id, ReviewComment.message_ts == message_ts)
    )


def edit_thread_comment(
    *, session: Session, channel_id: str, message_ts: str, text: str, actor: str
) -> ReviewComment | None:
    """A review comment edited in Slack: store the new text; the audit says it was edited."""
    comment = _comment_by_message(session=session, channel_id=channel_id, message_ts=message_ts)
    if comment is None:
        return None
    comment.text = text[:10000]
    comment.edited_at = utcnow()
    record(
        session=session,
        actor=actor,
        action="comment-edit",
        case_id=comment.case_id,
        field=f"comment {message_ts}",
        new="edited in Slack",
    )
    session.flush()
    return comment


def delete_thread_comment(
    *, session: Session, channel_id: str, message_ts: str, actor: str
) -> bool:
    """A review comment deleted in Slack: remove it; the audit says it was deleted (no text)."""
    comment = _comment_by_message(session=session, channel_id=channel_id, message_ts=message_ts)
    if comment is None:
        return False
    record(
        session=session,
        actor=actor,
        action="comment-delete",
        case_id=comment.case_id,
        field=f"comment {message_ts}",
        old="deleted in Slack",
    )
    session.delete(comment)
    session.flush()
    return True
