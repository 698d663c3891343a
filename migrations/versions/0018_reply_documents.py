"""Replies as they arrive: their documents, language, confidentiality, translation and
clearance for publication.

Adds to ``addressee_replies`` the reply's language, whether the addressee asked that it stay
confidential, when a translation was requested and received, and who cleared it for
publication and when; creates ``reply_documents`` (a reply's documents as Slack holds them:
file id, name, permalink; a row with no reply waits for the next reply recorded).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("addressee_replies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))
        batch_op.add_column(
            sa.Column("confidential", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("translation_requested_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("translation_received_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("cleared_by", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("cleared_on", sa.Date(), nullable=True))
    with op.batch_alter_table("addressee_replies", schema=None) as batch_op:
        batch_op.alter_column("confidential", server_default=None)
    op.create_table(
        "reply_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reply_id", sa.Integer(), nullable=True),
        sa.Column("file_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("permalink", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("shared_by", sa.String(length=32), nullable=False),
        sa.Column("shared_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_reply_documents_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reply_id"],
            ["addressee_replies.id"],
            name=op.f("fk_reply_documents_reply_id_addressee_replies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reply_documents")),
        sa.UniqueConstraint("case_id", "file_id", name=op.f("uq_reply_documents_case_id_file_id")),
    )
    op.create_index(
        op.f("ix_reply_documents_case_id"), "reply_documents", ["case_id"], unique=False
    )
    op.create_index(
        op.f("ix_reply_documents_reply_id"), "reply_documents", ["reply_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_reply_documents_reply_id"), table_name="reply_documents")
    op.drop_index(op.f("ix_reply_documents_case_id"), table_name="reply_documents")
    op.drop_table("reply_documents")
    with op.batch_alter_table("addressee_replies", schema=None) as batch_op:
        batch_op.drop_column("cleared_on")
        batch_op.drop_column("cleared_by")
        batch_op.drop_column("translation_received_on")
        batch_op.drop_column("translation_requested_on")
        batch_op.drop_column("confidential")
        batch_op.drop_column("language")
