"""The case card's edit forms, a draft's edit menu, the Send form and the global shortcut
"Open a case", through signed requests answered by the fake Slack."""

from __future__ import annotations

from sqlalchemy import select

from bot.audit.models import AuditEntry
from bot.cases.letter_models import DraftVersion
from bot.cases.models import Case
from bot.cases.paragraphs import QUESTION, add_paragraph
from bot.db import unit_of_work
from bot.local.workspace import LocalWorkspace, find_action
from bot.slack.messages import CARD, THREAD, VERSION, find
from handlers.cases.ids import ActionId, BlockId, CallbackId
from handlers.letters.ids import ActionId as LetterActionId
from handlers.letters.ids import BlockId as LetterBlockId
from handlers.shared.ids import CardActionId
from tests.factories import build_case, clear_all
from tests.factories import only_case as case_of


def card(workspace: LocalWorkspace, session) -> dict:
    case = case_of(session)
    return {
        "ts": find(session, CARD, case.id).ts,
        **workspace.fake.messages[(case.channel_id, find(session, CARD, case.id).ts)],
    }


def opened_view(workspace: LocalWorkspace) -> dict:
    call = workspace.fake.calls_to("views.open")[-1]
    assert call.error is None, call.error
    return {"id": "V1", **call.params["view"]}


def text(value: str | None) -> dict:
    return {"type": "plain_text_input", "value": value}


def submit(workspace: LocalWorkspace, view: dict, values: dict, user: str = "U0BOB"):
    return workspace.send(
        workspace.requests.view_submission(user_id=user, view=view, values=values)
    )


def initial(view: dict, block_id: str) -> str | None:
    block = next(b for b in view["blocks"] if b.get("block_id") == block_id)
    return block["element"].get("initial_value")


def test_edit_concern_urge_and_addressee_from_the_card(workspace: LocalWorkspace, session) -> None:
    build_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    workspace.click(card(workspace, session), CardActionId.EDIT_TEXT, user="U0BOB")
    view = opened_view(workspace)
    assert view["callback_id"] == CallbackId.EDIT_TEXT
    assert initial(view, BlockId.CONCERN) == "Serious concern is expressed about the closure."
    assert initial(view, BlockId.URGE) == "ensure that independent trade unions can operate freely"

    answer = submit(
        workspace,
        view,
        {
            BlockId.CONCERN: {ActionId.EDIT_CONCERN: text("Grave concern about the closure.")},
            BlockId.URGE: {
                ActionId.EDIT_URGE: text("ensure that independent trade unions can operate freely")
            },
            BlockId.ADDRESSEE: {ActionId.EDIT_ADDRESSEE: text(None)},
        },
    )
    assert answer.status == 200 and answer.body == ""
    case = case_of(session)
    assert case.concern == "Grave concern about the closure."
    entries = list(session.scalars(select(AuditEntry).where(AuditEntry.actor == "U0BOB")))
    assert [(e.field, e.old_value, e.new_value) for e in entries] == [
        (
            "concern",
            "Serious concern is expressed about the closure.",
            "Grave concern about the closure.",
        )
    ]  # the urge was not changed, so not touched
    thread = workspace.fake.thread("C0CASES", find(session, THREAD, case.id).ts)
    assert any("changed the case after v1" in m["text"] for m in thread)  # clearances void


def test_edit_questions_in_one_form(workspace: LocalWorkspace, session) -> None:
    build_case(workspace)
    workspace.command("/letter 1 question Please explain the legal basis.")
    workspace.command("/letter 1 question Please list the measures taken.")
    workspace.click(card(workspace, session), CardActionId.EDIT_QUESTIONS)
    view = opened_view(workspace)
    assert view["callback_id"] == CallbackId.EDIT_PARAGRAPHS
    q1, q2, q3 = case_of(session).questions
    assert initial(view, f"paragraph-{q2.id}") == "Please explain the legal basis."
    values = {
        f"paragraph-{q1.id}": {ActionId.EDIT_PARAGRAPH: text("Please add any information.")},
        f"paragraph-{q2.id}": {ActionId.EDIT_PARAGRAPH: text("Please explain the legal basis.")},
        f"paragraph-{q3.id}": {ActionId.EDIT_PARAGRAPH: text("")},  # emptied: removed
        BlockId.NEW_PARAGRAPH: {ActionId.EDIT_PARAGRAPH: text("Please give the court's ruling.")},
    }
    submit(workspace, view, values, user="U0ALICE")
    assert [q.text for q in case_of(session).questions] == [
        "Please add any information.",
        "Please explain the legal basis.",
        "Please give the court's ruling.",
    ]
    actions = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-3:] == ["question-edit", "question-remove", "question-add"]
    told = workspace.fake.calls_to("chat.postEphemeral")[-1].params
    assert told["user"] == "U0ALICE" and "questions: 1 edited, 1 removed, 1 added" in told["text"]


def test_a_long_list_stays_within_the_modal_limit(
    workspace: LocalWorkspace, sessions, session
) -> None:
    workspace.command("/case open KAZ AL FOAA the closure of a union")
    with unit_of_work(sessions) as work:
        case = work.get(Case, 1)
        for n in range(120):
            add_paragraph(session=work, case=case, kind=QUESTION, text=f"Q{n}?", actor="U0ALICE")
    workspace.click(card(workspace, session), CardActionId.EDIT_QUESTIONS)
    view = opened_view(workspace)
    assert len(view["blocks"]) <= 100
    assert "use the command to edit those" in str(view["blocks"])
    assert view["blocks"][-1]["block_id"] == BlockId.NEW_PARAGRAPH


def test_the_draft_header_menu_edits_without_leaving_the_thread(
    workspace: LocalWorkspace, session
) -> None:
    build_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    session.expire_all()
    version = session.scalars(select(DraftVersion)).one()
    message = workspace.fake.messages[("C0CASES", find(session, VERSION, version.id).ts)]
    menu = next(
        element
        for block in message["blocks"]
        for element in block.get("elements") or []
        if element.get("action_id") == CardActionId.EDIT_MENU
    )
    option = next(o for o in menu["options"] if o["value"].startswith("body:"))
    workspace.send(
        workspace.requests.block_actions(
            user_id="U0BOB",
            channel_id="C0CASES",
            action={
                "action_id": CardActionId.EDIT_MENU,
                "block_id": f"review-v{version.id}",
                "type": "overflow",
                "selected_option": option,
            },
            message={"ts": find(session, VERSION, version.id).ts, **message},
            response_url=workspace.response_url(),
        )
    )
    view = opened_view(workspace)
    assert view["callback_id"] == CallbackId.EDIT_PARAGRAPHS
    new = "The closure follows the 2014 law on trade unions."
    submit(workspace, view, {BlockId.NEW_PARAGRAPH: {ActionId.EDIT_PARAGRAPH: text(new)}})
    assert [p.text for p in case_of(session).body_paragraphs] == [new]


def test_send_form_picks_the_date(workspace: LocalWorkspace, session) -> None:
    build_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    assert find_action(card(workspace, session)["blocks"], CardActionId.SEND_FORM) is None
    clear_all(workspace, case_of(session).latest_version)
    workspace.click(card(workspace, session), CardActionId.SEND_FORM)
    view = opened_view(workspace)
    picker = next(b for b in view["blocks"] if b.get("block_id") == LetterBlockId.SEND_DATE)
    assert picker["element"]["type"] == "datepicker" and picker["element"]["initial_date"]
    values = {
        LetterBlockId.SEND_DATE: {
            LetterActionId.SEND_DATE: {"type": "datepicker", "selected_date": "2017-01-23"}
        }
    }
    submit(workspace, view, values, user="U0ALICE")
    case = case_of(session)
    assert case.sent_on.isoformat() == "2017-01-23" and case.due_on.isoformat() == "2017-03-24"
    told = workspace.fake.calls_to("chat.postEphemeral")[-1].params
    assert told["user"] == "U0ALICE" and "recorded as sent on 2017-01-23" in told["text"]
    assert f"<{find(session, CARD, case.id).link.replace('&', '&amp;')}|Case card>" in told["text"]
    assert find_action(card(workspace, session)["blocks"], CardActionId.EDIT_TEXT) is None


def test_open_a_case_from_the_global_shortcut(workspace: LocalWorkspace, session) -> None:
    answer = workspace.send(
        workspace.requests.global_shortcut(
            callback_id=CallbackId.OPEN_CASE_SHORTCUT, user_id="U0ALICE"
        )
    )
    assert answer.status == 200
    view = opened_view(workspace)
    assert view["callback_id"] == CallbackId.OPEN_CASE
    assert view["blocks"][0]["block_id"] == BlockId.CHANNEL
    values = {
        BlockId.COUNTRY: {ActionId.OPEN_CASE_COUNTRY: {"selected_option": {"value": "KAZ"}}},
        BlockId.TYPE: {ActionId.OPEN_CASE_TYPE: {"selected_option": {"value": "AL"}}},
        BlockId.MANDATES: {ActionId.OPEN_CASE_MANDATES: {"selected_options": [{"value": "FOAA"}]}},
        BlockId.SUBJECT: {ActionId.OPEN_CASE_SUBJECT: text("the closure of a union")},
    }
    refused = submit(workspace, view, values, user="U0ALICE")
    assert refused.ack["response_action"] == "errors"  # no channel picked: nothing opened
    assert session.scalars(select(Case)).first() is None

    values[BlockId.CHANNEL] = {
        ActionId.OPEN_CASE_CHANNEL: {
            "type": "conversations_select",
            "selected_conversation": "C0KAZ",
        }
    }
    submit(workspace, view, values, user="U0ALICE")
    case = case_of(session)
    assert case.channel_id == "C0KAZ" and find(session, CARD, case.id).ts
    assert ("C0KAZ", find(session, CARD, case.id).ts) in workspace.fake.messages

    workspace.command("/case")  # from a channel, the form needs no channel
    assert opened_view(workspace)["blocks"][0]["block_id"] == BlockId.COUNTRY


def test_text_longer_than_a_field_is_left_out_and_unchanged(
    workspace: LocalWorkspace, sessions, session
) -> None:
    workspace.command("/case open KAZ AL FOAA the closure of a union")
    long_concern = "Concern. " * 400  # older data, longer than a form field holds
    with unit_of_work(sessions) as work:
        work.get(Case, 1).concern = long_concern
    workspace.click(card(workspace, session), CardActionId.EDIT_TEXT)
    view = opened_view(workspace)
    assert BlockId.CONCERN not in [b.get("block_id") for b in view["blocks"]]
    assert "Concern: too long to edit here" in str(view["blocks"])
    submit(workspace, view, {BlockId.URGE: {ActionId.EDIT_URGE: text("release the leaders")}})
    case = case_of(session)
    assert case.concern == long_concern and case.urge == "release the leaders"


def hint(view: dict, block_id: str) -> str:
    block = next(b for b in view["blocks"] if b.get("block_id") == block_id)
    return block["hint"]["text"]


def test_forms_and_case_show_say_what_each_field_is(workspace: LocalWorkspace, session) -> None:
    """The subject and the urge complete stock sentences; the concern and body paragraphs are
    paragraphs of their own: the forms and /case show say so, in the linter's words."""
    workspace.command("/case")
    assert hint(opened_view(workspace), BlockId.SUBJECT).startswith(
        'Completes "…information we have received concerning …" (an OL: "…your attention '
        'our comments on …")'
    )
    build_case(workspace)
    workspace.click(card(workspace, session), CardActionId.EDIT_TEXT)
    view = opened_view(workspace)
    assert hint(view, BlockId.CONCERN).startswith("A whole paragraph after the allegations")
    assert hint(view, BlockId.URGE).startswith(
        'Completes "…we urge that all necessary interim measures be taken to …": start with '
        "the verb in lower case, no full stop"
    )
    workspace.click(card(workspace, session), CardActionId.EDIT_BODY)
    assert "Whole paragraphs after the concern" in str(opened_view(workspace)["blocks"][0])
    shown = str(workspace.command("/case show 1").json["blocks"])
    assert "*Subject:* …information we have received concerning *" in shown
    assert "*Concern:* _(a paragraph of its own)_ Serious concern" in shown
    assert "*Urge:* …we urge that all necessary interim measures be taken to ensure" in shown
