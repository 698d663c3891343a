"""Register the two mandates of the seed letter (FOAA and HRD).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 08:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Data as of this revision; later changes to the registry are the teams' own.
MANDATES = [
    {
        "code": "FOAA",
        "title": "Special Rapporteur on the rights to freedom of peaceful assembly and of association",
        "resolutions": ["32/32"],
        "holders": ["Maina Kiai"],
        "approvers": [],
    },
    {
        "code": "HRD",
        "title": "Special Rapporteur on the situation of human rights defenders",
        "resolutions": ["25/18"],
        "holders": ["Michel Forst"],
        "approvers": [],
    },
]

mandates = sa.table(
    "mandates",
    sa.column("code", sa.String),
    sa.column("title", sa.Text),
    sa.column("resolutions", sa.JSON),
    sa.column("holders", sa.JSON),
    sa.column("approvers", sa.JSON),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    now = sa.func.current_timestamp()
    for mandate in MANDATES:
        op.execute(mandates.insert().values(**mandate, created_at=now))


def downgrade() -> None:
    op.execute(mandates.delete().where(mandates.c.code.in_([m["code"] for m in MANDATES])))
