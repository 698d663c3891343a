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

Such an update is not even staged when one of the same message waits, never tried: the one
waiting is built when sent, so it shows this change too. On PostgreSQL the waiting row is
locked (``FOR UPDATE``) by the transaction of the change, so a process claiming it meanwhile
waits for the commit and then builds with it; on SQLite the change holds the write lock, which
the claim needs too. The outbox may hold these updates back (``update_delay``): staged due a
little later, a burst of changes of one case makes one ``chat.update``, sent by the process that
staged it when due (``Staged.later``), or by the tick if that process is gone.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.webhook import WebhookClient
from sqlalchemy import Engine, Table, bindparam, case, exists, insert, or_, select, update
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bot.db import begin_read, engine_of, reading, utcnow
from bot.slack import messages
from bot.slack.messages import Kind
from bot.slack.models import OutboxMessage

logger = logging.getLogger("bot.slack")

METADATA_EVENT_TYPE = "mandate_bot_outbox"
LEASE = dt.timedelta(minutes=2)
FIRST_BACKOFF = dt.timedelta(seconds=30)
MAX_BACKOFF = dt.timedelta(hours=1)
MAX_ATTEMPTS = 8
HISTORY_PAGES = 3
RENDER_ROUNDS = 3  # chat.update of a message built when sent, until it shows the record
# A message Slack took whose recording failed (the database went away) is recorded again
# after these waits, doubling, while the row's lease lasts.
RECORD_RETRY_FIRST = dt.timedelta(seconds=0.1)
RECORD_RETRY_MAX = dt.timedelta(seconds=2)

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

# Where a posted message's ts is kept (``bot.slack.messages``): the case card, the review
# thread, a version's message.
Remember = Kind

# The message these renderers build is recorded as (kind, the row's ``render_id``): an update of
# it is staged without a ts (``Post.recorded``) and sent to the ts recorded when it is sent,
# waiting for the message's first post if that is still under way; it posts the message again
# when it was deleted, and records the new ts.
RENDERED_MESSAGES: dict[str, Remember] = {"case_card": "case_card"}
WAITING_FOR_MESSAGE = "waiting for its message"
WAITING_FOR_THREAD = "waiting for its thread"


@dataclass
class Post:
    """A chat.postMessage (or chat.update of message ``ts``)."""

    channel: str
    text: str
    blocks: list[dict] = field(default_factory=list)
    thread_ts: str | None = None
    ts: str | None = None  # update this message in place instead of posting
    recorded: bool = False  # ...or the message ``render`` builds, at the ts recorded when sent
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
    "next_attempt_at": None,  # due at once, unless held back (``Outbox.update_delay``)
}

# Builds (text, blocks) for a Post's ``render`` when it is sent; set by the composition root.
Renderer = Callable[[Session, int], tuple[str, list[dict]] | None]
# Builds an Upload's content for its ``render`` when it is sent.
FileRenderer = Callable[[Session, int], bytes | None]


@dataclass(frozen=True)
class Staged:
    """The rows ``stage`` wrote, by id: ``now`` to deliver once the transaction is committed,
    in order; ``later``, rendered updates held back ``delay`` seconds for more changes."""

    now: list[int] = field(default_factory=list)
    later: list[int] = field(default_factory=list)
    delay: float = 0.0


@dataclass
class Outbox:
    """Stages and delivers a request's items; ``renderers`` build posts when they are sent.

    ``update_delay``: how long a rendered update (a case card) is held back for more changes
    of the same message; zero sends it right after the answer.
    """

    sessions: sessionmaker[Session]
    renderers: dict[str, Renderer] = field(default_factory=dict)
    file_renderers: dict[str, FileRenderer] = field(default_factory=dict)
    update_delay: dt.timedelta = dt.timedelta(0)

    def stage(
        self,
        session: Session,
        items: Iterable[Item],
        *,
        response_url: str | None = None,
        user_id: str | None = None,
    ) -> Staged:
        """Write the items as rows of one batch in the caller's transaction.

        One INSERT of all the rows (no ORM objects: nothing reads them in this session); a
        row in the thread of another item of the batch waits for that row's id, in a later
        INSERT. A rendered update is left out when one of the same message is in the batch
        already, or waits in the outbox, never tried: that one is built when sent.
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
                    kind="update" if item.ts or item.recorded else "post",
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
        rows, parents = self._coalesce(session, rows, parents)
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
                session.connection().execute(_insert(), [rows[i] for i in ready]).scalars()
            )
            for i, row_id in zip(ready, inserted, strict=True):
                ids[i] = row_id
        staged = Staged(delay=self.update_delay.total_seconds())
        for row, staged_id in zip(rows, ids, strict=True):
            if staged_id is not None:
                (staged.later if row["next_attempt_at"] else staged.now).append(staged_id)
        return staged

    def _coalesce(
        self, session: Session, rows: list[dict[str, Any]], parents: list[int | None]
    ) -> tuple[list[dict[str, Any]], list[int | None]]:
        """The rows to insert: a rendered update is left out when another one will show its
        change (see ``stage``), and held back ``update_delay`` when kept. A row another row
        of the batch replies to is kept as it is."""
        due = utcnow() + self.update_delay if self.update_delay else None
        replied_to = {parent for parent in parents if parent is not None}
        seen: set[tuple[Any, ...]] = set()
        kept: list[int] = []
        for i, row in enumerate(rows):
            if row["kind"] == "update" and row["render"] and i not in replied_to:
                key = (row["render"], row["render_id"], row["channel"], row["ts"])
                if key in seen or _waiting_update(session, row):
                    continue
                seen.add(key)
                row["next_attempt_at"] = due
            kept.append(i)
        if len(kept) == len(rows):
            return rows, parents
        index = {old: new for new, old in enumerate(kept)}
        return [rows[i] for i in kept], [
            index[parent] if (parent := parents[i]) is not None else None for i in kept
        ]

    def deliver(self, client: WebClient, ids: list[int], *, early: bool = False) -> list[str]:
        """Deliver these rows in order (skipping any another process holds); what Slack refused.

        ``early``: rows held back (``Staged.later``) are delivered even if not yet due (the
        process that staged them delivering them when asked to, not when they fall due).
        """
        problems: list[str] = []
        for row_id in ids:
            problem = self._deliver_one(client, row_id, early=early)
            if problem:
                problems.append(problem)
        return problems

    def deliver_due(self, client: WebClient, *, limit: int = 200) -> int:
        """Deliver pending rows that are due and rows whose lease ran out; how many were tried."""
        now = utcnow()
        with reading(self.engine) as connection:
            ids = list(
                connection.scalars(
                    select(_OUTBOX.c.id).where(_claimable(now)).order_by(_OUTBOX.c.id).limit(limit)
                )
            )
        self.deliver(client, ids)
        return len(ids)

    def _deliver_one(self, client: WebClient, row_id: int, *, early: bool = False) -> str | None:
        now = utcnow()
        with self.engine.begin() as connection:
            claimed_row = connection.execute(
                _claim(),
                {
                    "row_id": row_id,
                    "now": now,
                    "due_by": now + self.update_delay if early else now,
                    "lease": now + LEASE,
                },
            ).first()
        if claimed_row is None:
            return None  # delivered, given up, held by another process, or not yet due
        # A copy of the row, in no session: read, and changed as it is sent, here only.
        row = OutboxMessage(**claimed_row._mapping)
        if row.status == "superseded":
            return None  # a newer update of the same message builds it as it is then
        claimed = row.attempts
        thread_ts = row.thread_ts
        if row.thread_of is not None:
            with reading(self.engine) as connection:
                parent = connection.execute(
                    select(_OUTBOX.c.status, _OUTBOX.c.posted_ts).where(
                        _OUTBOX.c.id == row.thread_of
                    )
                ).first()
            if parent is None or parent.status == "failed":
                self._finish(row, status="failed", error="its thread was not posted")
                return None
            if parent.posted_ts is None:  # not yet posted: retry shortly
                self._finish(row, status="pending", error=WAITING_FOR_THREAD)
                return None
            thread_ts = parent.posted_ts
        if row.kind == "update" and row.ts is None:
            row.ts, waiting = self._recorded_target(row)
            if row.ts is None:  # its first post is still under way, or it never will be
                status, error = ("pending", WAITING_FOR_MESSAGE) if waiting else ("failed", None)
                self._finish(row, status=status, error=error or "its message was not posted")
                return None
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
        newer = self._finish(row, status="sent", posted_ts=posted, link=link)
        if newer and posted:
            self._update_until_current(client, row, posted)
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
        if row.render and row.render_id is not None:
            built = self._build(row)
            if built is None:
                return None  # what it showed is gone: nothing to post
            row.text, row.blocks = built  # the row as sent (this copy only)
        text, blocks = row.text, row.blocks
        if row.kind == "update":
            try:
                client.chat_update(channel=row.channel, ts=row.ts or "", text=text, blocks=blocks)
                return row.ts
            except SlackApiError as error:
                if error.response.get("error") != "message_not_found":
                    raise
                kind = RENDERED_MESSAGES.get(row.render or "")
                if kind is None or row.render_id is None:
                    raise
            # The message was deleted: post it again (once) and keep its new ts.
            now_ts = self._remembered_ts(kind, row.render_id)
            if now_ts and now_ts != row.ts:  # another update has posted it again already
                client.chat_update(channel=row.channel, ts=now_ts, text=text, blocks=blocks)
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

    def _update_until_current(self, client: WebClient, row: OutboxMessage, ts: str) -> None:
        """A rendered update was sent, and an update of the same message was staged after it:
        only such an update, built from newer state, can have reached Slack before this one
        (two processes delivering two changes of one case). Build the message again and
        update it while it is built differently now, so that it ends as the record is."""
        for _ in range(RENDER_ROUNDS - 1):
            built = self._build(row)
            if built is None or built == (row.text, row.blocks):
                return
            try:
                client.chat_update(channel=row.channel, ts=ts, text=built[0], blocks=built[1])
            except (SlackClientError, OSError) as error:  # SlackApiError included
                logger.warning("slack did not take outbox %s again: %s", row.id, error)
                self._finish(row, status="pending", error=type(error).__name__)
                return  # sent again later, built as the record is then
            row.text, row.blocks = built
            if not self._newer_update_staged(row):
                return  # any later update is built, and sent, after this one is in Slack

    def _newer_update_staged(self, row: OutboxMessage) -> bool:
        """Whether an update of the same message was staged after this row."""
        with reading(self.engine) as connection:
            return bool(connection.scalar(_newer_staged(), _newer_staged_params(row)))

    def _recorded_target(self, row: OutboxMessage) -> tuple[str | None, bool]:
        """The ts of the message a ts-less update updates, as recorded now; with no ts yet,
        whether a post of that message is still waiting to be delivered (or being sent)."""
        kind = RENDERED_MESSAGES.get(row.render or "")
        if kind is None or row.render_id is None:
            return None, False
        with reading(self.engine) as connection:
            ts = messages.recorded_ts(connection, kind=kind, key=row.render_id)
            if ts is not None:
                return ts, False
            params = {"render": row.render, "render_id": row.render_id}
            return None, bool(connection.scalar(_post_under_way(), params))

    def _remembered_ts(self, kind: Remember, key: int) -> str | None:
        """The ts recorded now for a remembered message (a case card)."""
        with reading(self.engine) as connection:
            return messages.recorded_ts(connection, kind=kind, key=key)

    def _finish(
        self,
        row: OutboxMessage,
        *,
        status: str,
        posted_ts: str | None = None,
        error: str | None = None,
        link: str | None = None,
    ) -> bool:
        """Record how the delivery went; a posted ts (and its permalink) is stored where it is
        remembered. For a rendered update sent: whether an update of the same message was
        staged after it, asked in the same statement (see ``_update_until_current``)."""
        backoff = min(FIRST_BACKOFF * (2 ** max(row.attempts - 1, 0)), MAX_BACKOFF)
        if error in (WAITING_FOR_THREAD, WAITING_FOR_MESSAGE):
            backoff = dt.timedelta(seconds=1)
        ask = status == "sent" and row.kind == "update" and bool(row.render)
        values = {
            "row_id": row.id,
            "new_status": status,
            "new_posted_ts": posted_ts,
            "new_error": error,
            "next_attempt": utcnow() + backoff if status == "pending" else None,
        }
        if ask:
            values.update(_newer_staged_params(row))
        statement = _finished(keep_content=status not in ("sent", "failed"), ask=ask)
        delay = RECORD_RETRY_FIRST
        while True:
            try:
                with self.engine.begin() as connection:
                    result = connection.execute(statement, values)
                    newer = result.scalar() if ask else None
                    for kind, key in (row.remember or []) if posted_ts else []:
                        messages.record(
                            connection,
                            kind=kind,
                            key=key,
                            channel=row.channel,
                            ts=posted_ts or "",
                            link=link,
                        )
                return bool(newer)
            except (OperationalError, InterfaceError) as error:  # the database went away
                # What Slack took is recorded as soon as the database is back, by this process
                # while it holds the row (a draft made meanwhile must find its thread), not
                # left to whoever reclaims the row when the lease runs out.
                lease = row.claimed_until
                if status != "sent" or lease is None or utcnow() + delay >= lease:
                    raise
                logger.warning(
                    "outbox %s was sent but not recorded, trying again in %.1f s: %s",
                    row.id,
                    delay.total_seconds(),
                    type(error).__name__,
                )
                time.sleep(delay.total_seconds())
                delay = min(delay * 2, RECORD_RETRY_MAX)

    @functools.cached_property
    def engine(self) -> Engine:
        """The database of ``sessions``, for the outbox's own statements (no ORM needed)."""
        return engine_of(self.sessions)

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


# The outbox's own statements, built once (building them, an aliased table above all, costs
# more than running them), on the table itself: no ORM object is made of what they read.
_OUTBOX = cast(Table, OutboxMessage.__table__)


@functools.cache
def _insert() -> Any:
    return insert(_OUTBOX).returning(_OUTBOX.c.id)


@functools.cache
def _claim() -> Any:
    """Claim row ``row_id`` for delivery if it is claimable, and return it: marked sending
    under a lease, or superseded (a rendered update a newer one of the same message waits
    behind: that one is built when it is sent, after this claim, so after this row's change
    was committed; a newer one already being sent may have been built before, so not it)."""
    row, newer = _OUTBOX.c, _OUTBOX.alias("newer").c
    superseded = (row.kind == "update") & exists().where(
        newer.render_id == row.render_id,
        newer.render == row.render,
        newer.kind == "update",
        newer.status == "pending",
        newer.id > row.id,
    )
    return (
        update(_OUTBOX)
        .where(
            row.id == bindparam("row_id"), _claimable(bindparam("now"), due_by=bindparam("due_by"))
        )
        .values(
            status=case((superseded, "superseded"), else_="sending"),
            claimed_until=bindparam("lease", type_=row.claimed_until.type),
            attempts=row.attempts + 1,
        )
        .returning(*_OUTBOX.c)
    )


def _newer_staged_where() -> Any:
    newer = _OUTBOX.alias("newer").c
    return exists().where(
        newer.render_id == bindparam("of_render_id"),
        newer.render == bindparam("of_render"),
        newer.kind == "update",
        newer.id > bindparam("newer_than"),
    )


def _newer_staged_params(row: OutboxMessage) -> dict[str, Any]:
    return {"of_render_id": row.render_id, "of_render": row.render, "newer_than": row.id}


@functools.cache
def _newer_staged() -> Any:
    """Whether an update of message (render, render_id) was staged after row ``newer_than``."""
    return select(_newer_staged_where())


@functools.cache
def _finished(*, keep_content: bool, ask: bool) -> Any:
    """Record a delivery's outcome; ``ask``: return whether a newer update was staged."""
    row = _OUTBOX.c
    statement = (
        update(_OUTBOX)
        .where(row.id == bindparam("row_id"))
        .values(
            status=bindparam("new_status"),
            posted_ts=bindparam("new_posted_ts"),
            claimed_until=None,
            last_error=bindparam("new_error"),
            next_attempt_at=bindparam("next_attempt", type_=row.next_attempt_at.type),
            content=row.content if keep_content else None,
        )
    )
    return statement.returning(_newer_staged_where()) if ask else statement


@functools.cache
def _post_under_way() -> Any:
    """Whether a post of message (render, render_id) waits, or is being sent."""
    row = _OUTBOX.c
    return select(
        exists().where(
            row.render_id == bindparam("render_id"),
            row.render == bindparam("render"),
            row.kind == "post",
            row.status.in_(("pending", "sending")),
        )
    )


@functools.cache
def _waiting_query() -> Any:
    """The update of a message waiting in the outbox, never tried, locked (PostgreSQL) until
    the caller's transaction ends: a claim of it waits for that commit."""
    row = _OUTBOX.c
    return (
        select(row.id)
        .where(
            row.render_id == bindparam("render_id"),
            row.render == bindparam("render"),
            row.kind == "update",
            row.status == "pending",
            row.attempts == 0,
            row.channel == bindparam("channel"),
            row.ts.is_not_distinct_from(bindparam("ts")),
        )
        .limit(1)
        .with_for_update()
    )


def _waiting_update(session: Session, row: dict[str, Any]) -> bool:
    """Whether an update of the same message as this staged row waits, never tried (see
    ``Outbox.stage``): it will be built when sent, after this transaction's commit."""
    params = {key: row[key] for key in ("render_id", "render", "channel", "ts")}
    return session.connection().scalar(_waiting_query(), params) is not None


def _claimable(now: Any, *, due_by: Any = None) -> Any:
    """Rows to deliver: pending and due (by ``due_by``, ``now`` unless said), or sending with
    a lease that ran out."""
    due_by = now if due_by is None else due_by
    row = _OUTBOX.c
    return or_(
        (row.status == "pending")
        & or_(row.next_attempt_at.is_(None), row.next_attempt_at <= due_by),
        (row.status == "sending") & (row.claimed_until < now),
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
    engine = engine_of(sessions)
    with reading(engine) as connection:
        missing = messages.without_link(connection, limit=limit)
    for message_id, channel, ts in missing:
        link = permalink(client, channel=channel, ts=ts)
        with engine.begin() as connection:
            messages.set_link(connection, message_id=message_id, link=link)
    return len(missing)


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
