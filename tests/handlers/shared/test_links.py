"""Permalinks of the case card, the review thread and the latest draft: asked once, stored,
and shown from the Home tab, /case list, /case show, reminders and the confirmations."""

from __future__ import annotations

from sqlalchemy import Engine, update
from sqlalchemy.orm import Session, sessionmaker

from bot.db import unit_of_work
from bot.local.workspace import LocalWorkspace
from bot.slack.client import make_client
from bot.slack.messages import CARD, THREAD, VERSION, find
from bot.slack.models import SlackMessage
from bot.slack.outbox import fill_missing_links
from handlers.home.ids import ActionId as HomeActionId
from tests.factories import build_case, clear_all, reminder_in_channel, send_letter
from tests.factories import only_case as case_of
from tests.support import statements

LINK = "https://fake-workspace.slack.com/archives/C0CASES/p"


def permalinks_asked(workspace: LocalWorkspace) -> list[str]:
    return [str(c.params.get("message_ts")) for c in workspace.fake.calls_to("chat.getPermalink")]


def test_each_message_is_asked_for_its_permalink_once(workspace: LocalWorkspace, session) -> None:
    build_case(workspace)  # the card is posted, then updated five times
    case = case_of(session)
    assert (
        find(session, CARD, case.id).link
        == f"{LINK}{find(session, CARD, case.id).ts.replace('.', '')}"
    )
    assert permalinks_asked(workspace) == [find(session, CARD, case.id).ts]

    workspace.command("/letter 1 draft", user="U0ALICE")
    workspace.command("/case set 1 urge ensure that unions can operate freely", user="U0ALICE")
    workspace.command("/letter 1 draft", user="U0ALICE")
    case = case_of(session)
    v1, v2 = case.versions
    assert (
        find(session, THREAD, case.id).link
        == find(session, VERSION, v1.id).link
        == f"{LINK}{find(session, VERSION, v1.id).ts.replace('.', '')}"
    )
    assert find(session, VERSION, v2.id).link.startswith(
        f"{LINK}{find(session, VERSION, v2.id).ts.replace('.', '')}"
    )
    assert (
        f"thread_ts={find(session, VERSION, v1.id).ts}" in find(session, VERSION, v2.id).link
    )  # a reply in the thread
    # each of the three messages asked once, however often the card and headers were updated
    assert sorted(permalinks_asked(workspace)) == sorted(
        [
            find(session, CARD, case.id).ts,
            find(session, VERSION, v1.id).ts,
            find(session, VERSION, v2.id).ts,
        ]
    )


def test_list_show_home_and_confirmations_link_to_the_case(
    workspace: LocalWorkspace, session
) -> None:
    build_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    case = case_of(session)
    card, draft = (
        find(session, CARD, case.id).link,
        find(session, VERSION, case.latest_version.id).link,
    )
    card_md, draft_md = card.replace("&", "&amp;"), draft.replace("&", "&amp;")

    listed = str(workspace.command("/case list").json["blocks"])
    assert f"<{card_md}|#1>" in listed and f"<{draft_md}|draft v1>" in listed

    shown = str(workspace.command("/case show 1").json["blocks"])
    assert f"<{card_md}|Case card>" in shown
    assert f"<{find(session, THREAD, case.id).link}|Review thread>" in shown
    assert f"<{draft_md}|Draft v1>" in shown

    cleared = clear_all(workspace, case.latest_version)
    assert f"<{card_md}|Case card>" in cleared[-1] and "Draft v1" in cleared[-1]
    sent = send_letter(workspace, "/letter 1 send 2017-01-23", user="U0ALICE")
    assert "recorded as sent" in sent.text
    assert f"<{card_md}|Case card>" in sent.responses[-1]["text"]
    thread = workspace.fake.thread("C0CASES", find(session, THREAD, case.id).ts)
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


def test_list_and_show_read_the_links_with_the_case(
    workspace: LocalWorkspace, session, engine: Engine
) -> None:
    build_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    case = case_of(session)
    card = find(session, CARD, case.id).link.replace("&", "&amp;")
    draft = find(session, VERSION, case.latest_version.id).link.replace("&", "&amp;")
    thread = find(session, THREAD, case.id).link
    for command, shown in (
        ("/case list", [f"<{card}|#1>", f"<{draft}|draft v1>"]),
        (
            "/case show 1",
            [f"<{card}|Case card>", f"<{thread}|Review thread>", f"<{draft}|Draft v1>"],
        ),
    ):
        with statements(engine) as seen:
            blocks = str(workspace.command(command).json["blocks"])
        assert all(link in blocks for link in shown), command
        reads = [s for s in seen if s.startswith("SELECT") and " slack_messages" in s]
        # Read in the statement that reads the case, outer-joined: no query of their own.
        assert len(reads) == 1 and " FROM cases LEFT OUTER JOIN " in reads[0], command
        assert reads[0].count("LEFT OUTER JOIN slack_messages AS") == 3, command


def test_a_card_update_reads_the_card_in_the_claim(
    workspace: LocalWorkspace, session, engine: Engine
) -> None:
    build_case(workspace)
    card = find(session, CARD, case_of(session).id)
    updates = len(workspace.fake.calls_to("chat.update"))
    with statements(engine) as seen:
        workspace.command("/allegation 1 Released on 4 May.")
        workspace.executor.drain()
    sent = workspace.fake.calls_to("chat.update")[updates:]
    assert [(c.params["channel"], c.params["ts"]) for c in sent] == [(card.channel, card.ts)]
    claims = [s for s in seen if s.startswith("UPDATE outbox_messages") and "slack_messages" in s]
    assert claims and not [s for s in seen if s.startswith("SELECT slack_messages.ts")]


def test_reminders_link_to_the_case_and_mention_its_owner(
    workspace: LocalWorkspace, sessions: sessionmaker[Session], session
) -> None:
    message = reminder_in_channel(workspace, sessions)
    case = case_of(session)
    assert case.owner == "U0ALICE"
    assert "<@U0ALICE>" in message["text"]  # the fallback notifies the owner
    assert "<@U0ALICE>, the case is yours" in str(message["blocks"])
    assert f"<{find(session, CARD, case.id).link}|Case card>" in str(message["blocks"])
    assert "<!channel>" not in str(message) and "<!here>" not in str(message)


def test_links_missing_are_asked_later_by_the_tick(
    workspace: LocalWorkspace, sessions: sessionmaker[Session], session
) -> None:
    build_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    before = case_of(session)
    expected = (
        find(session, CARD, before.id).link,
        find(session, THREAD, before.id).link,
        find(session, VERSION, before.versions[0].id).link,
    )
    with unit_of_work(sessions) as work:  # as after the migration, or when Slack did not answer
        work.execute(update(SlackMessage).values(permalink=None))
    client = make_client(workspace.settings)
    assert fill_missing_links(sessions, client) == 3
    after = case_of(session)
    assert (
        find(session, CARD, after.id).link,
        find(session, THREAD, after.id).link,
        find(session, VERSION, after.versions[0].id).link,
    ) == expected
    assert fill_missing_links(sessions, client) == 0  # asked once


def test_a_gone_message_is_not_asked_again(
    workspace: LocalWorkspace, sessions: sessionmaker[Session], session
) -> None:
    workspace.command("/case open KAZ AL FOAA the closure of a union")
    case = case_of(session)
    del workspace.fake.messages[("C0CASES", find(session, CARD, case.id).ts)]
    workspace.fake.forget_channel("C0CASES")
    with unit_of_work(sessions) as work:
        work.execute(update(SlackMessage).values(permalink=None))
    client = make_client(workspace.settings)
    fill_missing_links(sessions, client)
    assert find(session, CARD, case.id).link == ""  # refused for good: shown without a link
    assert fill_missing_links(sessions, client) == 0
