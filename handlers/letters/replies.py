"""Replies on the Slack side: documents shared in the review thread (what Slack's file object
gives, what the thread is told) and ``/letter <case> reply-set``."""

from __future__ import annotations

from bot.cases.letter_models import AddresseeReply, ReplyDocument
from bot.cases.models import Case
from bot.errors import Invalid
from bot.reviews.reply_state import REPLY_FIELDS, set_reply_field
from bot.slack.commands import Invocation, Reply
from bot.slack.escape import escape_mrkdwn, plain
from handlers.shared.links import slack_link


def documents_kept_text(case: Case, kept: list[ReplyDocument]) -> str:
    """The thread's notice: which reply the documents joined, or that they wait for one."""
    names = ", ".join(slack_link(d.permalink, plain(d.name, 80)) for d in kept)
    reply = kept[0].reply
    if reply is not None:
        return (
            f":paperclip: {names} linked to the reply of {reply.received_on.isoformat()} to "
            f"{escape_mrkdwn(case.reference)}. A new reply? Record it with "
            f"/letter {case.id} reply <YYYY-MM-DD> and share its documents after."
        )
    return (
        f":paperclip: {names} kept for the reply to {escape_mrkdwn(case.reference)}: the "
        f"next reply recorded (/letter {case.id} reply <YYYY-MM-DD> or *Record reply*) "
        "links them to it."
    )


def reply_set(invocation: Invocation, case: Case, rest: str) -> Reply:
    """``reply-set [<n>] <field> <value>``: the language, confidentiality, translation or
    clearance for publication of reply n (the only one when n is left out)."""
    words = rest.split(None, 1)
    number = None
    if words and words[0].lstrip("#").isdigit():
        number = int(words[0].lstrip("#"))
        words = words[1].split(None, 1) if len(words) > 1 else []
    if len(words) < 2:
        raise Invalid(
            "Say which reply (its number in /case show, if there are several), what to record "
            f"and its value, e.g. /letter {case.id} reply-set 1 language fr."
        )
    number, reply, changed = set_reply_field(
        session=invocation.session,
        case=case,
        number=number,
        field=words[0],
        value=words[1],
        actor=invocation.user_id,
        today=invocation.today,
    )
    what = f"Reply {number} ({reply.received_on.isoformat()}) to {escape_mrkdwn(case.reference)}"
    state = reply_summary(reply)
    if not changed:
        return Reply(text=f"{what} already reads: {state}. Nothing changed.")
    return Reply(text=f"{what}: {state}.")


def reply_summary(reply: AddresseeReply) -> str:
    """What is recorded of a reply, in one line of plain words."""
    holds = reply.publication_holds
    parts = [
        reply.language or "language not recorded",
        "confidential" if reply.confidential else "not confidential",
    ]
    if reply.translation_received_on:
        parts.append(f"translation received {reply.translation_received_on.isoformat()}")
    elif reply.translation_requested_on:
        parts.append(f"translation requested {reply.translation_requested_on.isoformat()}")
    if not holds:
        parts.append(f"cleared for publication by <@{reply.cleared_by}>")
    else:
        parts.append("not cleared for publication (" + "; ".join(holds) + ")")
    return ", ".join(parts)


REPLY_SET_HELP = "; ".join(f"{name} {note}" for name, (_setter, note) in REPLY_FIELDS.items())


def documents_line(reply: AddresseeReply) -> str:
    """ " Its documents: <link|name>, …" (mrkdwn), or "" when it has none."""
    if not reply.documents:
        return ""
    names = ", ".join(slack_link(d.permalink, plain(d.name, 80)) for d in reply.documents)
    return f" Its documents: {names}."
