"""A reply's documents as they arrive: files shared in the case's review thread, as Slack sends
them (a ``message`` event of subtype ``file_share``), and files attached in the Record reply
form; what is recorded of a reply, and its clearance for publication. Through signed requests
answered by the fake Slack, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.audit.models import AuditEntry
from bot.cases.letter_models import AddresseeReply, ReplyDocument
from bot.cases.models import Case
from bot.local.workspace import LocalWorkspace
from bot.reviews.reply_state import replies_not_cleared
from bot.slack.messages import CARD, THREAD, find
from handlers.reminders.ids import ActionId, BlockId, CallbackId
from tests.factories import build_case, sent_case

PERMALINK = "https://local.slack.com/files/U0BOB/{id}/{name}"


def slack_file(file_id: str, name: str) -> dict:
    """A file object as a ``file_share`` message carries it (the fields the bot reads and
    some it ignores)."""
    return {
        "id": file_id,
        "created": 1490000000,
        "name": name,
        "title": name,
        "mimetype": "application/pdf",
        "filetype": "pdf",
        "user": "U0BOB",
        "size": 48213,
        "mode": "hosted",
        "is_external": False,
        "url_private": f"https://files.slack.com/files-pri/T0001-{file_id}/{name}",
        "permalink": PERMALINK.format(id=file_id, name=name),
    }


def share(
    workspace: LocalWorkspace,
    thread_ts: str,
    *files: dict,
    ts: str,
    user: str = "U0BOB",
    event_id: str | None = None,
    **extra: object,
) -> None:
    """A person shares files in a thread, as Slack's Events API sends it."""
    event = {
        "type": "message",
        "subtype": "file_share",
        "text": "The reply, as received.",
        "files": list(files),
        "upload": False,
        "user": user,
        "display_as_bot": False,
        "ts": ts,
        "thread_ts": thread_ts,
        "parent_user_id": "U0BOT",
        "channel": "C0CASES",
        "event_ts": ts,
        "channel_type": "channel",
        **extra,
    }
    answer = workspace.send(workspace.requests.event_callback(event, event_id=event_id))
    assert answer.status == 200


def documents(session: Session) -> list[tuple[int | None, str, str, str | None]]:
    session.expire_all()
    rows = session.scalars(select(ReplyDocument).order_by(ReplyDocument.id))
    return [(d.reply_id, d.file_id, d.name, d.permalink) for d in rows]


def thread_texts(workspace: LocalWorkspace, session: Session) -> str:
    return "\n".join(
        m["text"] for m in workspace.fake.thread("C0CASES", find(session, THREAD, 1).ts)
    )


def test_files_shared_in_the_review_thread_are_the_replys_documents(
    workspace: LocalWorkspace, session: Session
) -> None:
    sent_case(workspace, session)
    thread = find(session, THREAD, 1).ts

    # shared before any reply is recorded: kept, waiting; Slack repeating the event adds nothing
    note = slack_file("F0NOTE1", "Note verbale 2017-03-20.pdf")
    for _ in range(2):
        share(workspace, thread, note, ts="1900000001.000100", event_id="Ev0SHARE1")
    assert documents(session) == [
        (
            None,
            "F0NOTE1",
            "Note verbale 2017-03-20.pdf",
            PERMALINK.format(id="F0NOTE1", name="Note verbale 2017-03-20.pdf"),
        )
    ]
    assert "kept for the reply to AL KAZ 1/" in thread_texts(workspace, session)
    shown = str(workspace.command("/case show 1").json["blocks"])
    assert "documents waiting for a reply" in shown and "Note verbale 2017-03-20.pdf" in shown

    # the reply recorded takes it, and says so
    replied = workspace.command("/letter 1 reply 2017-03-20 The Government denies the allegations.")
    assert "Its documents:" in replied.text and "Note verbale 2017-03-20.pdf" in replied.text
    (reply,) = session.scalars(select(AddresseeReply))
    assert [d[0] for d in documents(session)] == [reply.id]

    # shared after: joins the latest reply (an annex); the same file again is linked once
    annex = slack_file("F0ANNEX", "Annex I.docx")
    share(workspace, thread, annex, note, ts="1900000002.000100")
    assert documents(session)[1][:2] == (reply.id, "F0ANNEX")
    assert len(documents(session)) == 2
    assert "linked to the reply of 2017-03-20" in thread_texts(workspace, session)

    # what /case show says of the reply, its documents linked
    shown = str(workspace.command("/case show 1").json["blocks"])
    for part in (
        "1. reply received 2017-03-20: The Government denies the allegations.",
        "language not recorded",
        "not cleared for publication",
        f"<{PERMALINK.format(id='F0ANNEX', name='Annex I.docx')}|Annex I.docx>",
    ):
        assert part in shown, part
    assert "documents waiting" not in shown

    # every link is in the audit trail
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "reply-document").order_by(AuditEntry.id)
    ).all()
    assert [e.field for e in entries] == ["waiting for a reply", "of the reply of 2017-03-20"]
    assert entries[0].new_value == "Note verbale 2017-03-20.pdf (F0NOTE1)"


def test_files_that_are_no_replys_are_left_alone(
    workspace: LocalWorkspace, session: Session
) -> None:
    build_case(workspace)
    workspace.command("/letter 1 draft")
    thread = find(session, THREAD, 1).ts
    # in a draft's review (not sent): an annotated draft, not a reply
    share(workspace, thread, slack_file("F0MARKUP", "v1 marked up.docx"), ts="1900000001.000100")
    # the bot's own upload, and a file in a thread that is no case's
    share(
        workspace,
        thread,
        slack_file("F0BOTS", "AL KAZ 1-2017-v1.docx"),
        ts="1900000001.000200",
        user="U0BOT",
        bot_id="B0BOT",
    )
    share(workspace, "1800000000.000100", slack_file("F0ELSE", "lunch.pdf"), ts="1900000001.000300")
    assert documents(session) == []


def test_a_file_slack_asks_to_look_up_is_linked_by_its_id(
    workspace: LocalWorkspace, session: Session
) -> None:
    """Slack Connect files come as ``file_access: check_file_info``, without name or link."""
    sent_case(workspace, session)
    withheld = {"id": "F0EXT", "mode": "file_access", "file_access": "check_file_info"}
    share(workspace, find(session, THREAD, 1).ts, withheld, ts="1900000001.000100")
    assert documents(session) == [(None, "F0EXT", "file F0EXT", None)]


def test_the_record_reply_form_attaches_documents_and_what_is_recorded(
    workspace: LocalWorkspace, session: Session
) -> None:
    sent_case(workspace, session)
    share(
        workspace,
        find(session, THREAD, 1).ts,
        slack_file("F0NOTE1", "Note verbale.pdf"),
        ts="1900000001.000100",
    )
    workspace.deliver_waiting()
    card = workspace.fake.messages[("C0CASES", find(session, CARD, 1).ts)]
    workspace.click(card, ActionId.REMINDER_RECORD_REPLY, user="U0BOB")
    view = {"id": "V1", **workspace.fake.calls_to("views.open")[-1].params["view"]}
    assert view["callback_id"] == CallbackId.RECORD_REPLY
    assert "Note verbale.pdf" in str(view["blocks"])  # the waiting document is listed
    (file_input,) = [b for b in view["blocks"] if b.get("block_id") == BlockId.REPLY_FILES]
    assert file_input["element"]["type"] == "file_input"
    values = {
        BlockId.REPLY_DATE: {
            ActionId.REPLY_DATE: {"type": "datepicker", "selected_date": "2017-03-20"}
        },
        BlockId.REPLY_SUMMARY: {
            ActionId.REPLY_SUMMARY: {"type": "plain_text_input", "value": None}
        },
        BlockId.REPLY_LANGUAGE: {
            ActionId.REPLY_LANGUAGE: {
                "type": "static_select",
                "selected_option": {"text": {"type": "plain_text", "text": "fr"}, "value": "fr"},
            }
        },
        BlockId.REPLY_FLAGS: {
            ActionId.REPLY_FLAGS: {
                "type": "checkboxes",
                "selected_options": [
                    {"text": {"type": "plain_text", "text": "…"}, "value": "confidential"}
                ],
            }
        },
        BlockId.REPLY_FILES: {
            ActionId.REPLY_FILES: {
                "type": "file_input",
                "files": [slack_file("F0FORM", "Réponse du Gouvernement.pdf")],
            }
        },
    }
    answer = workspace.send(
        workspace.requests.view_submission(user_id="U0BOB", view=view, values=values)
    )
    assert answer.status == 200
    (reply,) = session.scalars(select(AddresseeReply))
    assert (reply.language, reply.confidential, reply.translation_requested_on) == (
        "fr",
        True,
        None,
    )
    assert [(d[0], d[1]) for d in documents(session)] == [
        (reply.id, "F0NOTE1"),
        (reply.id, "F0FORM"),
    ]
    posted = [c.params.get("text", "") for c in workspace.fake.calls_to("chat.postMessage")]
    assert any("Réponse du Gouvernement.pdf" in text for text in posted)
    holds = replies_not_cleared(session.get(Case, 1))
    assert [h.reasons for h in holds] == [
        (
            "the addressee asked that it stay confidential",
            "no team member cleared it for publication yet",
        )
    ]


def test_reply_set_records_language_translation_and_clearance(
    workspace: LocalWorkspace, session: Session
) -> None:
    sent_case(workspace, session)
    nothing = workspace.command("/letter 1 reply-set language fr")
    assert "has no reply recorded" in nothing.text
    workspace.command("/letter 1 reply 2017-03-20")
    workspace.command("/letter 1 reply 2017-04-02 Further information.")

    # which reply, when there are two; bad values say what to type and change nothing
    assert "has 2 replies: say which" in workspace.command("/letter 1 reply-set language fr").text
    for line, says in (
        ("/letter 1 reply-set 1 language de", "not a reply language: say en, fr, es, other"),
        ("/letter 1 reply-set 3 language fr", "no reply 3"),
        ("/letter 1 reply-set 1 tone polite", "not recorded of a reply"),
        ("/letter 1 reply-set 1 confidential maybe", "say yes or no"),
        ("/letter 1 reply-set 1 translation received 2017-03-01", "before the reply arrived"),
        ("/letter 1 reply-set 1", "e.g. /letter 1 reply-set 1 language fr"),
    ):
        assert says in workspace.command(line).text, line
    session.expire_all()
    first, second = sorted(session.scalars(select(AddresseeReply)), key=lambda r: r.received_on)
    assert (first.language, first.confidential, first.translation_received_on) == (
        None,
        False,
        None,
    )

    assert "fr" in workspace.command("/letter 1 reply-set 1 language FR").text
    workspace.command("/letter 1 reply-set 1 translation requested 2017-03-21")
    refused = workspace.command("/letter 1 reply-set 1 cleared yes")
    assert "translation requested 2017-03-21, not received" in refused.text
    workspace.command("/letter 1 reply-set 1 translation received 2017-04-10")
    cleared = workspace.command("/letter 1 reply-set 1 cleared yes", user="U0CAROL")
    assert "cleared for publication by <@U0CAROL>" in cleared.text
    assert "Nothing changed" in workspace.command("/letter 1 reply-set 1 cleared yes").text
    session.expire_all()
    first = session.get(AddresseeReply, first.id)
    assert (first.language, first.translation_requested_on, first.translation_received_on) == (
        "fr",
        dt.date(2017, 3, 21),
        dt.date(2017, 4, 10),
    )
    assert first.cleared_by == "U0CAROL"

    # the publication reminder's list: reply 2 only, nobody cleared it
    holds = replies_not_cleared(session.get(Case, 1))
    assert [(h.number, h.reasons) for h in holds] == [
        (2, ("no team member cleared it for publication yet",))
    ]
    # the addressee asks for confidentiality afterwards: the clearance is taken back
    workspace.command("/letter 1 reply-set 1 confidential yes")
    session.expire_all()
    holds = replies_not_cleared(session.get(Case, 1))
    assert [h.number for h in holds] == [1, 2]
    assert "confidential" in workspace.command("/letter 1 reply-set 1 cleared yes").text

    shown = str(workspace.command("/case show 1").json["blocks"])
    assert "*confidential* (the addressee asked)" in shown
    assert "translation requested 2017-03-21, received 2017-04-10" in shown

    changes = [
        (e.actor, e.field, e.old_value, e.new_value)
        for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action == "reply-set").order_by(AuditEntry.id)
        )
    ]
    assert changes[0] == ("U0ALICE", "language (reply of 2017-03-20)", None, "fr")
    assert ("U0CAROL", "cleared_by (reply of 2017-03-20)", None, "U0CAROL") in changes
    assert ("U0ALICE", "cleared_by (reply of 2017-03-20)", "U0CAROL", None) in changes
