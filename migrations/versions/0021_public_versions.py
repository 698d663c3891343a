"""The public version of a sent letter: withheld victims' names replaced, cleared by one
team member, then frozen beside the sent letter.

``public_versions``: one row per version built (numbered per case), its Markdown, text and
Word file, the findings its reviewer saw, and who cleared it when.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 18:49:08.970710
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "public_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("sent_version_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("names_hash", sa.String(length=64), nullable=False),
        sa.Column("markdown", sa.Text(), nullable=False),
        sa.Column("plain_text", sa.Text(), nullable=False),
        sa.Column("docx", sa.LargeBinary(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("made_by", sa.String(length=32), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cleared_by", sa.String(length=32), nullable=True),
        sa.Column("cleared_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_public_versions_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sent_version_id"],
            ["draft_versions.id"],
            name=op.f("fk_public_versions_sent_version_id_draft_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_versions")),
        sa.UniqueConstraint("case_id", "number", name=op.f("uq_public_versions_case_id_number")),
    )


def downgrade() -> None:
    op.drop_table("public_versions")
