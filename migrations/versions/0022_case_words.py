"""Search by the words people type: each case's words folded (case, accents, dotless ı), indexed.

Adds ``case_words`` (one row per case: its reference, country names, subject, allegations,
body paragraphs, questions and annex items, folded to lower-case ASCII words), kept in step
by the services in the transaction that changes a case; and an index of replies by the day
received (the Home tab's recent replies). PostgreSQL stores the words as a tsvector
with a GIN index (the 'simple' configuration: no stems, no stop words); SQLite as text with an
FTS5 table over ``case_words`` that triggers keep in step. Every existing case is indexed.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 19:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from bot.cases.search_index import rebuild_all

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE case_words_fts USING fts5(words, content='case_words', "
    "content_rowid='case_id', tokenize='ascii', prefix='2 3')",
    "CREATE TRIGGER case_words_fts_insert AFTER INSERT ON case_words BEGIN "
    "INSERT INTO case_words_fts (rowid, words) VALUES (new.case_id, new.words); END",
    "CREATE TRIGGER case_words_fts_delete AFTER DELETE ON case_words BEGIN "
    "INSERT INTO case_words_fts (case_words_fts, rowid, words) "
    "VALUES ('delete', old.case_id, old.words); END",
    "CREATE TRIGGER case_words_fts_update AFTER UPDATE ON case_words BEGIN "
    "INSERT INTO case_words_fts (case_words_fts, rowid, words) "
    "VALUES ('delete', old.case_id, old.words); "
    "INSERT INTO case_words_fts (rowid, words) VALUES (new.case_id, new.words); END",
)


def upgrade() -> None:
    op.create_table(
        "case_words",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column(
            "words", sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_words_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_words")),
    )
    op.create_index(op.f("ix_case_words_channel_id"), "case_words", ["channel_id"])
    if op.get_context().dialect.name == "postgresql":
        op.create_index(
            op.f("ix_case_words_words"), "case_words", ["words"], postgresql_using="gin"
        )
    else:
        for statement in _SQLITE_FTS:
            op.execute(statement)
    rebuild_all(op.get_bind())
    op.create_index(op.f("ix_addressee_replies_received_on"), "addressee_replies", ["received_on"])


def downgrade() -> None:
    op.drop_index(op.f("ix_addressee_replies_received_on"), table_name="addressee_replies")
    if op.get_context().dialect.name != "postgresql":
        op.execute("DROP TABLE case_words_fts")
    op.drop_table("case_words")
