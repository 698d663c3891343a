"""Reminders are delivered by the outbox: a reminder handed over names its outbox row.

Adds ``reminders.outbox_id`` (the outbox row that posts it; no foreign key: the outbox is the
Slack side's, and its old rows are pruned) and drops ``reminders.claimed_until``: the sweep's
own lease is gone, a reminder is claimed and staged in one transaction. A reminder claimed
under the old sweep (a process died while posting it) goes back to pending, to be staged.

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-07 18:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db

revision: str = "0017"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "UPDATE reminders SET status = 'pending', claimed_by = NULL WHERE status = 'claimed'"
    )
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outbox_id", sa.Integer(), nullable=True))
        batch_op.drop_column("claimed_until")


def downgrade() -> None:
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("claimed_until", bot.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.drop_column("outbox_id")
