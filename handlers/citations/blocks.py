"""Messages about the annex: what a citation prints, the annex list, search results."""

from __future__ import annotations

import datetime as dt

from slack_sdk.models.blocks import Block, ContextBlock, HeaderBlock, MarkdownTextObject

from bot.cases.countries import country_name
from bot.cases.enums import CitationForm
from bot.cases.models import Case, CaseCitation
from bot.citations.entries import CitationEntry, CitationKind
from bot.citations.library import RATIFICATIONS_AS_OF
from bot.citations.service import (
    RatificationChange,
    RatificationCheck,
    RatificationInfo,
    RatificationStatus,
)
from bot.grammar import counted
from bot.letters.dates import format_date
from bot.slack.blocks import (
    MESSAGE_BLOCKS,
    MESSAGE_CHARS,
    mrkdwn_section,
    pack_lines,
)
from bot.slack.escape import escape_mrkdwn, plain

_ROOM = MESSAGE_CHARS - 1000  # the header and the footer take the rest
UNTC = f"UN Treaty Collection data as of {format_date(RATIFICATIONS_AS_OF, 'en')}"
ILO_FILE = "ILO NORMLEX data shipped with the bot"
_KIND_WORDS = {
    CitationKind.TREATY: "treaty",
    CitationKind.ILO_CONVENTION: "ILO convention",
    CitationKind.RESOLUTION: "resolution",
    CitationKind.DECLARATION: "declaration",
    CitationKind.REPORT: "report",
}


def day(date: dt.date | dt.datetime) -> str:
    """A date as letters print it: 24 January 2006."""
    return format_date(date, "en")


def source_words(info: RatificationInfo) -> str:
    """Where a printed ratification date comes from (mrkdwn)."""
    if info.source == "team":
        when = f" on {day(info.entered_at)}" if info.entered_at else ""
        return f"entered by <@{info.entered_by}>{when}"
    if info.source == "ilo":
        return ILO_FILE
    return UNTC


def fix_command(check: RatificationCheck) -> str:
    """The command that records a missing or wrong ratification date."""
    return f"/cite ratified {check.country} {check.entry.key} <YYYY-MM-DD>"


def ratification_note(check: RatificationCheck) -> str:
    """What the annex will say about ratification, said plainly (mrkdwn)."""
    key, name = check.entry.key, escape_mrkdwn(country_name(check.country))
    if check.status is RatificationStatus.NOT_RATIFIABLE:
        kind = _KIND_WORDS.get(check.entry.kind, "text")
        return f"{key} is a {kind}: no ratification date is printed."
    if check.status is RatificationStatus.NON_STATE:
        return "The addressee is not a State (OTH): no ratification is checked or printed."
    info = check.info
    if check.status is RatificationStatus.PARTY and info is not None:
        return (
            f"The annex will say it was ratified by {name} on *{day(info.date)}* "
            f"({source_words(info)}). Wrong date? `{fix_command(check)}`"
        )
    if check.entry.kind is CitationKind.ILO_CONVENTION:
        return (
            f":warning: No ILO ratification date is recorded for {name} and {key}, so the annex "
            f"will print none. If {name} has ratified it, look the date up in ILO NORMLEX and "
            f"record it: `{fix_command(check)}`"
        )
    return (
        f":warning: {name} is not a party to {key} according to the {UNTC}, so the annex will "
        f"print no ratification date. If it has ratified since, record it: `{fix_command(check)}`"
    )


def status_words(check: RatificationCheck | None) -> str:
    """The short ratification status of one annex item in the list (mrkdwn)."""
    if check is None or check.status is RatificationStatus.NOT_RATIFIABLE:
        return ""
    if check.status is RatificationStatus.NON_STATE:
        return "no ratification check (non-State addressee)"
    if check.info is not None:
        return f"ratified {day(check.info.date)} ({source_words(check.info)})"
    return f":warning: no ratification date: `{fix_command(check)}`"


def citation_preview(citation: CaseCitation) -> str:
    """An annex item on one line, user text shortened and escaped (mrkdwn)."""
    if citation.form is CitationForm.TEXT:
        how = "_text, run on_" if citation.runs_on else "_text_"
        return f"{how} {escape_mrkdwn(plain(citation.text or '', 200))}"
    parts = [f"`{escape_mrkdwn(citation.key or '?')}`"]
    if citation.pinpoint:
        parts.append(escape_mrkdwn(plain(citation.pinpoint, 80)))
    if citation.topic:
        parts.append(f"({escape_mrkdwn(plain(citation.topic, 80))})")
    if citation.quote:
        parts.append(f"“{escape_mrkdwn(plain(citation.quote, 120))}”")
    return " ".join(parts)


def citation_added_text(case: Case, citation: CaseCitation, check: RatificationCheck | None) -> str:
    """The answer to /cite: where the item went and what it will print (mrkdwn)."""
    number = case.citations.index(citation) + 1
    text = (
        f"Added as annex item {number} of {len(case.citations)} of case #{case.id} "
        f"({case.reference}): {citation_preview(citation)}"
    )
    if check is not None:
        text += f"\n{ratification_note(check)}"
    return text


def citation_removed_text(case: Case, number: int, citation: CaseCitation) -> str:
    """The answer to /cite remove (mrkdwn)."""
    left = len(case.citations)
    return (
        f"Removed annex item {number} of case #{case.id} ({case.reference}); the annex now has "
        f"{counted(left, 'item')}. It was: {citation_preview(citation)}"
    )


def citation_moved_text(case: Case, citation: CaseCitation, before: int) -> str:
    """The answer to /cite move (mrkdwn)."""
    after = case.citations.index(citation) + 1
    if after == before:
        return f"Annex item {before} of case #{case.id} is already there; nothing changed."
    return (
        f"Moved annex item {before} to {after} in case #{case.id} ({case.reference}); see the "
        f"order with `/cite {case.id} list`. It is: {citation_preview(citation)}"
    )


def build_annex_list(
    case: Case, checks: dict[int, RatificationCheck], *, start: int = 1
) -> list[Block]:
    """The annex items numbered, with their ratification status, within Slack's limits."""
    title = f"Annex of {case.reference} · {counted(len(case.citations), 'item')}"
    blocks: list[Block] = [HeaderBlock(text=plain(title, 150))]
    if not case.citations:
        blocks.append(
            mrkdwn_section(
                f"The annex of case #{case.id} is empty. Add a citation with "
                f"`/cite {case.id} <key> [<pinpoint>]` or a paragraph with "
                f"`/cite {case.id} text <paragraph>`."
            )
        )
        return blocks
    lines = []
    for number, citation in enumerate(case.citations, start=1):
        if number < start:
            continue
        status = status_words(checks.get(citation.id))
        line = f"*{number}.* {citation_preview(citation)}"
        lines.append((number, f"{line}\n      {status}" if status else line))
    footer = (
        f"Remove with `/cite {case.id} remove <n>`, reorder with `/cite {case.id} move <n> <to>`."
    )
    chunks, shown_to = pack_lines(lines, max_sections=MESSAGE_BLOCKS - 2, max_chars=_ROOM)
    blocks.extend(mrkdwn_section(chunk) for chunk in chunks)
    if shown_to < len(case.citations):
        footer = (
            f"Items {shown_to + 1} to {len(case.citations)} do not fit in one message: "
            f"`/cite {case.id} list {shown_to + 1}` shows them. " + footer
        )
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=footer)]))
    return blocks


def annex_list_text(case: Case) -> str:
    """Plain fallback text of the annex list."""
    return f"Annex of {case.reference}: {counted(len(case.citations), 'item')}"


def build_search_results(words: str, entries: list[CitationEntry]) -> list[Block]:
    """Library entries matching /cite search: key, title, kind."""
    lines = [
        f"`{entry.key}` {escape_mrkdwn(entry.title)} _({_KIND_WORDS.get(entry.kind, '')})_"
        for entry in entries
    ]
    header = f"Library entries for “{escape_mrkdwn(plain(words, 100))}”:"
    numbered = list(enumerate(lines, start=1))
    chunks, _ = pack_lines(numbered, max_sections=MESSAGE_BLOCKS - 2, max_chars=_ROOM)
    blocks: list[Block] = [mrkdwn_section(header), *(mrkdwn_section(c) for c in chunks)]
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="Cite one with `/cite <case> <key> [<pinpoint>]`, e.g. "
                    "`/cite 1 ICCPR art. 21 (right to freedom of association)`."
                )
            ]
        )
    )
    return blocks


def nothing_found_text(words: str) -> str:
    """The answer when /cite search finds nothing (mrkdwn)."""
    return (
        f"Nothing in the library matches “{escape_mrkdwn(plain(words, 100))}”. Try fewer or "
        "broader words (`/cite search assembly`, `/cite search torture`, `/cite search ilo`), "
        "or add your own wording with `/cite <case> text <paragraph>`."
    )


def ratification_recorded_text(change: RatificationChange) -> str:
    """The answer to /cite ratified (mrkdwn)."""
    name = escape_mrkdwn(country_name(change.country))
    key, date = change.entry.key, day(change.date)
    if not change.changed:
        return f"{name}: {key} ratified on {date} was already recorded; nothing changed."
    previous = change.previous
    if previous is None:
        before = "Until now no date was known"
    elif previous.source == "team":
        before = f"It replaces {day(previous.date)} ({source_words(previous)})"
    else:
        before = f"It replaces {day(previous.date)} from {source_words(previous)}"
    return (
        f"Recorded: {name} became a party to {key} on *{date}*. {before}. Letters drafted "
        f"from now on print this date for {name}."
    )
