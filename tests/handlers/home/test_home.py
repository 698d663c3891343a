"""The Home tab: published on app_home_opened, within 100 blocks, overdue replies first."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.models.views import View
from sqlalchemy import select

from bot.cases.letter_models import AddresseeReply, Clearance, DraftVersion
from bot.cases.models import Case
from bot.home.service import Group, build_docket
from bot.local.workspace import LocalWorkspace, find_action
from bot.mandates.models import Mandate
from handlers.home.blocks import build_home_view
from handlers.home.ids import ActionId
from tests.factories import insert_case


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Zurich")).date()


def make_case(
    session,
    number: int,
    *,
    channel: str = "C0CASES",
    opened_by: str = "U0ALICE",
    mandates: tuple[str, ...] = ("FOAA", "HRD"),
    subject: str | None = None,
) -> Case:
    return insert_case(
        session,
        number=number,
        mandates=mandates,
        channel_id=channel,
        year=2024,
        opened_by=opened_by,
        subject=subject or f"the closure of trade union number {number}",
        content_version=1,
    )


def sent(case: Case, *, days_ago: int, due_in: int) -> None:
    case.sent_on = today() - dt.timedelta(days=days_ago)
    case.due_on = today() + dt.timedelta(days=due_in)


def draft(case: Case, *, made_by: str, cleared_by: str | None = None) -> None:
    version = DraftVersion(
        number=1,
        language="en",
        content_version=1,
        markdown="letter",
        text_hash="0" * 64,
        made_by=made_by,
    )
    if cleared_by:
        version.clearances = [
            Clearance(mandate=link.mandate, cleared_by=cleared_by) for link in case.mandate_links
        ]
    case.versions.append(version)


def docket_of_300(session) -> None:
    """Alice's 300 cases in two channels: 240 overdue, 20 due this week, 10 to clear,
    10 cleared, 10 with a recent reply, 10 drafts nobody can act on yet."""
    number = 0

    def new(**kwargs) -> Case:
        nonlocal number
        number += 1
        channel = "C0CASES" if number % 5 else "C0OTHER"
        return make_case(session, number, channel=channel, **kwargs)

    for n in range(240):
        sent(new(), days_ago=100 + n, due_in=-(40 + n))  # the last one is 279 days overdue
    for n in range(20):
        sent(new(), days_ago=55, due_in=n % 7)
    for _ in range(10):
        draft(new(), made_by="U0BOB")
    for _ in range(10):
        draft(new(), made_by="U0ALICE", cleared_by="U0BOB")
    for n in range(10):
        case = new()
        sent(case, days_ago=40, due_in=20)
        case.replies = [AddresseeReply(received_on=today() - dt.timedelta(days=n), recorded_by="U")]
    for _ in range(10):
        draft(new(), made_by="U0ALICE")
    session.flush()


def open_home(workspace: LocalWorkspace, user: str = "U0ALICE") -> dict:
    event = {"type": "app_home_opened", "user": user, "channel": "D0ALICE", "tab": "home"}
    answer = workspace.send(workspace.requests.event_callback(event))
    assert answer.status == 200
    (call,) = workspace.fake.calls_to("views.publish")
    assert call.error is None and call.params["user_id"] == user
    return call.params["view"]


def texts(view: dict) -> list[str]:
    return [block.get("text", {}).get("text", "") for block in view["blocks"]]


@pytest.mark.slow
def test_home_tab_of_300_cases_fits_and_lists_overdue_first(
    workspace: LocalWorkspace, session
) -> None:
    docket_of_300(session)
    view = open_home(workspace)

    assert len(view["blocks"]) <= 100
    View(type="home", blocks=view["blocks"]).validate_json()
    assert view["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Your cases", "emoji": True},
    }
    sections = texts(view)
    titles = [text for text in sections if text.startswith("*:")]
    assert [title.split(" (")[0] for title in titles] == [
        "*:rotating_light: Overdue replies",
        "*:white_check_mark: Drafts for you to clear",
        "*:outbox_tray: Cleared, not yet sent",
        "*:hourglass_flowing_sand: Replies due this week",
        "*:incoming_envelope: Replies in the last 30 days",
    ]
    assert titles[0] == "*:rotating_light: Overdue replies (240)*"
    first_case = sections[sections.index(titles[0]) + 1]
    assert "KAZ 240/2024" in first_case and "overdue by 279 days" in first_case
    more = str(view["blocks"])
    assert (
        "…and 220 more overdue: `/case list overdue` in <#C0CASES> (176), <#C0OTHER> (44)" in more
    )
    button = find_action(view["blocks"], ActionId.HOME_OPEN_CASE)
    assert button is not None
    block = next(b for b in view["blocks"] if b.get("accessory", {}).get("value") == "240")
    assert block["accessory"]["url"] == "https://slack.com/app_redirect?channel=C0OTHER&team=T0001"


def test_the_link_button_is_acknowledged(workspace: LocalWorkspace, session) -> None:
    draft(make_case(session, 1), made_by="U0BOB")
    session.flush()
    view = open_home(workspace)
    action = find_action(view["blocks"], ActionId.HOME_OPEN_CASE)
    answer = workspace.send(
        workspace.requests.block_actions(
            user_id="U0ALICE", channel_id="", action=action, view=view | {"id": "V1"}
        )
    )
    assert answer.status == 200


def test_user_text_is_escaped_and_shortened(workspace: LocalWorkspace, session) -> None:
    subject = "the arrest of <!channel> & <@U0BOB> " + "and many others " * 30
    draft(make_case(session, 1, subject=subject), made_by="U0BOB")
    session.flush()
    text = str(open_home(workspace)["blocks"])
    assert "&lt;!channel&gt; &amp; &lt;@U0BOB&gt;" in text and "<!channel>" not in text
    assert "and many others" in text and "…" in text


def test_a_newcomer_is_told_how_to_start(workspace: LocalWorkspace) -> None:
    view = open_home(workspace, user="U0CAROL")
    assert any("No cases yet" in text for text in texts(view))


def test_the_messages_tab_is_left_alone(workspace: LocalWorkspace) -> None:
    event = {"type": "app_home_opened", "user": "U0ALICE", "channel": "D0ALICE", "tab": "messages"}
    assert workspace.send(workspace.requests.event_callback(event)).status == 200
    assert not workspace.fake.calls_to("views.publish")


def test_docket_covers_channels_worked_in_and_mandates_cleared_for(session) -> None:
    mine = make_case(session, 1, opened_by="U0ALICE")  # Alice works in C0CASES
    draft(make_case(session, 2, opened_by="U0BOB"), made_by="U0BOB")  # a teammate's, there
    elsewhere = make_case(session, 3, channel="C0FAR", opened_by="U0BOB", mandates=("HRD",))
    draft(elsewhere, made_by="U0BOB")
    unrelated = make_case(session, 4, channel="C0FAR", opened_by="U0BOB", mandates=("FOAA",))
    draft(unrelated, made_by="U0BOB")
    sent(mine, days_ago=70, due_in=-10)
    session.flush()
    hrd = session.scalar(select(Mandate).where(Mandate.code == "HRD"))
    hrd.approvers = ["U0CAROL"]
    session.flush()

    alice = build_docket(session=session, user_id="U0ALICE", today=today())
    assert [e.case.id for e in alice.entries(Group.OVERDUE)] == [1]
    (to_clear,) = alice.entries(Group.TO_CLEAR)  # FOAA has no approvers: any member may
    assert to_clear.case.id == 2 and to_clear.note.endswith("you may clear for FOAA")
    carol = build_docket(session=session, user_id="U0CAROL", today=today())
    assert carol.channels == []  # but she clears for HRD, wherever its cases are
    notes = {e.case.id: e.note for e in carol.entries(Group.TO_CLEAR)}
    assert notes == {2: "v1: you may clear for FOAA, HRD", 3: "v1: you may clear for HRD"}
    bob = build_docket(session=session, user_id="U0BOB", today=today())
    assert bob.channels == ["C0CASES", "C0FAR"]
    assert bob.entries(Group.TO_CLEAR) == []  # the drafter never clears his own draft
    assert len(build_home_view(bob)["blocks"]) <= 100


def test_letters_becoming_public_and_the_cases_a_persons_mandates_lead(session) -> None:
    soon = make_case(session, 1)
    sent(soon, days_ago=50, due_in=10)
    soon.public_on = today() + dt.timedelta(days=10)
    public_past = make_case(session, 2)
    sent(public_past, days_ago=70, due_in=-10)
    public_past.public_on = today() - dt.timedelta(days=3)
    recorded = make_case(session, 3)
    sent(recorded, days_ago=70, due_in=-10)
    recorded.public_on, recorded.published_on = today() - dt.timedelta(days=3), today()
    led_by_hrd = make_case(session, 4, channel="C0FAR", opened_by="U0BOB", mandates=("HRD",))
    session.flush()
    led_by_hrd.lead_mandate_id = led_by_hrd.mandates[0].id
    hrd = session.scalar(select(Mandate).where(Mandate.code == "HRD"))
    hrd.approvers = ["U0CAROL"]
    session.flush()

    alice = build_docket(session=session, user_id="U0ALICE", today=today())
    notes = {e.case.id: e.note for e in alice.entries(Group.PUBLIC_SOON)}
    assert notes == {
        1: f"public on {soon.public_on} (in 10 days)",
        2: f"public on {public_past.public_on} (publication not recorded)",
    }
    assert alice.led == []  # Alice clears for no mandate
    carol = build_docket(session=session, user_id="U0CAROL", today=today())
    assert [(e.case.id, e.note) for e in carol.led] == [(4, "HRD leads")]
    view = build_home_view(carol)
    text = str(view["blocks"])
    assert "Cases your mandates lead (1)" in text and "HRD leads" in text


@pytest.mark.slow
def test_every_group_and_the_cases_led_fit_in_a_home_tab(
    workspace: LocalWorkspace, session
) -> None:
    docket_of_300(session)
    for case in session.scalars(select(Case).where(Case.sent_on.is_not(None))):
        case.public_on = today() + dt.timedelta(days=case.id % 20 - 5)
    foaa = session.scalar(select(Mandate).where(Mandate.code == "FOAA"))
    foaa.approvers = ["U0ALICE"]  # FOAA signs first: every case is led by Alice's mandate
    session.flush()
    view = open_home(workspace)
    assert len(view["blocks"]) <= 100
    View(type="home", blocks=view["blocks"]).validate_json()
    text = str(view["blocks"])
    assert "Letters becoming public" in text and "Cases your mandates lead (300)" in text
    assert "…and 285 more: `/case list <MANDATE>` in their channels" in text


def test_a_draft_any_member_may_clear_is_on_the_home_of_every_member_but_its_drafter(
    workspace: LocalWorkspace, session
) -> None:
    draft(make_case(session, 1, mandates=("FOAA",)), made_by="U0ALICE")  # FOAA: no approvers
    draft(make_case(session, 2, channel="C0FAR", mandates=("FOAA",)), made_by="U0ALICE")
    session.commit()
    workspace.fake.join("C0CASES", "U0ALICE", "U0CAROL")  # Carol never acted there

    carol = open_home(workspace, user="U0CAROL")
    assert "Drafts for you to clear (1)" in str(carol["blocks"])
    assert "v1: you may clear for FOAA" in str(carol["blocks"])
    assert "KAZ 1/2024" in str(carol["blocks"]) and "KAZ 2/2024" not in str(carol["blocks"])
    workspace.fake.calls.clear()
    alice = open_home(workspace, user="U0ALICE")
    assert "Drafts for you to clear" not in str(alice["blocks"])  # she drafted it


def test_without_slack_membership_the_home_shows_channels_worked_in(session) -> None:
    draft(make_case(session, 1, mandates=("FOAA",)), made_by="U0ALICE")
    session.flush()
    carol = build_docket(session=session, user_id="U0CAROL", today=today())
    assert carol.channels == [] and carol.entries(Group.TO_CLEAR) == []
    member = build_docket(session=session, user_id="U0CAROL", today=today(), member_of=["C0CASES"])
    assert member.channels == ["C0CASES"]
    assert [e.case.id for e in member.entries(Group.TO_CLEAR)] == [1]
