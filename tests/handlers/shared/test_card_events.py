"""The case card follows the domain events: every change of a case updates it, several
changes of one request make one update, and no listener asks for the card itself."""

from __future__ import annotations

import ast
from pathlib import Path

from sqlalchemy import func, select

from bot.cases.models import Case
from bot.local.workspace import LocalWorkspace
from bot.slack.models import OutboxMessage, SlackMessage
from handlers.cases.ids import ActionId, BlockId
from handlers.shared.card import CARD
from handlers.shared.ids import CardActionId

OPEN = "/case open KAZ AL FOAA the closure of a union"
HANDLERS = Path(__file__).resolve().parents[3] / "handlers"
CARD_MODULE = HANDLERS / "shared" / "card.py"


def card_updates(session) -> int:  # noqa: ANN001
    return session.scalar(
        select(func.count()).where(OutboxMessage.render == CARD, OutboxMessage.kind == "update")
    )


def test_several_changes_in_one_form_make_one_card_update(
    workspace: LocalWorkspace, session
) -> None:  # noqa: ANN001
    workspace.command(OPEN)
    for question in ("Please explain.", "Please list the measures.", "Please say when."):
        workspace.command(f"/letter 1 question {question}")
    case = session.scalars(select(Case)).one()
    card_ts = session.scalar(select(SlackMessage.ts).where(SlackMessage.kind == CARD))
    before, staged = len(workspace.fake.calls_to("chat.update")), card_updates(session)
    card = {"ts": card_ts, **workspace.fake.messages[(case.channel_id, card_ts)]}
    workspace.click(card, CardActionId.EDIT_QUESTIONS)
    view = {"id": "V1", **workspace.fake.calls_to("views.open")[-1].params["view"]}
    q1, _q2, q3 = case.questions
    text = {"type": "plain_text_input"}
    values = {
        f"paragraph-{q1.id}": {ActionId.EDIT_PARAGRAPH: {**text, "value": "Please add more."}},
        f"paragraph-{q3.id}": {ActionId.EDIT_PARAGRAPH: {**text, "value": ""}},  # removed
        BlockId.NEW_PARAGRAPH: {ActionId.EDIT_PARAGRAPH: {**text, "value": "Please reply."}},
    }
    workspace.send(workspace.requests.view_submission(user_id="U0ALICE", view=view, values=values))
    session.expire_all()
    assert [q.text for q in case.questions] == [
        "Please add more.",
        "Please list the measures.",
        "Please reply.",
    ]  # three changes, each recording that the case changed...
    assert card_updates(session) == staged + 1  # ...one card update staged
    updates = workspace.fake.calls_to("chat.update")[before:]
    assert [call.params["ts"] for call in updates] == [card_ts]
    assert "3 questions" in str(workspace.fake.messages[(case.channel_id, card_ts)])


def test_a_change_refused_updates_no_card(workspace: LocalWorkspace, session) -> None:  # noqa: ANN001
    workspace.command(OPEN)
    staged = card_updates(session)
    assert "no questions yet" in workspace.command("/letter 1 question remove 4").text
    assert card_updates(session) == staged


def test_no_listener_asks_for_the_card_itself() -> None:
    """The card is posted and updated by its event handlers only (handlers/shared/card.py)."""
    asking = [
        f"{path.relative_to(HANDLERS)}:{node.lineno}"
        for path in sorted(HANDLERS.rglob("*.py"))
        if path != CARD_MODULE
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name | ast.Attribute)
        and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr)
        in {"card_update", "new_card"}
    ]
    assert asking == []
