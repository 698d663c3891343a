"""The case card: posted when a case is opened, updated in place as the case changes.

It follows the domain events (``subscribe``): a case opened posts its card, and every event
deriving from ``CaseChanged`` updates it. No listener asks for the card itself.
"""

from __future__ import annotations

import datetime as dt
import functools

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    SectionBlock,
)
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, joinedload

from bot.casefile.latest import LATEST, cleared_count, latest_version_of
from bot.casefile.state import CaseState, LatestVersion, case_state
from bot.cases.models import Allegation, BodyParagraph, Case, CaseCitation, Question
from bot.cases.paragraphs import paragraph_count
from bot.cases.service import addressee_name
from bot.events import CaseChanged, CaseOpened
from bot.grammar import counted
from bot.slack.blocks import to_dicts
from bot.slack.escape import escape_mrkdwn, plain
from bot.slack.outbox import Item, Post
from bot.slack.runtime import EventHandlers
from handlers.shared.ids import CardActionId, EditForm

CARD = "case_card"  # the outbox renderer that builds the card when it is sent


def case_title(case: Case) -> str:
    """``AL KAZ 1/2017 · Kazakhstan`` (plain text)."""
    return f"{case.reference} · {addressee_name(case)}"


STATE_ICONS = {
    CaseState.DRAFT: ":memo:",
    CaseState.IN_REVIEW: ":mag:",
    CaseState.CLEARED: ":white_check_mark:",
    CaseState.SENT: ":outbox_tray:",
    CaseState.REPLY_RECEIVED: ":inbox_tray:",
    CaseState.OVERDUE: ":warning:",
    CaseState.CLOSED: ":lock:",
}


def build_case_card(
    case: Case,
    today: dt.date | None = None,
    *,
    counts: tuple[int, int, int, int] | None = None,
    latest: LatestVersion | None = None,
) -> list[Block]:
    """The case card posted when a case is opened and updated in place as it changes.

    ``counts``: allegations, annex items, questions and body paragraphs, and ``latest``: the
    latest version's
    facts, when read with the case (else they are read from its collections).
    """
    today = today or dt.datetime.now(dt.UTC).date()
    state, label = case_state(case, today=today, latest=latest)
    mandates = ", ".join(m.code for m in case.mandates)
    kind = case.letter_type.label + (" (joint)" if case.is_joint else "")
    fields = [
        MarkdownTextObject(text=f"*Type*\n{kind}"),
        MarkdownTextObject(text=f"*Mandates*\n{escape_mrkdwn(mandates)}"),
        MarkdownTextObject(text=f"*Addressee*\n{escape_mrkdwn(addressee_name(case))}"),
        MarkdownTextObject(text=f"*State*\n{STATE_ICONS[state]} {escape_mrkdwn(label)}"),
    ]
    allegations, citations, questions, bodies = counts or (
        len(case.allegations),
        len(case.citations),
        len(case.questions),
        len(case.body_paragraphs),
    )
    summary = (
        f"{counted(allegations, 'allegation')} · {counted(bodies, 'body paragraph')} · "
        f"{counted(questions, 'question')} · {counted(citations, 'citation')} · "
        f"language {case.language} · reply within {counted(case.reply_days, 'day')}"
    )
    blocks: list[Block] = [
        HeaderBlock(text=plain(case_title(case), 150)),
        SectionBlock(
            text=MarkdownTextObject(
                text=f"*Case #{case.id}* concerning *{escape_mrkdwn(plain(case.subject, 2800))}*"
            ),
        ),
        SectionBlock(fields=fields),
        ContextBlock(
            elements=[
                MarkdownTextObject(text=summary),
                MarkdownTextObject(text=f"opened by <@{case.opened_by}>"),
                *_follows(case),
            ]
        ),
    ]
    if state in {CaseState.SENT, CaseState.OVERDUE, CaseState.REPLY_RECEIVED}:
        blocks.append(
            ActionsBlock(
                block_id="case-card-actions",
                elements=[
                    ButtonElement(
                        text="Record reply",
                        action_id=CardActionId.RECORD_REPLY,
                        value=str(case.id),
                    )
                ],
            )
        )
    elif state not in {CaseState.CLOSED} and case.sent_on is None:
        buttons = edit_buttons(case)
        if state == CaseState.CLEARED:
            buttons.insert(
                0,
                ButtonElement(
                    text="Send…",
                    action_id=CardActionId.SEND_FORM,
                    value=str(case.id),
                    style="primary",
                ),
            )
        blocks.append(ActionsBlock(block_id="case-card-edit", elements=buttons))
    blocks.append(DividerBlock())
    return blocks


def _follows(case: Case) -> list[MarkdownTextObject]:
    """A follow-up's card names the communication it follows up (read only for one)."""
    if case.follows_case_id is None or case.follows is None:
        return []
    return [MarkdownTextObject(text=f"follows up {escape_mrkdwn(case.follows.printed)}")]


EDIT_LABELS = {
    EditForm.TEXT: ("Edit concern, urge, addressee", CardActionId.EDIT_TEXT),
    EditForm.QUESTIONS: ("Edit questions", CardActionId.EDIT_QUESTIONS),
    EditForm.BODY: ("Edit body paragraphs", CardActionId.EDIT_BODY),
}


def edit_buttons(case: Case) -> list[ButtonElement]:
    """The case card's buttons opening the edit forms."""
    return [
        ButtonElement(text=label, action_id=action_id, value=f"{form}:{case.id}")
        for form, (label, action_id) in EDIT_LABELS.items()
    ]


def edit_menu(case: Case) -> OverflowMenuElement:
    """The same forms from one "…" menu (a draft's header, where buttons are many)."""
    return OverflowMenuElement(
        action_id=CardActionId.EDIT_MENU,
        options=[
            Option(value=f"{form}:{case.id}", text=label)
            for form, (label, _) in EDIT_LABELS.items()
        ],
    )


def case_card_text(case: Case) -> str:
    """Plain fallback text of the case card (notifications, screen readers)."""
    return f"Case #{case.id}: {escape_mrkdwn(case_title(case))}, concerning {escape_mrkdwn(plain(case.subject, 200))}"


def render_card(
    session: Session, case_id: int, today: dt.date | None = None
) -> tuple[str, list[dict]] | None:
    """The card as the case is now (for the outbox, when the post is sent)."""
    found = session.execute(_card_query(), {"card_case_id": case_id}).unique().one_or_none()
    if found is None:
        return None
    case, allegations, citations, questions, number, content_version, cleared, bodies = found
    counts = (allegations, citations, questions, bodies)
    latest = LatestVersion(number, content_version, cleared)
    blocks = build_case_card(case, today, counts=counts, latest=latest)
    return case_card_text(case), to_dicts(blocks)


@functools.cache
def _card_query() -> Select:
    """What every card reads, in one statement (built once): the case, its mandates and
    replies, how many paragraphs of each kind it has, and its latest version's number,
    content version and clearances counted (no version or clearance loaded)."""
    cases = Case.__table__
    return (
        select(
            Case,
            paragraph_count(Allegation),
            paragraph_count(CaseCitation),
            paragraph_count(Question),
            LATEST.c.number,
            LATEST.c.content_version,
            cleared_count(cases),
            paragraph_count(BodyParagraph),
        )
        .outerjoin(LATEST, latest_version_of(cases))
        .where(Case.id == bindparam("card_case_id"))
        .options(
            joinedload(Case.mandate_links),  # each with its mandate (joined too)
            joinedload(Case.replies),
        )
    )


def new_card(case_id: int, channel_id: str) -> Post:
    """The first posting of a case card; its ts is recorded (``bot.slack.messages``)."""
    return Post(
        channel=channel_id,
        text="",
        render=CARD,
        render_id=case_id,
        remember=[("case_card", case_id)],
    )


def card_update(case: Case) -> Post:
    """Update the case card in place; built when it is sent, at the ts recorded then (a
    change made while the card's first post is under way updates it once it is posted)."""
    return Post(channel=case.channel_id, text="", render=CARD, render_id=case.id, recorded=True)


def post_card(_session: Session, event: CaseOpened, _actor: str) -> list[Item]:
    """A case opened: its card, posted in its channel."""
    return [new_card(event.case_id, event.channel_id)]


def update_card(session: Session, event: CaseChanged, _actor: str) -> list[Item]:
    """A case changed: its card updated. Several changes of one request make one update (the
    outbox stages one per card, built when sent: it shows them all)."""
    case = session.get(Case, event.case_id)  # locked by the service: held by the session
    return [card_update(case)] if case is not None else []


def subscribe(events: EventHandlers) -> None:
    """The case card follows the cases: posted when one is opened, updated when one changes."""
    events.on(CaseOpened, post_card)
    events.on(CaseChanged, update_card)
