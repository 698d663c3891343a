""" "Send…" on the card of a cleared case: the sending date picked in a form."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from slack_sdk.models.blocks import (
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.cases.models import Case
from bot.cases.service import find_case
from bot.errors import UserError
from bot.grammar import counted
from bot.letters.lint import LintIssue
from bot.reviews.findings import open_findings
from bot.reviews.sending import send_letter
from bot.slack.commands import Reply
from bot.slack.escape import escape_mrkdwn
from bot.slack.runtime import Request
from bot.slack.views import view_metadata
from handlers.letters.blocks import open_findings_text
from handlers.letters.ids import ActionId, BlockId, CallbackId
from handlers.shared.links import tell, with_links


def build_send_modal(
    *, case: Case, channel_id: str, today: dt.date, findings: Sequence[LintIssue] = ()
) -> dict:
    """The date the letter was sent (today unless picked), for the cleared version, with the
    checks' open findings in the letter as it would be sent."""
    version = case.latest_version
    number = f"v{version.number}" if version is not None else "the cleared version"
    view = View(
        type="modal",
        callback_id=CallbackId.SEND_LETTER,
        title=PlainTextObject(text="Send the letter"),
        submit=PlainTextObject(text="Record as sent"),
        close=PlainTextObject(text="Cancel"),
        private_metadata=json.dumps({"case_id": case.id, "channel_id": channel_id}),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"*{escape_mrkdwn(case.reference)}*, {number}: recording it as sent "
                    f"freezes it and starts the reply clock ({counted(case.reply_days, 'day')})."
                )
            ),
            SectionBlock(text=MarkdownTextObject(text=open_findings_text(case, version, findings))),
            InputBlock(
                block_id=BlockId.SEND_DATE,
                label="Date the letter was sent",
                element=DatePickerElement(
                    action_id=ActionId.SEND_DATE, initial_date=today.isoformat()
                ),
            ),
        ],
    )
    view.validate_json()
    return view.to_dict()


def click_send(request: Request) -> Reply:
    """The card's "Send…" button: the form with the date."""
    action = (request.body.get("actions") or [{}])[0]
    case = find_case(
        session=request.session, ref=str(action.get("value", "")), channel_id=request.channel_id
    )
    version = case.latest_version
    findings = (
        open_findings(
            session=request.session,
            case=case,
            version=version,
            sent_on=request.today,
            today=request.today,
            registry_max_age_days=request.settings.registry_max_age_days,
        )
        if version is not None
        else []
    )
    return Reply(
        modal=build_send_modal(
            case=case, channel_id=request.channel_id, today=request.today, findings=findings
        )
    )


def submit_send(request: Request) -> Reply:
    """Send as /letter <case> send <date> does: only once cleared."""
    view = request.body["view"]
    meta = view_metadata(view)
    case = find_case(
        session=request.session,
        ref=str(meta.get("case_id", "")),
        channel_id=str(meta.get("channel_id", "")),
    )
    values = view.get("state", {}).get("values", {})
    picked = values.get(BlockId.SEND_DATE, {}).get(ActionId.SEND_DATE, {}).get("selected_date")
    try:
        sent_on = dt.date.fromisoformat(picked or "")
    except ValueError:
        raise UserError("Pick the date the letter was sent.") from None
    version = send_letter(
        session=request.session,
        case=case,
        sent_on=sent_on,
        actor=request.user_id,
        settings=request.settings,
        today=request.today,
    )
    assert case.sent_on is not None and case.due_on is not None  # just sent
    text = (
        f"{case.reference} is recorded as sent on {case.sent_on.isoformat()} (v{version.number}); "
        f"the reply is due on {case.due_on.isoformat()}."
    )
    confirmed = with_links(escape_mrkdwn(text), case)
    return Reply().after(tell(case.channel_id, request.user_id, confirmed))
