"""Events: replies in a case's review thread are stored as review comments."""

from __future__ import annotations

from slack_bolt import App
from sqlalchemy.orm import Session

from bot.app import Deps
from bot.reviews.service import (
    delete_thread_comment,
    edit_thread_comment,
    record_thread_comment,
)


def register(app: App, deps: Deps) -> None:
    """Register the message events the bot listens to."""

    @app.event("message")
    def on_message(event: dict, session: Session) -> None:
        subtype = event.get("subtype")
        if subtype in SUBTYPES:
            SUBTYPES[subtype](event, session)
            return
        thread_ts = event.get("thread_ts")
        if not thread_ts or event.get("subtype") or event.get("bot_id"):
            return  # only people's replies in threads are review comments
        if thread_ts == event.get("ts"):
            return
        record_thread_comment(
            session=session,
            channel_id=event.get("channel", ""),
            thread_ts=thread_ts,
            message_ts=event.get("ts", ""),
            author=event.get("user", ""),
            text=event.get("text", ""),
        )


def _edited(event: dict, session: Session) -> None:
    """``message_changed``: the new text is in ``event["message"]``, its ``ts`` the original."""
    message = event.get("message") or {}
    if not message.get("thread_ts") or message.get("bot_id"):
        return
    edit_thread_comment(
        session=session,
        channel_id=event.get("channel", ""),
        message_ts=message.get("ts", ""),
        text=message.get("text", ""),
        actor=(message.get("edited") or {}).get("user") or message.get("user", ""),
    )


def _deleted(event: dict, session: Session) -> None:
    """``message_deleted``: ``deleted_ts`` names the message; Slack does not say who deleted it."""
    previous = event.get("previous_message") or {}
    delete_thread_comment(
        session=session,
        channel_id=event.get("channel", ""),
        message_ts=event.get("deleted_ts", ""),
        actor=previous.get("user", ""),
    )


SUBTYPES = {"message_changed": _edited, "message_deleted": _deleted}
