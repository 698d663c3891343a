"""Numbers unique per case, the sent letter stored, review comments edited in Slack.

Existing duplicate or gapped positions of allegations, questions and annex items are
renumbered per case (by position, then id) before UNIQUE (case_id, position) is added.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NUMBERED = ("allegations", "questions", "case_citations")


def _renumber(table_name: str) -> None:
    """Positions 0..n-1 per case, in the order (position, id): duplicates and gaps repaired."""
    connection = op.get_bind()
    table = sa.table(
        table_name,
        sa.column("id", sa.Integer),
        sa.column("case_id", sa.Integer),
        sa.column("position", sa.Integer),
    )
    rows = connection.execute(
        sa.select(table.c.id, table.c.case_id, table.c.position).order_by(
            table.c.case_id, table.c.position, table.c.id
        )
    ).all()
    case_id, index = None, 0
    for row in rows:
        index = 0 if row.case_id != case_id else index + 1
        case_id = row.case_id
        if row.position != index:
            connection.execute(sa.update(table).where(table.c.id == row.id).values(position=index))


def upgrade() -> None:
    for table_name in NUMBERED:
        _renumber(table_name)
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.create_unique_constraint(
                f"uq_{table_name}_case_id_position", ["case_id", "position"]
            )
    op.create_table(
        "sent_letters",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("markdown", sa.Text(), nullable=False),
        sa.Column("plain_text", sa.Text(), nullable=False),
        sa.Column("docx", sa.LargeBinary(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["draft_versions.id"],
            name=op.f("fk_sent_letters_version_id_draft_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_sent_letters")),
    )
    with op.batch_alter_table("review_comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("review_comments", schema=None) as batch_op:
        batch_op.drop_column("edited_at")
    op.drop_table("sent_letters")
    for table_name in reversed(NUMBERED):
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.drop_constraint(f"uq_{table_name}_case_id_position", type_="unique")
