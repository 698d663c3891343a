"""Block Kit for review: a version's header with its buttons, and notices in the thread."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    InputBlock,
    InteractiveElement,
    MarkdownTextObject,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.cases.letter_models import DraftVersion, PublicVersion
from bot.cases.models import Case
from bot.grammar import counted
from bot.letters.lint import LintIssue
from bot.reviews.clearance import missing_clearances
from bot.reviews.drafts import ChangeSummary
from bot.reviews.findings import RecordedFinding, recorded_findings, version_findings
from bot.slack.blocks import BlockBudget
from bot.slack.escape import escape_mrkdwn as esc
from bot.slack.escape import plain
from handlers.letters.fixes import FixContext, with_fix
from handlers.letters.ids import ActionId, BlockId, CallbackId
from handlers.shared.card import edit_menu

LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish"}


def changes_text(changes: ChangeSummary | None, language: str) -> str | None:
    """What changed since the latest earlier version in the same language."""
    if changes is None:
        return None
    if changes.since is None:
        return f"*Changes:* this is the first {language} version; nothing earlier to compare with."
    heading = f"*Changes since v{changes.since}* (the {language} version before this one):"
    if changes.empty:
        return f"{heading} none in the text."
    lines = [
        f"{heading} {counted(len(changes.added), 'paragraph')} added, "
        f"{len(changes.removed)} removed, {len(changes.changed)} changed"
    ]
    for old, new in changes.changed[:5]:
        lines.append(f"• changed: “{esc(plain(old, 80))}” → “{esc(plain(new, 80))}”")
    for text in changes.added[:5]:
        lines.append(f"• added: “{esc(plain(text, 120))}”")
    for text in changes.removed[:5]:
        lines.append(f"• removed: “{esc(plain(text, 120))}”")
    return "\n".join(lines)


MAX_FINDINGS_SHOWN = 15
FINDINGS_TEXT_LIMIT = 2800  # within a section's 3,000 characters, with the heading line


def _finding_lines(
    findings: Sequence[LintIssue | RecordedFinding], context: FixContext
) -> list[str]:
    """One line per finding (what is wrong, then the command that fixes it), as many as fit
    in one section; then how many more there are."""
    lines: list[str] = []
    used = 0
    for finding in findings[:MAX_FINDINGS_SHOWN]:
        said = with_fix(finding, context) if isinstance(finding, LintIssue) else finding.message
        line = f"• {esc(plain(said, 500))}"
        if used + len(line) + 1 > FINDINGS_TEXT_LIMIT:
            break
        lines.append(line)
        used += len(line) + 1
    if len(findings) > len(lines):
        lines.append(f"• and {len(findings) - len(lines)} more")
    return lines


def fix_context(case: Case, version: DraftVersion) -> FixContext:
    """How the fixes of a version's findings name the case, its State and language."""
    return FixContext(case=f"#{case.id}", country_code=case.country_code, language=version.language)


def findings_text(case: Case, version: DraftVersion) -> str:
    """The findings of this version, as recorded when it was made: the same on every
    rebuild of its header (a clearance, a withdrawal, a change that voids it, sending)."""
    findings = version_findings(version)
    if findings is None:
        return (
            ":grey_question: The checks of this version were not recorded (it was made before "
            "they were kept): make a new draft to see them."
        )
    if not findings:
        return ":white_check_mark: The checks found no problems."
    lines = [f":warning: *Before review, {counted(len(findings), 'problem')}:*"]
    return "\n".join(lines + _finding_lines(findings, fix_context(case, version)))


def open_findings_text(
    case: Case, version: DraftVersion | None, findings: Sequence[LintIssue]
) -> str:
    """The findings still true of the letter as it would be sent, for the send confirmation."""
    if not findings:
        return ":white_check_mark: The checks find no problems in the letter as it would be sent."
    context = FixContext(
        case=f"#{case.id}",
        country_code=case.country_code,
        language=version.language if version is not None else case.language,
    )
    lines = [
        f":warning: *{counted(len(findings), 'open problem')} in the letter as it would be sent:*"
    ]
    return "\n".join(lines + _finding_lines(findings, context))


def clearance_line(case: Case, version: DraftVersion) -> str:
    """Who cleared this version for which mandate, and what is missing."""
    done = [f"{c.mandate.code} by <@{c.cleared_by}>" for c in version.clearances]
    missing = [m.code for m in missing_clearances(case, version)]
    parts = []
    if done:
        parts.append("Cleared: " + ", ".join(done))
    parts.append("Missing: " + ", ".join(missing) if missing else "Cleared by every mandate")
    return " · ".join(parts)


USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


def approvers_line(case: Case, version: DraftVersion) -> str | None:
    """Who may clear each mandate still to clear, mentioned (never the drafter); None if none."""
    parts = []
    for mandate in missing_clearances(case, version):
        people = [a for a in mandate.approvers or [] if a != version.made_by]
        if not mandate.approvers:
            who = "any team member"
        elif people:
            who = ", ".join(f"<@{a}>" if USER_ID.match(a) else esc(a) for a in people)
        else:
            who = f"no approver but the drafter (/mandate set {esc(mandate.code)} approvers)"
        parts.append(f"*{esc(mandate.code)}*: {who}")
    return "To clear: " + " · ".join(parts) if parts else None


def version_buttons(case: Case, version: DraftVersion) -> ActionsBlock | None:
    """Clear-for-mandate buttons for the mandates still missing, and Request changes."""
    elements: list[InteractiveElement] = [
        ButtonElement(
            text=f"Clear for {mandate.code}",
            action_id=f"{ActionId.CLEAR_VERSION}:{mandate.code}",
            value=f"{version.id}:{mandate.code}",
            style="primary",
            confirm=clear_confirmation(case, version, mandate.code),
        )
        for mandate in missing_clearances(case, version)[:20]
    ]
    elements.append(
        ButtonElement(
            text="Request changes",
            action_id=ActionId.REQUEST_CHANGES,
            value=str(version.id),
        )
    )
    elements.append(edit_menu(case))  # edit the letter without leaving the thread
    if version.clearances:  # only whoever cleared may withdraw (the service checks who)
        elements.append(
            ButtonElement(
                text="Withdraw my clearance",
                action_id=ActionId.WITHDRAW_CLEARANCE,
                value=str(version.id),
                confirm=ConfirmObject(
                    title="Withdraw your clearance?",
                    text=f"Your clearance of v{version.number} of {plain(case.reference, 60)} "
                    "is taken back; the letter cannot be sent until it is cleared again.",
                    confirm="Withdraw",
                    deny="Keep it",
                ),
            )
        )
    return ActionsBlock(block_id=f"review-v{version.id}", elements=elements[:25])


def clear_confirmation(case: Case, version: DraftVersion, code: str) -> ConfirmObject:
    """Asked before a clearance is given: what exactly is cleared, for whom."""
    return ConfirmObject(
        title=f"Clear for {code}?",
        text=f"You clear v{version.number} of {plain(case.reference, 60)} for {code}, as it "
        "is now. Any later change to the case voids it.",
        confirm="Clear",
        deny="Cancel",
    )


def build_send_confirmation(
    case: Case,
    version: DraftVersion,
    *,
    sent_on: dt.date,
    due_on: dt.date,
    findings: Sequence[LintIssue],
) -> list[Block]:
    """What /letter send will record, the checks' open findings, then the Send button
    (confirmed) and Cancel."""
    language = LANGUAGE_NAMES.get(version.language, version.language)
    what = (
        f"*Send {esc(case.reference)}?* Draft v{version.number} ({language}), cleared by "
        f"every mandate, dated {sent_on.isoformat()}. The reply will be due on "
        f"{due_on.isoformat()} ({counted(case.reply_days, 'day')}). Once sent, this version is frozen."
    )
    value = json.dumps({"case": case.id, "version": version.id, "date": sent_on.isoformat()})
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=what)),
        SectionBlock(text=MarkdownTextObject(text=open_findings_text(case, version, findings))),
        ActionsBlock(
            block_id=f"send-v{version.id}",
            elements=[
                ButtonElement(
                    text="Send",
                    action_id=ActionId.SEND_LETTER,
                    value=value,
                    style="primary",
                    confirm=ConfirmObject(
                        title="Record the letter as sent?",
                        text=f"{plain(case.reference, 60)}, v{version.number}, sent on "
                        f"{sent_on.isoformat()}; reply due {due_on.isoformat()}.",
                        confirm="Send",
                        deny="Not yet",
                    ),
                ),
                ButtonElement(text="Cancel", action_id=ActionId.CANCEL_SEND, value=str(case.id)),
            ],
        ),
    ]
    for block in blocks:
        block.validate_json()
    return blocks


def build_version_header(
    case: Case,
    version: DraftVersion,
    *,
    changes: ChangeSummary | None,
    stale: bool = False,
) -> list[Block]:
    """The message that presents a version for review (the thread root for v1), with the
    findings recorded for this version, whoever rebuilds it."""
    budget = BlockBudget()
    language = LANGUAGE_NAMES.get(version.language, version.language)
    budget.section(
        f"*Draft v{version.number}* of *{esc(case.reference)}* ({language}) by <@{version.made_by}> "
        f"for review. Reply in this thread to comment; each mandate clears with its button."
    )
    to_clear = approvers_line(case, version)
    if to_clear and case.sent_on is None and not stale:
        budget.section(to_clear)
    changed = changes_text(changes, language)
    if changed:
        budget.section(changed)
    budget.section(findings_text(case, version))
    budget.add(ContextBlock(elements=[MarkdownTextObject(text=clearance_line(case, version))]))
    if case.sent_on is not None:
        sent = "this version" if case.sent_version_id == version.id else "another version"
        budget.add(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=f":outbox_tray: Sent on {case.sent_on.isoformat()} ({sent}); review is closed."
                    )
                ]
            )
        )
    elif stale:
        budget.add(
            ContextBlock(
                elements=[
                    MarkdownTextObject(text="Replaced: see the newest version in this thread.")
                ]
            )
        )
    else:
        buttons = version_buttons(case, version)
        if buttons is not None:
            budget.add(buttons)
    return budget.finish("More in the thread.")


def version_header_text(case: Case, version: DraftVersion) -> str:
    """Fallback text of a version's header message."""
    return f"Draft v{version.number} of {case.reference} for review"


def build_public_header(
    case: Case, version: PublicVersion, *, replaced: str, stale: bool = False
) -> list[Block]:
    """The message that presents a public version for review: what was replaced (labels
    only, never a name), what its checks found, and its Clear button (none once it is
    cleared, or replaced by a newer one)."""
    budget = BlockBudget()
    language = LANGUAGE_NAMES.get(version.language, version.language)
    budget.section(
        f"*Public version v{version.number}* of *{esc(case.reference)}* ({language}) by "
        f"<@{version.made_by}>: the letter as sent, withheld names replaced ({esc(replaced)}). "
        "Any team member but its maker clears it; once cleared it is frozen."
    )
    findings = recorded_findings(version.findings)
    context = FixContext(case=f"#{case.id}", country_code=case.country_code, language="en")
    if findings:
        lines = [f":warning: *{counted(len(findings), 'finding')} in the public version:*"]
        budget.section("\n".join(lines + _finding_lines(findings, context)))
    else:
        budget.section(":white_check_mark: No withheld name is left in any form.")
    if version.cleared_at is not None:
        cleared = f"Cleared by <@{version.cleared_by}> on {version.cleared_at.date().isoformat()}"
        budget.add(ContextBlock(elements=[MarkdownTextObject(text=cleared + "; frozen.")]))
        return budget.finish("More in the thread.")
    if stale:
        replaced_by = "Replaced: see the newest public version in this thread."
        budget.add(ContextBlock(elements=[MarkdownTextObject(text=replaced_by)]))
        return budget.finish("More in the thread.")
    budget.add(
        ActionsBlock(
            block_id=f"public-v{version.id}",
            elements=[
                ButtonElement(
                    text="Clear public version",
                    action_id=ActionId.CLEAR_PUBLIC,
                    value=str(version.id),
                    style="primary",
                    confirm=ConfirmObject(
                        title="Clear public version?",
                        text=f"You clear public version v{version.number} of "
                        f"{plain(case.reference, 60)}: it is frozen beside the sent letter.",
                        confirm="Clear",
                        deny="Cancel",
                    ),
                )
            ],
        )
    )
    return budget.finish("More in the thread.")


def build_request_changes_modal(*, case: Case, version: DraftVersion, channel_id: str) -> dict:
    """The modal asking what should change in a version."""
    view = View(
        type="modal",
        callback_id=CallbackId.REQUEST_CHANGES,
        title=PlainTextObject(text="Request changes"),
        submit=PlainTextObject(text="Send"),
        close=PlainTextObject(text="Cancel"),
        private_metadata=json.dumps(
            {"case_id": case.id, "version_id": version.id, "channel_id": channel_id}
        ),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(text=f"*{esc(case.reference)}*, draft v{version.number}")
            ),
            InputBlock(
                block_id=BlockId.REASON,
                label="What should change?",
                element=PlainTextInputElement(
                    action_id=ActionId.CHANGES_REASON, multiline=True, max_length=3000
                ),
            ),
        ],
    )
    view.validate_json()
    return view.to_dict()
