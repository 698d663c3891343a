"""Builders for /case show and /case list."""

from __future__ import annotations

import datetime as dt

from bot.audit.models import AuditEntry
from bot.casefile.details import CaseDetails, CitationLine, DocumentLine, ReplyLine
from bot.casefile.listing import CaseLine
from bot.cases.enums import CitationForm
from bot.cases.follow_ups import RelatedCommunication
from bot.cases.service import addressee_name
from bot.grammar import counted
from bot.letters.roles import subject_completes, urge_completes
from bot.slack.block_dicts import DictBudget, context, divider, header
from bot.slack.escape import escape_mrkdwn as esc
from bot.slack.escape import plain
from handlers.shared.card import case_title
from handlers.shared.links import message_links, slack_link
from handlers.shared.messages import CaseMessages


def _citation_line(citation: CitationLine) -> str:
    if citation.form == CitationForm.TEXT:
        return f"_free paragraph:_ {esc(citation.text or '')}"
    parts = [f"*{esc(citation.key or '')}*"]
    if citation.pinpoint:
        parts.append(esc(citation.pinpoint))
    if citation.topic:
        parts.append(f"({esc(citation.topic)})")
    if citation.quote:
        parts.append(f"“{esc(plain(citation.quote, 300))}”")
    return " ".join(parts)


def _numbered(title: str, lines: list[str]) -> str:
    if not lines:
        return f"*{title}:* none yet"
    return f"*{title}:*\n" + "\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1))


ALLEGATIONS_CHARS = 6000  # two sections: what follows them must still fit in the message


def _first_allegations(texts: list[str], total: int, *, case_id: int) -> str:
    """The numbered allegations that fit in ALLEGATIONS_CHARS, then how many more there are."""
    if not total:
        return _numbered("Allegations", [])
    lines = ["*Allegations:*"]
    used = len(lines[0])
    for n, paragraph in enumerate(texts, 1):
        line = f"{n}. {esc(paragraph)}"
        used += len(line) + 1
        if used > ALLEGATIONS_CHARS - (0 if n == total else 100):  # room to count the others
            break
        lines.append(line)
    more = total - (len(lines) - 1)
    if more:
        lines.append(f"_…and {more} more: /allegation {case_id} list shows them all._")
    return "\n".join(lines)


def local_time(at: dt.datetime, tz: dt.tzinfo) -> str:
    """A stored (UTC) instant as the team reads it: ``2017-01-20 10:30 CET``."""
    return f"{at.astimezone(tz):%Y-%m-%d %H:%M %Z}"


def build_review_text(details: CaseDetails, tz: dt.tzinfo = dt.UTC) -> str:
    """The latest draft and who cleared it, sending, replies, and the latest review comments;
    times in the team's time zone ``tz``."""
    case = details.case
    latest = details.latest_version
    if latest is None:
        return f"*Review:* no draft yet (/letter {case.id} draft)"
    earlier = f", the latest of {latest.number}" if latest.number > 1 else ""
    lines = [
        "*Review:*",
        f"• draft v{latest.number} ({latest.language}) by <@{latest.made_by}> "
        f"{local_time(latest.made_at, tz)}{earlier}",
    ]
    cleared = [f"{m.code} by <@{m.cleared_by}>" for m in details.mandates if m.cleared_by]
    waiting = [m.code for m in details.mandates if not m.cleared_by]
    if cleared:
        lines.append("• cleared: " + ", ".join(cleared))
    if case.sent_on is None and latest.content_version != case.content_version:
        lines.append(
            f"• the case changed after v{latest.number}: draft it again "
            f"(/letter {case.id} draft) to have it cleared"
        )
    elif case.sent_on is None and waiting:
        lines.append(f"• to clear v{latest.number}: " + ", ".join(waiting))
    if case.sent_on and case.due_on:
        lines.append(f"• sent {case.sent_on.isoformat()}, reply due {case.due_on.isoformat()}")
    if details.comments:
        lines.append("*Latest comments:*")
    for comment in details.comments:
        kind = "requests changes" if comment.kind == "changes" else "comments"
        on = f" on v{comment.version_number}" if comment.version_number is not None else ""
        lines.append(f"• <@{comment.author}> {kind}{on}: {esc(plain(comment.text, 300))}")
    return "\n".join(lines)


def _documents(documents: list[DocumentLine]) -> str:
    return ", ".join(slack_link(d.permalink, plain(d.name, 80)) for d in documents)


def reply_state(reply: ReplyLine) -> str:
    """ "fr · confidential · translation requested 2017-03-02, not received · not cleared for
    publication": what is recorded of a reply beyond its date and summary (mrkdwn)."""
    parts = [reply.language or "language not recorded"]
    if reply.confidential:
        parts.append("*confidential* (the addressee asked)")
    if reply.translation_received_on:
        requested = reply.translation_requested_on
        asked = f"requested {requested.isoformat()}, " if requested else ""
        parts.append(f"translation {asked}received {reply.translation_received_on.isoformat()}")
    elif reply.translation_requested_on:
        parts.append(
            f"translation requested {reply.translation_requested_on.isoformat()}, not received"
        )
    if reply.cleared_by and reply.cleared_on:
        parts.append(
            f"cleared for publication by <@{reply.cleared_by}> {reply.cleared_on.isoformat()}"
        )
    else:
        parts.append("not cleared for publication")
    return " · ".join(parts)


def reply_lines(details: CaseDetails) -> list[str]:
    """Each reply, numbered, with what is recorded of it and its documents (linked), then
    the documents shared in the thread that wait for a reply."""
    lines = []
    for n, reply in enumerate(details.replies, 1):
        about = f": {esc(plain(reply.summary, 200))}" if reply.summary else ""
        lines.append(
            f"{n}. reply received {reply.received_on.isoformat()}{about}\n     {reply_state(reply)}"
        )
        documents = [d for d in details.documents if d.reply_id == reply.id]
        if documents:
            lines.append(f"     documents: {_documents(documents)}")
    waiting = [d for d in details.documents if d.reply_id is None]
    if waiting:
        lines.append(
            f"• documents waiting for a reply: {_documents(waiting)} (the next reply recorded "
            f"takes them: /letter {details.case.id} reply <YYYY-MM-DD>)"
        )
    return lines


def build_case_details(
    details: CaseDetails,
    *,
    posted: CaseMessages | None = None,
    history: list[AuditEntry] | None = None,
    show_sources: bool = False,
    tz: dt.tzinfo = dt.UTC,
) -> list[dict]:
    """Everything in a case, within one message's limits (a note says what did not fit);
    ``posted``: its card, thread and latest version's message, linked to when known; times
    in the team's time zone ``tz``.

    Of the allegations, the first ones loaded are shown as far as they fit; the others are
    counted, with where to read them.
    """
    case = details.case
    budget = DictBudget()
    budget.add(header(plain(case_title(case), 150)), 150)
    mandates = "; ".join(f"{m.code} ({esc(m.title)})" for m in details.mandates)
    overview = (
        f"*Case #{case.id}* · {case.letter_type.label}{' (joint)' if details.is_joint else ''} · "
        f"status {case.status.value}"
        + (f" ({esc(case.closed_reason)})" if case.closed_reason else "")
        + f"\n*Addressee:* {esc(addressee_name(case))}\n*Mandates:* {mandates}\n"
        f"*Language:* {case.language} · *reply within* {counted(case.reply_days, 'day')}"
        + (f" · *alleged victims:* {case.victims_count}" if case.victims_count is not None else "")
        + "\n"
        f"*Subject:* {esc(subject_completes(case.letter_type.value))} *{esc(case.subject)}*"
    )
    budget.section(overview)
    latest = details.latest_version
    posted = posted or CaseMessages()
    links = message_links(
        card=posted.card_link,
        review_thread=posted.thread_link,
        draft=(latest.number, posted.version_link) if latest is not None else None,
    )
    if links:
        budget.add(context(links), len(links))
    if show_sources:
        sources = esc(case.sources) if case.sources else "none recorded"
        withheld = esc(case.victims_withheld) if case.victims_withheld else "none"
        budget.section(
            f":lock: *Sources (confidential, never in a letter):* {sources}\n"
            f"*Victims' names withheld:* {withheld}"
        )
    budget.add(divider())
    budget.section(
        _first_allegations(details.allegations, details.allegation_count, case_id=case.id)
    )
    concern = esc(case.concern) if case.concern else "not set"
    budget.section(f"*Concern:* _(a paragraph of its own)_ {concern}")
    budget.section(_numbered("Body paragraphs", [esc(b) for b in details.body_paragraphs]))
    budget.section(_numbered("Questions", [esc(q) for q in details.questions]))
    urge = f"{esc(urge_completes())} {esc(case.urge)}" if case.urge else "not set"
    budget.section(f"*Urge:* {urge}")
    budget.section(_numbered("Annex", [_citation_line(c) for c in details.citations]))
    budget.add(divider())
    budget.section(build_review_text(details, tz))
    replies = reply_lines(details)
    if replies:
        budget.section("*Replies:*\n" + "\n".join(replies))
    if details.related:
        budget.section(build_related_text(details.related))
    if history is not None:
        budget.add(divider())
        budget.section(build_history_text(history, tz))
    else:
        budget.add(
            context(
                f"/case show {case.id} history shows who changed what; "
                f"/case show {case.id} sources shows the confidential sources."
            )
        )
    return budget.finish(
        f"More than one message can show. See /allegation {case.id} list, "
        f"/letter {case.id} body list, /cite {case.id} list and /letter {case.id} question list "
        "for the full texts."
    )


def build_related_text(related: tuple[RelatedCommunication, ...]) -> str:
    """The communications a case follows up (nearest first) and its follow-ups, each with
    when it was sent and its replies."""
    lines = ["*Related communications:*"]
    for item in related:
        role = "followed up by" if item.later else "follows up"
        sent = f"sent {item.sent_on.isoformat()}" if item.sent_on else "not sent yet"
        if item.replies:
            answer = "reply received " + ", ".join(day.isoformat() for day in item.replies)
        else:
            answer = "no reply recorded" if item.sent_on else ""
        facts = ", ".join(fact for fact in (sent, answer) if fact)
        lines.append(f"• {role} *{esc(item.reference)}* (#{item.case_id}): {facts}")
    return "\n".join(lines)


def build_history_text(history: list[AuditEntry], tz: dt.tzinfo = dt.UTC) -> str:
    """Recent changes, newest first, at the team's time (``tz``)."""
    if not history:
        return "*History:* nothing recorded yet"
    lines = []
    for entry in history:
        change = entry.action + (f" {entry.field}" if entry.field else "")
        if entry.old_value is not None or entry.new_value is not None:
            old = esc(plain(entry.old_value or "–", 60))
            new = esc(plain(entry.new_value or "–", 60))
            change += f": {old} → {new}"
        lines.append(f"• {local_time(entry.at, tz)} <@{entry.actor}> {change}")
    return "*History (newest first):*\n" + "\n".join(lines)


def case_list_line(case: CaseLine, attention: str, posted: CaseMessages) -> str:
    """One line of /case list; ``posted``: its card and its latest version's message."""
    draft = (
        f" · {slack_link(posted.version_link, f'draft v{case.version_number}')}"
        if posted.version_link
        else ""
    )
    return (
        f"*{slack_link(posted.card_link, f'#{case.id}')}* {esc(case.reference)} · "
        f"{esc(case.addressee_name)} · {esc(plain(case.subject, 90))} · _{attention}_{draft}"
    )


def build_case_list(lines: list[str], *, title: str, more: str | None) -> list[dict]:
    """The list of cases, in sections of about 20 lines, with a paging note."""
    budget = DictBudget()
    budget.section(f"*{esc(title)}*")
    if not lines:
        budget.section("No cases.")
    for start in range(0, len(lines), 10):
        budget.section("\n".join(lines[start : start + 10]))
    blocks = budget.finish("Some cases did not fit: narrow the list with a filter.")
    if more:
        blocks.append(context(more))
    return blocks
