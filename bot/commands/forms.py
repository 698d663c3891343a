"""What modals do when submitted, and the message shortcut (Slack-free flows)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.enums import CaseStatus
from bot.cases.models import Case
from bot.cases.paragraphs import ALLEGATION, add_paragraph, edit_paragraph
from bot.cases.service import find_case, open_case, parse_letter_type
from bot.commands.base import Reply, card_update
from bot.commands.case import new_card
from bot.config import Settings
from bot.errors import UserError
from bot.slack.ids import ActionId, BlockId
from bot.slack.modals import build_message_to_allegation_modal, view_metadata, view_value


def submit_open_case(*, session: Session, settings: Settings, user_id: str, view: dict) -> Reply:
    """Open the case described in the "Open a case" modal."""
    channel_id = view_metadata(view).get("channel_id") or ""
    country = view_value(view, BlockId.COUNTRY, ActionId.OPEN_CASE_COUNTRY) or ""
    letter_type = parse_letter_type(view_value(view, BlockId.TYPE, ActionId.OPEN_CASE_TYPE) or "AL")
    mandates = view_value(view, BlockId.MANDATES, ActionId.OPEN_CASE_MANDATES) or []
    subject = view_value(view, BlockId.SUBJECT, ActionId.OPEN_CASE_SUBJECT) or ""
    case = open_case(
        session=session,
        channel_id=channel_id,
        country=str(country),
        letter_type=letter_type,
        mandates=list(mandates),
        subject=str(subject),
        opened_by=user_id,
        today=dt.datetime.now(settings.tz).date(),
        reply_days=settings.reply_days[letter_type.value],
        edition=settings.letter_edition,
    )
    return Reply().then(new_card(case))


def submit_allegation(*, session: Session, user_id: str, view: dict) -> Reply:
    """Add or edit the allegation typed in the modal."""
    meta = view_metadata(view)
    case = find_case(
        session=session, ref=str(meta.get("case_id", "")), channel_id=meta.get("channel_id", "")
    )
    text = str(view_value(view, BlockId.TEXT, ActionId.ALLEGATION_TEXT) or "")
    if meta.get("number"):
        edit_paragraph(
            session=session,
            case=case,
            kind=ALLEGATION,
            number=meta["number"],
            text=text,
            actor=user_id,
        )
    else:
        add_paragraph(session=session, case=case, kind=ALLEGATION, text=text, actor=user_id)
    return Reply().then(card_update(case))


def submit_message_to_allegation(*, session: Session, user_id: str, view: dict) -> Reply:
    """Add the copied message text to the chosen case."""
    channel_id = view_metadata(view).get("channel_id", "")
    case_id = view_value(view, BlockId.CASE, ActionId.ALLEGATION_CASE)
    if not case_id:
        raise UserError("Choose a case.")
    case = find_case(session=session, ref=str(case_id), channel_id=channel_id)
    text = str(view_value(view, BlockId.TEXT, ActionId.ALLEGATION_TEXT) or "")
    add_paragraph(session=session, case=case, kind=ALLEGATION, text=text, actor=user_id)
    return Reply().then(card_update(case))


def message_to_allegation_modal(*, session: Session, channel_id: str, text: str) -> dict:
    """The modal of the "Add to case as allegation" shortcut, for this channel's open cases."""
    cases = list(
        session.scalars(
            select(Case)
            .where(Case.channel_id == channel_id, Case.status == CaseStatus.OPEN)
            .order_by(Case.id.desc())
            .limit(100)
        )
    )
    return build_message_to_allegation_modal(channel_id=channel_id, cases=cases, text=text)
