"""Removals answer with what went and an Undo button; Undo puts it back at its place, for the
person who removed it, once, while the letter is not sent (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import select

from bot.audit.models import AuditEntry
from bot.cases.models import Allegation, BodyParagraph, CaseCitation, Question, Removal
from bot.local.workspace import Answer, LocalWorkspace, find_action
from handlers.shared.ids import RemovalActionId
from tests.factories import OPEN, build_case, clear, race, send_letter, versions

UNDO = RemovalActionId.UNDO
FACTS = ("It was closed.", "He was arrested.", "He was released.")


def texts(session, model) -> list[str]:
    session.expire_all()
    rows = session.scalars(select(model).order_by(model.position))
    return [row.text if model is not CaseCitation else row.key or row.text for row in rows]


def positions(session, model) -> list[int]:
    return [row.position for row in session.scalars(select(model).order_by(model.position))]


def with_facts(workspace: LocalWorkspace, *facts: str) -> None:
    workspace.command(OPEN)
    for fact in facts:
        assert "added" in workspace.command(f"/allegation 1 {fact}").text


def undo(workspace: LocalWorkspace, answer: Answer, user: str = "U0ALICE") -> str:
    return workspace.click(answer.ack, UNDO, user=user).text


def test_two_removals_of_number_one_at_once_answer_with_what_each_removed(
    workspace: LocalWorkspace, session
) -> None:
    with_facts(workspace, *FACTS)
    answers = race(
        lambda: workspace.command("/allegation 1 remove 1", user="U0ALICE"),
        lambda: workspace.command("/allegation 1 remove 1", user="U0BOB"),
    )
    said = sorted(answer.ack["text"] for answer in answers)
    assert "It read: “He was arrested.”" in said[0] and "It was closed." not in said[0]
    assert "It read: “It was closed.”" in said[1] and "He was arrested." not in said[1]
    assert texts(session, Allegation) == ["He was released."]
    buttons = [find_action(answer.ack["blocks"], UNDO) for answer in answers]
    assert sorted(button["value"] for button in buttons) == ["1", "2"]  # one removal each


def test_undo_puts_the_paragraph_back_at_its_place(workspace: LocalWorkspace, session) -> None:
    with_facts(workspace, *FACTS)
    removed = workspace.command("/allegation 1 remove 2")
    assert "Allegation 2 of case #1 removed" in removed.text
    assert texts(session, Allegation) == ["It was closed.", "He was released."]
    answer = undo(workspace, removed)
    assert "Allegation 2 of case #1" in answer and "back in its place (3 allegations now)" in answer
    assert texts(session, Allegation) == list(FACTS)
    assert positions(session, Allegation) == [0, 1, 2]
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.actor, entry.action, entry.field, entry.new_value) == (
        "U0ALICE",
        "allegation-restore",
        "allegation 2",
        "He was arrested.",
    )
    assert session.scalars(select(Removal)).one().restored_at is not None


def test_undo_by_someone_else_is_refused(workspace: LocalWorkspace, session) -> None:
    with_facts(workspace, *FACTS)
    removed = workspace.command("/allegation 1 remove 1")
    answer = undo(workspace, removed, user="U0BOB")
    assert "Only <@U0ALICE>, who removed allegation 1 of case #1, can undo" in answer
    assert "nothing was restored" in answer
    assert texts(session, Allegation) == list(FACTS[1:])
    assert undo(workspace, removed) and texts(session, Allegation) == list(FACTS)


def test_a_second_undo_of_one_removal_is_refused(workspace: LocalWorkspace, session) -> None:
    with_facts(workspace, *FACTS)
    removed = workspace.command("/allegation 1 remove 3")
    assert "back in its place" in undo(workspace, removed)
    assert "was put back already; nothing changed" in undo(workspace, removed)
    assert texts(session, Allegation) == list(FACTS)
    restores = select(AuditEntry).where(AuditEntry.action == "allegation-restore")
    assert len(session.scalars(restores).all()) == 1


def test_two_undos_at_once_restore_once(workspace: LocalWorkspace, session) -> None:
    with_facts(workspace, *FACTS)
    removed = workspace.command("/allegation 1 remove 1")
    before = len(workspace.fake.calls_to("response_url"))
    race(lambda: undo(workspace, removed), lambda: undo(workspace, removed))
    answers = [c.params["text"] for c in workspace.fake.calls_to("response_url")[before:]]
    assert sum("back in its place" in answer for answer in answers) == 1, answers
    assert sum("put back already" in answer for answer in answers) == 1, answers
    assert texts(session, Allegation) == list(FACTS)


def test_undo_is_refused_when_its_place_no_longer_exists(
    workspace: LocalWorkspace, session
) -> None:
    with_facts(workspace, *FACTS)
    last = workspace.command("/allegation 1 remove 3")
    workspace.command("/allegation 1 remove 2")
    answer = undo(workspace, last)
    assert "cannot go back to its place: the case has 1 allegation now" in answer
    assert "Nothing was restored" in answer
    assert texts(session, Allegation) == ["It was closed."]


def test_undo_is_refused_once_the_letter_is_sent(workspace: LocalWorkspace, session) -> None:
    build_case(workspace)
    workspace.command("/allegation 1 He was arrested.")
    removed = workspace.command("/allegation 1 remove 2")
    workspace.command("/letter 1 draft")
    (v1,) = versions(session)
    clear(workspace, v1, "FOAA", "U0BOB")
    clear(workspace, v1, "HRD", "U0BOB")
    assert "recorded as sent" in send_letter(workspace, "/letter 1 send 2017-01-23").text
    answer = undo(workspace, removed)
    assert "its letter is frozen. Nothing was restored." in answer
    assert len(texts(session, Allegation)) == 1


def test_undo_of_a_question_a_body_paragraph_and_an_annex_item(
    workspace: LocalWorkspace, session
) -> None:
    workspace.command(OPEN)
    for line in (
        "/letter 1 question Q1?",
        "/letter 1 question Q2?",
        "/letter 1 body B1.",
        "/letter 1 body B2.",
        "/cite 1 ICCPR art. 21",
        "/cite 1 text A free paragraph.",
    ):
        assert "went wrong" not in workspace.command(line).text
    for line, model, left, whole in (
        ("/letter 1 question remove 1", Question, ["Q2?"], ["Q1?", "Q2?"]),
        ("/letter 1 body remove 2", BodyParagraph, ["B1."], ["B1.", "B2."]),
        ("/cite 1 remove 1", CaseCitation, ["A free paragraph."], ["ICCPR", "A free paragraph."]),
    ):
        removed = workspace.command(line)
        assert texts(session, model) == left, line
        assert "back in its place" in undo(workspace, removed), line
        assert texts(session, model) == whole, line
    citation = session.scalars(select(CaseCitation).order_by(CaseCitation.position)).first()
    assert (citation.form.value, citation.pinpoint) == ("library", "art. 21")


def test_undo_works_after_a_restart(workspace: LocalWorkspace, session, settings, sessions) -> None:
    with_facts(workspace, *FACTS)
    removed = workspace.command("/allegation 1 remove 2")
    with LocalWorkspace(settings, sessions=sessions) as restarted:
        assert "back in its place" in restarted.click(removed.ack, UNDO).text
    assert texts(session, Allegation) == list(FACTS)


def test_the_answer_quotes_a_long_paragraph_within_slack_limits(
    workspace: LocalWorkspace, session
) -> None:
    with_facts(workspace, "Long & long. " * 230)  # 2,990 characters, 3,220 escaped
    answer = workspace.command("/allegation 1 remove 1")
    (section, actions) = answer.ack["blocks"]
    assert len(section["text"]["text"]) <= 3000 and section["text"]["text"].endswith("…”")
    assert actions["elements"][0]["value"] == "1"
