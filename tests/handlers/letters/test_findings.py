"""Findings that stay true: a draft's header always shows its own version's findings, however
often it is rebuilt, and the send confirmation lists the open ones above the Send button."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.cases.letter_models import DraftVersion
from bot.grammar import counted
from bot.local.workspace import LocalWorkspace
from bot.slack.escape import escape_mrkdwn as esc
from bot.slack.messages import CARD, find
from handlers.letters.ids import ActionId
from handlers.shared.ids import CardActionId
from tests.factories import (
    OPEN,
    clear,
    clear_all,
    cleared_case,
    header_of,
    only_case,
    versions,
)

NO_PROBLEMS = "The checks found no problems"
# Three problems the linter finds: two placeholders and a date that does not exist.
FLAWED = (
    OPEN,
    "/allegation 1 On 4 January 2017, the court of XXX ordered the permanent closure.",
    "/case set 1 concern Serious concern is expressed about the closure (TBC).",
    "/case set 1 urge ensure that independent trade unions can operate freely",
    "/cite 1 ICCPR art. 21 (right to freedom of association)",
    "/letter 1 question Please explain the decision of 31 February 2017.",
)


def build_flawed_case(workspace: LocalWorkspace) -> None:
    for line in FLAWED:
        answer = workspace.command(line)
        assert answer.status == 200 and "went wrong" not in answer.text, (line, answer.text)


def header_text(workspace: LocalWorkspace, version: DraftVersion) -> str:
    return str(header_of(workspace, version)["blocks"])


def assert_shows_its_findings(text: str, count: int) -> None:
    """The header's findings: what is wrong, each with the command that fixes it (the three
    typed problems, beside what the registry says of a fresh install's mandates)."""
    assert f"Before review, {counted(count, 'problem')}" in text, text
    for part in (
        "XXX",
        "/allegation #1 edit 1 <paragraph>",
        "TBC",
        "/case set #1 concern <paragraph>",
        "31 February 2017",
        "/letter #1 question edit 1 <text>",
    ):
        assert part in text or esc(part) in text, part
    assert NO_PROBLEMS not in text


def test_a_drafts_findings_are_kept_with_its_version(workspace: LocalWorkspace, session) -> None:
    build_flawed_case(workspace)
    answer = workspace.command("/letter 1 draft", user="U0ALICE")
    (v1,) = versions(session)
    assert f"The checks found {counted(len(v1.findings), 'problem')}" in answer.text
    typed = [f for f in v1.findings if f["code"] in ("bad-date", "placeholder")]
    assert sorted((f["code"], f["part"], f["number"]) for f in typed) == [
        ("bad-date", "question", 1),
        ("placeholder", "allegation", 1),
        ("placeholder", "concern", None),
    ]
    assert all(f["message"] for f in v1.findings)
    assert_shows_its_findings(header_text(workspace, v1), len(v1.findings))


def test_findings_survive_clearances_withdrawals_and_changes(
    workspace: LocalWorkspace, session
) -> None:
    build_flawed_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    (v1,) = versions(session)
    count = len(v1.findings)
    updates = len(workspace.fake.calls_to("chat.update"))

    # A clearance rebuilds the header (the clearance line, the buttons): the findings stay.
    assert "You cleared" in clear(workspace, v1, "FOAA", "U0BOB")
    assert len(workspace.fake.calls_to("chat.update")) > updates
    text = header_text(workspace, v1)
    assert "Cleared: FOAA" in text
    assert_shows_its_findings(text, count)

    # Withdrawn again: rebuilt once more, the same findings.
    withdrawn = workspace.command("/letter 1 withdraw", user="U0BOB")
    assert "withdrawn" in withdrawn.text
    assert_shows_its_findings(header_text(workspace, v1), count)

    # A change to the case voids the version: its header is refreshed as replaced... and still
    # says what its reviewers were told.
    workspace.command("/allegation 1 It is reported that three other unions face closure.")
    assert_shows_its_findings(header_text(workspace, v1), count)

    # A new draft with the problems fixed: v2 shows none, v1 (refreshed as replaced) its own.
    for line in (
        "/allegation 1 edit 1 On 4 January 2017, the economic court ordered the closure.",
        "/case set 1 concern Serious concern is expressed about the closure.",
        "/letter 1 question edit 1 Please explain the decision of 4 January 2017.",
    ):
        assert "went wrong" not in workspace.command(line).text
    workspace.command("/letter 1 draft", user="U0ALICE")
    v1, v2 = versions(session)
    assert len(v2.findings) == count - 3  # what the registry says is still said
    assert not any(f["code"] in ("bad-date", "placeholder") for f in v2.findings)
    v2_text = header_text(workspace, v2)
    assert "Placeholder" not in v2_text and "not a valid date" not in v2_text
    v1_text = header_text(workspace, v1)
    assert "Replaced" in v1_text
    assert_shows_its_findings(v1_text, count)


def test_a_version_made_before_findings_were_kept_says_so(
    workspace: LocalWorkspace, session
) -> None:
    build_flawed_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    (v1,) = versions(session)
    v1.findings = None  # as the migration leaves the versions made before it
    session.commit()
    clear(workspace, v1, "FOAA", "U0BOB")
    text = header_text(workspace, v1)
    assert "were not recorded" in text
    assert NO_PROBLEMS not in text


def test_the_send_confirmation_lists_the_open_findings(workspace: LocalWorkspace, session) -> None:
    build_flawed_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    (v1,) = versions(session)
    clear(workspace, v1, "FOAA", "U0BOB")
    clear(workspace, v1, "HRD", "U0BOB")

    asked = workspace.command("/letter 1 send 2017-01-23")

    blocks = asked.ack["blocks"]
    for block in blocks:
        Block.parse(block).validate_json()
    kinds = [b["type"] for b in blocks]
    actions = kinds.index("actions")
    findings = next(i for i, b in enumerate(blocks) if "open problem" in str(b.get("text", "")))
    assert findings < actions  # above the Send button
    text = blocks[findings]["text"]["text"]
    assert f"{counted(len(v1.findings), 'open problem')} in the letter as it would be sent" in text
    assert "XXX" in text and "TBC" in text and "31 February 2017" in text
    assert esc("/allegation #1 edit 1 <paragraph>") in text  # with the command that fixes it
    assert f"{counted(len(v1.findings), 'open problem')}" in asked.text
    send = next(e for e in blocks[actions]["elements"] if e["action_id"] == ActionId.SEND_LETTER)
    assert send["confirm"]["confirm"]["text"] == "Send"


def test_the_confirmation_lists_what_is_open_now_not_what_was(
    workspace: LocalWorkspace, session
) -> None:
    cleared_case(workspace, session)  # no typed problem: only what the registry says
    (v1,) = versions(session)
    asked = workspace.command("/letter 1 send 2017-01-23")
    text = str(asked.ack["blocks"])
    assert "Placeholder" not in text
    if v1.findings:
        assert f"{counted(len(v1.findings), 'open problem')}" in text
    else:
        assert "The checks find no problems in the letter as it would be sent" in text


def test_the_send_refusal_mentions_the_approvers(workspace: LocalWorkspace, session) -> None:
    build_flawed_case(workspace)
    workspace.command("/mandate set FOAA approvers <@U0BOB|bob> <@U0CAROL>")
    workspace.command("/letter 1 draft", user="U0ALICE")

    refused = workspace.command("/letter 1 send 2017-01-23")

    assert "not cleared yet" in refused.text
    assert "<@U0BOB>" in refused.text and "<@U0CAROL>" in refused.text
    assert "&lt;@" not in refused.text
    assert "any team member other than the drafter" in refused.text  # HRD has no approvers


def test_the_cards_send_form_lists_the_open_findings(workspace: LocalWorkspace, session) -> None:
    build_flawed_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    (v1,) = versions(session)
    clear_all(workspace, v1)
    case = only_case(session)
    ts = find(session, CARD, case.id).ts
    card = {"ts": ts, **workspace.fake.messages[(case.channel_id, ts)]}

    workspace.click(card, CardActionId.SEND_FORM)

    call = workspace.fake.calls_to("views.open")[-1]
    assert call.error is None, call.error
    text = str(call.params["view"]["blocks"])
    assert f"{counted(len(v1.findings), 'open problem')} in the letter as it would be sent" in text
    assert "XXX" in text and "TBC" in text


def test_a_recorded_finding_of_a_renamed_kind_still_shows_what_it_said(
    workspace: LocalWorkspace, session
) -> None:
    build_flawed_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    (v1,) = versions(session)
    v1.findings = [{"code": "some-old-code", "message": "An old finding", "part": "gone"}]
    session.commit()
    clear(workspace, v1, "FOAA", "U0BOB")
    text = header_text(workspace, v1)
    assert "Before review, 1 problem" in text and "An old finding" in text
