"""Events: replies in a case's review thread are stored as review comments."""

from __future__ import annotations

from slack_bolt import App
from sqlalchemy.orm import Session

from bot.app import Deps
from bot.reviews.service import record_thread_comment


def register(app: App, deps: Deps) -> None:
    """Register the message events the bot listens to."""

    @app.event("message")
    def on_message(event: dict, session: Session) -> None:
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
