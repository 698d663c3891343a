"""/case open where the bot is not a member is refused before a reference is taken."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.cases.models import Case, ReferenceCounter
from bot.local.workspace import LocalWorkspace
from bot.slack.messages import CARD, find
from tests.factories import open_case_values

OPEN = "/case open KAZ AL FOAA the closure of a union"


def test_open_in_a_channel_without_the_bot_is_refused_with_how_to_invite_it(
    workspace: LocalWorkspace, session
) -> None:
    workspace.fake.add_channel("C0OUTSIDE", is_member=False)

    answer = workspace.command(OPEN, channel="C0OUTSIDE")

    assert answer.status == 200
    assert answer.ack["response_type"] == "ephemeral"
    assert "/invite @mandate-bot" in answer.text and "no reference was taken" in answer.text
    assert session.scalar(select(func.count()).select_from(Case)) == 0
    assert session.scalar(select(func.count()).select_from(ReferenceCounter)) == 0
    assert not workspace.fake.calls_to("chat.postMessage")
    (asked,) = workspace.fake.calls_to("conversations.info")
    assert asked.params["channel"] == "C0OUTSIDE"

    # Invited: the case opens, and takes the first number (none was used up).
    workspace.fake.add_channel("C0OUTSIDE", is_member=True)
    answer = workspace.command(OPEN, channel="C0OUTSIDE")
    assert answer.status == 200
    case = session.scalars(select(Case)).one()
    assert case.reference.startswith("AL KAZ 1/")
    assert find(session, CARD, case.id).ts  # the card is in the channel


def test_a_private_channel_the_bot_cannot_see_is_refused_too(
    workspace: LocalWorkspace, session
) -> None:
    workspace.fake.forget_channel("G0PRIVATE")
    answer = workspace.command(OPEN, channel="G0PRIVATE")
    assert "/invite @mandate-bot" in answer.text
    assert session.scalar(select(func.count()).select_from(Case)) == 0


def test_when_slack_cannot_tell_the_case_is_opened(workspace: LocalWorkspace, session) -> None:
    workspace.fake.fail_next("conversations.info", "missing_scope")
    answer = workspace.command(OPEN)
    assert "invite" not in answer.text
    assert session.scalar(select(func.count()).select_from(Case)) == 1


def test_the_fake_refuses_posts_where_the_bot_is_not_a_member(workspace: LocalWorkspace) -> None:
    workspace.fake.add_channel("C0OUTSIDE", is_member=False)
    answer = workspace.app.client.conversations_info(channel="C0OUTSIDE")
    assert answer["channel"]["is_member"] is False
    try:
        workspace.app.client.chat_postMessage(channel="C0OUTSIDE", text="hello")
    except Exception as error:  # noqa: BLE001 - SlackApiError
        assert "not_in_channel" in str(error)
    else:
        raise AssertionError("posted in a channel the bot is not in")


def test_the_open_case_form_is_refused_too(workspace: LocalWorkspace, session) -> None:
    workspace.fake.add_channel("C0OUTSIDE", is_member=False)
    workspace.command("/case", channel="C0OUTSIDE")
    view = {"id": "V1", **workspace.fake.calls_to("views.open")[0].params["view"]}
    values = open_case_values(mandates=["FOAA"], subject="a union")
    refused = workspace.send(
        workspace.requests.view_submission(user_id="U0BOB", view=view, values=values)
    )
    assert refused.json["response_action"] == "errors"
    assert "/invite @mandate-bot" in str(refused.json["errors"])
    assert session.scalar(select(func.count()).select_from(Case)) == 0
