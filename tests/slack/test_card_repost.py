"""A case card someone deleted is posted again at the next change, once, and its new ts kept."""

from __future__ import annotations

from sqlalchemy import select

from bot.local.workspace import LocalWorkspace
from bot.slack.messages import CARD
from bot.slack.models import OutboxMessage, SlackMessage

OPEN = "/case open KAZ AL FOAA the closure of a union"
CHANNEL = "C0CASES"


def delete_card(workspace: LocalWorkspace, session) -> str:
    old_ts = session.scalar(select(SlackMessage.ts).where(SlackMessage.kind == CARD))
    workspace.app.client.chat_delete(channel=CHANNEL, ts=old_ts)
    return old_ts


def test_a_deleted_card_is_posted_again_with_the_change(workspace: LocalWorkspace, session) -> None:
    assert workspace.command(OPEN).status == 200
    old_ts = delete_card(workspace, session)
    workspace.fake.clear()

    answer = workspace.command("/allegation 1 The union's leaders were detained.")

    assert answer.status == 200 and "Allegation 1 added" in answer.text
    assert [c.error for c in workspace.fake.calls_to("chat.update")] == ["message_not_found"]
    (posted,) = workspace.fake.calls_to("chat.postMessage")
    new_ts = session.scalar(select(SlackMessage.ts).where(SlackMessage.kind == CARD))
    assert new_ts == posted.ts and new_ts != old_ts
    card = workspace.fake.messages[(CHANNEL, new_ts)]
    assert "1 allegation ·" in str(card["blocks"])
    assert "did not take" not in answer.text  # nobody is told of a failure: there is none
    statuses = set(session.scalars(select(OutboxMessage.status)))
    assert statuses == {"sent"}

    # The next change updates the new card in place.
    workspace.fake.clear()
    workspace.command("/allegation 1 The union was dissolved.")
    (update,) = workspace.fake.calls_to("chat.update")
    assert update.params["ts"] == new_ts and update.error is None
    assert not workspace.fake.calls_to("chat.postMessage")
    assert "2 allegations" in str(workspace.fake.messages[(CHANNEL, new_ts)]["blocks"])


def test_updates_waiting_when_the_card_was_deleted_post_it_once(
    workspace: LocalWorkspace, session
) -> None:
    assert workspace.command(OPEN).status == 200
    old_ts = delete_card(workspace, session)
    workspace.fake.clear()
    # Two changes whose card updates were staged (for the old ts) before either was delivered.
    workspace.fake.fail_next("chat.update", "internal_error", status=200, times=2)
    workspace.command("/allegation 1 First.")
    workspace.command("/allegation 1 Second.")
    pending = list(session.scalars(select(OutboxMessage).where(OutboxMessage.status == "pending")))
    # staged for the card, whatever its ts: sent to the ts recorded when sent (the old one)
    assert [(row.kind, row.ts) for row in pending] == [("update", None), ("update", None)]
    session.execute(OutboxMessage.__table__.update().values(next_attempt_at=None))

    workspace.app.deps.outbox.deliver_due(workspace.app.client)

    assert len(workspace.fake.calls_to("chat.postMessage")) == 1  # one new card, not two
    new_ts = session.scalar(select(SlackMessage.ts).where(SlackMessage.kind == CARD))
    assert new_ts != old_ts
    assert "2 allegations" in str(workspace.fake.messages[(CHANNEL, new_ts)]["blocks"])
    statuses = session.scalars(select(OutboxMessage.status).order_by(OutboxMessage.id))
    # The older update waiting is superseded by the newer one, which builds the card as it is.
    assert list(statuses)[-2:] == ["superseded", "sent"]


def test_a_waiting_update_with_a_newer_one_of_the_same_card_is_superseded(
    workspace: LocalWorkspace, session
) -> None:
    assert workspace.command(OPEN).status == 200
    workspace.fake.fail_next("chat.update", "internal_error", status=200, times=2)
    workspace.command("/allegation 1 First.")
    workspace.command("/allegation 1 Second.")
    session.execute(OutboxMessage.__table__.update().values(next_attempt_at=None))
    workspace.fake.clear()

    workspace.app.deps.outbox.deliver_due(workspace.app.client)

    (update,) = workspace.fake.calls_to("chat.update")
    assert "2 allegations" in str(update.params["blocks"])
    statuses = session.scalars(select(OutboxMessage.status).order_by(OutboxMessage.id))
    assert list(statuses)[-2:] == ["superseded", "sent"]


def test_other_messages_deleted_are_not_posted_again(workspace: LocalWorkspace, session) -> None:
    """Only the case card is posted again: an update of anything else is given up."""
    from bot.slack.outbox import Post

    outbox = workspace.app.deps.outbox
    with workspace.app.deps.sessions.begin() as own:
        ids = outbox.stage(own, [Post(channel=CHANNEL, ts="1.000001", text="gone")]).now
    problems = outbox.deliver(workspace.app.client, ids)
    assert not workspace.fake.calls_to("chat.postMessage")
    row = session.get(OutboxMessage, ids[0])
    assert row.status in {"pending", "failed"} and row.last_error == "message_not_found"
    assert problems in ([], ["the message to update is gone"])


def test_an_update_built_from_older_state_is_followed_by_the_current_one(
    workspace: LocalWorkspace, session
) -> None:
    """Two processes deliver two changes of one card: the older rendering may reach Slack
    last. The deliverer builds the message again after its update, and updates again while
    it differs when an update of the card was staged since, so the card ends as the record
    is."""
    from bot.slack.outbox import Outbox, Post

    posted = workspace.app.client.chat_postMessage(channel=CHANNEL, text="card")
    states = iter(["state 1", "state 2", "state 2"])  # the record changes once meanwhile
    card = Post(channel=CHANNEL, ts=posted["ts"], text="", render="test_card", render_id=1)

    def renderer(_session, _row_id):
        text = next(states)
        if text == "state 1":  # meanwhile another process commits a change and its update
            with workspace.app.deps.sessions.begin() as other:
                outbox.stage(other, [card])
        return text, [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]

    outbox = Outbox(sessions=workspace.app.deps.sessions, renderers={"test_card": renderer})
    with workspace.app.deps.sessions.begin() as own:
        ids = outbox.stage(own, [card]).now
    workspace.fake.clear()
    outbox.deliver(workspace.app.client, ids)

    texts = [c.params["text"] for c in workspace.fake.calls_to("chat.update")]
    assert texts == ["state 1", "state 2"]
    assert workspace.fake.messages[(CHANNEL, posted["ts"])]["text"] == "state 2"


def test_a_change_made_before_the_card_is_recorded_updates_it_once_posted(
    workspace: LocalWorkspace, session
) -> None:
    """The card's first post has not gone out (nor been recorded) when the next command
    comes: that command's card update waits for the post, then updates the card posted."""
    workspace.fake.fail_next("chat.postMessage", "internal_error", status=200)
    assert workspace.command(OPEN).status == 200
    assert session.scalar(select(SlackMessage.ts).where(SlackMessage.kind == CARD)) is None
    workspace.command("/allegation 1 The union's leaders were detained.")
    statuses = list(
        session.execute(select(OutboxMessage.kind, OutboxMessage.status).order_by(OutboxMessage.id))
    )
    assert [tuple(row) for row in statuses] == [("post", "pending"), ("update", "pending")]
    workspace.fake.clear()
    session.execute(OutboxMessage.__table__.update().values(next_attempt_at=None))

    workspace.app.deps.outbox.deliver_due(workspace.app.client)

    (posted,) = workspace.fake.calls_to("chat.postMessage")
    (updated,) = workspace.fake.calls_to("chat.update")
    card_ts = session.scalar(select(SlackMessage.ts).where(SlackMessage.kind == CARD))
    assert card_ts == posted.ts == updated.params["ts"] and updated.error is None
    assert "1 allegation ·" in str(workspace.fake.messages[(CHANNEL, card_ts)]["blocks"])
    assert set(session.scalars(select(OutboxMessage.status))) == {"sent"}
