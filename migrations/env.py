"""Alembic environment: the URL comes from the bot's settings, the schema from its models."""

from __future__ import annotations

import functools

from alembic import context
from sqlalchemy import Connection

from bot.config import Settings
from bot.db import UTCDateTime, make_engine
from bot.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return config.attributes.get("database_url") or Settings.from_env().database_url


def _render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Write our column types as plain SQLAlchemy types, so revisions import nothing of ours."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _include_object(
    obj: object,
    name: str | None,
    type_: str,
    reflected: bool,
    compare_to: object,
    *,
    dialect: str = "postgresql",
) -> bool:
    """SQLite's full-text index of case words (an FTS5 table and its shadow tables, made by
    migration 0022) is no model; the GIN index of the words is PostgreSQL's alone."""
    if type_ == "table" and (name or "").startswith("case_words_fts"):
        return False
    return not (type_ == "index" and name == "ix_case_words_words" and dialect != "postgresql")


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=True,
        render_item=_render_item,
        include_object=functools.partial(_include_object, dialect=connection.dialect.name),
    )


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=_url().startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode rebuilds SQLite tables (copy, drop, rename): with foreign keys on,
            # dropping the old table would cascade-delete the rows that point at it.
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            broken = connection.connection.dbapi_connection.execute(
                "PRAGMA foreign_key_check"
            ).fetchall()
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")
            if broken:
                raise RuntimeError(f"foreign keys broken after migrating: {broken[:5]}")
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
