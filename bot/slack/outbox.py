"""The durable outbox: Slack posts written in the transaction of the change they report.

A listener's ``Reply`` carries ``Post``, ``Upload`` and ``Respond`` items; the runtime
``stage``s them as ``OutboxMessage`` rows in the request's own transaction, answers Slack, and
then ``deliver``s them. Whatever a user was told was done is committed, and so is every post
that goes with it: a process that dies after the answer leaves pending rows that any process
delivers later (``deliver_due``, run by the scheduler tick and at start). A row being
delivered holds a lease; a reclaimed post is first looked up in its channel by the outbox id
in its metadata, so a post that happened but was not recorded is recorded, not repeated.
An update of a message built when sent (a case card) is superseded, not sent, when a newer
update of the same message waits: that one shows the record as it is then.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.webhook import WebhookClient
from sqlalchemy import case, exists, insert, or_, select, update
from sqlalchemy.orm import Session, aliased, sessionmaker

from bot.cases.models import Case
from bot.db import begin_read, unit_of_work, utcnow
from bot.reviews.models import DraftVersion
from bot.slack.models import OutboxMessage

logger = logging.getLogger("bot.slack")

METADATA_EVENT_TYPE = "mandate_bot_outbox"
LEASE = dt.timedelta(minutes=2)
FIRST_BACKOFF = dt.timedelta(seconds=30)
MAX_BACKOFF = dt.timedelta(hours=1)
MAX_ATTEMPTS = 8
HISTORY_PAGES = 3
RENDER_ROUNDS = 3  # chat.update of a message built when sent, until it shows the record

# Slack's answers that no retry will change: the post is given up and its author told.
PERMANENT = {
    "channel_not_found",
    "not_in_channel",
    "is_archived",
    "invalid_blocks",
    "msg_too_long",
    "no_text",
    "invalid_auth",
    "account_inactive",
    "cant_update_message",
    "restricted_action",
}

# Where a posted message's ts is kept: the case card, the review thread, a version's message.
Remember = Literal["case_card", "review_thread", "version_message"]

# Updates of these renderers post the message again when it was deleted, and keep the new ts.
REPOSTED_WHEN_DELETED: dict[str, Remember] = {"case_card": "case_card"}


@dataclass
class Post:
    """A chat.postMessage (or chat.update of message ``ts``)."""

    channel: str
    text: str
    blocks: list[dict] = field(default_factory=list)
    thread_ts: str | None = None
    ts: str | None = None  # update this message in place instead of posting
    thread_of: int | None = None  # post in the thread of an earlier item of this reply
    remember: list[tuple[Remember, int]] = field(default_factory=list)  # store the posted ts
    render: str | None = None  # text and blocks built when sent, by this renderer...
    render_id: int | None = None  # ...of this row (a case card is built as it is then)


@dataclass
class Upload:
    """A file uploaded with files_upload_v2, optionally into a thread."""

    channel: str
    filename: str
    content: bytes
    title: str
    thread_ts: str | None = None
    comment: str | None = None  # the message the file is shared with
    thread_of: int | None = None
    render: str | None = None  # content built when sent, by this file renderer...
    render_id: int | None = None  # ...of this row (a draft's .docx: not before the answer)


@dataclass
class Respond:
    """A message through the request's response_url (a button's ephemeral answer)."""

    text: str
    blocks: list[dict] | None = None
    in_channel: bool = False


Item = Post | Upload | Respond

# Every column a staged row sets, so that one INSERT takes all the rows of a batch.
_EMPTY_ROW: dict[str, Any] = {
    "kind": "post",
    "channel": "",
    "text": "",
    "blocks": None,
    "thread_ts": None,
    "thread_of": None,
    "ts": None,
    "render": None,
    "render_id": None,
    "remember": None,
    "filename": None,
    "title": None,
    "content": None,
    "response_type": None,
    "status": "pending",
    "attempts": 0,
}

# Builds (text, blocks) for a Post's ``render`` when it is sent; set by the composition root.
Renderer = Callable[[Session, int], tuple[str, list[dict]] | None]
# Builds an Upload's content for its ``render`` when it is sent.
FileRenderer = Callable[[Session, int], bytes | None]


@dataclass
class Outbox:
    """Stages and delivers a request's items; ``renderers`` build posts when they are sent."""

    sessions: sessionmaker[Session]
    renderers: dict[str, Renderer] = field(default_factory=dict)
    file_renderers: dict[str, FileRenderer] = field(default_factory=dict)

    def stage(
        self,
        session: Session,
        items: Iterable[Item],
        *,
        response_url: str | None = None,
        user_id: str | None = None,
    ) -> list[int]:
        """Write the items as rows of one batch in the caller's transaction; their ids.

        One INSERT of all the rows (no ORM objects: nothing reads them in this session); a
        row in the thread of another item of the batch waits for that row's id, in a later
        INSERT.
        """
        batch = uuid.uuid4().hex
        rows: list[dict[str, Any]] = []
        parents: list[int | None] = []  # the index, in rows, of the row each replies to
        for item in items:
            row = dict(_EMPTY_ROW, batch=batch, user_id=user_id, response_url=response_url)
            if isinstance(item, Respond):
                if not response_url:
                    continue  # nowhere to answer (an event): nothing is lost, nobody to tell
                row.update(
                    kind="respond",
                    text=item.text,
                    blocks=item.blocks,
                    response_type="in_channel" if item.in_channel else "ephemeral",
                )
            elif isinstance(item, Upload):
                row.update(
                    kind="upload",
                    channel=item.channel,
                    filename=item.filename,
                    content=item.content,
                    title=item.title,
                    thread_ts=item.thread_ts,
                    text=item.comment or "",
                    render=item.render,
                    render_id=item.render_id,
                )
            else:
                row.update(
                    kind="update" if item.ts else "post",
                    channel=item.channel,
                    text=item.text,
                    blocks=item.blocks or None,
                    thread_ts=item.thread_ts,
                    ts=item.ts,
                    render=item.render,
                    render_id=item.render_id,
                    remember=[list(pair) for pair in item.remember] or None,
                )
            parent = getattr(item, "thread_of", None)
            parents.append(parent if parent is not None and parent < len(rows) else None)
            rows.append(row)
        ids: list[int | None] = [None] * len(rows)
        while waiting := [i for i, id_ in enumerate(ids) if id_ is None]:
            ready = [i for i in waiting if parents[i] is None or ids[parents[i] or 0] is not None]
            for i in ready:
                parent = parents[i]
                rows[i]["thread_of"] = ids[parent] if parent is not None else None
            # One multi-row INSERT: its rows take ids in the order of its VALUES (a sequence,
            # or SQLite's next rowid under the write lock), so the ids sorted are the rows' in
            # order (RETURNING's own order is not promised; SQLAlchemy's ordered RETURNING
            # falls back to one INSERT per row on SQLite).
            inserted = sorted(
                session.scalars(
                    insert(OutboxMessage)
                    .returning(OutboxMessage.id)
                    .execution_options(render_nulls=True),
                    [rows[i] for i in ready],
                ).all()
            )
            for i, row_id in zip(ready, inserted, strict=True):
                ids[i] = row_id
        return [row_id for row_id in ids if row_id is not None]

    def deliver(self, client: WebClient, ids: list[int]) -> list[str]:
        """Deliver these rows in order (skipping any another process holds); what Slack refused."""
        problems: list[str] = []
        for row_id in ids:
            problem = self._deliver_one(client, row_id)
            if problem:
                problems.append(problem)
        return problems

    def deliver_due(self, client: WebClient, *, limit: int = 200) -> int:
        """Deliver pending rows that are due and rows whose lease ran out; how many were tried."""
        now = utcnow()
        with self.sessions() as session:
            ids = list(
                session.scalars(
                    select(OutboxMessage.id)
                    .where(_claimable(now))
                    .order_by(OutboxMessage.id)
                    .limit(limit)
                )
            )
        self.deliver(client, ids)
        return len(ids)

    def _deliver_one(self, client: WebClient, row_id: int) -> str | None:
        now = utcnow()
        with unit_of_work(self.sessions) as session:
            row = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row_id, _claimable(now))
                .values(
                    status=case((_newer_update(), "superseded"), else_="sending"),
                    claimed_until=now + LEASE,
                    attempts=OutboxMessage.attempts + 1,
                )
                .returning(OutboxMessage)
                .execution_options(populate_existing=True)
            ).scalar_one_or_none()
            if row is None:
                return None  # delivered, given up, or held by another process
            if row.status == "superseded":
                return None  # a newer update of the same message builds it as it is then
            claimed = row.attempts
            session.expunge(row)
        thread_ts = row.thread_ts
        if row.thread_of is not None:
            with self.sessions() as session:
                parent = session.get(OutboxMessage, row.thread_of)
                if parent is None or parent.status == "failed":
                    self._finish(row, status="failed", error="its thread was not posted")
                    return None
                if parent.posted_ts is None:  # not yet posted: retry shortly
                    self._finish(row, status="pending", error="waiting for its thread")
                    return None
                thread_ts = parent.posted_ts
        try:
            posted = self._send(client, row, thread_ts, reclaimed=claimed > 1)
        except SlackApiError as error:
            reason = str(error.response.get("error", "unknown_error"))
            logger.warning("slack refused outbox %s (%s): %s", row.id, row.kind, reason)
            if reason in PERMANENT or claimed >= MAX_ATTEMPTS:
                self._finish(row, status="failed", error=reason)
                self._tell_author(client, row, explain(reason))
                return explain(reason)
            self._finish(row, status="pending", error=reason)
            return None
        except (SlackClientError, OSError) as error:  # unreachable after the client's retries
            logger.warning("slack unreachable for outbox %s: %s", row.id, error)
            status = "failed" if claimed >= MAX_ATTEMPTS else "pending"
            self._finish(row, status=status, error=type(error).__name__)
            return None
        link = None
        if posted and row.remember and row.kind == "post":
            link = permalink(client, channel=row.channel or "", ts=posted)
        self._finish(row, status="sent", posted_ts=posted, link=link)
        return None

    def _send(
        self, client: WebClient, row: OutboxMessage, thread_ts: str | None, *, reclaimed: bool
    ) -> str | None:
        """Make the Slack call; the ts of the message posted or updated."""
        if row.kind == "respond":
            client_payload: dict[str, Any] = {
                "text": row.text,
                "response_type": row.response_type or "ephemeral",
                "replace_original": False,
            }
            if row.blocks:
                client_payload["blocks"] = row.blocks
            _post_response_url(client, row.response_url or "", client_payload)
            return None
        if row.kind == "upload":
            content = row.content or b""
            if row.render and row.render_id is not None:
                file_renderer = self.file_renderers.get(row.render)
                built_file = None
                if file_renderer is not None:
                    with self.sessions() as session:
                        built_file = file_renderer(begin_read(session), row.render_id)
                if built_file is None:
                    return None  # what it showed is gone: nothing to upload
                content = built_file
            client.files_upload_v2(
                channel=row.channel,
                thread_ts=thread_ts,
                content=content,
                filename=row.filename or "file",
                title=row.title or row.filename,
                initial_comment=row.text or None,
            )
            return None
        text, blocks = row.text, row.blocks
        if row.render and row.render_id is not None:
            built = self._build(row)
            if built is None:
                return None  # what it showed is gone: nothing to post
            text, blocks = built
        if row.kind == "update":
            try:
                self._update_until_current(client, row, row.ts or "", text, blocks)
                return row.ts
            except SlackApiError as error:
                if error.response.get("error") != "message_not_found":
                    raise
                kind = REPOSTED_WHEN_DELETED.get(row.render or "")
                if kind is None or row.render_id is None:
                    raise
            # The message was deleted: post it again (once) and keep its new ts.
            now_ts = self._remembered_ts(kind, row.render_id)
            if now_ts and now_ts != row.ts:  # another update has posted it again already
                self._update_until_current(client, row, now_ts, text, blocks)
                return now_ts
            row.remember = [[kind, row.render_id]]  # then posted below, as a new message
        if reclaimed:
            found = _find_posted(client, channel=row.channel, row=row, thread_ts=thread_ts)
            if found:
                return found
        answer = client.chat_postMessage(
            channel=row.channel,
            text=text,
            blocks=blocks,
            thread_ts=thread_ts,
            unfurl_links=False,
            unfurl_media=False,
            metadata={"event_type": METADATA_EVENT_TYPE, "event_payload": {"outbox_id": row.id}},
        )
        return str(answer["ts"])

    def _build(self, row: OutboxMessage) -> tuple[str, list[dict]] | None:
        """A rendered row's text and blocks as the record is now (None: nothing to show)."""
        renderer = self.renderers.get(row.render or "")
        if renderer is None or row.render_id is None:
            return None
        with self.sessions() as session:
            return renderer(begin_read(session), row.render_id)

    def _update_until_current(
        self, client: WebClient, row: OutboxMessage, ts: str, text: str, blocks: Any
    ) -> None:
        """chat.update; for a message built when sent, again while it is built differently
        now: an update built from older state may reach Slack after a newer one (two
        processes delivering two changes of one case), and the message must end as the
        record is."""
        for _ in range(RENDER_ROUNDS):
            client.chat_update(channel=row.channel, ts=ts, text=text, blocks=blocks)
            if not row.render or not self._newer_update_staged(row):
                return  # any later update is built, and sent, after this one is in Slack
            built = self._build(row)
            if built is None or built == (text, blocks):
                return
            text, blocks = built

    def _newer_update_staged(self, row: OutboxMessage) -> bool:
        """Whether an update of the same message was staged after this row: only such an
        update, built from newer state, can have reached Slack before this one."""
        newer = aliased(OutboxMessage)
        with self.sessions() as session:
            return bool(
                begin_read(session).scalar(
                    select(
                        exists().where(
                            newer.id > row.id,
                            newer.kind == "update",
                            newer.render == row.render,
                            newer.render_id == row.render_id,
                        )
                    )
                )
            )

    def _remembered_ts(self, kind: Remember, row_id: int) -> str | None:
        """The ts stored now for a remembered message (a case card)."""
        with self.sessions() as session:
            case = session.get(Case, row_id)
            return case.card_ts if case is not None and kind == "case_card" else None

    def _finish(
        self,
        row: OutboxMessage,
        *,
        status: str,
        posted_ts: str | None = None,
        error: str | None = None,
        link: str | None = None,
    ) -> None:
        """Record how the delivery went; a posted ts (and its permalink) is stored where it is
        remembered."""
        backoff = min(FIRST_BACKOFF * (2 ** max(row.attempts - 1, 0)), MAX_BACKOFF)
        if error == "waiting for its thread":
            backoff = dt.timedelta(seconds=1)
        with unit_of_work(self.sessions) as session:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row.id)
                .values(
                    status=status,
                    posted_ts=posted_ts,
                    claimed_until=None,
                    last_error=error,
                    next_attempt_at=utcnow() + backoff if status == "pending" else None,
                    content=None if status in ("sent", "failed") else OutboxMessage.content,
                )
            )
            if posted_ts and row.remember:
                _remember(session, row.remember, posted_ts, link)

    def _tell_author(self, client: WebClient, row: OutboxMessage, why: str) -> None:
        """Tell whoever made the change that Slack did not take its post (best effort)."""
        text = f"Your change is saved, but Slack did not take my message: {why}"
        try:
            if row.response_url:
                _post_response_url(
                    client,
                    row.response_url,
                    {"text": text, "response_type": "ephemeral", "replace_original": False},
                )
            elif row.user_id and row.channel:
                client.chat_postEphemeral(channel=row.channel, user=row.user_id, text=text)
        except Exception:  # noqa: BLE001 - the log keeps what could not be said
            logger.warning("could not tell %s about outbox %s", row.user_id, row.id, exc_info=True)


def _newer_update() -> Any:
    """For a rendered update being claimed: a newer update of the same message waits
    (pending). It will build the message when it is sent, after this claim and so after this
    row's change was committed: this row is superseded, not sent. (A newer one already being
    sent may have been built before this row's change, whoever staged it: not counted.)"""
    newer = aliased(OutboxMessage)
    return (OutboxMessage.kind == "update") & exists().where(
        newer.id > OutboxMessage.id,
        newer.kind == "update",
        newer.render == OutboxMessage.render,
        newer.render_id == OutboxMessage.render_id,
        newer.status == "pending",
    )


def _claimable(now: dt.datetime) -> Any:
    """Rows to deliver: pending and due, or sending with a lease that ran out."""
    return or_(
        (OutboxMessage.status == "pending")
        & or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
        (OutboxMessage.status == "sending") & (OutboxMessage.claimed_until < now),
    )


def _post_response_url(client: WebClient, url: str, payload: dict[str, Any]) -> None:
    answer = WebhookClient(
        url, timeout=client.timeout, retry_handlers=client.retry_handlers
    ).send_dict(payload)
    if answer.status_code >= 400:
        raise SlackApiError(
            f"response_url answered {answer.status_code}",
            {"ok": False, "error": answer.body or f"http_{answer.status_code}"},
        )


def _find_posted(
    client: WebClient, *, channel: str, row: OutboxMessage, thread_ts: str | None
) -> str | None:
    """The ts of this row's message if an earlier attempt posted it (metadata match)."""
    oldest = f"{row.created_at.timestamp() - 60:.6f}"
    cursor: str | None = None
    for _ in range(HISTORY_PAGES):
        if thread_ts:
            answer = client.conversations_replies(
                channel=channel, ts=thread_ts, include_all_metadata=True, cursor=cursor
            )
        else:
            answer = client.conversations_history(
                channel=channel, oldest=oldest, include_all_metadata=True, cursor=cursor
            )
        for message in answer.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if (
                metadata.get("event_type") == METADATA_EVENT_TYPE
                and payload.get("outbox_id") == row.id
            ):
                return str(message["ts"])
        cursor = (answer.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            return None
    return None


def _remember(session: Session, what: list[list[Any]], ts: str, link: str | None) -> None:
    for kind, row_id in what:
        if kind == "version_message":
            version = session.get(DraftVersion, row_id)
            if version is not None:
                if version.message_ts != ts or link:
                    version.message_link = link
                version.message_ts = ts
            continue
        case = session.get(Case, row_id)
        if case is None:
            continue
        if kind == "case_card":
            if case.card_ts != ts or link:
                case.card_link = link
            case.card_ts = ts
        elif kind == "review_thread" and not case.review_thread_ts:
            case.review_thread_ts = ts
            case.review_thread_link = link


def permalink(client: WebClient, *, channel: str, ts: str) -> str | None:
    """chat.getPermalink of a message; None when Slack cannot answer now (asked again later),
    "" when it refuses for good (the message or channel is gone: never asked again)."""
    try:
        return str(client.chat_getPermalink(channel=channel, message_ts=ts)["permalink"])
    except SlackApiError as error:
        reason = str(error.response.get("error", ""))
        logger.info("no permalink for %s/%s: %s", channel, ts, reason)
        return None if reason in ("ratelimited", "internal_error", "fatal_error") else ""
    except (SlackClientError, OSError, KeyError) as error:
        logger.info("no permalink for %s/%s yet: %s", channel, ts, error)
        return None


def fill_missing_links(
    sessions: sessionmaker[Session], client: WebClient, *, limit: int = 20
) -> int:
    """Ask Slack for the permalinks that are not stored yet (messages posted before links were
    kept, or when Slack did not answer); each message is asked once it has a ts. How many."""
    asked = 0
    with unit_of_work(sessions) as session:
        cases = session.scalars(
            select(Case)
            .where(
                or_(
                    Case.card_ts.is_not(None) & Case.card_link.is_(None),
                    Case.review_thread_ts.is_not(None) & Case.review_thread_link.is_(None),
                )
            )
            .limit(limit)
        )
        for case in cases:
            if case.card_ts and not case.card_link:
                case.card_link = permalink(client, channel=case.channel_id, ts=case.card_ts)
                asked += 1
            if case.review_thread_ts and not case.review_thread_link:
                case.review_thread_link = permalink(
                    client, channel=case.channel_id, ts=case.review_thread_ts
                )
                asked += 1
        versions = session.execute(
            select(DraftVersion, Case.channel_id)
            .join(Case, Case.id == DraftVersion.case_id)
            .where(DraftVersion.message_ts.is_not(None), DraftVersion.message_link.is_(None))
            .limit(limit)
        )
        for version, channel_id in versions:
            version.message_link = permalink(
                client, channel=channel_id, ts=version.message_ts or ""
            )
            asked += 1
    return asked


def explain(reason: str) -> str:
    """What a Slack error means for the user."""
    return {
        "channel_not_found": "I cannot see this channel (invite me with /invite @mandate-bot)",
        "not_in_channel": "I am not in this channel (invite me with /invite @mandate-bot)",
        "ratelimited": "Slack is rate-limiting me; try again in a minute",
        "invalid_blocks": "the message was too large or malformed (please report this)",
        "msg_too_long": "the message was too long (please report this)",
        "message_not_found": "the message to update is gone",
    }.get(reason, f"Slack answered {reason}")
