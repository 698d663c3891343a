"""/letter: numbered questions, drafts for review, sending and replies."""

from __future__ import annotations

import datetime as dt
import difflib

from bot.cases.models import Case
from bot.cases.paragraphs import BODY, QUESTION
from bot.errors import UserError
from bot.reviews.clearance import withdraw_clearance
from bot.reviews.drafts import make_draft
from bot.reviews.findings import open_findings
from bot.reviews.replies import NotSent, record_reply
from bot.reviews.sending import NoDraft, UnsentDraft, correct_sent_on, sendable_version
from bot.slack.blocks import to_dicts
from bot.slack.commands import Invocation, Reply, Router, usage_of
from bot.slack.escape import escape_mrkdwn
from handlers.letters.blocks import build_send_confirmation
from handlers.letters.posts import draft_posts, refresh_header, thread_notice
from handlers.shared.card import card_update
from handlers.shared.help import LETTER_HELP
from handlers.shared.paragraphs import PARAGRAPH_USAGE, paragraph_command
from handlers.shared.refs import take_case

LETTER_USAGE = "/letter <case> question <text> | body <paragraph> | draft [en|fr|es] | send [<YYYY-MM-DD>] | reply <YYYY-MM-DD> [<summary>] | sent-on <YYYY-MM-DD> <reason> | withdraw [<MANDATE>]"
DRAFT_USAGE = "/letter <case> draft [en|fr|es]"
SEND_USAGE = "/letter <case> send [<YYYY-MM-DD>]"
REPLY_USAGE = "/letter <case> reply <YYYY-MM-DD> [<summary>]"
SENT_ON_USAGE = "/letter <case> sent-on <YYYY-MM-DD> <reason>"
WITHDRAW_USAGE = "/letter <case> withdraw [<MANDATE>]"


def question(invocation: Invocation, case: Case, rest: str) -> Reply:
    """``question <text>`` or ``question list|edit|remove|move``."""
    return paragraph_command(invocation, case, QUESTION, rest)


def body(invocation: Invocation, case: Case, rest: str) -> Reply:
    """``body <paragraph>`` or ``body list|edit|remove|move``: paragraphs after the concern."""
    return paragraph_command(invocation, case, BODY, rest)


def draft(invocation: Invocation, case: Case, rest: str) -> Reply:
    """``draft [en|fr|es]``: a new version posted for review in the case's thread."""
    words = rest.split()
    if len(words) > 1:
        raise UserError("Give at most the language: en, fr or es.", usage=DRAFT_USAGE)
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
        f" The checks found {len(made.issues)} problem(s): see the thread." if made.issues else ""
    )
    text = f"Draft v{made.version.number} of case #{case.id} is posted for review.{problems}"
    return Reply(text=text).then(
        *draft_posts(case=case, draft=made),
        *[refresh_header(case, v) for v in case.versions[:-1][-1:]],
        card_update(case),
    )


def send(invocation: Invocation, case: Case, rest: str) -> Reply:
    """``send [YYYY-MM-DD]``: what would be sent, to confirm with the Send button."""
    words = rest.split()
    if len(words) > 1:
        raise UserError("Give at most the sending date, YYYY-MM-DD.", usage=SEND_USAGE)
    sent_on = parse_day(words[0], usage=SEND_USAGE) if words else invocation.today
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
    open_count = f" The checks find {len(findings)} open problem(s)." if findings else ""
    text = (
        f"Send {case.reference} (v{version.number}) dated {sent_on.isoformat()}? "
        f"The reply would be due on {due_on.isoformat()}.{open_count}"
    )
    return Reply(text=text, blocks=to_dicts(blocks))


def reply(invocation: Invocation, case: Case, rest: str) -> Reply:
    """``reply <YYYY-MM-DD> [summary]``: a reply from the addressee; reminders stop."""
    day, _, summary = rest.partition(" ")
    if not day:
        raise UserError("Give the date the reply was received, YYYY-MM-DD.", usage=REPLY_USAGE)
    try:
        received = record_reply(
            session=invocation.session,
            case=case,
            received_on=parse_day(day, usage=REPLY_USAGE),
            summary=summary,
            actor=invocation.user_id,
            today=invocation.today,
        )
    except NotSent as error:
        error.message += f" Send it first: /letter {case.id} send [YYYY-MM-DD]"
        raise
    about = f": {escape_mrkdwn(received.summary)}" if received.summary else ""
    notice = thread_notice(
        case,
        f":inbox_tray: <@{invocation.user_id}> recorded a reply to {escape_mrkdwn(case.reference)} "
        f"received on {received.received_on.isoformat()}{about}. Reminders stop.",
    )
    text = f"Reply of {received.received_on.isoformat()} recorded for {case.reference}; reminders stop."
    return Reply(text=text).then(notice, card_update(case))


def parse_day(text: str, *, usage: str) -> dt.date:
    """A YYYY-MM-DD date that exists, or a UserError saying how to write it."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2017-01-23.", usage=usage
        ) from None


def sent_on(invocation: Invocation, case: Case, rest: str) -> Reply:
    """``sent-on <YYYY-MM-DD> <reason>``: correct the sending date; due date and reminders follow."""
    day, _, reason = rest.partition(" ")
    if not day or not reason.strip():
        raise UserError(
            "Give the correct sending date and why it changes, e.g. "
            f"/letter {case.id} sent-on 2017-01-23 typed the wrong day.",
            usage=SENT_ON_USAGE,
        )
    old = case.sent_on
    corrected = correct_sent_on(
        session=invocation.session,
        case=case,
        sent_on=parse_day(day, usage=SENT_ON_USAGE),
        reason=reason,
        actor=invocation.user_id,
        settings=invocation.settings,
        today=invocation.today,
    )
    assert corrected.sent_on is not None and corrected.due_on is not None  # a sent letter
    when = corrected.sent_on.isoformat()
    notice = thread_notice(
        corrected,
        f":calendar: <@{invocation.user_id}> corrected the sending date of "
        f"{escape_mrkdwn(corrected.reference)} from {old.isoformat() if old else '?'} to {when}: "
        f"{escape_mrkdwn(' '.join(reason.split()))}. The reply is due on "
        f"{corrected.due_on.isoformat()}.",
    )
    text = (
        f"{corrected.reference} is now recorded as sent on {when}; "
        f"the reply is due on {corrected.due_on.isoformat()} and the reminders follow."
    )
    return Reply(text=text).then(notice, card_update(corrected))


def withdraw(invocation: Invocation, case: Case, rest: str) -> Reply:
    """``withdraw [<MANDATE>]``: take back your clearance of the latest draft, until it is sent."""
    words = rest.split()
    if len(words) > 1:
        raise UserError("Give at most the mandate code, e.g. FOAA.", usage=WITHDRAW_USAGE)
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
    notice = thread_notice(
        case,
        f":leftwards_arrow_with_hook: <@{invocation.user_id}> withdrew the clearance of "
        f"v{version.number} for {what}.",
    )
    text = f"Your clearance of v{version.number} of case #{case.id} for {what} is withdrawn."
    return Reply(text=text).then(notice, refresh_header(case, version), card_update(case))


VERBS = {
    "question": question,
    "body": body,
    "draft": draft,
    "send": send,
    "reply": reply,
    "sent-on": sent_on,
    "withdraw": withdraw,
}
VERB_USAGES = {
    "question": PARAGRAPH_USAGE[QUESTION.name],
    "body": PARAGRAPH_USAGE[BODY.name],
    "draft": DRAFT_USAGE,
    "send": SEND_USAGE,
    "reply": REPLY_USAGE,
    "sent-on": SENT_ON_USAGE,
    "withdraw": WITHDRAW_USAGE,
}


def letter(invocation: Invocation, _text: str) -> Reply:
    """``/letter <case> <verb> ...``."""
    case, rest = take_case(invocation, usage=LETTER_USAGE)
    verb, _, args = rest.partition(" ")
    handler = VERBS.get(verb.lower())
    if handler is None:
        close = difflib.get_close_matches(verb.lower(), list(VERBS), n=1, cutoff=0.6)
        if close:
            raise UserError(
                f"{verb} is not something I do with a letter. Did you mean "
                f"`/letter {case.id} {close[0]}`? `/letter help` lists them all."
            )
        raise UserError(f"What should I do with case #{case.id}? {LETTER_HELP}")
    with usage_of(VERB_USAGES[verb.lower()]):
        return handler(invocation, case, args.strip())


LETTER = Router(
    command="/letter",
    help=LETTER_HELP,
    subcommands={"help": lambda invocation: Reply(text=LETTER_HELP)},
    default=letter,
)
