"""Databases for tests: SQLite always, PostgreSQL too when TEST_DATABASE_URL is set.

Each run creates its own databases (a file, and a fresh PostgreSQL database) from the
migrations and drops them afterwards; each test starts from the migrated state.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, delete, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db import make_engine, make_sessionmaker
from bot.local.workspace import LocalWorkspace
from bot.migrate import upgrade
from bot.models import Base, Mandate

BACKENDS = ["sqlite", "postgresql"]


def postgres_admin_url() -> str | None:
    """The PostgreSQL server to create test databases on, if any."""
    return os.environ.get("TEST_DATABASE_URL") or None


@pytest.fixture(scope="session")
def postgresql_database_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this run, dropped at the end."""
    admin = postgres_admin_url()
    if admin is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but TEST_DATABASE_URL is not: PostgreSQL tests cannot run")
        pytest.skip("TEST_DATABASE_URL is not set (PostgreSQL tests skip outside CI)")
    name = f"mandate_test_{uuid.uuid4().hex[:12]}"
    admin_engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
        # A test database need not survive a crash of the server itself (the bot's process
        # is what the crash tests kill): commits return before the WAL reaches the disk.
        connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin_engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()


@pytest.fixture(scope="session")
def sqlite_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """A migrated database URL, once per backend."""
    url = request.getfixturevalue(f"{request.param}_database_url")
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def _engines() -> Iterator[dict[str, Engine]]:
    engines: dict[str, Engine] = {}
    yield engines
    for engine in engines.values():
        engine.dispose()


@pytest.fixture(scope="session")
def _seed_rows(database_url: str, _engines: dict[str, Engine]) -> list[dict]:
    engine = _engines.setdefault(database_url, make_engine(database_url))
    with Session(engine) as session:
        return [
            {c.name: getattr(m, c.key) for c in Mandate.__table__.columns if c.name != "id"}
            for m in session.query(Mandate).order_by(Mandate.id)
        ]


@pytest.fixture(scope="session")
def _reset_statement(database_url: str, _engines: dict[str, Engine]) -> str | None:
    """PostgreSQL: one statement that empties every table and restarts every sequence.

    DELETE of a few rows is far cheaper than TRUNCATE, which makes new files for each of
    thirty tables on every test; children go before their parents."""
    engine = _engines.setdefault(database_url, make_engine(database_url))
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        sequences = connection.scalars(
            text(
                "SELECT quote_ident(relname) FROM pg_class "
                "WHERE relkind = 'S' AND relnamespace = current_schema()::regnamespace"
            )
        ).all()
    deletes = " ".join(f'DELETE FROM "{t.name}";' for t in reversed(Base.metadata.sorted_tables))
    restarts = " ".join(f"PERFORM setval('{s}', 1, false);" for s in sequences)
    return f"DO $$ BEGIN {deletes} {restarts} END $$"


@pytest.fixture
def engine(
    database_url: str,
    _engines: dict[str, Engine],
    _seed_rows: list[dict],
    _reset_statement: str | None,
) -> Engine:
    """The backend's engine, with every table back to the migrated state."""
    engine = _engines.setdefault(database_url, make_engine(database_url))
    with engine.begin() as connection:
        if _reset_statement is not None:
            connection.exec_driver_sql(_reset_statement)
        else:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(delete(table))
        connection.execute(Mandate.__table__.insert(), _seed_rows)
    return engine


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


@pytest.fixture
def session(engine: Engine, database_url: str) -> Iterator[Session]:
    """A session for the test itself: every statement commits, so reads always see the
    app's latest writes and never hold a lock the app waits for."""
    observer = make_engine(database_url, immediate=False, isolation_level="AUTOCOMMIT")
    with Session(observer, expire_on_commit=False, autoflush=True) as session:
        yield session
    observer.dispose()


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Case cards updated right after each answer, so a test reads them after a command
    (tests of CARD_UPDATE_DELAY set their own)."""
    return Settings(
        database_url=database_url, slack_signing_secret="test-signing-secret", card_update_delay=0
    )


@pytest.fixture
def workspace(settings: Settings, sessions: sessionmaker[Session]) -> Iterator[LocalWorkspace]:
    """The app behind a fake Slack, driven by signed requests."""
    with LocalWorkspace(settings, sessions=sessions) as workspace:
        yield workspace
