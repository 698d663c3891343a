"""Links to a case's messages in Slack: its card, its review thread, its latest draft.

The permalinks come from ``chat.getPermalink`` once, when the outbox records a message's ts
(or later, by the scheduler tick), and are stored next to the ts (``bot.slack.messages``).
"""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient

from bot.cases.models import Case
from bot.slack.escape import escape_mrkdwn
from handlers.shared.messages import case_messages


def slack_link(url: str | None, label: str) -> str:
    """``<url|label>`` in mrkdwn (the label escaped), or the label alone without a url."""
    if not url:
        return escape_mrkdwn(label)
    return f"<{escape_mrkdwn(url)}|{escape_mrkdwn(label)}>"


def case_links(case: Case) -> str:
    """``Case card · Review thread · Draft v2`` as links, those that are known; "" if none."""
    latest = case.latest_version
    posted = case_messages(case, version_id=latest.id if latest is not None else None)
    return message_links(
        card=posted.card_link,
        review_thread=posted.thread_link,
        draft=(latest.number, posted.version_link) if latest is not None else None,
    )


def message_links(
    *, card: str | None, review_thread: str | None, draft: tuple[int, str | None] | None
) -> str:
    """``case_links`` from the permalinks alone (``draft``: the latest version's number and
    link), for a caller that has not loaded the case's versions."""
    parts = []
    if card:
        parts.append(slack_link(card, "Case card"))
    if review_thread:
        parts.append(slack_link(review_thread, "Review thread"))
    if draft is not None and draft[1]:
        parts.append(slack_link(draft[1], f"Draft v{draft[0]}"))
    return " · ".join(parts)


def with_links(text: str, case: Case) -> str:
    """A confirmation followed by the case's links, when it has any."""
    links = case_links(case)
    return f"{text}\n{links}" if links else text


def tell(channel_id: str, user_id: str, text: str) -> Callable[[WebClient], object]:
    """A form's confirmation (a submitted modal has no response_url): an ephemeral message
    in the case's channel, once Slack has its answer. What it confirms is already stored."""
    return lambda client: client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
