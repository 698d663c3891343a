"""Where the bot's messages are in Slack: a case's card, its review thread, a version's message.

The outbox records a message's ts (and its permalink) here when it posts one it is asked to
remember (``Post.remember``); the Slack side reads them here to update a card, to post in a
thread or to link to a message. The domain keeps no Slack coordinates.

Reads in a session are kept for the rest of its transaction (a request asks for the same card
or thread several times); a message recorded meanwhile by another process is seen by the next
transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    ScalarSelect,
    Select,
    Table,
    and_,
    bindparam,
    case,
    event,
    select,
    tuple_,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.slack.models import SlackMessage

Kind = Literal["case_card", "review_thread", "version_message", "public_version_message"]
CARD: Kind = "case_card"  # key: a case id
THREAD: Kind = "review_thread"  # key: a case id; the first draft's message starts the thread
VERSION: Kind = "version_message"  # key: a draft version id; its header message
PUBLIC: Kind = "public_version_message"  # key: a public version id; its header message
KINDS: tuple[Kind, ...] = (CARD, THREAD, VERSION, PUBLIC)

_MESSAGES = cast(Table, SlackMessage.__table__)
_CACHE = "slack_messages"  # session.info: what this transaction read, by (kind, key)


@dataclass(frozen=True, slots=True)
class Message:
    """A message of the bot in Slack."""

    channel: str
    ts: str
    link: str | None  # its permalink; None or "" when not known


def read(session: Session, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Message]:
    """The messages recorded for these (kind, key) pairs (those with none are left out), in
    one query for those this transaction has not read yet."""
    cache: dict[tuple[str, int], Message | None] = session.info.setdefault(_CACHE, {})
    wanted = list(dict.fromkeys(keys))
    missing = [key for key in wanted if key not in cache]
    if missing:
        for key in missing:
            cache[key] = None
        rows = session.connection().execute(
            select(_MESSAGES.c.kind, _MESSAGES.c.key, *_COLUMNS).where(
                tuple_(_MESSAGES.c.kind, _MESSAGES.c.key).in_(missing)
            )
        )
        for row in rows:
            cache[(row.kind, row.key)] = Message(row.channel, row.ts, row.permalink)
    return {key: found for key in wanted if (found := cache[key]) is not None}


def joined(
    statement: Select[Any],
    kind: Kind,
    *,
    to: FromClause,
    key: ColumnElement[Any],
    name: str,
) -> Select[Any]:
    """``statement`` with the message of this kind whose key is ``key`` (a column of ``to``,
    one of the statement's tables) outer-joined to it, as ``name``, and its channel, ts and
    permalink as three more columns (None where there is none): read with the rows the
    statement reads already (see ``keep_reads``)."""
    found = _MESSAGES.alias(name)
    return statement.outerjoin_from(
        to, found, and_(found.c.kind == kind, found.c.key == key)
    ).add_columns(found.c.channel, found.c.ts, found.c.permalink)


def keep_reads(
    session: Session, kind: Kind, key: int, columns: Sequence[str | None]
) -> Message | None:
    """The message read by a statement ``joined`` extended (its three columns), kept for the
    rest of the transaction as if ``read`` had read it (None kept too: there is none)."""
    channel, ts, link = columns
    found = Message(channel, ts, link) if channel is not None and ts is not None else None
    session.info.setdefault(_CACHE, {})[(kind, key)] = found
    return found


def one(session: Session, kind: Kind, key: int) -> Message | None:
    """The message recorded for (kind, key), if any."""
    return read(session, [(kind, key)]).get((kind, key))


def find(bind: Session | Connection, kind: Kind, key: int) -> Message | None:
    """The message recorded for (kind, key) now, read afresh (not kept)."""
    row = bind.execute(
        select(*_COLUMNS).where(_MESSAGES.c.kind == kind, _MESSAGES.c.key == key)
    ).first()
    return Message(row.channel, row.ts, row.permalink) if row is not None else None


def key_at(session: Session, kind: Kind, *, channel: str, ts: str) -> int | None:
    """Whose message of this kind is at (channel, ts): a review thread's case id, say."""
    return session.connection().scalar(
        select(_MESSAGES.c.key).where(
            _MESSAGES.c.kind == kind, _MESSAGES.c.channel == channel, _MESSAGES.c.ts == ts
        )
    )


def recorded_ts(connection: Connection, *, kind: str, key: int) -> str | None:
    """The ts recorded for (kind, key) now, read on the caller's connection."""
    return connection.scalar(
        select(_MESSAGES.c.ts).where(_MESSAGES.c.kind == kind, _MESSAGES.c.key == key)
    )


def recorded_ts_of(kind: ColumnElement[Any], key: ColumnElement[Any]) -> ScalarSelect[Any]:
    """The ts recorded for (kind, key), as a subquery of a statement on another table (the
    outbox reads a card's ts in the statement that claims its update)."""
    return (
        select(_MESSAGES.c.ts)
        .where(_MESSAGES.c.kind == kind, _MESSAGES.c.key == key)
        .scalar_subquery()
    )


def forget_reads(session: Session) -> None:
    """Drop what this session read (its transaction ended: others may have recorded since)."""
    session.info.pop(_CACHE, None)


def record(
    connection: Connection,
    *,
    kind: str,
    key: int,
    channel: str,
    ts: str,
    link: str | None,
) -> None:
    """Record where a message was posted, in the caller's transaction.

    A review thread is the first one recorded for its case (a thread is never moved). A card
    or a version's message takes the new ts (a card posted again after it was deleted); its
    permalink is replaced when the ts changes or a link is given, else kept.
    """
    values = {"kind": kind, "key": key, "channel": channel, "ts": ts, "permalink": link}
    connection.execute(_upsert(connection.dialect.name, keep_first=kind == THREAD), values)


def set_link(connection: Connection, *, message_id: int, link: str | None) -> None:
    """Store a permalink asked for later (``fill_missing_links``)."""
    connection.execute(
        _MESSAGES.update().where(_MESSAGES.c.id == message_id).values(permalink=link)
    )


def without_link(connection: Connection, *, limit: int) -> list[Any]:
    """Recorded messages whose permalink was never had (id, channel, ts)."""
    return list(
        connection.execute(
            select(_MESSAGES.c.id, _MESSAGES.c.channel, _MESSAGES.c.ts)
            .where(_MESSAGES.c.permalink.is_(None))
            .order_by(_MESSAGES.c.id)
            .limit(limit)
        )
    )


_COLUMNS = (_MESSAGES.c.channel, _MESSAGES.c.ts, _MESSAGES.c.permalink)


@functools.cache
def _upsert(dialect: str, *, keep_first: bool) -> Any:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(_MESSAGES).values(
        kind=bindparam("kind"),
        key=bindparam("key"),
        channel=bindparam("channel"),
        ts=bindparam("ts"),
        permalink=bindparam("permalink"),
    )
    index = [_MESSAGES.c.kind, _MESSAGES.c.key]
    if keep_first:
        return statement.on_conflict_do_nothing(index_elements=index)
    new = statement.excluded
    kept = (new.ts == _MESSAGES.c.ts) & new.permalink.is_(None)
    return statement.on_conflict_do_update(
        index_elements=index,
        set_={
            "channel": new.channel,
            "ts": new.ts,
            "permalink": case((kept, _MESSAGES.c.permalink), else_=new.permalink),
        },
    )


@event.listens_for(Session, "after_transaction_end")
def _transaction_ended(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        forget_reads(session)
