"""An index on the outbox's updates of one message: the waiting case card update is found,
and newer ones are checked for, without reading every row kept.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 08:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_outbox_messages_render",
        "outbox_messages",
        ["render_id", "render", "kind", "status"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_messages_render", table_name="outbox_messages")
