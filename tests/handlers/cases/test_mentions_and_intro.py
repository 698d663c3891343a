"""Mentions in a new draft and nowhere @channel; the introduction when the bot is invited;
"did you mean" for a mistyped subcommand. Through signed requests."""

from __future__ import annotations

from sqlalchemy import select

from bot.cases.letter_models import DraftVersion
from bot.local.workspace import LocalWorkspace
from bot.slack.messages import VERSION, find
from handlers.letters.ids import ActionId
from tests.factories import build_case


def header(workspace: LocalWorkspace, session) -> tuple[DraftVersion, dict]:
    session.expire_all()
    version = session.scalars(select(DraftVersion).order_by(DraftVersion.number.desc())).first()
    return version, workspace.fake.messages[("C0CASES", find(session, VERSION, version.id).ts)]


def test_a_new_draft_mentions_who_may_clear_each_mandate(
    workspace: LocalWorkspace, session
) -> None:
    assert (
        "went wrong"
        not in workspace.command("/mandate set FOAA approvers <@U0BOB|bob> <@U0ALICE|alice>").text
    )
    build_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    version, message = header(workspace, session)
    text = str(message["blocks"])
    # FOAA: its approvers but the drafter; HRD has none configured
    assert "To clear: *FOAA*: <@U0BOB> · *HRD*: any team member" in text
    assert "<@U0ALICE>" not in text.split("To clear:")[1].split("'")[0]

    workspace.click(
        {"ts": find(session, VERSION, version.id).ts, **message},
        f"{ActionId.CLEAR_VERSION}:FOAA",
        user="U0BOB",
    )
    _, refreshed = header(workspace, session)
    assert "To clear: *HRD*: any team member" in str(refreshed["blocks"])


def test_nothing_ever_mentions_channel_or_here(workspace: LocalWorkspace, session) -> None:
    workspace.command("/case open KAZ AL FOAA <!channel> and @here the closure <!here|here>")
    workspace.command("/case set 1 concern Alert <!everyone> now")
    workspace.command("/letter 1 question Why <!subteam^S1|team>?")
    workspace.command("/letter 1 draft", user="U0ALICE")
    workspace.command("/case show 1")
    posted = str(list(workspace.fake.messages.values()))
    assert "<!channel>" not in posted and "<!here" not in posted and "<!everyone>" not in posted
    assert "&lt;!channel&gt;" in posted  # shown as typed, escaped


def joined(workspace: LocalWorkspace, user: str, event_id: str | None = None):
    event = {
        "type": "member_joined_channel",
        "user": user,
        "channel": "C0NEW",
        "channel_type": "C",
        "team": workspace.fake.team_id,
        "inviter": "U0ALICE",
    }
    return workspace.send(workspace.requests.event_callback(event, event_id=event_id))


def intros(workspace: LocalWorkspace) -> list[dict]:
    return [m for (channel, _), m in workspace.fake.messages.items() if channel == "C0NEW"]


def test_invited_to_a_channel_the_bot_introduces_itself_once(workspace: LocalWorkspace) -> None:
    assert joined(workspace, "U0BOB").status == 200  # a person joining: nothing said
    assert intros(workspace) == []

    for _ in range(2):  # Slack's retry of the same event is not a second introduction
        assert joined(workspace, workspace.fake.bot_user_id, event_id="Ev0JOINED").status == 200
    (intro,) = intros(workspace)
    assert "mandate-bot" in intro["text"]
    for command in ("`/case`", "`/allegation <case> <paragraph>`", "`/letter <case> draft`"):
        assert command in intro["text"].replace("&lt;", "<").replace("&gt;", ">")
    assert "<!" not in intro["text"] and "<case>" not in intro["text"]  # escaped, shown as typed


def test_a_mistyped_subcommand_gets_did_you_mean(workspace: LocalWorkspace) -> None:
    answer = workspace.command("/case shwo 1")
    assert answer.json["response_type"] == "ephemeral"
    assert "/case shwo is not a command I know. Did you mean `/case show`?" in answer.text
    assert "/case report" not in answer.text  # not the whole help
    far = workspace.command("/case xyzzy")
    assert "Did you mean" not in far.text and "`/case help` lists them all" in far.text
    mandate = workspace.command("/mandate lsit")
    assert "Did you mean `/mandate list`?" in mandate.text
    workspace.command("/case open KAZ AL FOAA the closure of a union")
    letter = workspace.command("/letter 1 drat")
    assert "Did you mean `/letter 1 draft`?" in letter.text and "question <text>" not in letter.text
