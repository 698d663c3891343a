"""Where each part of a mandate's row came from, whether the team confirmed it, and the forms
of holder functions and treaty provisions per letter language.

Adds ``provenance``, ``confirmed_at``, ``confirmed_by`` and ``forms``. Every row gets the
origin of its parts: a mandate the shipped file created, the file's source and date; a team's
own mandate, the latest audit entry that changed the part (who and when), or its creation.
No row starts confirmed.

FOAA and HRD were registered by revisions 0002 and 0004 with the seed letter's 2017 holders
(Maina Kiai, Michel Forst) and bases (32/32, 25/18). A field still holding those values is
replaced by the shipped file's, with its source and date (the old value stays in the audit
trail); a field the team changed is kept. Both then count as the file's mandates, so that
``python -m bot mandates refresh`` keeps them up to date like the others. A mandate the file
created with no holders gets the holders the file now ships, if any.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 16:30:00
"""

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DATA = Path(__file__).resolve().parents[2] / "bot" / "data" / "mandates" / "mandates.csv"
ACTOR = "registry update"

# The values revisions 0002 and 0004 registered for the seed letter's two mandates.
SEEDED = {
    "FOAA": {
        "title": "Special Rapporteur on the rights to freedom of peaceful assembly and of association",
        "titles": {
            "fr": "Rapporteur spécial sur le droit de réunion pacifique et la liberté d'association",
            "es": "Relator Especial sobre los derechos a la libertad de reunión pacífica y de "
            "asociación",
        },
        "resolutions": ["32/32"],
        "holders": ["Maina Kiai"],
    },
    "HRD": {
        "title": "Special Rapporteur on the situation of human rights defenders",
        "titles": {
            "fr": "Rapporteur spécial sur la situation des défenseurs des droits de l'homme",
            "es": "Relator Especial sobre la situación de los defensores de los derechos humanos",
        },
        "resolutions": ["25/18"],
        "holders": ["Michel Forst"],
    },
}

mandates = sa.table(
    "mandates",
    sa.column("id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("title", sa.Text),
    sa.column("titles", sa.JSON),
    sa.column("resolutions", sa.JSON),
    sa.column("holders", sa.JSON),
    sa.column("kind", sa.String),
    sa.column("shipped", sa.JSON),
    sa.column("provenance", sa.JSON),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
audit = sa.table(
    "audit_entries",
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("field", sa.String),
    sa.column("old_value", sa.Text),
    sa.column("new_value", sa.Text),
    sa.column("at", sa.DateTime(timezone=True)),
)

# The fields of each part of a row, as the audit trail names them ("FOAA holders").
PART_FIELDS = {
    "title": ("title",),
    "holders": ("holders",),
    "bases": ("resolutions",),
    "translations": ("titles",),
}


def _rows() -> dict[str, dict]:
    """The shipped file's rows by code (read here: a revision imports nothing of ours)."""
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    result = {}
    for row in rows:
        code = row["code"].strip().upper()
        basis = row["basis"].strip()
        result[code] = {
            "title": row["title_en"].strip(),
            "titles": {
                language: row[f"title_{language}"].strip()
                for language in ("fr", "es")
                if row[f"title_{language}"].strip()
            },
            "resolutions": [basis] if basis else [],
            "kind": row["kind"].strip(),
            "holders": [h.strip() for h in (row.get("holders") or "").split(";") if h.strip()],
            "source": row["source"].strip(),
            "as_of": (row.get("as_of") or "").strip(),
            "holders_source": (row.get("holders_source") or "").strip(),
            "holders_as_of": (row.get("holders_as_of") or "").strip(),
        }
    return result


def _text(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return "" if value is None else str(value)


def _iso(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return moment.isoformat()
    if isinstance(value, str) and value:
        return _iso(dt.datetime.fromisoformat(value))
    return None


def upgrade() -> None:
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("forms", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("provenance", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("confirmed_by", sa.String(length=32), nullable=True))
    connection = op.get_bind()
    shipped_rows = _rows()
    now = dt.datetime.now(dt.UTC)
    edits: dict[str, tuple[str, object]] = {}  # "FOAA holders" -> (actor, at), the latest
    for actor, field, at in connection.execute(
        sa.select(audit.c.actor, audit.c.field, audit.c.at)
        .where(audit.c.action == "mandate")
        .order_by(audit.c.at)
    ):
        if field:
            edits[field] = (actor, at)
    for row in connection.execute(sa.select(mandates)).mappings().all():
        code = row["code"]
        values = {
            "title": row["title"],
            "titles": row["titles"] or {},
            "resolutions": row["resolutions"] or [],
            "holders": row["holders"] or [],
        }
        shipped = row["shipped"]
        file_row = shipped_rows.get(code)
        changes: dict[str, object] = {}
        loaded: set[str] = set()  # the fields the file's values stand in
        if code in SEEDED and shipped is None and file_row is not None:
            for name, seeded in SEEDED[code].items():
                if values[name] == seeded and file_row[name] != seeded:
                    changes[name] = file_row[name] or (None if name == "titles" else [])
                if values[name] == seeded or values[name] == file_row[name]:
                    loaded.add(name)
            shipped = {k: file_row[k] for k in ("title", "titles", "resolutions", "kind")}
            shipped["holders"] = file_row["holders"]
            changes["shipped"] = shipped
        elif shipped is not None and file_row is not None:
            loaded = {n for n in ("title", "titles", "resolutions") if values[n] == shipped.get(n)}
            if not values["holders"] and file_row["holders"]:
                changes["holders"] = file_row["holders"]
            holders = changes.get("holders", values["holders"])
            if holders == file_row["holders"]:
                loaded.add("holders")
            # the holders last shipped: the file's where they stand, none before this revision
            changes["shipped"] = {
                **shipped,
                "holders": file_row["holders"] if holders == file_row["holders"] else [],
            }
        provenance = {}
        for part, (name,) in PART_FIELDS.items():
            if file_row is not None and name in loaded:
                if name == "holders":
                    if not file_row["holders"]:
                        continue
                    source, as_of = file_row["holders_source"], file_row["holders_as_of"]
                else:
                    source, as_of = file_row["source"], file_row["as_of"]
                provenance[part] = {"source": source, "as_of": as_of, "loaded": now.isoformat()}
                continue
            actor, at = edits.get(f"{code} {name}") or edits.get(f"{code} added") or (None, None)
            provenance[part] = {"by": actor, "at": _iso(at) or _iso(row["created_at"])}
        changes["provenance"] = provenance
        op.execute(mandates.update().where(mandates.c.id == row["id"]).values(**changes))
        for name in ("title", "titles", "resolutions", "holders"):
            if name in changes:
                op.execute(
                    audit.insert().values(
                        actor=ACTOR,
                        action="mandate",
                        field=f"{code} {name}",
                        old_value=_text(values[name]),
                        new_value=_text(changes[name]),
                        at=now,
                    )
                )


def downgrade() -> None:
    # FOAA's and HRD's replaced values stay (the audit trail keeps the old ones).
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.drop_column("confirmed_by")
        batch_op.drop_column("confirmed_at")
        batch_op.drop_column("provenance")
        batch_op.drop_column("forms")
