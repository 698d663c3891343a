"""Slack permalinks of the case card, the review thread and each version's message, asked once.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 05:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("card_link", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("review_thread_link", sa.Text(), nullable=True))
    with op.batch_alter_table("draft_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message_link", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("draft_versions", schema=None) as batch_op:
        batch_op.drop_column("message_link")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("review_thread_link")
        batch_op.drop_column("card_link")
