"""The Send and Cancel buttons of /letter send's confirmation, and Withdraw my clearance."""

from __future__ import annotations

import datetime as dt
import json

from bot.cases.letter_models import DraftVersion
from bot.cases.service import find_case
from bot.errors import UserError
from bot.reviews.clearance import withdraw_clearance
from bot.reviews.drafts import get_version
from bot.reviews.sending import send_letter
from bot.slack.commands import Reply
from bot.slack.escape import escape_mrkdwn
from bot.slack.runtime import Request
from handlers.letters.commands import LETTER
from handlers.shared.links import with_links


def _value(request: Request) -> str:
    return str(((request.body.get("actions") or [{}])[0]).get("value", ""))


def click_send(request: Request) -> Reply:
    """Send: the version and date the sender confirmed, if it is still the cleared current one."""
    try:
        asked = json.loads(_value(request))
        case_id, version_id = int(asked["case"]), int(asked["version"])
        sent_on = dt.date.fromisoformat(str(asked["date"]))
    except (ValueError, KeyError, TypeError):
        raise UserError(
            "That Send button is broken: ask again.", usage=LETTER.usage("send")
        ) from None
    case = find_case(session=request.session, ref=str(case_id), channel_id=request.channel_id)
    version = send_letter(
        session=request.session,
        case=case,
        sent_on=sent_on,
        actor=request.user_id,
        settings=request.settings,
        today=request.today,
        version_id=version_id,
    )
    assert case.sent_on is not None and case.due_on is not None  # just sent
    text = (
        f"{case.reference} is recorded as sent on {case.sent_on.isoformat()} (v{version.number}); "
        f"the reply is due on {case.due_on.isoformat()}."
    )
    return Reply(text=with_links(escape_mrkdwn(text), case))


def click_cancel_send(request: Request) -> Reply:
    """Cancel: nothing is sent."""
    return Reply(text="Not sent: nothing changed.")


def click_withdraw(request: Request) -> Reply:
    """Withdraw my clearance: the clicker's clearances of this version, until it is sent."""
    value = _value(request)
    version = request.session.get(DraftVersion, int(value)) if value.isdigit() else None
    if version is None:
        raise UserError("That draft version no longer exists.")
    case = find_case(
        session=request.session, ref=str(version.case_id), channel_id=request.channel_id
    )
    version = get_version(session=request.session, case=case, version_id=version.id)
    codes = withdraw_clearance(
        session=request.session, case=case, version=version, actor=request.user_id
    )
    what = ", ".join(codes)
    return Reply(
        text=f"Your clearance of v{version.number} of case #{case.id} for {what} is withdrawn."
    )
