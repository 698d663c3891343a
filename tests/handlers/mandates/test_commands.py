"""/mandate through signed requests: list, show, add, set, and their refusals."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from bot.audit.models import AuditEntry
from bot.local.workspace import LocalWorkspace
from bot.mandates.models import Mandate
from bot.slack.blocks import MESSAGE_BLOCKS, SECTION_LIMIT
from handlers.mandates.commands import MANDATE
from tests.letters.seed import use_2017_registry

HOUSING = (
    '/mandate add HOUSING "Special Rapporteur on adequate housing as a component of the right '
    'to an adequate standard of living" 34/9,43/14 "Leilani Farha"'
)


@pytest.fixture(autouse=True)
def registry_2017(session) -> None:
    """These tests read and change the seed letter's 2017 rows of FOAA and HRD."""
    use_2017_registry(session)


def mandate(session, code: str) -> Mandate | None:
    session.expire_all()
    return session.scalar(select(Mandate).where(Mandate.code == code))


def mandate_audit(session) -> list[tuple[str | None, str | None, str | None]]:
    query = select(AuditEntry).where(AuditEntry.action == "mandate").order_by(AuditEntry.id)
    return [(e.field, e.old_value, e.new_value) for e in session.scalars(query)]


def test_help(workspace: LocalWorkspace) -> None:
    assert workspace.command("/mandate").text == MANDATE.help
    answer = workspace.command("/mandate help")
    assert answer.json["response_type"] == "ephemeral"
    for form in ("list", "show <CODE>", "add <CODE>", "set <CODE>"):
        assert form in answer.text


def test_list_shows_the_registered_mandates(workspace: LocalWorkspace, session) -> None:
    answer = workspace.command("/mandate list")
    assert answer.json["response_type"] == "ephemeral"
    blocks = str(answer.json["blocks"])
    count = len(list(session.scalars(select(Mandate))))
    assert f"Mandates ({count})" in blocks
    assert "*FOAA* Special Rapporteur on the rights to freedom of peaceful assembly" in blocks
    assert "Maina Kiai" in blocks and "Michel Forst" in blocks
    pages = int(re.search(r"page 1 of (\d+)", blocks).group(1))
    everything = blocks + "".join(
        str(workspace.command(f"/mandate list {page}").json["blocks"])
        for page in range(2, pages + 1)
    )
    assert "*SRFOE* Special Rapporteur on the promotion and protection" in everything  # shipped
    for code in session.scalars(select(Mandate.code)):
        assert f"*{code}*" in everything


def _fits_slack(blocks: list[dict]) -> bool:
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    return (
        len(blocks) <= MESSAGE_BLOCKS
        and len(json.dumps(blocks)) < 13_000
        and all(len(text) <= SECTION_LIMIT for text in sections)
    )


def test_a_registry_of_sixty_mandates_is_listed_in_pages_within_slacks_limits(
    workspace: LocalWorkspace, session
) -> None:
    title = "Special Rapporteur on the situation of human rights in " + "a long place name " * 20
    for n in range(60 - len(list(session.scalars(select(Mandate))))):
        session.add(
            Mandate(
                code=f"C{n:02d}",
                kind="country",
                title=title,
                resolutions=["55/1"],
                holders=["A Holder With A Long Name | Chair"] * 4,
                approvers=[],
            )
        )
    session.commit()
    seen: set[str] = set()
    for page in (1, 2, 3):
        answer = workspace.command(f"/mandate list {page}")
        blocks = answer.json["blocks"]
        assert _fits_slack(blocks), page
        text = json.dumps(blocks)
        assert f"Mandates (60), page {page} of 3" in text
        assert "more not shown" not in text
        seen |= set(re.findall(r"\*([A-Z0-9-]+)\*", text))
        assert ("/mandate list " + str(page + 1) in text) == (page < 3)
    assert len(seen) == 60
    for line, expected in {
        "/mandate list 4": "3 pages",
        "/mandate list two": "as a number",
    }.items():
        refused = workspace.command(line)
        assert refused.json["response_type"] == "ephemeral" and expected in refused.text


def test_show(workspace: LocalWorkspace) -> None:
    answer = workspace.command("/mandate show hrd")
    blocks = str(answer.json["blocks"])
    assert "Special Rapporteur on the situation of human rights defenders" in blocks
    assert "Human Rights Council resolution 25/18" in blocks
    assert "Michel Forst" in blocks
    assert "any team member other than the drafter may clear" in blocks
    unknown = workspace.command("/mandate show NOPE")
    assert "No mandate has the code 'NOPE'" in unknown.text and "/mandate list" in unknown.text


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
    workspace.command('/mandate add WGX “Working Group on Something” 33/30 "A B" "C D"')
    workspace.command('/mandate add WGY "Working Group on Something Else" 27/1 "E; F"')
    assert mandate(session, "WGX").holders == ["A B", "C D"]
    assert mandate(session, "WGY").holders == ["E", "F"]


def test_a_shipped_mandate_is_already_registered(workspace: LocalWorkspace, session) -> None:
    answer = workspace.command('/mandate add WGAD "Working Group on Arbitrary Detention" 51/8 "A"')
    assert "already registered" in answer.text
    assert mandate(session, "WGAD").holders == []


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
    assert "NEW" not in [m.code for m in session.scalars(select(Mandate))]
    assert mandate(session, "FOAA").title.startswith("Special Rapporteur on the rights to freedom")
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
