"""/allegation and /letter question through signed requests; the modal and the shortcut."""

from __future__ import annotations

from slack_bolt.request import BoltRequest
from sqlalchemy import event, func, select

from bot.cases.models import Allegation, Case, Question
from bot.local.workspace import LocalWorkspace
from handlers.allegations.ids import ActionId, BlockId, CallbackId

OPEN = "/case open KAZ AL FOAA,HRD the permanent closure of the Confederation of Independent Trade Unions of Kazakhstan"


def texts(session, model) -> list[str]:
    return [a.text for a in session.scalars(select(model).order_by(model.position))]


def test_add_list_edit_move_remove(workspace: LocalWorkspace, session) -> None:
    workspace.command(OPEN)
    for word in ("first", "second", "third"):
        answer = workspace.command(f"/allegation 1 The {word} paragraph.")
        assert "added to case #1" in answer.text
    assert texts(session, Allegation) == [
        "The first paragraph.",
        "The second paragraph.",
        "The third paragraph.",
    ]
    listed = str(workspace.command("/allegation 1 list").json["blocks"])
    assert "*1.* The first" in listed and "*3.* The third" in listed
    workspace.command("/allegation 1 edit 2 The second, corrected.")
    workspace.command("/allegation 1 move 3 1")
    assert texts(session, Allegation) == [
        "The third paragraph.",
        "The first paragraph.",
        "The second, corrected.",
    ]
    workspace.command("/allegation 1 remove 2")
    assert texts(session, Allegation) == ["The third paragraph.", "The second, corrected."]
    assert [
        a.position for a in session.scalars(select(Allegation).order_by(Allegation.position))
    ] == [0, 1]
    assert len(workspace.fake.calls_to("chat.update")) == 6


def test_markup_is_stored_as_typed_and_shown_escaped(workspace: LocalWorkspace, session) -> None:
    workspace.command(OPEN)
    workspace.command("/allegation 1 Ask <!channel> & <@U0BOB> about <http://x|y>.")
    assert texts(session, Allegation) == ["Ask <!channel> & <@U0BOB> about <http://x|y>."]
    shown = str(workspace.command("/allegation 1 list").json["blocks"])
    assert "<!channel>" not in shown and "&lt;!channel&gt; &amp; &lt;@U0BOB&gt;" in shown
    assert "<http://x" not in str(workspace.command("/case show 1").json["blocks"])


def test_bad_allegation_input_changes_nothing(workspace: LocalWorkspace, session) -> None:
    workspace.command(OPEN)
    workspace.command("/allegation 1 Only one.")
    for line, expected in {
        "/allegation 1 edit 5 text": "no allegation 5",
        "/allegation 1 remove 0": "use 1 to 1",
        "/allegation 1 move 1 4": "no allegation 4",
        "/allegation 9 text": "no case 9",
        "/allegation nothing here": "not a case",
        "/allegation 1 " + "y" * 3001: "Split it",
        "/allegation": "",
    }.items():
        answer = workspace.command(line)
        assert answer.status == 200
        assert answer.json["response_type"] == "ephemeral" and expected in answer.text, (
            line,
            answer.text,
        )
    assert texts(session, Allegation) == ["Only one."]


def test_allegation_modal_adds_and_edits(workspace: LocalWorkspace, session) -> None:
    workspace.command(OPEN)
    workspace.command("/allegation 1")
    view = {"id": "V1", **workspace.fake.calls_to("views.open")[-1].params["view"]}
    assert view["callback_id"] == CallbackId.ADD_ALLEGATION
    long_text = (
        "On 5 December 2016, the Justice Ministry reportedly filed a case.\n\nA second line."
    )
    values = {
        BlockId.TEXT: {ActionId.ALLEGATION_TEXT: {"type": "plain_text_input", "value": long_text}}
    }
    assert (
        workspace.send(
            workspace.requests.view_submission(user_id="U0ALICE", view=view, values=values)
        ).status
        == 200
    )
    assert texts(session, Allegation) == [long_text]
    workspace.command("/allegation 1 edit 1")
    view = {"id": "V2", **workspace.fake.calls_to("views.open")[-1].params["view"]}
    assert view["callback_id"] == CallbackId.EDIT_ALLEGATION
    values[BlockId.TEXT][ActionId.ALLEGATION_TEXT]["value"] = "Edited."
    workspace.send(workspace.requests.view_submission(user_id="U0ALICE", view=view, values=values))
    session.expire_all()
    assert texts(session, Allegation) == ["Edited."]


def test_message_shortcut_copies_a_message(workspace: LocalWorkspace, session) -> None:
    workspace.command(OPEN, channel="C0KAZ")
    message = {
        "type": "message",
        "ts": "1700000000.000200",
        "user": "U0BOB",
        "text": "Three unions face closure &amp; more.",
    }
    workspace.send(
        workspace.requests.message_action(
            callback_id=CallbackId.MESSAGE_TO_ALLEGATION,
            user_id="U0ALICE",
            channel_id="C0KAZ",
            message=message,
            response_url=workspace.response_url(),
        )
    )
    view = {"id": "V1", **workspace.fake.calls_to("views.open")[-1].params["view"]}
    text_input = [b for b in view["blocks"] if b["block_id"] == BlockId.TEXT][0]
    assert text_input["element"]["initial_value"] == "Three unions face closure & more."
    values = {
        BlockId.CASE: {
            ActionId.ALLEGATION_CASE: {"type": "static_select", "selected_option": {"value": "1"}}
        },
        BlockId.TEXT: {
            ActionId.ALLEGATION_TEXT: {
                "type": "plain_text_input",
                "value": "Three unions face closure & more.",
            }
        },
    }
    workspace.send(workspace.requests.view_submission(user_id="U0ALICE", view=view, values=values))
    assert texts(session, Allegation) == ["Three unions face closure & more."]


def test_shortcut_in_a_channel_without_cases_says_so(workspace: LocalWorkspace) -> None:
    workspace.send(
        workspace.requests.message_action(
            callback_id=CallbackId.MESSAGE_TO_ALLEGATION,
            user_id="U0ALICE",
            channel_id="C0EMPTY",
            message={"ts": "1.2", "text": "hello"},
            response_url=workspace.response_url(),
        )
    )
    told = workspace.fake.calls_to("response_url")
    assert told and "no open case" in told[-1].params["text"]
    assert workspace.fake.calls_to("views.open") == []


def test_questions(workspace: LocalWorkspace, session) -> None:
    workspace.command(OPEN)
    workspace.command("/letter 1 question Please provide any additional information.")
    workspace.command("/letter 1 question Please confirm the legal basis.")
    workspace.command("/letter 1 question move 2 1")
    workspace.command("/letter 1 question edit 2 Please provide any comment.")
    assert texts(session, Question) == [
        "Please confirm the legal basis.",
        "Please provide any comment.",
    ]
    assert "*2.* Please provide any comment." in str(
        workspace.command("/letter 1 question list").json["blocks"]
    )
    workspace.command("/letter 1 question remove 1")
    assert texts(session, Question) == ["Please provide any comment."]
    assert "What should I do" in workspace.command("/letter 1 frobnicate").text
    assert "empty" in workspace.command("/letter 1 question").text
    assert session.scalar(select(func.count(Case.id))) == 1


def answered_with_statements(workspace: LocalWorkspace, engine, line: str) -> list[str]:  # noqa: ANN001
    """The SQL run until ``line`` is answered (the work after the answer is left out)."""
    command, _, text = line.partition(" ")
    request = workspace.requests.slash_command(
        command,
        text,
        user_id="U0ALICE",
        channel_id="C0CASES",
        response_url=workspace.response_url(),
    )
    seen: list[str] = []

    def note(_conn, _cursor, statement, _params, _context, _many) -> None:  # noqa: ANN001
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", note)
    try:
        response = workspace.app.dispatch(
            BoltRequest(body=request.body, headers=dict(request.headers))
        )
    finally:
        event.remove(engine, "before_cursor_execute", note)
    workspace.executor.drain()
    assert response.status == 200
    return seen


def test_adding_reads_and_locks_the_case_in_one_statement(
    workspace: LocalWorkspace, engine, session
) -> None:  # noqa: ANN001
    workspace.command(OPEN)
    workspace.command("/allegation 1 Arrested on 3 May.")
    seen = answered_with_statements(workspace, engine, "/allegation 1 Released on 4 May.")
    reads = [s for s in seen if s.startswith("SELECT")]
    case_reads = [s for s in reads if " FROM cases " in s]
    assert len(case_reads) == 1 and " FROM cases WHERE cases.id = " in case_reads[0]
    if engine.dialect.name == "postgresql":
        assert case_reads[0].endswith("FOR UPDATE")
    # The only other read: the case card's update already waiting, which this change joins
    # (search's words of the case get the new paragraph's words, nothing else is read).
    assert [s.split(" FROM ")[1].split()[0] for s in reads if s not in case_reads] == [
        "outbox_messages"
    ]
    assert any(s.startswith("UPDATE case_words SET words=") for s in seen)
    inserted = [s.split()[2] for s in seen if s.startswith("INSERT")]
    assert inserted[0] == "allegations" and "audit_entries" in inserted
    assert texts(session, Allegation) == ["Arrested on 3 May.", "Released on 4 May."]


def test_a_list_reads_without_locking(workspace: LocalWorkspace, engine) -> None:  # noqa: ANN001
    workspace.command(OPEN)
    seen = answered_with_statements(workspace, engine, "/allegation 1 list")
    assert not any("FOR UPDATE" in s or s.startswith(("INSERT", "UPDATE")) for s in seen)


def test_counts_and_articles_read_right(workspace: LocalWorkspace) -> None:
    workspace.command(OPEN)
    workspace.command("/allegation 1 Only one.")
    assert workspace.command("/allegation 1 list").text == "1 allegation"
    refused = workspace.command("/allegation 1 lst 1").text
    assert "To add an allegation starting with that word" in refused
    assert "n is an allegation number" in workspace.command("/allegation 1 remove x").text
    workspace.command("/letter 1 question Why?")
    assert "To add a question" in workspace.command("/letter 1 question lst 1").text
