"""Drafts, thread comments, requests for changes, clearances, sending and replies,
through signed requests answered by the fake Slack."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import time_machine
from docx import Document as WordDocument
from sqlalchemy import func, select

from bot.cases.letter_models import AddresseeReply, Clearance, DraftVersion, ReviewComment
from bot.cases.models import Case
from bot.letters.document import PageBreak, Paragraph, parse_markdown, plain_text_of
from bot.local.workspace import LocalWorkspace
from bot.slack.messages import CARD, THREAD, VERSION, find
from handlers.letters.ids import ActionId, BlockId, CallbackId
from handlers.letters.posts import render_draft_docx
from handlers.reminders.ids import ActionId as ReminderActionId
from handlers.reminders.ids import CallbackId as ReminderCallbackId
from tests.factories import build_case, clear, header_of, send_letter, versions


def test_review_from_first_draft_to_reply(workspace: LocalWorkspace, session) -> None:
    build_case(workspace)
    fake = workspace.fake

    # v1 starts the review thread: header in the channel, letter and .docx in its thread
    answer = workspace.command("/letter 1 draft", user="U0ALICE")
    assert "Draft v1 of case #1 is posted" in answer.text
    case = session.get(Case, 1)
    (v1,) = versions(session)
    assert find(session, THREAD, case.id).ts == find(session, VERSION, v1.id).ts
    header = fake.messages[("C0CASES", find(session, VERSION, v1.id).ts)]
    assert "thread_ts" not in header or header["thread_ts"] == find(session, VERSION, v1.id).ts
    thread = fake.thread("C0CASES", find(session, VERSION, v1.id).ts)
    letter_text = " ".join(m["text"] for m in thread)
    assert "permanent closure" in letter_text and "Excellency" in letter_text
    (upload,) = fake.calls_to("files.completeUploadExternal")
    assert upload.params.get("thread_ts") == find(session, VERSION, v1.id).ts
    docx = next(iter(fake.files.values()))
    assert docx["filename"].endswith("-v1.docx") and docx["content"][:2] == b"PK"
    # built by the outbox from the version's stored text, after the answer: the same letter
    word = "\n".join(p.text for p in WordDocument(io.BytesIO(docx["content"])).paragraphs)
    assert "permanent closure" in word and "Excellency" in word

    # send before clearance is refused, naming what is missing
    refused = send_letter(workspace, "/letter 1 send 2017-01-23")
    assert "not cleared yet" in refused.text and "FOAA" in refused.text and "HRD" in refused.text

    # a reply in the thread is a review comment of v1; Slack's retry is stored once
    event = {
        "type": "message",
        "channel": "C0CASES",
        "user": "U0BOB",
        "text": "Para 2: add the date.",
        "ts": "1900000000.000100",
        "thread_ts": find(session, VERSION, v1.id).ts,
    }
    for _ in range(2):
        workspace.send(workspace.requests.event_callback(event, event_id="Ev0COMMENT1"))
    comments = list(session.scalars(select(ReviewComment)))
    assert [(c.author, c.version_id, c.kind) for c in comments] == [("U0BOB", v1.id, "comment")]

    # request changes: button, modal, post in the thread
    workspace.click(header_of(workspace, v1), ActionId.REQUEST_CHANGES, user="U0BOB")
    view = {"id": "V9", **fake.calls_to("views.open")[-1].params["view"]}
    assert view["callback_id"] == CallbackId.REQUEST_CHANGES
    values = {
        BlockId.REASON: {
            ActionId.CHANGES_REASON: {"type": "plain_text_input", "value": "Name the court."}
        }
    }
    workspace.send(workspace.requests.view_submission(user_id="U0BOB", view=view, values=values))
    assert any(
        "requests changes to v1" in m["text"]
        for m in fake.thread("C0CASES", find(session, VERSION, v1.id).ts)
    )

    # an edit after v1 says so in the thread; v2 is posted into the same thread with a summary
    workspace.command(
        "/allegation 1 edit 1 On 4 January 2017, the economic court in Shymkent ordered the permanent closure."
    )
    assert any(
        "changed the case after v1" in m["text"]
        for m in fake.thread("C0CASES", find(session, VERSION, v1.id).ts)
    )
    shown = str(workspace.command("/case show 1").json["blocks"])
    assert "the case changed after v1: draft it again (/letter 1 draft)" in shown
    assert "to clear v1" not in shown
    workspace.command("/letter 1 draft", user="U0ALICE")
    v1, v2 = versions(session)
    assert (
        fake.messages[("C0CASES", find(session, VERSION, v2.id).ts)]["thread_ts"]
        == find(session, VERSION, v1.id).ts
    )
    assert "1 changed" in str(
        fake.messages[("C0CASES", find(session, VERSION, v2.id).ts)]["blocks"]
    )

    # refused and unchanged: clearance by the drafter, of an outdated version
    assert "cannot clear" in clear(workspace, v2, "FOAA", "U0ALICE")
    assert "newer version (v2)" in clear(workspace, v1, "FOAA", "U0BOB")
    assert session.scalar(select(func.count(Clearance.id))) == 0
    # the real button exists on v2's header
    assert (
        workspace.click(
            header_of(workspace, v2), f"{ActionId.CLEAR_VERSION}:FOAA", user="U0BOB"
        ).status
        == 200
    )
    assert "You cleared v2 for FOAA" in workspace.fake.calls_to("response_url")[-1].params["text"]
    shown = str(workspace.command("/case show 1").json["blocks"])
    assert "• cleared: FOAA by <@U0BOB>\\n• to clear v2: HRD" in shown

    # another user clears for the other mandate; a replayed click records nothing more
    clear(workspace, v2, "HRD", "U0CAROL")
    assert "already cleared" in clear(workspace, v2, "FOAA", "U0BOB")
    assert session.scalar(select(func.count(Clearance.id))) == 2
    assert any(
        "Ready to send" in m["text"]
        for m in fake.thread("C0CASES", find(session, VERSION, v1.id).ts)
    )

    # send on 2017-01-23: frozen, due 2017-03-24, confirmed in the thread
    sent = send_letter(workspace, "/letter 1 send 2017-01-23")
    assert "due on 2017-03-24" in sent.text, sent.text
    session.expire_all()
    case = session.get(Case, 1)
    assert (case.sent_on, case.due_on, case.sent_version_id) == (
        dt.date(2017, 1, 23),
        dt.date(2017, 3, 24),
        v2.id,
    )
    assert any(
        "reply is due on 2017-03-24" in m["text"]
        for m in fake.thread("C0CASES", find(session, VERSION, v1.id).ts)
    )
    frozen = workspace.command("/allegation 1 A late addition.")
    assert "frozen" in frozen.text
    assert "already sent" in workspace.command("/letter 1 send").text

    # a reply on 2017-03-20
    replied = workspace.command("/letter 1 reply 2017-03-20 The Government denies the allegations.")
    assert "recorded" in replied.text
    replies = list(session.scalars(select(AddresseeReply)))
    assert [(r.received_on, r.summary) for r in replies] == [
        (dt.date(2017, 3, 20), "The Government denies the allegations.")
    ]
    assert any(
        "recorded a reply" in m["text"]
        for m in fake.thread("C0CASES", find(session, VERSION, v1.id).ts)
    )

    # /case show tells the review story: the draft, its clearances, sending, the reply, comments
    shown = str(workspace.command("/case show 1").json["blocks"])
    assert "to clear" not in shown
    for part in (
        "draft v2 (en) by <@U0ALICE>",
        ", the latest of 2",
        "FOAA by <@U0BOB>, HRD by <@U0CAROL>",
        "sent 2017-01-23",
        "reply received 2017-03-20",
        "Para 2: add the date.",
        "requests changes on v1: Name the court.",
    ):
        assert part in shown, part


def test_a_drafts_docx_is_built_from_its_stored_text(workspace: LocalWorkspace, session) -> None:
    build_case(workspace)
    assert "posted" in workspace.command("/letter 1 draft").text
    (v1,) = versions(session)
    data = render_draft_docx(session, v1.id)
    assert data is not None
    word = WordDocument(io.BytesIO(data))
    paragraphs = [p.text for p in word.paragraphs]
    blocks = [b for b in parse_markdown(v1.markdown).blocks if not isinstance(b, PageBreak)]
    expected = [
        "\n".join(map(plain_text_of, b.lines))
        if isinstance(b, Paragraph)
        else plain_text_of(b.runs)
        for b in blocks
    ]
    expected[1:3] = [f"{expected[1]}\t{expected[2]}"]  # the date on the reference's line
    assert paragraphs == expected
    assert "Excellency," in paragraphs
    assert word.core_properties.title.startswith("AL KAZ ")  # the case's reference
    assert word.core_properties.language == "en-GB"
    assert word.sections[0].first_page_header.paragraphs[0].text  # the letterhead
    assert render_draft_docx(session, v1.id + 1) is None  # no such version: nothing to upload


def test_a_drafts_docx_is_dated_the_teams_day(workspace: LocalWorkspace, session) -> None:
    build_case(workspace)
    workspace.command("/letter 1 draft")
    (v1,) = versions(session)
    v1.made_at = dt.datetime(2017, 1, 19, 23, 30, tzinfo=dt.UTC)  # 00:30 on the 20th in Zurich
    session.commit()
    zurich = render_draft_docx(session, v1.id, tz=ZoneInfo("Europe/Zurich"))
    utc = render_draft_docx(session, v1.id)
    assert zurich is not None and utc is not None
    assert WordDocument(io.BytesIO(zurich)).core_properties.created.date() == dt.date(2017, 1, 20)
    assert WordDocument(io.BytesIO(utc)).core_properties.created.date() == dt.date(2017, 1, 19)


def test_bad_letter_input_is_refused(workspace: LocalWorkspace, session) -> None:
    build_case(workspace)
    for line, expected in {
        "/letter 1 draft de": "not a letter language",
        "/letter 1 send": "has no draft yet",
        "/letter 1 send 2017-02-30": "not a date",
        "/letter 1 reply 2017-03-20": "has not been sent",
        "/letter 1 reply": "Give the date",
    }.items():
        answer = workspace.command(line)
        assert answer.json["response_type"] == "ephemeral" and expected in answer.text, (
            line,
            answer.text,
        )
    assert session.scalar(select(func.count(DraftVersion.id))) == 0


def test_send_in_the_future_is_refused(workspace: LocalWorkspace, session) -> None:
    build_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    (v1,) = versions(session)
    clear(workspace, v1, "FOAA", "U0BOB")
    clear(workspace, v1, "HRD", "U0BOB")
    with time_machine.travel(dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)):
        assert "in the future" in workspace.command("/letter 1 send 2030-01-01").text
    assert session.get(Case, 1).sent_on is None


def test_record_reply_from_the_case_card(workspace: LocalWorkspace, session) -> None:
    build_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    (v1,) = versions(session)
    clear(workspace, v1, "FOAA", "U0BOB")
    clear(workspace, v1, "HRD", "U0BOB")
    send_letter(workspace, "/letter 1 send 2017-01-23")
    case = session.get(Case, 1)
    card = {
        "ts": find(session, CARD, case.id).ts,
        **workspace.fake.messages[("C0CASES", find(session, CARD, case.id).ts)],
    }
    assert "overdue" in str(card["blocks"]) or "reply due" in str(card["blocks"])
    workspace.click(card, ReminderActionId.REMINDER_RECORD_REPLY, user="U0BOB")
    view = {"id": "V7", **workspace.fake.calls_to("views.open")[-1].params["view"]}
    assert view["callback_id"] == ReminderCallbackId.RECORD_REPLY
    date_block = next(
        b for b in view["blocks"] if b["type"] == "input" and b["element"]["type"] == "datepicker"
    )
    values = {
        date_block["block_id"]: {
            date_block["element"]["action_id"]: {
                "type": "datepicker",
                "selected_date": "2017-03-20",
            }
        }
    }
    answer = workspace.send(
        workspace.requests.view_submission(user_id="U0BOB", view=view, values=values)
    )
    assert answer.status == 200, answer.body
    replies = list(session.scalars(select(AddresseeReply)))
    assert [r.received_on for r in replies] == [dt.date(2017, 3, 20)]
