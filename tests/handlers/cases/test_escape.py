"""/case with should_escape: a picked @person arrives as <@U123|bob> and is stored as the id;
free text comes out as the user typed it (links, channels, users and @here as plain text)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.cases.models import Case
from bot.local.workspace import Answer, LocalWorkspace
from bot.slack.escape import from_slack, user_ids


def wire(workspace: LocalWorkspace, line: str) -> Answer:
    """A command whose text is given as Slack sends it with should_escape on."""
    command, _, text = line.partition(" ")
    return workspace.send(
        workspace.requests.slash_command(
            command,
            text,
            user_id="U0ALICE",
            channel_id="C0CASES",
            response_url=workspace.response_url(),
            wire=True,
        )
    )


@pytest.mark.parametrize(
    ("sent", "typed"),
    [
        ("<https://x.org/a|https://x.org/a>", "https://x.org/a"),
        ("<https://x.org/a>", "https://x.org/a"),
        ("<https://x.org/a|the report>", "the report"),
        ("<mailto:a@b.org|a@b.org>", "a@b.org"),
        ("<#C0123|cases>", "#cases"),
        ("<#C0123|>", "#C0123"),
        ("<@U0BOB|bob>", "@bob"),
        ("<@U0BOB>", "@U0BOB"),
        ("<!here>", "@here"),
        ("<!channel|channel>", "@channel"),
        ("<!everyone>", "@everyone"),
        ("<!subteam^S0LEGAL|@legal>", "@legal"),
        ("<!date^1392734382^{date}|Feb 18, 2014>", "Feb 18, 2014"),
        ("a &amp; b &lt;c&gt; &amp;lt;", "a & b <c> &lt;"),
        ("x &lt;https://y|z&gt;", "x <https://y|z>"),  # typed, not markup: left as typed
    ],
)
def test_from_slack_gives_back_what_was_typed(sent: str, typed: str) -> None:
    assert from_slack(sent) == typed


def test_the_users_picked_are_found_in_the_text_as_sent() -> None:
    assert user_ids("set 7 owner <@U0BOB|bob> see <#C1|x> &lt;@U0EVE&gt;") == ["U0BOB"]


def test_free_text_of_a_case_is_stored_as_typed(workspace: LocalWorkspace, session) -> None:
    answer = wire(
        workspace,
        "/case open KAZ AL FOAA the arrest of <@U0BOB|bob> reported at "
        "<https://x.org/a|https://x.org/a> in <#C0CASES|cases> &amp; <!here>",
    )
    assert answer.status == 200, answer.body
    case = session.scalars(select(Case)).one()
    assert case.subject == "the arrest of @bob reported at https://x.org/a in #cases & @here"

    wire(
        workspace,
        "/case set 1 concern We are concerned by <https://r.org/x|the report> &lt;2017&gt;.",
    )
    wire(workspace, "/case set 1 urge release <@U0BOB|bob> at once")
    wire(workspace, "/case set 1 subject a letter to <mailto:info@acme.example|info@acme.example>")
    session.expire_all()
    case = session.scalars(select(Case)).one()
    assert case.concern == "We are concerned by the report <2017>."
    assert case.urge == "release @bob at once"
    assert case.subject == "a letter to info@acme.example"


def test_an_owner_picked_from_the_menu_is_stored_as_the_user_id(
    workspace: LocalWorkspace, session
) -> None:
    wire(workspace, "/case open KAZ AL FOAA the closure of a union")
    answer = wire(workspace, "/case set 1 owner <@U0OWNER1|alice>")
    assert answer.status == 200 and "U0OWNER1" in answer.text
    assert session.scalars(select(Case.owner)).one() == "U0OWNER1"
    refused = wire(workspace, "/case set 1 owner <#C0CASES|cases>")
    assert "not a person" in refused.text
    assert session.scalars(select(Case.owner)).one() == "U0OWNER1"
