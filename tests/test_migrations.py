"""The migrations build the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, select

from bot.migrate import check
from bot.models import Base, Mandate


def test_head_matches_the_models(database_url: str) -> None:
    # database_url is upgraded from empty to head once per run by the fixture
    check(database_url)  # raises if models and migrations differ
    engine = create_engine(database_url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert "alembic_version" in tables
    finally:
        engine.dispose()


def test_seed_mandates_are_registered(session) -> None:
    codes = {m.code: m for m in session.scalars(select(Mandate))}
    assert set(codes) >= {"FOAA", "HRD"}
    assert codes["FOAA"].resolutions == ["32/32"]
    assert codes["HRD"].holders == ["Michel Forst"]
