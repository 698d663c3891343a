"""Publication and the lead mandate: when a sent letter becomes public, when and where it was
published, and which co-signing mandate leads a case.

A letter sent before this revision becomes public on its sending day plus its reply period
(the period its publication paragraph states); an existing case is led by its first mandate.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 19:10:00
"""

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("published_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("published_url", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("lead_mandate_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_cases_lead_mandate_id_mandates"),
            "mandates",
            ["lead_mandate_id"],
            ["id"],
            ondelete="SET NULL",
        )
    cases = sa.table(
        "cases",
        sa.column("id", sa.Integer),
        sa.column("sent_on", sa.Date),
        sa.column("reply_days", sa.Integer),
        sa.column("public_on", sa.Date),
        sa.column("lead_mandate_id", sa.Integer),
    )
    links = sa.table(
        "case_mandates",
        sa.column("case_id", sa.Integer),
        sa.column("mandate_id", sa.Integer),
        sa.column("position", sa.Integer),
    )
    first_mandate = (
        sa.select(links.c.mandate_id)
        .where(links.c.case_id == cases.c.id)
        .order_by(links.c.position)
        .limit(1)
        .scalar_subquery()
    )
    op.execute(cases.update().values(lead_mandate_id=first_mandate))
    bind = op.get_bind()
    sent = bind.execute(
        sa.select(cases.c.id, cases.c.sent_on, cases.c.reply_days).where(
            cases.c.sent_on.is_not(None)
        )
    ).all()
    for case_id, sent_on, reply_days in sent:
        bind.execute(
            cases.update()
            .where(cases.c.id == case_id)
            .values(public_on=sent_on + dt.timedelta(days=reply_days))
        )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_cases_lead_mandate_id_mandates"), type_="foreignkey"
        )
        batch_op.drop_column("lead_mandate_id")
        batch_op.drop_column("published_url")
        batch_op.drop_column("published_on")
        batch_op.drop_column("public_on")
