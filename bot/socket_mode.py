"""Socket Mode: the app connected to Slack over a WebSocket, for teams behind a firewall."""

from __future__ import annotations

import logging

from slack_bolt.adapter.socket_mode import SocketModeHandler
from sqlalchemy.orm import Session, sessionmaker

from bot.app import Process, create_app
from bot.config import Settings

logger = logging.getLogger("bot")


def start_socket_mode(
    settings: Settings,
    *,
    sessions: sessionmaker[Session] | None = None,
    process: Process | None = None,
) -> SocketModeHandler:
    """Build the app (on the process's parts, if given) and connect it with SLACK_APP_TOKEN;
    it then serves on the handler's own threads (reconnecting whenever Slack asks) until
    ``close()``."""
    if not settings.slack_app_token:
        raise ValueError("Socket Mode needs SLACK_APP_TOKEN (xapp-...)")
    app = create_app(settings, sessions=sessions, process=process)
    handler = SocketModeHandler(app, settings.slack_app_token)
    handler.connect()
    if handler.client.is_connected():
        logger.info("connected to Slack in Socket Mode")
    else:  # the client logged why; it tries again every ping interval
        logger.warning("not connected to Slack in Socket Mode yet: retrying")
    return handler
