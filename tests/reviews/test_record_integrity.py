"""Through signed requests: refusals before acting, corrections, withdrawal, the frozen letter,
mentions, and review comments edited or deleted in Slack."""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.audit.models import AuditEntry
from bot.cases.letter_models import Clearance, ReviewComment
from bot.cases.models import Allegation, Case, Question
from bot.local.workspace import LocalWorkspace
from bot.mandates.models import Mandate
from bot.reminders.models import Reminder, ReminderStatus
from bot.reviews.letter_export import run as export_letter
from bot.slack.messages import VERSION, find
from tests.factories import build_case, clear, send_letter, sent_case, versions


@pytest.mark.parametrize(
    "line",
    [
        "/allegation 1 remove -1",
        "/allegation 1 remove x",
        "/allegation 1 edit",
        "/allegation 1 move 1",
        "/allegation 1 lst",
        "/allegation 1 delete 1",
        "/allegation 1 rmove 2",
        "/allegation 1 lsit",
        "/letter 1 question remove",
        "/letter 1 question edit 1",
        "/letter 1 question lst",
        "/cite 1 rmove 1",
        "/cite 1 delete 1",
    ],
)
def test_bad_subcommands_are_refused_not_stored(workspace: LocalWorkspace, session, line) -> None:
    build_case(workspace)
    answer = workspace.command(line)
    assert answer.json["response_type"] == "ephemeral"
    assert "Usage:" in answer.text and "went wrong" not in answer.text, answer.text
    assert session.scalar(select(func.count(Allegation.id))) == 1
    assert session.scalar(select(func.count(Question.id))) == 1
    assert len(session.get(Case, 1).citations) == 1


def test_a_paragraph_starting_like_a_word_is_still_a_paragraph(workspace, session) -> None:
    build_case(workspace)
    answer = workspace.command("/allegation 1 Removal of the union's leaders followed.")
    assert "Allegation 2 added" in answer.text


def test_sent_on_correction_moves_due_date_and_reminders(workspace, session) -> None:
    sent_case(workspace, session)
    refused = workspace.command("/letter 1 sent-on 2017-01-24")
    assert "why it changes" in refused.text
    too_old = workspace.command("/letter 1 sent-on 1901-01-24 typo")
    assert "cannot be the sending date" in too_old.text
    answer = workspace.command("/letter 1 sent-on 2017-01-25 typed the wrong day")
    assert "now recorded as sent on 2017-01-25" in answer.text, answer.text
    case = session.get(Case, 1)
    session.refresh(case)
    assert case.sent_on == dt.date(2017, 1, 25) and case.due_on == dt.date(2017, 3, 26)
    pending = session.scalars(
        select(Reminder).where(Reminder.status == ReminderStatus.PENDING.value)
    ).all()
    assert pending and all(r.due_at.date() >= dt.date(2017, 3, 17) for r in pending)
    (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "sent-on"))
    assert "typed the wrong day" in entry.new_value and entry.old_value.startswith("2017-01-23")


def test_reply_days_after_sending_moves_the_due_date(workspace, session) -> None:
    sent_case(workspace, session)
    answer = workspace.command("/case set 1 reply-days 30")
    assert "due 2017-02-22" in answer.text, answer.text
    case = session.get(Case, 1)
    session.refresh(case)
    assert case.due_on == dt.date(2017, 2, 22)
    due = session.scalars(
        select(Reminder.due_at).where(Reminder.status == ReminderStatus.PENDING.value)
    ).all()
    assert min(d.date() for d in due) <= dt.date(2017, 2, 15)
    assert "frozen" in workspace.command("/case set 1 subject something else").text


def test_withdrawal_by_the_one_who_cleared_until_sent(workspace, session) -> None:
    build_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    (v1,) = versions(session)
    clear(workspace, v1, "FOAA", "U0BOB")
    assert "only the person" in workspace.command("/letter 1 withdraw", user="U0CAROL").text
    answer = workspace.command("/letter 1 withdraw FOAA", user="U0BOB")
    assert "withdrawn" in answer.text, answer.text
    assert session.scalar(select(func.count(Clearance.id))) == 0
    assert session.scalar(
        select(func.count(AuditEntry.id)).where(AuditEntry.action == "clear-withdraw")
    )
    clear(workspace, v1, "FOAA", "U0BOB")
    clear(workspace, v1, "HRD", "U0BOB")
    send_letter(workspace, "/letter 1 send 2017-01-23")
    assert "clearances stand" in workspace.command("/letter 1 withdraw", user="U0BOB").text


def export(settings, fmt: str) -> bytes:
    """``python -m bot letter export 1 --format <fmt>``, in this process."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"letter.{fmt}"
        args = argparse.Namespace(case="1", format=fmt, language=None, out=str(out))
        assert export_letter(args, settings) == 0
        return out.read_bytes()


def test_the_sent_letter_is_frozen_and_a_draft_says_so(workspace, session, settings) -> None:
    build_case(workspace)
    assert export(settings, "txt").startswith(b"DRAFT")
    workspace.command("/letter 1 draft", user="U0ALICE")
    (v1,) = versions(session)
    clear(workspace, v1, "FOAA", "U0BOB")
    clear(workspace, v1, "HRD", "U0BOB")
    send_letter(workspace, "/letter 1 send 2017-01-23")
    sent = {fmt: export(settings, fmt) for fmt in ("md", "txt", "docx")}
    assert b"DRAFT" not in sent["txt"] and sent["docx"].startswith(b"PK")
    session.execute(
        Mandate.__table__.update().where(Mandate.code == "FOAA").values(holders=["Someone Else"])
    )
    assert {fmt: export(settings, fmt) for fmt in ("md", "txt", "docx")} == sent
    assert b"Someone Else" not in sent["txt"]


def test_approvers_by_mention(workspace, session) -> None:
    answer = workspace.command("/mandate set FOAA approvers <@U0BOB|bob> <@U0CAROL>")
    assert "went wrong" not in answer.text and "Usage" not in answer.text, answer.text
    mandate = session.scalar(select(Mandate).where(Mandate.code == "FOAA"))
    session.refresh(mandate)
    assert mandate.approvers == ["U0BOB", "U0CAROL"]
    typed = workspace.command("/mandate set FOAA approvers @bob")
    assert "@ menu" in typed.text
    session.refresh(mandate)
    assert mandate.approvers == ["U0BOB", "U0CAROL"]


def test_comments_edited_and_deleted_in_slack(workspace, session) -> None:
    build_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    (v1,) = versions(session)
    comment = {
        "type": "message",
        "channel": "C0CASES",
        "user": "U0BOB",
        "text": "Para 2: add the date.",
        "ts": "1900000000.000100",
        "thread_ts": find(session, VERSION, v1.id).ts,
    }
    workspace.send(workspace.requests.event_callback(comment, event_id="Ev0C1"))
    edited = {
        "type": "message",
        "subtype": "message_changed",
        "hidden": True,
        "channel": "C0CASES",
        "ts": "1900000001.000100",
        "message": {
            **comment,
            "text": "Para 2: add the date of the ruling.",
            "edited": {"user": "U0BOB", "ts": "1900000001.000000"},
        },
        "previous_message": comment,
    }
    workspace.send(workspace.requests.event_callback(edited, event_id="Ev0C2"))
    (stored,) = session.scalars(select(ReviewComment)).all()
    session.refresh(stored)
    assert stored.text == "Para 2: add the date of the ruling." and stored.edited_at
    assert "of the ruling" in str(workspace.command("/case show 1").json["blocks"])
    deleted = {
        "type": "message",
        "subtype": "message_deleted",
        "hidden": True,
        "channel": "C0CASES",
        "ts": "1900000002.000100",
        "deleted_ts": comment["ts"],
        "previous_message": edited["message"],
    }
    workspace.send(workspace.requests.event_callback(deleted, event_id="Ev0C3"))
    assert session.scalar(select(func.count(ReviewComment.id))) == 0
    assert "Para 2" not in str(workspace.command("/case show 1").json["blocks"])
    audit = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action.in_(["comment-edit", "comment-delete"]))
        .order_by(AuditEntry.id)
    ).all()
    assert [a.action for a in audit] == ["comment-edit", "comment-delete"]
    assert all("Para 2" not in f"{a.old_value} {a.new_value}" for a in audit)


def test_implausible_dates_get_a_clear_answer(workspace, session) -> None:
    answer = workspace.command("/case report 0001-01-01 9999-12-31")
    assert "cannot be the first day of a report" in answer.text, answer.text
    assert (
        "cannot be a ratification date"
        in workspace.command("/cite ratified KAZ ICCPR 1800-01-01").text
    )
