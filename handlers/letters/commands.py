"""/letter: numbered questions, drafts for review, sending and replies."""

from __future__ import annotations

import datetime as dt

from bot.cases.models import Case
from bot.cases.paragraphs import BODY, QUESTION
from bot.config import LANGUAGES
from bot.errors import Invalid, UserError
from bot.grammar import counted
from bot.reviews.clearance import withdraw_clearance
from bot.reviews.drafts import make_draft
from bot.reviews.findings import open_findings
from bot.reviews.replies import NotSent, record_reply
from bot.reviews.sending import NoDraft, UnsentDraft, correct_sent_on, sendable_version
from bot.slack.blocks import to_dicts
from bot.slack.commands import Invocation, Reply
from bot.slack.escape import escape_mrkdwn
from handlers.letters.blocks import build_send_confirmation
from handlers.letters.posts import draft_posts, thread_notice
from handlers.letters.public import public
from handlers.letters.replies import REPLY_SET_HELP, documents_line, reply_set
from handlers.shared.commands import Command, Subcommand, run_with
from handlers.shared.paragraphs import forms_line, forms_usage, paragraph_command


def draft(invocation: Invocation, case: Case, rest: str) -> Reply:
    """``draft [en|fr|es]``: a new version posted for review in the case's thread."""
    words = rest.split()
    if len(words) > 1:
        raise Invalid(f"Give at most the language: {', '.join(LANGUAGES[:-1])} or {LANGUAGES[-1]}.")
    made = make_draft(
        session=invocation.session,
        case=case,
        actor=invocation.user_id,
        language=words[0] if words else None,
        templates_dir=invocation.settings.templates_dir,
        today=invocation.today,
        registry_max_age_days=invocation.settings.registry_max_age_days,
    )
    problems = (
        f" The checks found {counted(len(made.issues), 'problem')}: see the thread."
        if made.issues
        else ""
    )
    text = f"Draft v{made.version.number} of case #{case.id} is posted for review.{problems}"
    return Reply(text=text).then(*draft_posts(case=case, draft=made))


def send(invocation: Invocation, case: Case, rest: str) -> Reply:
    """``send [YYYY-MM-DD]``: what would be sent, to confirm with the Send button."""
    words = rest.split()
    if len(words) > 1:
        raise Invalid("Give at most the sending date, YYYY-MM-DD.")
    sent_on = parse_day(words[0]) if words else invocation.today
    try:
        version = sendable_version(case=case, sent_on=sent_on, today=invocation.today)
    except NoDraft as error:
        error.message += (
            f" Make one with /letter {case.id} draft, have it cleared in its thread, then send it."
        )
        raise
    except UnsentDraft as error:
        error.message = error.message.replace(
            "make a new draft", f"make a new draft (/letter {case.id} draft)", 1
        )
        raise
    due_on = sent_on + dt.timedelta(days=case.reply_days)
    findings = open_findings(
        session=invocation.session,
        case=case,
        version=version,
        sent_on=sent_on,
        today=invocation.today,
        registry_max_age_days=invocation.settings.registry_max_age_days,
    )
    blocks = build_send_confirmation(
        case, version, sent_on=sent_on, due_on=due_on, findings=findings
    )
    open_count = f" The checks find {counted(len(findings), 'open problem')}." if findings else ""
    text = (
        f"Send {case.reference} (v{version.number}) dated {sent_on.isoformat()}? "
        f"The reply would be due on {due_on.isoformat()}.{open_count}"
    )
    return Reply(text=text, blocks=to_dicts(blocks))


def reply(invocation: Invocation, case: Case, rest: str) -> Reply:
    """``reply <YYYY-MM-DD> [summary]``: a reply from the addressee; reminders stop."""
    day, _, summary = rest.partition(" ")
    if not day:
        raise Invalid("Give the date the reply was received, YYYY-MM-DD.")
    try:
        received = record_reply(
            session=invocation.session,
            case=case,
            received_on=parse_day(day),
            summary=summary,
            actor=invocation.user_id,
            today=invocation.today,
        )
    except NotSent as error:
        error.message += f" Send it first: /letter {case.id} send [YYYY-MM-DD]"
        raise
    about = f": {escape_mrkdwn(received.summary.rstrip('.'))}" if received.summary else ""
    documents = documents_line(received)
    notice = thread_notice(
        case,
        f":inbox_tray: <@{invocation.user_id}> recorded a reply to {escape_mrkdwn(case.reference)} "
        f"received on {received.received_on.isoformat()}{about}. Reminders stop.{documents}",
    )
    text = (
        f"Reply of {received.received_on.isoformat()} recorded for {case.reference}; reminders "
        f"stop.{documents} Record its language, confidentiality and translation with "
        f"/letter {case.id} reply-set."
    )
    return Reply(text=text).then(notice)


def parse_day(text: str) -> dt.date:
    """A YYYY-MM-DD date that exists, or a refusal saying how to write it."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise Invalid(f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2017-01-23.") from None


def sent_on(invocation: Invocation, case: Case, rest: str) -> Reply:
    """``sent-on <YYYY-MM-DD> <reason>``: correct the sending date; due date and reminders follow."""
    day, _, reason = rest.partition(" ")
    if not day or not reason.strip():
        raise UserError(
            "Give the correct sending date and why it changes, e.g. "
            f"/letter {case.id} sent-on 2017-01-23 typed the wrong day."
        )
    corrected = correct_sent_on(
        session=invocation.session,
        case=case,
        sent_on=parse_day(day),
        reason=reason,
        actor=invocation.user_id,
        settings=invocation.settings,
        today=invocation.today,
    )
    assert corrected.sent_on is not None and corrected.due_on is not None  # a sent letter
    when = corrected.sent_on.isoformat()
    text = (
        f"{corrected.reference} is now recorded as sent on {when}; "
        f"the reply is due on {corrected.due_on.isoformat()} and the reminders follow."
    )
    return Reply(text=text)


def withdraw(invocation: Invocation, case: Case, rest: str) -> Reply:
    """``withdraw [<MANDATE>]``: take back your clearance of the latest draft, until it is sent."""
    words = rest.split()
    if len(words) > 1:
        raise Invalid("Give at most the mandate code, e.g. FOAA.")
    version = case.latest_version
    if version is None:
        raise UserError(f"Case #{case.id} has no draft to withdraw a clearance from.")
    codes = withdraw_clearance(
        session=invocation.session,
        case=case,
        version=version,
        actor=invocation.user_id,
        mandate_code=words[0] if words else None,
    )
    what = ", ".join(codes)
    return Reply(
        text=f"Your clearance of v{version.number} of case #{case.id} for {what} is withdrawn."
    )


LETTER = Command(
    name="/letter",
    summary="the letter of a case",
    subcommands=(
        Subcommand(
            "<case> question <text>",
            "add a numbered question",
            run_with(paragraph_command, kind=QUESTION),
            details=forms_line(QUESTION, "question"),
            usage_line=forms_usage(QUESTION, "question"),
        ),
        Subcommand(
            "<case> body <paragraph>",
            "add a body paragraph after the concern (legal analysis, context): whole "
            "sentences, from a capital letter to a full stop, up to 3,000 characters each, as "
            "many as needed",
            run_with(paragraph_command, kind=BODY),
            details=forms_line(BODY, "body"),
            usage_line=forms_usage(BODY, "body"),
        ),
        Subcommand(
            f"<case> draft [{'|'.join(LANGUAGES)}]",
            "render a new draft version into the case's review thread (with a Word file); "
            "the checks list problems before review",
            draft,
            details="• In the thread: reply to comment; *Clear for <mandate>* by one of its "
            "approvers (or any team member where it has none), never by the drafter, after you "
            "confirm; *Request changes*; *Withdraw my clearance* takes yours back until the "
            "letter is sent; the *…* menu edits the letter. A new draft mentions who may clear "
            "each mandate",
        ),
        Subcommand(
            "<case> send [<YYYY-MM-DD>]",
            "only once every mandate cleared the current version: shows what will be sent "
            "(reference, version, date, reply due date) with *Send* and *Cancel*; only *Send*, "
            "once you confirm, freezes that version and starts the reply clock (default date: "
            "today), and refuses if that version is no longer the cleared current one",
            send,
        ),
        Subcommand(
            "<case> reply <YYYY-MM-DD> [<summary>]",
            "record a reply from the addressee (several allowed); reminders stop. Files shared "
            "in the review thread once the letter is sent are the reply's documents: those "
            "shared before it is recorded join it, those shared after join the latest reply",
            reply,
        ),
        Subcommand(
            "<case> reply-set [<n>] language|confidential|translation|cleared <value>",
            "what is recorded of reply n (numbered in /case show; n may be left out when there "
            "is one): " + REPLY_SET_HELP,
            reply_set,
        ),
        Subcommand(
            "<case> sent-on <YYYY-MM-DD> <reason>",
            "correct the sending date of a sent letter (audited); the due date and reminders "
            "follow",
            sent_on,
        ),
        Subcommand(
            "<case> public [clear]",
            "build the public version of the sent letter: every name in victims-withheld "
            "replaced by its initials (or the label in brackets after it), in any case, "
            "accents and possessive; posted in the review thread as .docx and .md, with a "
            "finding for any form of a name still there and for a name the letter never "
            "prints. `clear`: any team member but its maker clears the latest, which is then "
            "frozen (`python -m bot letter export <case> --public` writes it)",
            public,
        ),
        Subcommand(
            "<case> withdraw [<MANDATE>]",
            "take back your clearance of the latest draft (all of yours, or one mandate's), "
            "until the letter is sent",
            withdraw,
        ),
    ),
)
