"""Each draft version keeps the findings its reviewers saw; a free annex paragraph says
whether it continues the paragraph before it.

``draft_versions.findings``: the linter's findings when the version was made, as a list of
``{"code", "message", "part", "number", "key"}`` (where the problem is). Versions made before have none recorded (NULL): their
header says so rather than claim the checks found no problems.

``case_citations.runs_on``: a free paragraph printed at the end of the paragraph before it.
Until now a free paragraph right after a library citation always did; the existing ones keep
doing so (their letters, and any version cleared from them, do not change); new ones run on
only when asked (``/cite <case> text+ <paragraph>``).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 16:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("draft_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("findings", sa.JSON(), nullable=True))
    with op.batch_alter_table("case_citations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("runs_on", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # A free paragraph right after a library citation ran on into it: it still does.
    op.execute(
        """
        UPDATE case_citations SET runs_on = TRUE
        WHERE form = 'text' AND EXISTS (
            SELECT 1 FROM case_citations AS previous
            WHERE previous.case_id = case_citations.case_id
              AND previous.position = case_citations.position - 1
              AND previous.form = 'library'
        )
        """
    )
    with op.batch_alter_table("case_citations", schema=None) as batch_op:
        batch_op.alter_column("runs_on", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("case_citations", schema=None) as batch_op:
        batch_op.drop_column("runs_on")
    with op.batch_alter_table("draft_versions", schema=None) as batch_op:
        batch_op.drop_column("findings")
