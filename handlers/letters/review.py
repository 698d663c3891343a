"""What the review buttons and the request-changes form do."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.cases.letter_models import DraftVersion
from bot.cases.models import Case
from bot.cases.service import find_case
from bot.errors import NotFound
from bot.reviews.clearance import check_current, clear_version
from bot.reviews.comments import request_changes
from bot.reviews.drafts import get_version
from bot.slack.commands import Reply
from bot.slack.escape import escape_mrkdwn
from bot.slack.runtime import Request
from bot.slack.views import view_metadata, view_value
from handlers.letters.blocks import build_request_changes_modal
from handlers.letters.ids import ActionId, BlockId
from handlers.letters.posts import thread_notice
from handlers.shared.links import with_links


def _case_of(session: Session, version_id: str, channel_id: str) -> tuple[Case, DraftVersion]:
    version = session.get(DraftVersion, int(version_id)) if version_id.isdigit() else None
    if version is None:
        raise NotFound("That draft version no longer exists.")
    case = find_case(session=session, ref=str(version.case_id), channel_id=channel_id)
    return case, version


def _click(request: Request) -> tuple[Session, str, str, str]:
    action = (request.body.get("actions") or [{}])[0]
    return request.session, str(action.get("value", "")), request.channel_id, request.user_id


def click_clear(request: Request) -> Reply:
    """A "Clear for <mandate>" button: record the clearance, tell the thread, refresh buttons."""
    session, value, channel_id, actor = _click(request)
    version_id, _, code = value.partition(":")
    case, version = _case_of(session, version_id, channel_id)
    result = clear_version(
        session=session, case=case, version=version, actor=actor, mandate_code=code or None
    )
    codes = [m.code for m in result.cleared]
    confirmed = with_links(f"You cleared v{version.number} for {', '.join(codes)}.", case)
    return Reply(text=confirmed)


def click_request_changes(request: Request) -> Reply:
    """The "Request changes" button: the modal asking what should change."""
    session, value, channel_id, _actor = _click(request)
    case, version = _case_of(session, value, channel_id)
    check_current(case, version)
    return Reply(
        modal=build_request_changes_modal(case=case, version=version, channel_id=channel_id)
    )


def submit_request_changes(request: Request) -> Reply:
    """Store the request and post it in the thread."""
    session, view, actor = request.session, request.body["view"], request.user_id
    meta = view_metadata(view)
    case = find_case(
        session=session, ref=str(meta.get("case_id", "")), channel_id=meta.get("channel_id", "")
    )
    version = get_version(session=session, case=case, version_id=int(meta.get("version_id", 0)))
    reason = str(view_value(view, BlockId.REASON, ActionId.CHANGES_REASON) or "")
    request_changes(session=session, case=case, version=version, actor=actor, reason=reason)
    return Reply().then(
        thread_notice(
            case,
            f":pencil2: <@{actor}> requests changes to v{version.number}:\n>{escape_mrkdwn(reason.strip())}",
        )
    )
