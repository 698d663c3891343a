"""Follow-up letters: a case may follow up an earlier communication (/case follow-up).

Adds ``cases.follows_case_id``, the earlier case its letter cites (NULL when the earlier case
is deleted), indexed to find a case's follow-ups.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 19:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("follows_case_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_cases_follows_case_id_cases"),
            "cases",
            ["follows_case_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(
            batch_op.f("ix_cases_follows_case_id"), ["follows_case_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_follows_case_id"))
        batch_op.drop_constraint(batch_op.f("fk_cases_follows_case_id_cases"), type_="foreignkey")
        batch_op.drop_column("follows_case_id")
