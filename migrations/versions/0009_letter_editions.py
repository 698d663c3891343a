"""Letters as teams write them today: body paragraphs, editions, press notice, mandate paragraphs.

Existing cases get the ``2017`` edition so their letters do not change; new cases get the
team's default (LETTER_EDITION). A legacy reference may be kept as typed for printing.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "body_paragraphs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_body_paragraphs_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_body_paragraphs")),
        sa.UniqueConstraint(
            "case_id", "position", name=op.f("uq_body_paragraphs_case_id_position")
        ),
    )
    with op.batch_alter_table("body_paragraphs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_body_paragraphs_case_id"), ["case_id"], unique=False)

    # Existing rows get the 2017 wording and no press notice; the defaults are then dropped,
    # new cases take theirs from the application (LETTER_EDITION).
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("edition", sa.String(length=16), nullable=False, server_default="2017")
        )
        batch_op.add_column(
            sa.Column("press_release", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("printed_reference", sa.Text(), nullable=True))
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.alter_column("edition", server_default=None)
        batch_op.alter_column("press_release", server_default=None)

    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paragraphs", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.drop_column("paragraphs")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("printed_reference")
        batch_op.drop_column("press_release")
        batch_op.drop_column("edition")
    with op.batch_alter_table("body_paragraphs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_body_paragraphs_case_id"))
    op.drop_table("body_paragraphs")
