"""The Special Procedures mandates shipped with the bot (bot/data/mandates/mandates.csv).

Adds ``kind`` (thematic or country) and ``shipped`` (the values last loaded from the file, so
that ``python -m bot mandates refresh`` can tell a team's edit from a shipped value), then
inserts every shipped mandate whose code is not yet registered. Mandates already there (FOAA,
HRD, or a team's own) keep their titles, resolutions, holders and approvers; only an empty
``kind`` is filled.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 12:00:00
"""

import csv
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DATA = Path(__file__).resolve().parents[2] / "bot" / "data" / "mandates" / "mandates.csv"

mandates = sa.table(
    "mandates",
    sa.column("id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("title", sa.Text),
    sa.column("titles", sa.JSON),
    sa.column("resolutions", sa.JSON),
    sa.column("holders", sa.JSON),
    sa.column("approvers", sa.JSON),
    sa.column("kind", sa.String),
    sa.column("shipped", sa.JSON),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def _rows() -> list[dict]:
    """The file's rows as registry values (read here: a revision imports nothing of ours)."""
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        {
            "code": row["code"].strip().upper(),
            "kind": row["kind"].strip(),
            "title": row["title_en"].strip(),
            "titles": {
                language: row[f"title_{language}"].strip()
                for language in ("fr", "es")
                if row[f"title_{language}"].strip()
            },
            "resolutions": [row["basis"].strip()] if row["basis"].strip() else [],
        }
        for row in rows
    ]


def upgrade() -> None:
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("shipped", sa.JSON(), nullable=True))
    connection = op.get_bind()
    present = set(connection.scalars(sa.select(mandates.c.code)))
    now = sa.func.current_timestamp()
    for row in _rows():
        if row["code"] in present:
            op.execute(
                mandates.update()
                .where(mandates.c.code == row["code"], mandates.c.kind.is_(None))
                .values(kind=row["kind"])
            )
            continue
        shipped = {key: row[key] for key in ("title", "titles", "resolutions", "kind")}
        op.execute(
            mandates.insert().values(
                code=row["code"],
                kind=row["kind"],
                title=row["title"],
                titles=row["titles"] or None,
                resolutions=row["resolutions"],
                holders=[],
                approvers=[],
                shipped=shipped,
                created_at=now,
            )
        )


def downgrade() -> None:
    # The inserted mandates stay, as the team's own: cases and clearances may point at them.
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.drop_column("shipped")
        batch_op.drop_column("kind")
