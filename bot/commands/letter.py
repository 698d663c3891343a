"""/letter: numbered questions, drafts for review, sending and replies."""

from __future__ import annotations

import datetime as dt

from bot.cases.paragraphs import BODY, QUESTION
from bot.commands.base import Invocation, Reply, Router, card_update
from bot.commands.paragraph_list import paragraph_command
from bot.commands.refs import take_case
from bot.errors import UserError
from bot.help import LETTER_HELP
from bot.reviews.flows import draft_posts, refresh_header, sent_notice, thread_notice
from bot.reviews.replies import REPLY_USAGE, record_reply
from bot.reviews.service import DRAFT_USAGE, SEND_USAGE, make_draft, send_letter
from bot.slack.escape import escape_mrkdwn

LETTER_USAGE = "/letter <case> question <text> | body <paragraph> | draft [en|fr|es] | send [<YYYY-MM-DD>] | reply <YYYY-MM-DD> [<summary>]"


def question(invocation: Invocation, case, rest: str) -> Reply:  # noqa: ANN001 - Case
    """``question <text>`` or ``question list|edit|remove|move``."""
    return paragraph_command(invocation, case, QUESTION, rest)


def body(invocation: Invocation, case, rest: str) -> Reply:  # noqa: ANN001 - Case
    """``body <paragraph>`` or ``body list|edit|remove|move``: paragraphs after the concern."""
    return paragraph_command(invocation, case, BODY, rest)


def draft(invocation: Invocation, case, rest: str) -> Reply:  # noqa: ANN001 - Case
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
    )
    problems = (
        f" The checks found {len(made.issues)} problem(s): see the thread." if made.issues else ""
    )
    text = f"Draft v{made.version.number} of case #{case.id} is posted for review.{problems}"
    return Reply(text=text).then(
        *draft_posts(session=invocation.session, case=case, draft=made),
        *[refresh_header(case, v) for v in case.versions[:-1][-1:]],
        card_update(case),
    )


def send(invocation: Invocation, case, rest: str) -> Reply:  # noqa: ANN001 - Case
    """``send [YYYY-MM-DD]``: only once cleared; freezes the version, starts the reply clock."""
    words = rest.split()
    if len(words) > 1:
        raise UserError("Give at most the sending date, YYYY-MM-DD.", usage=SEND_USAGE)
    sent_on = parse_day(words[0], usage=SEND_USAGE) if words else invocation.today
    version = send_letter(
        session=invocation.session,
        case=case,
        sent_on=sent_on,
        actor=invocation.user_id,
        settings=invocation.settings,
        today=invocation.today,
    )
    text = (
        f"{case.reference} is recorded as sent on {case.sent_on.isoformat()} (v{version.number}); "
        f"the reply is due on {case.due_on.isoformat()}."
    )
    return Reply(text=text).then(
        sent_notice(case, version, invocation.user_id),
        refresh_header(case, version),
        card_update(case),
    )


def reply(invocation: Invocation, case, rest: str) -> Reply:  # noqa: ANN001 - Case
    """``reply <YYYY-MM-DD> [summary]``: a reply from the addressee; reminders stop."""
    day, _, summary = rest.partition(" ")
    if not day:
        raise UserError("Give the date the reply was received, YYYY-MM-DD.", usage=REPLY_USAGE)
    received = record_reply(
        session=invocation.session,
        case=case,
        received_on=parse_day(day, usage=REPLY_USAGE),
        summary=summary,
        actor=invocation.user_id,
        today=invocation.today,
    )
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


VERBS = {"question": question, "body": body, "draft": draft, "send": send, "reply": reply}


def letter(invocation: Invocation, _text: str) -> Reply:
    """``/letter <case> <verb> ...``."""
    case, rest = take_case(invocation, usage=LETTER_USAGE)
    verb, _, args = rest.partition(" ")
    handler = VERBS.get(verb.lower())
    if handler is None:
        raise UserError(f"What should I do with case #{case.id}? {LETTER_HELP}")
    return handler(invocation, case, args.strip())


LETTER = Router(
    command="/letter",
    help=LETTER_HELP,
    subcommands={"help": lambda invocation: Reply(text=LETTER_HELP)},
    default=letter,
)
