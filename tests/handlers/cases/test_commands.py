"""/case show, list, set, close, reopen and the open-case modal, through signed requests."""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.audit.models import AuditEntry
from bot.cases.models import Case
from bot.local.workspace import LocalWorkspace
from bot.slack.messages import CARD, find
from handlers.cases.ids import ActionId, BlockId, CallbackId
from tests.factories import open_case_values, open_seed


def test_show_displays_the_case_and_hides_sources_unless_asked(workspace: LocalWorkspace) -> None:
    open_seed(workspace)
    workspace.command("/case set 1 sources Ms. X, phone +7 700 000 0000")
    shown = workspace.command("/case show 1")
    assert shown.json["response_type"] == "ephemeral"
    blocks = str(shown.json["blocks"])
    assert "permanent closure" in blocks and "FOAA" in blocks
    assert "+7 700" not in blocks
    with_sources = str(workspace.command("/case show #1 sources").json["blocks"])
    assert "+7 700" in with_sources and "confidential" in with_sources
    history = str(workspace.command("/case show 1 history").json["blocks"])
    assert "set sources" in history and "+7 700" not in history


def test_show_has_the_body_paragraphs_and_the_card_counts_them(
    workspace: LocalWorkspace, session
) -> None:
    open_seed(workspace)
    workspace.command("/letter 1 body The law was amended in 2015.")
    workspace.command("/letter 1 body It restricts registration.")
    blocks = str(workspace.command("/case show 1").json["blocks"])
    assert "*Body paragraphs:*\\n1. The law was amended in 2015.\\n2. It restricts" in blocks
    assert (
        blocks.index("*Concern:*")
        < blocks.index("*Body paragraphs:*")
        < blocks.index("*Questions:*")
    )
    card_ts = find(session, CARD, 1).ts
    card = str(workspace.fake.messages[("C0CASES", card_ts)]["blocks"])
    assert "0 allegations · 2 body paragraphs · 0 questions · 0 citations" in card


@pytest.mark.parametrize(("zone", "shown"), [("Europe/Zurich", "CET"), ("Asia/Tokyo", "JST")])
def test_the_history_is_in_the_team_time_zone(
    settings, sessions, session, zone: str, shown: str
) -> None:
    settings = dataclasses.replace(settings, team_timezone=zone)
    with LocalWorkspace(settings, sessions=sessions) as workspace:
        open_seed(workspace)
        at = session.scalars(select(AuditEntry)).one().at
        history = str(workspace.command("/case show 1 history").json["blocks"])
    local = at.astimezone(ZoneInfo(zone))
    assert f"• {local:%Y-%m-%d %H:%M} {shown} <@U0ALICE> open" in history
    assert " UTC " not in history


def test_show_finds_a_case_by_reference_and_only_in_its_channel(
    workspace: LocalWorkspace,
) -> None:
    open_seed(workspace)
    workspace.command("/case set 1 reference AL KAZ 1/2017")
    by_reference = str(workspace.command("/case show AL KAZ 1/2017").json["blocks"])
    assert "*Case #1*" in by_reference and "permanent closure" in by_reference
    for ref in ("1", "AL KAZ 1/2017", "2"):
        elsewhere = workspace.command(f"/case show {ref}", channel="C0OTHER")
        assert elsewhere.text.startswith(f"There is no case {ref} in this channel."), ref
        assert "permanent closure" not in str(elsewhere.json)


def test_set_fields_update_the_card_and_are_audited(workspace: LocalWorkspace, session) -> None:
    open_seed(workspace)
    answers = [
        workspace.command("/case set 1 concern Serious concern is expressed."),
        workspace.command(
            "/case set 1 urge ensure that independent trade unions in Kazakhstan can operate freely."
        ),
        workspace.command("/case set 1 language fr"),
        workspace.command("/case set 1 reply-days 30"),
        workspace.command("/case set 1 reference AL KAZ 1/2017"),
    ]
    assert all(a.status == 200 and "set to" in a.text for a in answers), [a.text for a in answers]
    case = session.get(Case, 1)
    assert case.reference == "AL KAZ 1/2017"
    assert case.language == "fr" and case.reply_days == 30
    assert case.urge.startswith("ensure that")
    updates = workspace.fake.calls_to("chat.update")
    assert len(updates) == 5 and updates[-1].params["ts"] == find(session, CARD, case.id).ts
    assert "AL KAZ 1/2017" in updates[-1].params["text"]
    fields = [
        e.field
        for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action == "set").order_by(AuditEntry.id)
        )
    ]
    assert fields == ["concern", "urge", "language", "reply-days", "reference"]


def test_reference_in_use_or_mismatched_is_refused(workspace: LocalWorkspace, session) -> None:
    open_seed(workspace)
    open_seed(workspace)
    assert "set to" in workspace.command("/case set 1 reference AL KAZ 1/2017").text
    taken = workspace.command("/case set 2 reference KAZ 1/2017")
    assert "already in use" in taken.text
    mismatch = workspace.command("/case set 2 reference AL UZB 1/2017")
    assert "does not match" in mismatch.text
    assert session.get(Case, 2).reference_number == 2


def test_numbering_skips_references_recorded_from_elsewhere(
    workspace: LocalWorkspace, session
) -> None:
    open_seed(workspace)
    year = session.get(Case, 1).reference_year
    workspace.command(f"/case set 1 reference AL KAZ 2/{year}")
    open_seed(workspace)
    numbers = sorted(c.reference_number for c in session.scalars(select(Case)))
    assert numbers == [2, 3]


def test_cases_of_another_channel_are_refused_without_revealing_them(
    workspace: LocalWorkspace, session
) -> None:
    open_seed(workspace, channel="C0KAZ")
    for line in ("/case show 1", "/case set 1 subject stolen", "/case close 1", "/case show 99"):
        answer = workspace.command(line, channel="C0OTHER")
        assert answer.json["response_type"] == "ephemeral"
        assert "no case" in answer.text and "permanent closure" not in answer.text
    assert session.get(Case, 1).subject.startswith("the permanent closure")


def test_close_reopen_and_closed_cases_refuse_changes(workspace: LocalWorkspace, session) -> None:
    open_seed(workspace)
    assert "closed" in workspace.command("/case close 1 reply no longer needed").text
    refused = workspace.command("/case set 1 subject other")
    assert "Reopen it first" in refused.text
    assert "open again" in workspace.command("/case reopen 1").text
    case = session.get(Case, 1)
    assert case.status.value == "open" and case.closed_reason is None


def test_list_filters_and_pages(workspace: LocalWorkspace) -> None:
    open_seed(workspace)
    workspace.command("/case open UZB UA HRD the detention of a lawyer")
    workspace.command("/case open KAZ OL FOAA the draft law on associations")
    workspace.command("/case close 3")
    assert (
        "(2)" in workspace.command("/case list").text or "2" in workspace.command("/case list").text
    )
    kaz = str(workspace.command("/case list KAZ").json["blocks"])
    assert "KAZ 1/" in kaz and "UZB" not in kaz
    hrd = str(workspace.command("/case list HRD").json["blocks"])
    assert "UZB 1/" in hrd and "OL KAZ" not in hrd
    closed = str(workspace.command("/case list closed").json["blocks"])
    assert "OL KAZ" in closed and "UZB" not in closed
    assert "neither a filter" in workspace.command("/case list Narnia").text


@pytest.mark.slow
def test_list_of_many_cases_fits_slack(workspace: LocalWorkspace) -> None:
    for n in range(45):
        workspace.command(f"/case open KAZ AL FOAA subject number {n} " + "x" * 200)
    answer = workspace.command("/case list")
    blocks = answer.json["blocks"]
    assert len(blocks) <= 50
    assert sum(len(str(b)) for b in blocks) < 13000
    assert "page 2" in str(blocks)
    assert "#45" in str(workspace.command("/case list page 2").json["blocks"]) or "#41" in str(
        workspace.command("/case list page 2").json["blocks"]
    )


def test_bad_set_input_changes_nothing(workspace: LocalWorkspace, session) -> None:
    open_seed(workspace)
    for line, expected in {
        "/case set 1 colour blue": "not a field",
        "/case set 1 language de": "en, fr or es",
        "/case set 1 reply-days 0": "1 to 365",
        "/case set 1 addressee ACME": "non-State",
        "/case set 1 mandates FOAA,NOPE": "No mandate has the code",
        "/case set 1 reference KAZ one/2017": "not a reference",
        "/case set 1 concern": "Give the new concern",
        "/case set 1 type XX": "not a letter type",
        "/case set 1 concern " + "x" * 3001: "body paragraphs",
    }.items():
        answer = workspace.command(line)
        assert answer.json["response_type"] == "ephemeral" and expected in answer.text, (
            line,
            answer.text,
        )
    assert session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "set")) == 0


def test_open_case_modal_opens_and_submits(workspace: LocalWorkspace, session) -> None:
    workspace.command("/case", channel="C0KAZ")
    opened = workspace.fake.calls_to("views.open")
    assert len(opened) == 1
    view = {"id": "V1", **opened[0].params["view"]}
    assert view["callback_id"] == CallbackId.OPEN_CASE
    values = open_case_values(mandates=["FOAA", "HRD"], subject="the closure of a union")
    answer = workspace.send(
        workspace.requests.view_submission(user_id="U0BOB", view=view, values=values)
    )
    assert answer.status == 200 and not answer.body
    case = session.scalars(select(Case)).one()
    assert case.channel_id == "C0KAZ" and case.opened_by == "U0BOB"
    assert workspace.fake.calls_to("chat.postMessage")[0].params["channel"] == "C0KAZ"

    values[BlockId.SUBJECT][ActionId.OPEN_CASE_SUBJECT]["value"] = "   "
    refused = workspace.send(
        workspace.requests.view_submission(user_id="U0BOB", view=view, values=values)
    )
    assert refused.json["response_action"] == "errors"
    assert session.scalar(select(func.count(Case.id))) == 1


def test_help_says_what_each_text_field_completes(workspace: LocalWorkspace) -> None:
    shown = workspace.command("/case help").text
    assert 'subject (completes "…information we have received concerning …"' in shown
    assert "concern (a whole paragraph: sentences from a capital letter to a full stop)" in shown
    assert 'urge (completes "…we urge that all necessary interim measures be taken to …"' in shown
    letter = workspace.command("/letter help").text
    assert "whole sentences, from a capital letter to a full stop" in letter
