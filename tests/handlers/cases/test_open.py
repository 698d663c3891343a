"""/case help and /case open through signed requests, answered by the fake Slack."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from bot.cases.models import Case
from bot.local.workspace import LocalWorkspace
from bot.slack.messages import CARD, find

SEED_OPEN = (
    "/case open KAZ AL FOAA,HRD the permanent closure of the Confederation of "
    "Independent Trade Unions of Kazakhstan"
)


def test_help_is_ephemeral_and_lists_open(workspace: LocalWorkspace) -> None:
    answer = workspace.command("/case help")
    assert answer.status == 200
    assert answer.json["response_type"] == "ephemeral"
    assert "/case open <COUNTRY> <TYPE>" in answer.text
    assert workspace.fake.calls_to("chat.postMessage") == []


def test_open_posts_the_case_card_with_its_reference(workspace: LocalWorkspace, session) -> None:
    answer = workspace.command(SEED_OPEN, user="U0ALICE", channel="C0KAZ")
    assert answer.status == 200, answer.body
    year = time.gmtime().tm_year
    posts = workspace.fake.calls_to("chat.postMessage")
    assert len(posts) == 1
    card = posts[0].params
    assert card["channel"] == "C0KAZ"
    assert f"AL KAZ 1/{year}" in card["text"]
    assert any(f"AL KAZ 1/{year}" in str(b) for b in card["blocks"])
    case = session.scalars(select(Case)).one()
    assert case.reference == f"AL KAZ 1/{year}"
    assert [m.code for m in case.mandates] == ["FOAA", "HRD"]
    assert case.subject.startswith("the permanent closure")
    assert find(session, CARD, case.id).ts == posts[0].ts
    assert case.opened_by == "U0ALICE"


def test_second_case_for_the_country_gets_the_next_number(
    workspace: LocalWorkspace, session
) -> None:
    workspace.command(SEED_OPEN)
    workspace.command("/case open Kazakhstan UA HRD the arrest of a trade union leader")
    references = sorted(c.reference for c in session.scalars(select(Case)))
    year = time.gmtime().tm_year
    assert references == [f"AL KAZ 1/{year}", f"UA KAZ 2/{year}"]


def test_non_state_addressee_is_allowed(workspace: LocalWorkspace, session) -> None:
    answer = workspace.command("/case open OTH OL FOAA the terms of service of a platform")
    assert answer.status == 200 and not answer.body
    case = session.scalars(select(Case)).one()
    assert case.reference.startswith("OL OTH 1/")


def test_bad_input_is_refused_ephemerally_and_changes_nothing(
    workspace: LocalWorkspace, session
) -> None:
    bad = {
        "/case open Atlantis AL FOAA a subject": "not a country",
        "/case open KAZ XX FOAA a subject": "I need a country, a letter type",
        "/case open KAZ FOAA the urgent closure": "the mandates and a subject.",
        "/case open KAZ AL NOPE a subject": "No mandate has the code 'NOPE'",
        "/case open KAZ AL FOAA": "subject is missing",
        "/case open": "I need a country",
        "/case frobnicate": "not a command I know",
        "/case open KAZ AL FOAA,FOAA twice": "named twice",
        "/case open Turkey urgent FOAA an arrest": "'urgent' is not a letter type: did you mean "
        "UA (urgent appeal)? Type /case open Turkey UA FOAA an arrest",
        "/case open KAZ allegation letter FOAA,HRD x": "did you mean AL (allegation letter)?",
        "/case open KAZ UAA FOAA x": "'UAA' is not a letter type: did you mean UA",
    }
    for line, expected in bad.items():
        answer = workspace.command(line)
        assert answer.status == 200, line
        assert answer.json["response_type"] == "ephemeral", line
        assert expected in answer.text, (line, answer.text)
    assert session.scalar(select(func.count(Case.id))) == 0
    assert workspace.fake.calls_to("chat.postMessage") == []


def test_user_markup_in_the_subject_never_pings(workspace: LocalWorkspace) -> None:
    workspace.command("/case open KAZ AL FOAA the <!channel> & <@U0BOB> matter")
    card = workspace.fake.calls_to("chat.postMessage")[0].params
    text = str(card["blocks"])
    assert "<!channel>" not in text and "<@U0BOB>" not in text
    assert "&lt;!channel&gt; &amp; &lt;@U0BOB&gt;" in text


def test_card_post_failure_is_reported_and_the_case_kept(
    workspace: LocalWorkspace, session
) -> None:
    # The bot was removed between the membership check and the post (refused up front
    # otherwise: tests/handlers/cases/test_membership.py).
    workspace.fake.fail_next("chat.postMessage", "not_in_channel")
    answer = workspace.command(SEED_OPEN, channel="C0GONE")
    assert answer.status == 200
    told = workspace.fake.calls_to("response_url")
    assert told and "saved" in told[-1].params["text"]
    assert "invite me" in told[-1].params["text"]
    assert session.scalar(select(func.count(Case.id))) == 1


def test_a_type_word_only_in_the_subject_gets_no_suggestion(workspace: LocalWorkspace) -> None:
    answer = workspace.command("/case open KAZ FOAA the urgent closure")
    assert "did you mean" not in answer.text and "I need a country, a letter type" in answer.text
