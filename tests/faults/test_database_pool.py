"""Pooled PostgreSQL connections are not pinged at every checkout: one idle for a while is,
and replaced if the server dropped it; one in use a moment ago fails at its first statement,
before anything is committed, and the pool then starts afresh."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

import bot.db
from bot.db import make_engine


@pytest.fixture
def pooled(database_url: str, engine: Engine) -> Iterator[Engine]:
    if not database_url.startswith("postgresql"):
        pytest.skip("pooled server connections: PostgreSQL only (SQLite is a file)")
    pooled = make_engine(database_url)
    yield pooled
    pooled.dispose()


def backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def drop_on_the_server(engine: Engine, pid: int) -> None:
    """What a database restart does to the pool's connections."""
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        connection.commit()


def count_pings(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    pings: list[object] = []
    ping = engine.dialect.do_ping

    def counted(dbapi_connection: object) -> bool:
        pings.append(dbapi_connection)
        return ping(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return pings


def test_a_connection_is_not_pinged_while_in_use(
    pooled: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings = count_pings(pooled, monkeypatch)
    for _ in range(5):
        backend_pid(pooled)
    assert pings == []


def test_an_idle_connection_the_server_dropped_is_replaced_before_use(
    pooled: Engine, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = backend_pid(pooled)
    drop_on_the_server(engine, first)
    pings = count_pings(pooled, monkeypatch)
    monkeypatch.setattr(bot.db, "PING_AFTER_IDLE_SECONDS", 0.0)  # it has been idle a while
    assert backend_pid(pooled) != first  # pinged, found dead, replaced: no error
    assert len(pings) == 1


def test_a_connection_used_a_moment_ago_fails_once_then_the_pool_starts_afresh(
    pooled: Engine, engine: Engine
) -> None:
    first = backend_pid(pooled)
    drop_on_the_server(engine, first)
    with pytest.raises(OperationalError):  # the request fails before it commits anything
        backend_pid(pooled)
    assert backend_pid(pooled) != first
