"""Letters: /letter, a draft's review buttons and form, replies in the review thread."""

from __future__ import annotations

import functools
import re

from slack_bolt import App
from sqlalchemy.orm import Session

from bot.cases.letter_models import DraftVersion
from bot.cases.models import Case
from bot.config import Settings
from bot.reviews.comments import delete_thread_comment, edit_thread_comment, record_thread_comment
from bot.reviews.replies import keep_thread_document
from bot.slack.commands import Reply
from bot.slack.messages import THREAD, VERSION, key_at, read
from bot.slack.outbox import Outbox
from bot.slack.runtime import Deps, Request, handle, register_command
from handlers.letters.commands import LETTER
from handlers.letters.ids import ActionId, CallbackId
from handlers.letters.posts import DRAFT_DOCX, render_draft_docx, subscribe, thread_notice
from handlers.letters.public import (
    PUBLIC_DOCX,
    PUBLIC_MD,
    click_clear_public,
    render_public_docx,
    render_public_markdown,
    subscribe_public,
)
from handlers.letters.replies import documents_kept_text
from handlers.letters.review import click_clear, click_request_changes, submit_request_changes
from handlers.letters.send_form import click_send as open_send_form
from handlers.letters.send_form import submit_send
from handlers.letters.sending import click_cancel_send, click_send, click_withdraw
from handlers.shared.files import slack_document
from handlers.shared.ids import CardActionId

COMMAND = LETTER  # the slash command this feature answers


def register(app: App, deps: Deps) -> None:
    """/letter, Clear, Request changes, Withdraw, Send and its form, thread replies."""
    register_command(app, deps, COMMAND)
    app.action(re.compile(f"^{ActionId.CLEAR_VERSION}(:.*)?$"))(handle(deps, click_clear))
    app.action(ActionId.REQUEST_CHANGES)(handle(deps, click_request_changes))
    app.view(CallbackId.REQUEST_CHANGES)(handle(deps, submit_request_changes))
    app.action(CardActionId.SEND_FORM)(handle(deps, open_send_form))
    app.view(CallbackId.SEND_LETTER)(handle(deps, submit_send))
    app.action(ActionId.WITHDRAW_CLEARANCE)(handle(deps, click_withdraw))
    app.action(ActionId.SEND_LETTER)(handle(deps, click_send))
    app.action(ActionId.CANCEL_SEND)(handle(deps, click_cancel_send))
    app.action(ActionId.CLEAR_PUBLIC)(handle(deps, click_clear_public))
    app.event("message")(handle(deps, thread_reply))
    subscribe(deps.events)  # the review thread and the version headers follow the events
    subscribe_public(deps.events)


def thread_reply(request: Request) -> Reply:
    """A person's reply in a case's review thread is a review comment of that version."""
    event = request.body.get("event") or {}
    subtype = event.get("subtype")
    if subtype == "message_changed":
        return comment_edited(request, event)
    if subtype == "message_deleted":
        return comment_deleted(request, event)
    if subtype == "file_share":
        return thread_files(request, event)
    thread_ts = event.get("thread_ts")
    if not thread_ts or event.get("subtype") or event.get("bot_id") or thread_ts == event.get("ts"):
        return Reply()  # only people's replies in threads are review comments
    session, message_ts = request.session, event.get("ts", "")
    case_id = key_at(session, THREAD, channel=event.get("channel", ""), ts=thread_ts)
    case = session.get(Case, case_id) if case_id is not None else None
    if case is None:
        return Reply()  # not a review thread
    record_thread_comment(
        session=session,
        case=case,
        version=answered_version(session, case, message_ts),
        message_ts=message_ts,
        author=event.get("user", ""),
        text=event.get("text", ""),
    )
    return Reply()


def _bot_user_ids(body: dict) -> set[str]:
    """The bot's own user ids, as the event's authorizations name them."""
    bots = (a for a in body.get("authorizations") or [] if a.get("is_bot"))
    return {str(a.get("user_id")) for a in bots if a.get("user_id")}


def thread_files(request: Request, event: dict) -> Reply:
    """Files a person shares in the review thread of a sent letter are the reply's documents
    (linked by Slack file id, name and permalink; never downloaded): the latest reply's, or
    waiting for the next reply recorded. The thread is told which."""
    thread_ts, user = event.get("thread_ts"), event.get("user", "")
    if not thread_ts or event.get("bot_id") or user in _bot_user_ids(request.body):
        return Reply()  # the bot's own uploads (drafts, the public version) are no reply's
    session = request.session
    case_id = key_at(session, THREAD, channel=event.get("channel", ""), ts=thread_ts)
    case = session.get(Case, case_id) if case_id is not None else None
    if case is None:
        return Reply()  # not a review thread
    shared = [d for f in event.get("files") or [] if (d := slack_document(f)) is not None]
    kept = [
        row
        for document in shared
        if (row := keep_thread_document(session=session, case=case, document=document, actor=user))
        is not None
    ]
    if not kept:
        return Reply()
    return Reply().then(thread_notice(case, documents_kept_text(case, kept)))


def answered_version(session: Session, case: Case, message_ts: str) -> DraftVersion | None:
    """The version a reply in the review thread answers: the latest one whose message was
    posted before the reply (or never recorded); None if none was."""
    versions = case.versions
    posted = read(session, [(VERSION, v.id) for v in versions])
    answered = [
        v for v in versions if (m.ts if (m := posted.get((VERSION, v.id))) else "0") <= message_ts
    ]
    return answered[-1] if answered else None


def comment_edited(request: Request, event: dict) -> Reply:
    """``message_changed``: the new text is in ``event["message"]``, its ``ts`` the original."""
    message = event.get("message") or {}
    if message.get("thread_ts") and not message.get("bot_id"):
        edit_thread_comment(
            session=request.session,
            channel_id=event.get("channel", ""),
            message_ts=message.get("ts", ""),
            text=message.get("text", ""),
            actor=(message.get("edited") or {}).get("user") or message.get("user", ""),
        )
    return Reply()


def comment_deleted(request: Request, event: dict) -> Reply:
    """``message_deleted``: ``deleted_ts`` names the message; Slack does not say who deleted it."""
    previous = event.get("previous_message") or {}
    delete_thread_comment(
        session=request.session,
        channel_id=event.get("channel", ""),
        message_ts=event.get("deleted_ts", ""),
        actor=previous.get("user", ""),
    )
    return Reply()


def register_renderers(outbox: Outbox, settings: Settings | None = None) -> None:
    """A draft's .docx is built when the outbox uploads it, with the team's letterhead; a
    public version's files are read from its row."""
    settings = settings or Settings()
    outbox.file_renderers[DRAFT_DOCX] = functools.partial(
        render_draft_docx, letterhead=settings.letterhead, team=settings.team_name, tz=settings.tz
    )
    outbox.file_renderers[PUBLIC_DOCX] = render_public_docx  # public versions: as stored
    outbox.file_renderers[PUBLIC_MD] = render_public_markdown
