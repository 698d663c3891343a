"""Where the bot's messages are in Slack moves to a table of the Slack side (slack_messages):
the case card, the review thread and each version's message, with their permalinks. The
domain's columns are copied over, then dropped.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 16:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "slack_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("ts", sa.String(length=32), nullable=False),
        sa.Column("permalink", sa.Text(), nullable=True),
        sa.Column("recorded_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_messages")),
        sa.UniqueConstraint("kind", "key", name=op.f("uq_slack_messages_kind_key")),
    )
    op.create_index(
        "ix_slack_messages_channel_ts", "slack_messages", ["channel", "ts"], unique=False
    )
    for kind, ts, link in (
        ("case_card", "card_ts", "card_link"),
        ("review_thread", "review_thread_ts", "review_thread_link"),
    ):
        op.execute(
            f"INSERT INTO slack_messages (kind, key, channel, ts, permalink, recorded_at) "
            f"SELECT '{kind}', id, channel_id, {ts}, {link}, CURRENT_TIMESTAMP FROM cases "
            f"WHERE {ts} IS NOT NULL"
        )
    op.execute(
        "INSERT INTO slack_messages (kind, key, channel, ts, permalink, recorded_at) "
        "SELECT 'version_message', draft_versions.id, cases.channel_id, "
        "draft_versions.message_ts, draft_versions.message_link, CURRENT_TIMESTAMP "
        "FROM draft_versions JOIN cases ON cases.id = draft_versions.case_id "
        "WHERE draft_versions.message_ts IS NOT NULL"
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("card_ts")
        batch_op.drop_column("card_link")
        batch_op.drop_column("review_thread_ts")
        batch_op.drop_column("review_thread_link")
    with op.batch_alter_table("draft_versions", schema=None) as batch_op:
        batch_op.drop_column("message_ts")
        batch_op.drop_column("message_link")


def downgrade() -> None:
    with op.batch_alter_table("draft_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message_ts", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("message_link", sa.Text(), nullable=True))
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("card_ts", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("card_link", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("review_thread_ts", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("review_thread_link", sa.Text(), nullable=True))
    for kind, ts, link in (
        ("case_card", "card_ts", "card_link"),
        ("review_thread", "review_thread_ts", "review_thread_link"),
    ):
        op.execute(
            f"UPDATE cases SET {ts} = (SELECT ts FROM slack_messages m WHERE m.kind = '{kind}' "
            f"AND m.key = cases.id), {link} = (SELECT permalink FROM slack_messages m "
            f"WHERE m.kind = '{kind}' AND m.key = cases.id)"
        )
    op.execute(
        "UPDATE draft_versions SET message_ts = (SELECT ts FROM slack_messages m "
        "WHERE m.kind = 'version_message' AND m.key = draft_versions.id), message_link = "
        "(SELECT permalink FROM slack_messages m WHERE m.kind = 'version_message' "
        "AND m.key = draft_versions.id)"
    )
    op.drop_index("ix_slack_messages_channel_ts", table_name="slack_messages")
    op.drop_table("slack_messages")
