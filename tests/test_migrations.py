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
    # the seed letter's 2017 holders and bases are not a fresh install's registry: the shipped
    # file's are, each part with its source and date, and no row starts confirmed
    assert codes["FOAA"].holders == ["Gina Romero"] and codes["FOAA"].resolutions == ["41/12"]
    assert codes["HRD"].holders == []
    assert codes["FOAA"].provenance["holders"]["as_of"] == "2024-06-28"
    assert codes["FOAA"].shipped is not None and codes["FOAA"].confirmed_at is None
    assert all(
        m.provenance and {"title", "bases", "translations"} <= set(m.provenance)
        for m in codes.values()
    )


def test_a_teams_seed_mandates_keep_their_edits(tmp_path) -> None:
    """Upgrading replaces only the seed's 2017 values; a team's edit and its author stay."""
    from alembic import command
    from sqlalchemy import text

    from bot.migrate import alembic_config, upgrade

    url = f"sqlite:///{tmp_path / 'edited.sqlite3'}"
    command.upgrade(alembic_config(url), "0012")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE mandates SET holders = '[\"Mary Lawlor\"]' WHERE code = 'HRD'")
        )
        connection.execute(
            text(
                "INSERT INTO audit_entries (actor, action, field, old_value, new_value, at) "
                "VALUES ('U0ALICE', 'mandate', 'HRD holders', 'Michel Forst', 'Mary Lawlor', "
                "'2024-05-02 10:00:00')"
            )
        )
    upgrade(url)
    with engine.connect() as connection:
        rows = dict(connection.execute(text("SELECT code, holders FROM mandates")).all())
        assert rows["HRD"] == '["Mary Lawlor"]' and rows["FOAA"] == '["Gina Romero"]'
        provenance = connection.execute(
            text("SELECT provenance FROM mandates WHERE code = 'HRD'")
        ).scalar()
        assert '"by": "U0ALICE"' in provenance and "2024-05-02" in provenance
        old = connection.execute(
            text("SELECT old_value FROM audit_entries WHERE field = 'FOAA holders'")
        ).scalar()
        assert old == "Maina Kiai"  # the replaced value stays in the audit trail
    engine.dispose()


def test_upgrading_keeps_existing_rows(tmp_path) -> None:
    """Batch migrations rebuild SQLite tables; rows pointing at them must survive."""
    from alembic import command
    from sqlalchemy import text

    from bot.migrate import alembic_config, upgrade

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    command.upgrade(alembic_config(url), "0002")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO cases (id, channel_id, letter_type, country_code, subject, concern, "
                "urge, language, reply_days, reference_code, reference_number, reference_year, "
                "status, opened_by, opened_at, updated_at, content_version) VALUES (1, 'C0', 'AL', "
                "'KAZ', 's', '', '', 'en', 60, 'KAZ', 1, 2017, 'open', 'U0', "
                "'2017-01-01 00:00:00', '2017-01-01 00:00:00', 1)"
            )
        )
        connection.execute(
            text("INSERT INTO case_mandates (case_id, mandate_id, position) VALUES (1, 1, 0)")
        )
        connection.execute(
            text("INSERT INTO allegations (case_id, position, text) VALUES (1, 0, 'kept')")
        )
    upgrade(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM case_mandates")).scalar() == 1
        assert connection.execute(text("SELECT text FROM allegations")).scalar() == "kept"
        # a case written before editions keeps the 2017 wording, and no press notice
        row = connection.execute(text("SELECT edition, press_release FROM cases")).one()
        assert row[0] == "2017" and not row[1]
    engine.dispose()


def test_message_coordinates_move_to_the_slack_side(tmp_path) -> None:
    """0013 copies the card's, the review thread's and each version's ts and permalink off
    cases and draft_versions into slack_messages, then drops the domain's columns."""
    from alembic import command
    from sqlalchemy import text

    from bot.migrate import alembic_config, upgrade

    url = f"sqlite:///{tmp_path / 'coordinates.sqlite3'}"
    command.upgrade(alembic_config(url), "0012")
    engine = create_engine(url)
    case = (
        "INSERT INTO cases (id, channel_id, letter_type, country_code, subject, concern, urge, "
        "language, reply_days, reference_code, reference_number, reference_year, status, "
        "opened_by, owner, opened_at, updated_at, content_version, edition, press_release, "
        "card_ts, card_link, review_thread_ts, review_thread_link) VALUES ({id}, 'C0{id}', "
        "'AL', 'KAZ', 's', '', '', 'en', 60, 'KAZ', {id}, 2017, 'open', 'U0', 'U0', "
        "'2017-01-01 00:00:00', '2017-01-01 00:00:00', 1, 'current', 0, {card}, {card_link}, "
        "{thread}, NULL)"
    )
    version = (
        "INSERT INTO draft_versions (id, case_id, number, language, content_version, markdown, "
        "text_hash, made_by, made_at, message_ts, message_link) VALUES ({id}, 1, {id}, 'en', 1, "
        "'letter', 'h', 'U0', '2017-01-02 00:00:00', {ts}, {link})"
    )
    with engine.begin() as connection:
        connection.execute(
            text(case.format(id=1, card="'1.1'", card_link="'https://x/c1'", thread="'1.2'"))
        )
        connection.execute(text(case.format(id=2, card="NULL", card_link="NULL", thread="NULL")))
        connection.execute(text(version.format(id=1, ts="'1.2'", link="'https://x/v1'")))
        connection.execute(text(version.format(id=2, ts="NULL", link="NULL")))
    upgrade(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT kind, key, channel, ts, permalink FROM slack_messages ORDER BY id")
        ).all()
        case_columns = {c["name"] for c in inspect(connection).get_columns("cases")}
        version_columns = {c["name"] for c in inspect(connection).get_columns("draft_versions")}
    engine.dispose()
    assert sorted(tuple(row) for row in rows) == [
        ("case_card", 1, "C01", "1.1", "https://x/c1"),
        ("review_thread", 1, "C01", "1.2", None),
        ("version_message", 1, "C01", "1.2", "https://x/v1"),
    ]
    assert not case_columns & {"card_ts", "card_link", "review_thread_ts", "review_thread_link"}
    assert not version_columns & {"message_ts", "message_link"}


def test_existing_free_annex_paragraphs_after_a_citation_still_run_on(tmp_path) -> None:
    """0015: a free paragraph right after a library citation ran on into it, and still does
    (the letters of existing cases do not change); the others stay paragraphs of their own."""
    from alembic import command
    from sqlalchemy import text

    from bot.migrate import alembic_config, upgrade

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    command.upgrade(alembic_config(url), "0013")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO cases (id, channel_id, letter_type, country_code, subject, concern, "
                "urge, language, reply_days, reference_code, reference_number, reference_year, "
                "status, opened_by, owner, opened_at, updated_at, content_version, edition, "
                "press_release) VALUES (1, 'C0', 'AL', 'KAZ', 's', '', '', 'en', 60, 'KAZ', 1, "
                "2017, 'open', 'U0', 'U0', '2017-01-01 00:00:00', '2017-01-01 00:00:00', 1, "
                "'2017', FALSE)"
            )
        )
        for position, form, key, body in (
            (0, "text", None, "a first paragraph"),
            (1, "library", "ILO-C87", None),
            (2, "text", None, "The ILO has ..."),
            (3, "text", None, "Finally ..."),
            (4, "library", "UNDHRD", None),
            (5, "text", None, "In particular ..."),
        ):
            connection.execute(
                text(
                    "INSERT INTO case_citations (case_id, position, form, key, text) "
                    "VALUES (1, :position, :form, :key, :body)"
                ),
                {"position": position, "form": form, "key": key, "body": body},
            )
    upgrade(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT position, runs_on FROM case_citations ORDER BY position")
        ).all()
        assert [(position, bool(runs_on)) for position, runs_on in rows] == [
            (0, False),
            (1, False),
            (2, True),
            (3, False),
            (4, False),
            (5, True),
        ]
        columns = {c["name"]: c for c in inspect(connection).get_columns("draft_versions")}
        assert columns["findings"]["nullable"]
    engine.dispose()


def test_existing_cases_are_led_by_their_first_mandate_and_sent_ones_get_a_public_day(
    tmp_path,
) -> None:
    """0023: each case is led by the mandate that signs first; a sent letter becomes public
    its reply period after sending, the period its publication paragraph states."""
    from alembic import command
    from sqlalchemy import text

    from bot.migrate import alembic_config, upgrade

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    command.upgrade(alembic_config(url), "0022")
    engine = create_engine(url)
    with engine.begin() as connection:
        for case_id, sent_on in ((1, "2017-01-23"), (2, None)):
            connection.execute(
                text(
                    "INSERT INTO cases (id, channel_id, letter_type, country_code, subject, "
                    "concern, urge, language, reply_days, reference_code, reference_number, "
                    "reference_year, status, opened_by, owner, opened_at, updated_at, "
                    "content_version, edition, press_release, sent_on) VALUES (:id, 'C0', 'AL', "
                    "'KAZ', 's', '', '', 'en', 90, 'KAZ', :id, 2017, 'open', 'U0', 'U0', "
                    "'2017-01-01 00:00:00', '2017-01-01 00:00:00', 1, '2017', FALSE, :sent_on)"
                ),
                {"id": case_id, "sent_on": sent_on},
            )
            mandates = connection.execute(text("SELECT id FROM mandates ORDER BY id")).scalars()
            first, second = list(mandates)[:2]
            for mandate_id, position in (
                ((second, 1), (first, 0)) if case_id == 1 else ((second, 0),)
            ):
                connection.execute(
                    text(
                        "INSERT INTO case_mandates (case_id, mandate_id, position) "
                        "VALUES (:case, :mandate, :position)"
                    ),
                    {"case": case_id, "mandate": mandate_id, "position": position},
                )
    upgrade(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, lead_mandate_id, public_on FROM cases ORDER BY id")
        ).all()
    assert [(row[0], row[1], str(row[2]) if row[2] else None) for row in rows] == [
        (1, first, "2017-04-23"),
        (2, second, None),
    ]
    engine.dispose()
