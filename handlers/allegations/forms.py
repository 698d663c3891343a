"""What the allegation forms and the "Add to case as allegation" shortcut do."""

from __future__ import annotations

from bot.cases.paragraphs import ALLEGATION, add_paragraph, edit_paragraph
from bot.cases.service import find_case, open_cases
from bot.errors import UserError
from bot.slack.commands import Reply
from bot.slack.escape import unescape_slack
from bot.slack.runtime import Request
from bot.slack.views import view_metadata, view_value
from handlers.allegations.ids import ActionId, BlockId
from handlers.allegations.modals import build_message_to_allegation_modal


def submit_allegation(request: Request) -> Reply:
    """Add or edit the allegation typed in the modal."""
    session, user_id, view = request.session, request.user_id, request.body["view"]
    meta = view_metadata(view)
    case = find_case(
        session=session,
        ref=str(meta.get("case_id", "")),
        channel_id=meta.get("channel_id", ""),
        lock=True,  # about to change it
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
    return Reply()


def submit_message_to_allegation(request: Request) -> Reply:
    """Add the copied message text to the chosen case."""
    session, user_id, view = request.session, request.user_id, request.body["view"]
    channel_id = view_metadata(view).get("channel_id", "")
    case_id = view_value(view, BlockId.CASE, ActionId.ALLEGATION_CASE)
    if not case_id:
        raise UserError("Choose a case.")
    case = find_case(session=session, ref=str(case_id), channel_id=channel_id, lock=True)
    text = str(view_value(view, BlockId.TEXT, ActionId.ALLEGATION_TEXT) or "")
    add_paragraph(session=session, case=case, kind=ALLEGATION, text=text, actor=user_id)
    return Reply()


def message_to_allegation(request: Request) -> Reply:
    """The "Add to case as allegation" shortcut: a form for this channel's open cases."""
    session, channel_id = request.session, request.channel_id
    text = unescape_slack((request.body.get("message") or {}).get("text", ""))
    cases = open_cases(session=session, channel_id=channel_id)
    return Reply(
        modal=build_message_to_allegation_modal(channel_id=channel_id, cases=cases, text=text)
    )
