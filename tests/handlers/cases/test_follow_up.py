"""/case follow-up through signed requests: the new case, its letter, the earlier case told,
/case show and /case search relating them, the report marking it; and the refusals."""

from __future__ import annotations

import csv
import datetime as dt
import io

from docx import Document
from sqlalchemy import func, select

from bot.audit.models import AuditEntry
from bot.cases.models import Case
from bot.local.workspace import LocalWorkspace
from bot.slack.messages import CARD, THREAD, find
from tests.factories import CHANNEL, open_seed, sent_case


def _count(session, model) -> int:  # noqa: ANN001
    return session.scalar(select(func.count()).select_from(model))


def test_a_follow_up_of_a_sent_letter_with_a_reply(workspace: LocalWorkspace, session) -> None:
    sent_case(workspace, session)  # case 1, AL KAZ n/<this year>, sent 2017-01-23
    assert "recorded" in workspace.command("/letter 1 reply 2017-03-20 Denied.").text
    session.expire_all()
    earlier = session.get(Case, 1)
    fake = workspace.fake
    posts_before = len(fake.calls_to("chat.postMessage"))

    answer = workspace.command("/case follow-up 1", user="U0BOB")
    assert answer.json["response_type"] == "ephemeral"
    session.expire_all()
    case = session.scalars(select(Case).where(Case.id != 1)).one()
    assert f"Case #{case.id} ({case.reference}) is open: it follows up {earlier.reference}" in (
        answer.text
    )
    assert (case.follows_case_id, case.letter_type, case.opened_by) == (
        1,
        earlier.letter_type,
        "U0BOB",
    )
    assert case.reference_number == earlier.reference_number + 1  # the database's numbering

    # Its card is posted; the earlier case's review thread is told.
    card = find(session, CARD, case.id)
    assert card is not None
    assert f"follows up {earlier.reference}" in str(fake.messages[(CHANNEL, card.ts)]["blocks"])
    thread = find(session, THREAD, 1)
    told = [m["text"] for m in fake.thread(CHANNEL, thread.ts) if "follow-up" in m["text"]]
    assert told == [
        f":leftwards_arrow_with_hook: <@U0BOB> opened case #{case.id} ({case.reference}), a "
        f"follow-up of {earlier.reference}: its letter refers to this one and to its replies. "
        f"/case show {case.id} shows it."
    ]
    assert len(fake.calls_to("chat.postMessage")) > posts_before

    # Its draft cites the earlier letter and its reply.
    assert "posted" in workspace.command(f"/letter {case.id} draft").text
    draft = " ".join(
        " ".join(m["text"].split()) for m in fake.thread(CHANNEL, find(session, THREAD, case.id).ts)
    )
    assert (
        f"We would like to refer to our communication {earlier.reference}, dated 23 January 2017. "
        "We thank your Excellency's Government for its reply of 20 March 2017." in draft
    )

    # /case show relates them both ways, with the replies.
    later = str(workspace.command(f"/case show {case.id}").json["blocks"])
    assert f"follows up *{earlier.reference}* (#1): sent 2017-01-23, reply received 2017-03-20" in (
        later
    )
    first = str(workspace.command("/case show 1").json["blocks"])
    assert f"followed up by *{case.reference}* (#{case.id}): not sent yet" in first

    # /case search by either reference finds both.
    number = f"KAZ {earlier.reference_number}/{earlier.reference_year}"
    found = workspace.command(f"/case search {number}")
    assert found.text.startswith("2 cases match")
    shown = str(found.json["blocks"])
    assert f"*#1* {earlier.reference}" in shown and f"*#{case.id}* {case.reference}" in shown
    assert "follows up" in shown

    # The audit trail has both sides.
    actions = session.execute(
        select(AuditEntry.case_id, AuditEntry.action).where(AuditEntry.actor == "U0BOB")
    ).all()
    assert (case.id, "open") in actions and (1, "follow-up") in actions


def test_the_report_marks_a_follow_up_with_the_earlier_reference(
    workspace: LocalWorkspace, session
) -> None:
    sent_case(workspace, session)
    workspace.command("/case follow-up 1 UA")
    session.expire_all()
    earlier = session.get(Case, 1)
    case = session.scalars(select(Case).where(Case.id != 1)).one()
    case.sent_on, case.due_on = dt.date(2017, 2, 20), dt.date(2017, 4, 21)
    session.commit()
    answer = workspace.command("/case report 2017-01-01 2017-02-28")
    assert "of which 1 follow-up (the Follows column" in answer.text
    uploads = workspace.fake.files
    content = next(
        f["content"]
        for f in uploads.values()
        if f["filename"].startswith("communications-") and f["filename"].endswith(".csv")
    )
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert [(r["Reference"], r["Follows"]) for r in rows] == [
        (earlier.reference, ""),
        (case.reference, earlier.reference),
    ]
    assert case.reference.startswith("UA KAZ")
    word = next(
        f["content"]
        for f in uploads.values()
        if f["filename"].startswith("communications-") and f["filename"].endswith(".docx")
    )
    table = Document(io.BytesIO(word)).tables[0]
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0][-1] == "Follows"
    assert [row[-1] for row in cells[1:]] == ["", earlier.reference]


def test_refusals_change_nothing(workspace: LocalWorkspace, session) -> None:
    open_seed(workspace)  # case 1, not sent
    cases = _count(session, Case)
    not_sent = workspace.command("/case follow-up 1")
    assert "has not been sent" in not_sent.text and "/letter 1 send" in not_sent.text
    assert "Did you mean UA?" in workspace.command("/case follow-up 1 AU").text
    assert "There is no case 9 in this channel" in workspace.command("/case follow-up 9").text
    missing = workspace.command("/case follow-up")
    assert "/case follow-up <case> [AL|UA|OL]" in missing.text
    extra = workspace.command("/case follow-up 1 AL now")
    assert "give only the letter type" in extra.text
    assert _count(session, Case) == cases
    assert "follow-up <case> [AL|UA|OL]" in workspace.command("/case help").text
