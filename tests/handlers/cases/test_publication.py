"""/case set <case> published and lead, /case list unpublished, and what the card and
/case show say of them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.audit.models import AuditEntry
from bot.cases.models import Case
from bot.local.workspace import LocalWorkspace
from bot.slack.models import SlackMessage
from handlers.shared.card import CARD
from tests.factories import CHANNEL, cleared_case, only_case, open_seed, sent_case

PAGE = "https://spcommreports.ohchr.org/TMResultsBase/DownLoadPublicCommunicationFile?gId=22939"


def texts(workspace: LocalWorkspace) -> list[str]:
    return [m.get("text", "") for m in workspace.fake.messages.values()]


def test_a_sent_letter_becomes_public_after_its_period_and_the_publication_is_recorded(
    workspace: LocalWorkspace, session
) -> None:
    sent_case(workspace, session)
    case = only_case(session)
    assert case.public_on == dt.date(2017, 3, 24)
    assert any("It becomes public on 2017-03-24." in t for t in texts(workspace))

    answer = workspace.command(f"/case set 1 published 2017-03-27 <{PAGE}>")

    assert answer.text == f"Case #1: published set to 2017-03-27 {PAGE}"
    case = only_case(session)
    assert (case.published_on, case.published_url) == (dt.date(2017, 3, 27), PAGE)
    entry = session.scalars(select(AuditEntry).where(AuditEntry.field == "published")).one()
    assert (entry.old_value, entry.new_value, entry.actor) == (
        None,
        f"2017-03-27 {PAGE}",
        "U0ALICE",
    )
    notice = [t for t in texts(workspace) if "was made public" in t]
    assert notice == [
        f":newspaper: <@U0ALICE> recorded that *{case.reference}* was made public on 2017-03-27: "
        f"<{PAGE.replace('&', '&amp;')}|public page>."
    ]
    shown = str(workspace.command("/case show 1").json["blocks"])
    assert "made public 2017-03-27" in shown

    # a date alone, on a closed case, and taken back
    assert "set to 2017-03-27" in workspace.command("/case set 1 published 2017-03-27").text
    workspace.command("/case close 1 reply received and published")
    assert "set to none" in workspace.command("/case set 1 published none").text
    assert only_case(session).published_on is None


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2017-01-20", "is before the letter was sent (2017-01-23): give the day it appeared"),
        ("2100-01-01", "cannot be the day it was made public: give a date from 1946"),
        ("24/03/2017", "is not a date: write the day the letter was made public as YYYY-MM-DD"),
        ("2017-02-30", "is not a date that exists"),
        ("2017-03-27 ohchr.org/page", "is not a link: give the address of the letter's public"),
        ("2017-03-27 https://x", "is not a link"),
        ("2017-03-27 https://a.org one-word-too-many", "Give the day it was made public"),
    ],
)
def test_a_publication_that_cannot_be_true_is_refused_with_what_to_type(
    workspace: LocalWorkspace, session, value: str, says: str
) -> None:
    sent_case(workspace, session)
    answer = workspace.command(f"/case set 1 published {value}")
    assert says in answer.text, answer.text
    assert "/case set <case> published <value>" in answer.text
    assert only_case(session).published_on is None


def test_a_date_in_the_future_is_refused(workspace: LocalWorkspace, session) -> None:
    sent_case(workspace, session)
    later = dt.date.today() + dt.timedelta(days=20)
    answer = workspace.command(f"/case set 1 published {later.isoformat()}")
    assert "is in the future: record the publication once the letter is on" in answer.text
    assert only_case(session).published_on is None


def test_a_letter_not_sent_cannot_be_published(workspace: LocalWorkspace, session) -> None:
    cleared_case(workspace, session)
    answer = workspace.command("/case set 1 published 2017-03-27")
    assert "is not sent yet: a letter is made public after it is sent" in answer.text
    assert "/letter 1 send" in answer.text
    assert only_case(session).published_on is None


def test_unpublished_lists_sent_letters_whose_publication_is_not_recorded(
    workspace: LocalWorkspace, session
) -> None:
    sent_case(workspace, session)
    workspace.command("/case open KAZ AL FOAA,HRD the detention of a second trade unionist")
    listed = workspace.command("/case list unpublished")
    assert listed.text == "Sent, publication not recorded: 1"
    assert "public on 2017-03-24" in str(listed.json["blocks"])
    workspace.command("/case set 1 published 2017-03-27")
    assert workspace.command("/case list unpublished").text == ("Sent, publication not recorded: 0")


def test_the_first_mandate_leads_until_another_is_named(workspace: LocalWorkspace, session) -> None:
    open_seed(workspace)
    case = only_case(session)
    assert case.lead is not None and case.lead.code == "FOAA"
    assert case.lead_mandate_id == case.mandates[0].id

    answer = workspace.command("/case set 1 lead hrd")

    assert answer.text == "Case #1: lead set to HRD"
    assert only_case(session).lead.code == "HRD"  # type: ignore[union-attr]
    entry = session.scalars(select(AuditEntry).where(AuditEntry.field == "lead")).one()
    assert (entry.old_value, entry.new_value) == ("FOAA", "HRD")
    shown = str(workspace.command("/case show 1").json["blocks"])
    assert "HRD (" in shown and "— *leads*" in shown.split("HRD (")[1]
    card_ts = session.scalar(select(SlackMessage.ts).where(SlackMessage.kind == CARD))
    assert "FOAA, HRD (lead)" in str(workspace.fake.messages[(CHANNEL, card_ts)]["blocks"])
    # the mandates change: a lead that no longer co-signs gives way to the first
    workspace.command("/case set 1 mandates FOAA")
    assert only_case(session).lead_mandate_id == only_case(session).mandates[0].id


def test_a_lead_that_does_not_co_sign_is_refused_with_a_suggestion(
    workspace: LocalWorkspace, session
) -> None:
    open_seed(workspace)
    answer = workspace.command("/case set 1 lead HDR")
    assert "'HDR' does not co-sign case #1: its mandates are FOAA, HRD." in answer.text
    assert "Did you mean HRD?" in answer.text and "/case set 1 lead HRD" in answer.text
    answer = workspace.command("/case set 1 lead WGAD")
    assert "Did you mean" not in answer.text and "/case set 1 lead FOAA" in answer.text
    assert only_case(session).lead.code == "FOAA"  # type: ignore[union-attr]
    assert session.scalar(select(Case.lead_mandate_id)) is not None
