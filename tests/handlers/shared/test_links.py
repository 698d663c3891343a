"""Permalinks of the case card, the review thread and the latest draft: asked once, stored,
and shown from the Home tab, /case list, /case show, reminders and the confirmations."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from bot.cases.letter_models import DraftVersion
from bot.cases.models import Case
from bot.db import unit_of_work
from bot.local.workspace import LocalWorkspace
from bot.slack.client import make_client
from bot.slack.outbox import fill_missing_links
from handlers.home.ids import ActionId as HomeActionId
from tests.factories import build_case, clear_all, reminder_in_channel, send_letter
from tests.factories import only_case as case_of

LINK = "https://fake-workspace.slack.com/archives/C0CASES/p"


def permalinks_asked(workspace: LocalWorkspace) -> list[str]:
    return [str(c.params.get("message_ts")) for c in workspace.fake.calls_to("chat.getPermalink")]


def test_each_message_is_asked_for_its_permalink_once(workspace: LocalWorkspace, session) -> None:
    build_case(workspace)  # the card is posted, then updated five times
    case = case_of(session)
    assert case.card_link == f"{LINK}{case.card_ts.replace('.', '')}"
    assert permalinks_asked(workspace) == [case.card_ts]

    workspace.command("/letter 1 draft", user="U0ALICE")
    workspace.command("/case set 1 urge ensure that unions can operate freely", user="U0ALICE")
    workspace.command("/letter 1 draft", user="U0ALICE")
    case = case_of(session)
    v1, v2 = case.versions
    assert case.review_thread_link == v1.message_link == f"{LINK}{v1.message_ts.replace('.', '')}"
    assert v2.message_link.startswith(f"{LINK}{v2.message_ts.replace('.', '')}")
    assert f"thread_ts={v1.message_ts}" in v2.message_link  # a reply in the thread
    # each of the three messages asked once, however often the card and headers were updated
    assert sorted(permalinks_asked(workspace)) == sorted(
        [case.card_ts, v1.message_ts, v2.message_ts]
    )


def test_list_show_home_and_confirmations_link_to_the_case(
    workspace: LocalWorkspace, session
) -> None:
    build_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    case = case_of(session)
    card, draft = case.card_link, case.latest_version.message_link
    card_md, draft_md = card.replace("&", "&amp;"), draft.replace("&", "&amp;")

    listed = str(workspace.command("/case list").json["blocks"])
    assert f"<{card_md}|#1>" in listed and f"<{draft_md}|draft v1>" in listed

    shown = str(workspace.command("/case show 1").json["blocks"])
    assert f"<{card_md}|Case card>" in shown
    assert f"<{case.review_thread_link}|Review thread>" in shown
    assert f"<{draft_md}|Draft v1>" in shown

    cleared = clear_all(workspace, case.latest_version)
    assert f"<{card_md}|Case card>" in cleared[-1] and "Draft v1" in cleared[-1]
    sent = send_letter(workspace, "/letter 1 send 2017-01-23", user="U0ALICE")
    assert "recorded as sent" in sent.text
    assert f"<{card_md}|Case card>" in sent.responses[-1]["text"]
    thread = workspace.fake.thread("C0CASES", case.review_thread_ts)
    assert any("sent *" in m["text"] and card_md in m["text"] for m in thread)

    # the Home tab: the overdue letter's "Open" opens the case card, not the channel
    workspace.send(
        workspace.requests.event_callback(
            {"type": "app_home_opened", "user": "U0ALICE", "channel": "D0ALICE", "tab": "home"}
        )
    )
    home = workspace.fake.calls_to("views.publish")[-1].params["view"]
    button = next(
        element
        for block in home["blocks"]
        for element in [block.get("accessory") or {}]
        if element.get("action_id") == HomeActionId.HOME_OPEN_CASE
    )
    assert button["url"] == card  # "Open" opens the case card, not the channel


def test_reminders_link_to_the_case_and_mention_its_owner(
    workspace: LocalWorkspace, sessions: sessionmaker[Session], session
) -> None:
    message = reminder_in_channel(workspace, sessions)
    case = case_of(session)
    assert case.owner == "U0ALICE"
    assert "<@U0ALICE>" in message["text"]  # the fallback notifies the owner
    assert "<@U0ALICE>, the case is yours" in str(message["blocks"])
    assert f"<{case.card_link}|Case card>" in str(message["blocks"])
    assert "<!channel>" not in str(message) and "<!here>" not in str(message)


def test_links_missing_are_asked_later_by_the_tick(
    workspace: LocalWorkspace, sessions: sessionmaker[Session], session
) -> None:
    build_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    before = case_of(session)
    expected = (before.card_link, before.review_thread_link, before.versions[0].message_link)
    with unit_of_work(sessions) as work:  # as after the migration, or when Slack did not answer
        work.execute(update(Case).values(card_link=None, review_thread_link=None))
        work.execute(update(DraftVersion).values(message_link=None))
    client = make_client(workspace.settings)
    assert fill_missing_links(sessions, client) == 3
    after = case_of(session)
    assert (after.card_link, after.review_thread_link, after.versions[0].message_link) == expected
    assert fill_missing_links(sessions, client) == 0  # asked once


def test_a_gone_message_is_not_asked_again(
    workspace: LocalWorkspace, sessions: sessionmaker[Session], session
) -> None:
    workspace.command("/case open KAZ AL FOAA the closure of a union")
    case = case_of(session)
    del workspace.fake.messages[("C0CASES", case.card_ts)]
    workspace.fake.forget_channel("C0CASES")
    with unit_of_work(sessions) as work:
        work.execute(update(Case).values(card_link=None))
    client = make_client(workspace.settings)
    fill_missing_links(sessions, client)
    assert case_of(session).card_link == ""  # refused for good: shown without a link
    assert fill_missing_links(sessions, client) == 0
