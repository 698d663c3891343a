"""The baseline: a bare Bolt app that only acks /case and /allegation.

Served by the same gunicorn command line as the bot (only the WSGI target differs):
    gunicorn --workers 2 --threads 4 --bind 0.0.0.0:$PORT 'bench.bare_app:create_wsgi()'
"""

from __future__ import annotations

import os

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient


def create_wsgi() -> SlackRequestHandler:
    """Bolt with process_before_response=True, the signing secret, and two ack-only commands.

    Like the bot, it authorizes with its token once per process (auth.test, on the fake Slack).
    """
    client = WebClient(
        token=os.environ.get("SLACK_BOT_TOKEN", "xoxb-bench"),
        base_url=os.environ.get("SLACK_API_URL", "https://slack.com/api/"),
    )
    app = App(
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        client=client,
        token_verification_enabled=False,
        process_before_response=True,
    )

    @app.command("/case")
    def case(ack: Ack) -> None:
        ack()

    @app.command("/allegation")
    def allegation(ack: Ack) -> None:
        ack()

    return SlackRequestHandler(app, path="/slack/events")
