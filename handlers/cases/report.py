"""/case report (the communications report as files) and /case search (full text)."""

from __future__ import annotations

import datetime as dt

from slack_sdk.models.blocks import Block

from bot.cases.enums import CaseStatus
from bot.cases.follow_ups import search_by_reference
from bot.cases.search import COUNTED, Match, SearchResult, search_cases
from bot.cases.service import addressee_name
from bot.errors import Invalid
from bot.grammar import counted
from bot.reports.export import report_csv, report_docx
from bot.reports.service import ReportPeriod, communication_rows, make_period, parse_day
from bot.slack.blocks import BlockBudget, to_dicts
from bot.slack.commands import Invocation, Reply
from bot.slack.escape import escape_mrkdwn as esc
from bot.slack.escape import plain
from bot.slack.outbox import Upload

_OPTIONS = ("replies-from", "replies-until")


def parse_period(text: str) -> ReportPeriod:
    """``<from> <to> [replies-from <date>] [replies-until <date>]`` as typed after /case report.

    The dates are checked by the domain (parse_day, make_period); this is the grammar.
    """
    words = text.split()
    if len(words) < 2:
        raise Invalid("Give the first and last day the letters were sent.")
    sent_from = parse_day(words[0], what="first day")
    sent_to = parse_day(words[1], what="last day")
    options: dict[str, dt.date] = {}
    rest = words[2:]
    while rest:
        name = rest[0].lower()
        if name not in _OPTIONS or len(rest) < 2:
            raise Invalid(
                f"{rest[0]!r} is not understood here: after the two dates, give "
                "replies-from <date> and/or replies-until <date>."
            )
        if name in options:
            raise Invalid(f"{name} is given twice.")
        options[name] = parse_day(rest[1], what=name)
        rest = rest[2:]
    return make_period(
        sent_from=sent_from,
        sent_to=sent_to,
        replies_from=options.get("replies-from"),
        replies_until=options.get("replies-until"),
    )


def case_report(invocation: Invocation) -> Reply:
    """Post the report of this channel's letters sent in a period, as CSV and Word files."""
    period = parse_period(invocation.args)
    rows = communication_rows(
        session=invocation.session, period=period, channel_ids=[invocation.channel_id]
    )
    if not rows:
        return Reply(
            text=f"No letter of this channel was {period.description.split(',')[0]}: "
            "there is nothing to report, so I posted nothing."
        )
    summary = f"{counted(len(rows), 'communication')} {period.description}"
    follow_ups = sum(1 for row in rows if row.follows)
    if follow_ups:
        summary += (
            f", of which {counted(follow_ups, 'follow-up')} (the Follows column names the "
            "earlier one)"
        )
    published = sum(1 for row in rows if row.published_on is not None)
    upcoming = sorted(
        row.public_on for row in rows if row.published_on is None and row.public_on is not None
    )
    public = f"; {published} recorded as made public"
    if upcoming:
        public += f", {len(upcoming)} not (public from {upcoming[0].isoformat()} on)"
    channel, stem = invocation.channel_id, period.file_stem
    return Reply(
        text=f"Report for {summary}{public} posted in this channel (CSV and Word, with the "
        "publication dates)."
    ).then(
        Upload(
            channel=channel,
            filename=f"{stem}.csv",
            content=report_csv(rows),
            title=f"Communications report {period.sent_from} to {period.sent_to} (CSV)",
            comment=f"Communications report, asked for by <@{invocation.user_id}>: {summary}.",
        ),
        Upload(
            channel=channel,
            filename=f"{stem}.docx",
            content=report_docx(rows, period=period),
            title=f"Communications report {period.sent_from} to {period.sent_to} (Word)",
        ),
    )


def _matching(total: int, where: str = "") -> str:
    """``1 case matches``, ``3 cases of this channel match``, ``more than 1,000 cases match``
    (search counts no further)."""
    if total > COUNTED:
        return f"more than {COUNTED:,} cases{where} match"
    return f"{counted(total, 'case')}{where} {'matches' if total == 1 else 'match'}"


def case_search(invocation: Invocation) -> Reply:
    """Find this channel's cases by the words of their reference, country, subject and text."""
    session, channel_id = invocation.session, invocation.channel_id
    # A reference finds the case that bears it (or bore it), and those it follows or that
    # follow it up; other words are searched in the cases' texts.
    result = search_by_reference(
        session=session, channel_id=channel_id, text=invocation.args
    ) or search_cases(session=session, channel_id=channel_id, text=invocation.args)
    text = f"{_matching(result.total)} {esc(plain(result.query, 100))}"
    return Reply(text=text, blocks=to_dicts(build_search_results(result)))


def build_search_results(result: SearchResult) -> list[Block]:
    """The matching cases, newest first, each with up to three snippets showing where."""
    budget = BlockBudget()
    shown = len(result.hits)
    title = f"*{_matching(result.total, ' of this channel')}* “{esc(plain(result.query, 100))}”"
    if result.total > shown:
        title += f" (the newest {shown} are shown: add words to narrow the search)"
    budget.section(title)
    if not result.hits:
        budget.section(
            "Nothing matched. Every word must start a word of the reference, country, subject, "
            "an allegation, body paragraph, question or citation (case and accents do not "
            'matter); try fewer or other words. "Quoted words" match as a phrase, -word excludes.'
        )
    for hit in result.hits:
        case = hit.case
        closed = " _(closed)_" if case.status == CaseStatus.CLOSED else ""
        lines = [
            f"*#{case.id}* {esc(case.reference)} · {esc(addressee_name(case))} · "
            f"{esc(plain(case.subject, 120))}{closed}"
        ]
        lines += [f">_{match.where}:_ {highlight(match)}" for match in hit.matches]
        budget.section("\n".join(lines))
    return budget.finish("More matches did not fit: add words to narrow the search.")


def highlight(match: Match) -> str:
    """The snippet escaped for mrkdwn, with the matched words in bold."""
    pieces, at = [], 0
    for start, end in match.spans:
        pieces.append(esc(match.snippet[at:start]))
        pieces.append(f"*{esc(match.snippet[start:end])}*")
        at = end
    pieces.append(esc(match.snippet[at:]))
    return "".join(pieces)
