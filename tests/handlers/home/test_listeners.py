"""The Home tab listener as a plain function: the docket of the user who opened it."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.config import Settings
from handlers.home.listeners import home_opened
from tests.factories import opened_case
from tests.support import listener_request


class Recorder:
    """A WebClient stand-in that records views.publish."""

    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []

    def views_publish(self, *, user_id: str, view: dict) -> None:
        self.published.append({"user_id": user_id, "view": view})


def opened(tab: str, user: str = "U0BOB") -> dict:
    return {"event": {"type": "app_home_opened", "user": user, "tab": tab}}


def test_the_home_tab_publishes_the_docket_of_who_opened_it(
    session: Session, settings: Settings
) -> None:
    opened_case(session)
    session.flush()

    reply = home_opened(listener_request(session, settings, opened("home"), user="U0BOB"))

    assert reply.text is None and reply.outbox == []
    client = Recorder()
    for call in reply.slack_calls:
        call(client)  # type: ignore[arg-type]
    (published,) = client.published
    assert published["user_id"] == "U0BOB"
    view = View(**published["view"])
    view.validate_json()
    assert view.type == "home"


def test_the_messages_tab_publishes_nothing(session: Session, settings: Settings) -> None:
    reply = home_opened(listener_request(session, settings, opened("messages")))

    assert reply.text is None and reply.slack_calls == [] and reply.outbox == []
