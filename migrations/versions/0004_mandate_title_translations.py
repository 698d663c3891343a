"""Mandate titles in French and Spanish, for letters in those languages.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 08:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The official French and Spanish titles of the two mandates registered by 0002.
TITLES = {
    "FOAA": {
        "fr": "Rapporteur spécial sur le droit de réunion pacifique et la liberté d'association",
        "es": "Relator Especial sobre los derechos a la libertad de reunión pacífica y de asociación",
    },
    "HRD": {
        "fr": "Rapporteur spécial sur la situation des défenseurs des droits de l'homme",
        "es": "Relator Especial sobre la situación de los defensores de los derechos humanos",
    },
}

mandates = sa.table("mandates", sa.column("code", sa.String), sa.column("titles", sa.JSON))


def upgrade() -> None:
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("titles", sa.JSON(), nullable=True))
    for code, titles in TITLES.items():
        op.execute(mandates.update().where(mandates.c.code == code).values(titles=titles))


def downgrade() -> None:
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.drop_column("titles")
