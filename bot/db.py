"""Engine, session factory and the declarative base shared by every domain's models."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every model; constraint names follow NAMING_CONVENTION (Alembic batch mode)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware datetime stored in UTC (SQLite keeps no zone, so add it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    """The current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.UTC)


READS_ONLY = "reads_only"  # execution option: this transaction will only read


def make_engine(url: str, *, immediate: bool = True, **kwargs: Any) -> Engine:
    """Create the engine; SQLite gets WAL, ``synchronous=NORMAL``, foreign keys, a busy timeout.

    On SQLite every transaction takes the write lock when it begins (``immediate``), so a
    request that reads then writes never fails half-way on another writer's commit; one
    begun by ``begin_read`` takes no lock (a WAL reader never waits for the writer).
    WAL with ``synchronous=NORMAL`` makes a commit durable once it is in the WAL file: a
    process that crashes after the commit loses nothing; only a power cut or an operating
    system crash may roll back the last commits (SQLite's documentation). The record
    promises the former; PostgreSQL, the production database, gives both.
    """
    if url.startswith("sqlite"):
        connect_args = kwargs.pop("connect_args", {})
        connect_args.setdefault("check_same_thread", False)
        connect_args.setdefault("timeout", 30)
        engine = create_engine(url, connect_args=connect_args, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy, not pysqlite, decide when transactions begin (BEGIN IMMEDIATE).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            if ":memory:" not in url and "mode=memory" not in url:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: see the docstring
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        if immediate:

            @event.listens_for(engine, "begin")
            def _sqlite_begin(conn: Any) -> None:
                reads_only = conn.get_execution_options().get(READS_ONLY, False)
                conn.exec_driver_sql("BEGIN DEFERRED" if reads_only else "BEGIN IMMEDIATE")

        return engine
    # A connection is not pinged each time it is taken from the pool (pool_pre_ping: a round
    # trip per checkout, several per command). One idle for a while is pinged first, and
    # replaced if dead: after a database restart or a proxy's idle timeout while the bot was
    # quiet, the first request gets a live one. A connection used a moment before the server
    # went away fails at its first statement instead, and that request fails before anything
    # is committed or answered (the user is asked to try again; what the outbox still had to
    # deliver waits for the tick); SQLAlchemy then replaces every pooled connection older than
    # the failure, so the next request connects afresh. No connection lives longer than
    # ``pool_recycle``.
    kwargs.setdefault("pool_recycle", POOL_RECYCLE_SECONDS)
    engine = create_engine(url, **kwargs)
    _ping_when_idle(engine)
    return engine


POOL_RECYCLE_SECONDS = 1800
PING_AFTER_IDLE_SECONDS = 10.0
_RETURNED = "returned_at"  # when a pooled connection was last given back


def _ping_when_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_RETURNED] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get(_RETURNED)
        if returned is None or time.monotonic() - returned < PING_AFTER_IDLE_SECONDS:
            return  # new, or in use a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool discards this connection and takes, or opens, another.
            raise DisconnectionError("a pooled connection was dead") from error


def begin_read(session: Session) -> Session:
    """Begin the session's transaction as one that only reads (no write lock on SQLite).

    Call it before the session's first statement; the work must then write nothing: on
    SQLite a write would have to upgrade the read to the write lock, which fails at once
    (SQLITE_BUSY) when another process committed meanwhile.
    """
    if not session.in_transaction():
        session.connection(execution_options=_read_options(session.get_bind()))
        session.info[READS_ONLY] = True
    return session


def _read_options(bind: Engine | Connection) -> dict[str, Any]:
    """A read's execution options. PostgreSQL runs it without BEGIN and COMMIT (two round
    trips of the three a one-query read costs): under READ COMMITTED, its default level,
    each statement sees what was committed when it started, in a transaction or not, and
    a read takes no lock, so nothing else changes."""
    if bind.dialect.name == "postgresql":
        return {READS_ONLY: True, "isolation_level": "AUTOCOMMIT"}
    return {READS_ONLY: True}


def engine_of(sessions: sessionmaker[Session]) -> Engine:
    """The engine a session factory's sessions are bound to (for work that needs no ORM)."""
    bind = sessions.kw.get("bind")
    if not isinstance(bind, Engine):
        raise TypeError("the session factory is not bound to one engine")
    return bind


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection whose transaction only reads (on SQLite it takes no write lock)."""
    with engine.connect() as connection:
        connection.execution_options(**_read_options(engine))
        yield connection


@event.listens_for(Session, "before_flush")
def _refuse_writes_in_reads(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(READS_ONLY) and (session.new or session.dirty or session.deleted):
        raise RuntimeError("a change in a transaction begun to read only (begin_read)")


@event.listens_for(Session, "after_transaction_end")
def _reads_end(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(READS_ONLY, None)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """One session factory per process."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def unit_of_work(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session = sessions()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
