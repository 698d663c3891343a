"""One answer for every failed request: the user's mistake with its usage, or an error id."""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Sequence
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from bot.errors import UserError
from bot.slack.escape import escape_mrkdwn, unescape_slack

logger = logging.getLogger("bot")
USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")  # a Slack user id, as a mention may carry it


class MarkVerified(Middleware):
    """Global middleware after Bolt's signature check: from here on the request is Slack's."""

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Any) -> BoltResponse | None:
        req.context["verified"] = True
        return next()


def answer_errors(
    error: Exception, body: dict, request: BoltRequest, respond: Any, client: WebClient
) -> BoltResponse:
    """The app's error handler: roll back, then answer in the way the request allows."""
    session = request.context.get("session")
    if session is not None:
        session.rollback()
    if not request.context.get("verified"):
        # Failed before the signature was checked: answer nothing to an unsigned body.
        request.context["outcome"] = "rejected"
        logger.warning("request failed before verification: %s", type(error).__name__)
        return BoltResponse(status=401, body={"error": "invalid request"})
    text = describe_failure(error, request.context)
    if body.get("type") == "event_callback" and not isinstance(error, UserError):
        # Nobody to tell: fail, so that Slack retries it (its event_id row rolled back).
        return BoltResponse(status=500, body="")
    return _error_response(body, text, respond, client)


# The database did not answer (down, unreachable, or every pooled connection busy).
DATABASE_DOWN = (OperationalError, InterfaceError, PoolTimeoutError)


def error_message(error: Exception) -> str:
    """What the user reads when a request fails."""
    if isinstance(error, UserError):
        # Escaped: a quoted <!channel> or <@U…> never pings, and a usage <case> shows as typed;
        # only the people the message names on purpose are mentioned.
        usage = f"\nUsage: `{error.usage}`" if error.usage else ""
        text = escape_mrkdwn(f"{error.message}{usage}")
        for user in error.mentions:
            if USER_ID.fullmatch(user):
                text = text.replace(escape_mrkdwn(f"<@{user}>"), f"<@{user}>")
        return text
    if isinstance(error, DATABASE_DOWN):
        return (
            "The database is not answering right now; nothing was changed. Try again in a minute."
        )
    return ""


def describe_failure(error: Exception, context: dict) -> str:
    """Log a failed request as it deserves and say what the user reads; marks its outcome."""
    text = error_message(error)
    context["outcome"] = "user_error" if isinstance(error, UserError) else "error"
    context["error"] = type(error).__name__
    if not text:
        error_id = uuid.uuid4().hex[:8]
        context["error_id"] = error_id
        logger.exception("unexpected error %s", error_id, exc_info=error)
        text = (
            f"Something went wrong (error id {error_id}); nothing was changed. "
            "Try again, and quote the id if it keeps happening."
        )
    elif isinstance(error, DATABASE_DOWN):
        logger.error("database unavailable: %s", type(error).__name__)
    return text


def _error_response(body: dict, text: str, respond: Any, client: WebClient) -> BoltResponse:
    """Answer a failed request ephemerally, in the way its kind of request allows."""
    if body.get("command"):
        payload: dict[str, Any] = {"response_type": "ephemeral", "text": text}
        return BoltResponse(status=200, body=json.dumps(payload), headers=_json_headers())
    if body.get("type") == "view_submission":
        view = body.get("view", {})
        block_id = _first_input_block(view)
        if block_id:
            plain = unescape_slack(text)[:2000]  # a modal shows its errors as plain text
            payload = {"response_action": "errors", "errors": {block_id: plain}}
            return BoltResponse(status=200, body=json.dumps(payload), headers=_json_headers())
    if body.get("type") in {"block_actions", "message_action", "shortcut"}:
        _tell_user(body, text, respond, client)
    return BoltResponse(status=200, body="")


def _tell_user(body: dict, text: str, respond: Any, client: WebClient) -> None:
    try:
        if body.get("response_url"):
            respond(text=text, response_type="ephemeral", replace_original=False)
            return
        channel = (body.get("channel") or {}).get("id")
        user = (body.get("user") or {}).get("id")
        if channel and user:
            client.chat_postEphemeral(channel=channel, user=user, text=text)
    except Exception:  # noqa: BLE001 - telling the user is best effort, the log keeps it
        logger.warning("could not tell the user about an error", exc_info=True)


def _first_input_block(view: dict) -> str | None:
    for block in view.get("blocks", []):
        if block.get("type") == "input":
            return block.get("block_id")
    return None


def _json_headers() -> dict[str, str | Sequence[str]]:
    return {"content-type": "application/json;charset=utf-8"}
