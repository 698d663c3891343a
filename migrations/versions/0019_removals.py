"""Removals that can be taken back: a removed allegation, question, body paragraph or annex
item is kept whole (``removals``) so that whoever removed it can put it back at its place.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "removals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("row", sa.JSON(), nullable=False),
        sa.Column("removed_by", sa.String(length=32), nullable=False),
        sa.Column("removed_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("restored_at", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_removals_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_removals")),
    )
    op.create_index(op.f("ix_removals_case_id"), "removals", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_removals_case_id"), table_name="removals")
    op.drop_table("removals")
