"""What the "Open a case" form does when submitted."""

from __future__ import annotations

from bot.cases.service import open_case, parse_letter_type
from bot.errors import UserError
from bot.slack.commands import Reply
from bot.slack.runtime import Request
from bot.slack.views import view_metadata, view_value
from handlers.cases.ids import ActionId, BlockId
from handlers.cases.membership import refuse_unless_member


def submit_open_case(request: Request) -> Reply:
    """Open the case described in the "Open a case" modal."""
    view = request.body["view"]
    channel_id = view_metadata(view).get("channel_id") or _chosen_channel(view)
    refuse_unless_member(request.client, channel_id)
    country = view_value(view, BlockId.COUNTRY, ActionId.OPEN_CASE_COUNTRY) or ""
    letter_type = parse_letter_type(
        str(view_value(view, BlockId.TYPE, ActionId.OPEN_CASE_TYPE) or "AL")
    )
    mandates = view_value(view, BlockId.MANDATES, ActionId.OPEN_CASE_MANDATES) or []
    subject = view_value(view, BlockId.SUBJECT, ActionId.OPEN_CASE_SUBJECT) or ""
    open_case(
        session=request.session,
        channel_id=channel_id,
        country=str(country),
        letter_type=letter_type,
        mandates=list(mandates),
        subject=str(subject),
        opened_by=request.user_id,
        today=request.today,
        reply_days=request.settings.reply_days[letter_type.value],
        edition=request.settings.letter_edition,
    )
    return Reply()  # the card follows the case opened (handlers.shared.card)


def _chosen_channel(view: dict) -> str:
    """The channel picked in the form opened by the global shortcut."""
    values = view.get("state", {}).get("values", {})
    chosen = values.get(BlockId.CHANNEL, {}).get(ActionId.OPEN_CASE_CHANNEL, {})
    channel = chosen.get("selected_conversation") or ""
    if not channel:
        raise UserError("Choose the channel where the case is followed.")
    return str(channel)
