"""The durable outbox of Slack posts, and the requests already handled (per trigger_id).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "handled_requests",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("handled_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_handled_requests")),
    )
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("blocks", sa.JSON(), nullable=True),
        sa.Column("thread_ts", sa.String(length=32), nullable=True),
        sa.Column("thread_of", sa.Integer(), nullable=True),
        sa.Column("ts", sa.String(length=32), nullable=True),
        sa.Column("render", sa.String(length=32), nullable=True),
        sa.Column("render_id", sa.Integer(), nullable=True),
        sa.Column("remember", sa.JSON(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("title", sa.String(length=255), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("response_url", sa.Text(), nullable=True),
        sa.Column("response_type", sa.String(length=16), nullable=True),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_until", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("next_attempt_at", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("posted_ts", sa.String(length=32), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_of"],
            ["outbox_messages.id"],
            name=op.f("fk_outbox_messages_thread_of_outbox_messages"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
    )
    op.create_index(op.f("ix_outbox_messages_batch"), "outbox_messages", ["batch"], unique=False)
    op.create_index(
        "ix_outbox_messages_status_next",
        "outbox_messages",
        ["status", "next_attempt_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_messages_status_next", table_name="outbox_messages")
    op.drop_index(op.f("ix_outbox_messages_batch"), table_name="outbox_messages")
    op.drop_table("outbox_messages")
    op.drop_table("handled_requests")
