"""/mandate through signed requests: list, show, add, set, and their refusals."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.audit.models import AuditEntry
from bot.local.workspace import LocalWorkspace
from bot.mandates.models import Mandate
from handlers.mandates.commands import MANDATE_HELP

HOUSING = (
    '/mandate add HOUSING "Special Rapporteur on adequate housing as a component of the right '
    'to an adequate standard of living" 34/9,43/14 "Leilani Farha"'
)


def mandate(session, code: str) -> Mandate | None:
    session.expire_all()
    return session.scalar(select(Mandate).where(Mandate.code == code))


def mandate_audit(session) -> list[tuple[str | None, str | None, str | None]]:
    query = select(AuditEntry).where(AuditEntry.action == "mandate").order_by(AuditEntry.id)
    return [(e.field, e.old_value, e.new_value) for e in session.scalars(query)]


def test_help(workspace: LocalWorkspace) -> None:
    assert workspace.command("/mandate").text == MANDATE_HELP
    answer = workspace.command("/mandate help")
    assert answer.json["response_type"] == "ephemeral"
    for form in ("list", "show <CODE>", "add <CODE>", "set <CODE>"):
        assert form in answer.text


def test_list_shows_only_the_seeded_mandates(workspace: LocalWorkspace) -> None:
    answer = workspace.command("/mandate list")
    assert answer.json["response_type"] == "ephemeral"
    blocks = str(answer.json["blocks"])
    assert "Mandates (2)" in blocks
    assert "*FOAA* Special Rapporteur on the rights to freedom of peaceful assembly" in blocks
    assert "Maina Kiai" in blocks and "Michel Forst" in blocks


def test_show(workspace: LocalWorkspace) -> None:
    answer = workspace.command("/mandate show hrd")
    blocks = str(answer.json["blocks"])
    assert "Special Rapporteur on the situation of human rights defenders" in blocks
    assert "Human Rights Council resolution 25/18" in blocks
    assert "Michel Forst" in blocks
    assert "any team member other than the drafter may clear" in blocks
    unknown = workspace.command("/mandate show NOPE")
    assert "No mandate has the code 'NOPE'" in unknown.text and "FOAA, HRD" in unknown.text


def test_add_registers_a_mandate_any_channel_can_use(workspace: LocalWorkspace, session) -> None:
    answer = workspace.command(HOUSING, channel="C0ELSEWHERE")
    assert "HOUSING" in answer.text and "registered" in answer.text
    housing = mandate(session, "HOUSING")
    assert housing.title.startswith("Special Rapporteur on adequate housing")
    assert housing.resolutions == ["34/9", "43/14"]
    assert housing.holders == ["Leilani Farha"]
    assert housing.approvers == []
    assert mandate_audit(session)[0][0] == "HOUSING added"
    opened = workspace.command("/case open KAZ AL HOUSING,FOAA evictions in Almaty")
    assert opened.status == 200 and not opened.body


def test_add_accepts_several_holders_and_curly_quotes(workspace: LocalWorkspace, session) -> None:
    workspace.command('/mandate add WGAD “Working Group on Arbitrary Detention” 33/30 "A B" "C D"')
    workspace.command('/mandate add WGEID "Working Group on Enforced Disappearances" 27/1 "E; F"')
    assert mandate(session, "WGAD").holders == ["A B", "C D"]
    assert mandate(session, "WGEID").holders == ["E", "F"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('/mandate add FOAA "Another title" 1/1 "Someone"', "already registered"),
        ('/mandate add X "A title" 1/1 "Someone"', "cannot be a mandate code"),
        ('/mandate add TOO_LONG_CODE_1234 "A title" 1/1 "Someone"', "cannot be a mandate code"),
        ('/mandate add NEW A title 1/1 "Someone"', "title in quotation marks"),
        ('/mandate add NEW "" 1/1 "Someone"', "title is missing"),
        ('/mandate add NEW "A title" 32-32 "Someone"', "is not a legal basis"),
        ('/mandate add NEW "A title" "Someone"', "I need the code"),
        ('/mandate add NEW "A title" 1/1 Someone Else', "holder's name in quotation marks"),
        ('/mandate add NEW "A title" 1/1 "  "', "holder's name"),
    ],
)
def test_add_refusals_change_nothing(
    workspace: LocalWorkspace, session, line: str, expected: str
) -> None:
    answer = workspace.command(line)
    assert answer.json["response_type"] == "ephemeral"
    assert expected in answer.text, answer.text
    assert "Usage:" in answer.text
    assert [m.code for m in session.scalars(select(Mandate).order_by(Mandate.code))] == [
        "FOAA",
        "HRD",
    ]
    assert mandate_audit(session) == []


def test_set_fields_are_saved_and_audited(workspace: LocalWorkspace, session) -> None:
    answers = [
        workspace.command("/mandate set FOAA holder Clément Nyaletsossi Voule"),
        workspace.command("/mandate set FOAA resolutions 32/32, 41/12"),
        workspace.command("/mandate set foaa approvers <@U0ALICE|alice> <@U0BOB>, U0CAROL"),
        workspace.command('/mandate set HRD title "Special Rapporteur on human rights defenders"'),
        workspace.command('/mandate set HRD holders "Mary Lawlor" "Someone Else"'),
    ]
    assert all("saved" in a.text for a in answers), [a.text for a in answers]
    foaa = mandate(session, "FOAA")
    assert foaa.holders == ["Clément Nyaletsossi Voule"]
    assert foaa.resolutions == ["32/32", "41/12"]
    assert foaa.approvers == ["U0ALICE", "U0BOB", "U0CAROL"]
    hrd = mandate(session, "HRD")
    assert hrd.title == "Special Rapporteur on human rights defenders"
    assert hrd.holders == ["Mary Lawlor", "Someone Else"]
    shown = str(workspace.command("/mandate show FOAA").json["blocks"])
    assert "<@U0ALICE>, <@U0BOB>, <@U0CAROL>" in shown
    assert "resolutions 32/32 and 41/12" in shown
    assert mandate_audit(session) == [
        ("FOAA holders", "Maina Kiai", "Clément Nyaletsossi Voule"),
        ("FOAA resolutions", "32/32", "32/32; 41/12"),
        ("FOAA approvers", "", "U0ALICE; U0BOB; U0CAROL"),
        (
            "HRD title",
            "Special Rapporteur on the situation of human rights defenders",
            "Special Rapporteur on human rights defenders",
        ),
        ("HRD holders", "Michel Forst", "Mary Lawlor; Someone Else"),
    ]
    cleared = workspace.command("/mandate set FOAA approvers none")
    assert "saved" in cleared.text
    assert mandate(session, "FOAA").approvers == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/mandate set NOPE title X", "No mandate has the code 'NOPE'"),
        ("/mandate set FOAA colour red", "not a field of a mandate"),
        ("/mandate set FOAA title", "I need the mandate code"),
        ('/mandate set FOAA title ""', "title is missing"),
        ("/mandate set FOAA resolutions thirty-two", "is not a legal basis"),
        ("/mandate set FOAA approvers @alice", "pick the person from Slack's @ menu"),
        ('/mandate set FOAA holders "A" and "B"', "quotation marks"),
    ],
)
def test_set_refusals_change_nothing(
    workspace: LocalWorkspace, session, line: str, expected: str
) -> None:
    answer = workspace.command(line)
    assert expected in answer.text, answer.text
    assert "Usage:" in answer.text
    foaa = mandate(session, "FOAA")
    assert foaa.title.startswith("Special Rapporteur on the rights to freedom")
    assert foaa.resolutions == ["32/32"] and foaa.holders == ["Maina Kiai"]
    assert foaa.approvers == []
    assert mandate_audit(session) == []


def test_user_text_in_mandates_never_pings(workspace: LocalWorkspace) -> None:
    workspace.command('/mandate add PING "Rapporteur <!channel> & co" 1/1 "<@U0BOB>"')
    shown = str(workspace.command("/mandate show PING").json["blocks"])
    assert "<!channel>" not in shown and "<@U0BOB>" not in shown
    assert "&lt;!channel&gt; &amp; co" in shown
    listed = str(workspace.command("/mandate list").json["blocks"])
    assert "<!channel>" not in listed and "&lt;@U0BOB&gt;" in listed
