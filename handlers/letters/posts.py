"""Review flows: what to post where when a draft is made, cleared, changed, sent or answered.

The review thread's notices and a version header's refresh follow the domain events
(``subscribe``); the posts of a new draft (``draft_posts``) are the /letter draft's own.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from bot.cases.clauses import completing_clause
from bot.cases.letter_models import DraftVersion
from bot.cases.models import Case
from bot.config import DEFAULT_LETTERHEAD
from bot.events import (
    ClearanceGiven,
    ClearancesVoided,
    ClearanceWithdrawn,
    DraftMade,
    LetterSent,
    SentOnCorrected,
)
from bot.grammar import counted
from bot.letters.document import parse_markdown
from bot.letters.export import export_filename
from bot.letters.word import to_docx, word_properties
from bot.reviews.drafts import Draft
from bot.slack.blocks import to_dicts
from bot.slack.escape import escape_mrkdwn as esc
from bot.slack.messages import THREAD, VERSION
from bot.slack.outbox import Item, Post, Upload
from bot.slack.runtime import EventHandlers
from handlers.letters.blocks import build_version_header, clearance_line, version_header_text
from handlers.letters.letter_messages import to_slack_messages
from handlers.shared.links import slack_link
from handlers.shared.messages import case_messages, review_thread, version_message


def draft_posts(*, case: Case, draft: Draft) -> list[Item]:
    """The version header (a new thread for v1), the letter text and the .docx in the thread."""
    version = draft.version
    thread = review_thread(case)
    header_blocks = to_dicts(build_version_header(case, version, changes=draft.changes))
    header = Post(
        channel=case.channel_id,
        text=version_header_text(case, version),
        blocks=header_blocks,
        thread_ts=thread.ts if thread else None,
        remember=[(VERSION, version.id)],
    )
    items: list[Item] = [header]
    thread_ts = header.thread_ts  # the letter and the .docx go into the review thread...
    thread_of: int | None = None
    if thread_ts is None:
        header.remember.append((THREAD, case.id))
        thread_of = 0  # ...which the header (item 0) starts
    for message in to_slack_messages(draft.rendered.document):
        items.append(
            Post(
                channel=case.channel_id,
                text=message["text"],
                blocks=message["blocks"],
                thread_ts=thread_ts,
                thread_of=thread_of,
            )
        )
    items.append(
        Upload(
            channel=case.channel_id,
            filename=export_filename(draft.letter, "docx").replace(
                ".docx", f"-v{version.number}.docx"
            ),
            title=f"{case.reference} draft v{version.number}",
            content=b"",
            render=DRAFT_DOCX,
            render_id=version.id,
            thread_ts=thread_ts,
            thread_of=thread_of,
        )
    )
    return items


DRAFT_DOCX = "draft_docx"  # the outbox's file renderer of a version's .docx


def render_draft_docx(
    session: Session,
    version_id: int,
    *,
    letterhead: tuple[str, ...] = DEFAULT_LETTERHEAD,
    team: str | None = None,
    tz: dt.tzinfo = dt.UTC,
) -> bytes | None:
    """A version's Word document, built from its stored text when the outbox sends it (a
    long letter's .docx takes longer to build than the rest of the draft: not before the
    answer). The stored Markdown is the letter's Document written out, so it reads back
    to the same Document; the file is titled by the case, in the version's language."""
    version = session.get(DraftVersion, version_id)
    case = session.get(Case, version.case_id) if version is not None else None
    if version is None or case is None:
        return None
    properties = word_properties(
        language=version.language,
        reference=case.printed,
        subject=completing_clause(case.subject or ""),
        letterhead=letterhead,
        team=team,
        # the day the letter is dated: the team's day when it was drafted
        date=version.made_at.astimezone(tz).date() if version.made_at else None,
    )
    return to_docx(parse_markdown(version.markdown), properties)


def refresh_header(case: Case, version: DraftVersion) -> Post | None:
    """Update a version's header message in place (clearances, buttons)."""
    message = version_message(version)
    if message is None:
        return None
    return Post(
        channel=case.channel_id,
        ts=message.ts,
        text=version_header_text(case, version),
        blocks=to_dicts(
            build_version_header(
                case, version, changes=None, stale=case.latest_version is not version
            )
        ),
    )


def thread_notice(case: Case, text: str) -> Post | None:
    """A message in the case's review thread (nothing if there is no thread yet)."""
    thread = review_thread(case)
    if thread is None:
        return None
    return Post(channel=case.channel_id, text=text, thread_ts=thread.ts)


def cleared_notice(case: Case, version: DraftVersion, actor: str, codes: list[str]) -> Post | None:
    """Say in the thread who cleared what, and whether the letter can be sent."""
    line = clearance_line(case, version)
    text = f"<@{actor}> cleared v{version.number} for {', '.join(codes)}. {line}."
    if "Missing" not in line:
        text += f" Ready to send: /letter {case.id} send [YYYY-MM-DD]"
    card_link = case_messages(case).card_link
    if card_link:
        text += f" {slack_link(card_link, 'Case card')}"
    return thread_notice(case, text)


def clearances_voided(session: Session, event: ClearancesVoided, actor: str) -> list[Item]:
    """Tell the thread, once, that a change made a version's clearances void."""
    case = session.get(Case, event.case_id)
    version = session.get(DraftVersion, event.version_id)
    if case is None or version is None:
        return []
    had = ", ".join(c.mandate.code for c in version.clearances)
    lost = f" The clearances given ({had}) no longer count." if had else ""
    notice = thread_notice(
        case,
        f"<@{actor}> changed the case after v{version.number}.{lost} "
        f"Make a new draft for review: /letter {case.id} draft",
    )
    refreshed = refresh_header(case, version)
    return [p for p in (notice, refreshed) if p is not None]


def sent_notice(case: Case, version: DraftVersion, actor: str) -> Post | None:
    """Confirm in the thread that the letter went out, and when the reply is due."""
    assert case.sent_on is not None and case.due_on is not None  # the letter was just sent
    card_link = case_messages(case).card_link
    return thread_notice(
        case,
        f":outbox_tray: <@{actor}> sent *{esc(case.reference)}* (v{version.number}) on "
        f"{case.sent_on.isoformat()}. The reply is due on {case.due_on.isoformat()} "
        f"({counted(case.reply_days, 'day')})."
        + (f" {slack_link(card_link, 'Case card')}" if card_link else ""),
    )


def _present(*items: Item | None) -> list[Item]:
    return [item for item in items if item is not None]


def _case_and_version(
    session: Session, case_id: int, version_id: int
) -> tuple[Case, DraftVersion] | None:
    """The case and version an event names, as the service left them in the session."""
    case = session.get(Case, case_id)
    version = session.get(DraftVersion, version_id)
    return (case, version) if case is not None and version is not None else None


def draft_made(session: Session, event: DraftMade, _actor: str) -> list[Item]:
    """A new version: the header of the one before it shows that it is replaced."""
    case = session.get(Case, event.case_id)
    if case is None:
        return []
    return _present(*[refresh_header(case, before) for before in case.versions[:-1][-1:]])


def clearance_given(session: Session, event: ClearanceGiven, actor: str) -> list[Item]:
    """Who cleared what, in the thread; the version's header shows its clearances."""
    found = _case_and_version(session, event.case_id, event.version_id)
    if found is None:
        return []
    case, version = found
    return _present(
        cleared_notice(case, version, actor, list(event.codes)), refresh_header(case, version)
    )


def clearance_withdrawn(session: Session, event: ClearanceWithdrawn, actor: str) -> list[Item]:
    """Who withdrew which clearance, in the thread; the version's header follows."""
    found = _case_and_version(session, event.case_id, event.version_id)
    if found is None:
        return []
    case, version = found
    notice = thread_notice(
        case,
        f":leftwards_arrow_with_hook: <@{actor}> withdrew the clearance of "
        f"v{version.number} for {', '.join(event.codes)}.",
    )
    return _present(notice, refresh_header(case, version))


def letter_sent(session: Session, event: LetterSent, actor: str) -> list[Item]:
    """The letter went out: said in the thread; the version's header loses its buttons."""
    found = _case_and_version(session, event.case_id, event.version_id)
    if found is None:
        return []
    case, version = found
    return _present(sent_notice(case, version, actor), refresh_header(case, version))


def sent_on_corrected(session: Session, event: SentOnCorrected, actor: str) -> list[Item]:
    """The corrected sending date, why, and the new due date, in the thread."""
    case = session.get(Case, event.case_id)
    if case is None or case.sent_on is None or case.due_on is None:
        return []
    return _present(
        thread_notice(
            case,
            f":calendar: <@{actor}> corrected the sending date of "
            f"{esc(case.reference)} from {event.old_sent_on.isoformat()} to "
            f"{case.sent_on.isoformat()}: {esc(event.reason)}. The reply is due on "
            f"{case.due_on.isoformat()}.",
        )
    )


def subscribe(events: EventHandlers) -> None:
    """What the review thread and a version's header show follows these events."""
    events.on(DraftMade, draft_made)
    events.on(ClearanceGiven, clearance_given)
    events.on(ClearanceWithdrawn, clearance_withdrawn)
    events.on(LetterSent, letter_sent)
    events.on(SentOnCorrected, sent_on_corrected)
    events.on(ClearancesVoided, clearances_voided)
