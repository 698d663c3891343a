"""Where each part of a mandate's row came from and as of when, and whether the team checked it.

A row has four parts: its title, its holders (with their functions), its legal bases and its
translations (French and Spanish titles, functions and treaty provisions). Each part records
its origin in ``Mandate.provenance``:

- shipped (bot/data/mandates): ``{"source": "<source key(s) or address>", "as_of": "YYYY-MM-DD",
  "loaded": "<when it was loaded, ISO>"}``;
- a team's edit: ``{"by": "<Slack user id>", "at": "<ISO time>"}`` (``by`` is None for an edit
  made before origins were recorded and not found in the audit trail).

``/mandate confirm`` records that a team member checked the whole row (``confirmed_at``,
``confirmed_by``). A row counts as confirmed only while no part was loaded or edited after
that: a shipped or edited row is unconfirmed until someone confirms it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.mandates.models import Mandate

PARTS = ("title", "holders", "bases", "translations")
PART_NAMES = {
    "title": "title",
    "holders": "holders",
    "bases": "legal bases",
    "translations": "translations",
}


@dataclass(frozen=True)
class Origin:
    """Where one part of a row came from."""

    source: str | None = None  # shipped: the source key(s) or address
    as_of: str | None = None  # shipped: the date the source gives or was read, YYYY-MM-DD
    by: str | None = None  # a team's edit: the Slack user id
    at: dt.datetime | None = None  # when it was loaded (shipped) or edited (team)

    @property
    def shipped(self) -> bool:
        return self.source is not None

    def words(self, *, mention: bool = True) -> str:
        """ "shipped: ohchr-foe, as of 2026-12-01" or "edited by <@U1> on 2026-12-07" (mrkdwn;
        without ``mention``, plain text that names no one)."""
        if self.shipped:
            return f"shipped: {self.source}, as of {self.as_of or 'an unknown date'}"
        when = f" on {self.at.date().isoformat()}" if self.at else ""
        if self.by and mention:
            return f"edited by <@{self.by}>{when}"
        return f"edited{when}" if self.by else f"recorded{when}, by whom not known"


def _time(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def origin(mandate: Mandate, part: str) -> Origin | None:
    """Where this part of the row came from; None when nothing is recorded."""
    raw = (mandate.provenance or {}).get(part)
    if not isinstance(raw, dict):
        return None
    if raw.get("source"):
        return Origin(
            source=str(raw["source"]), as_of=raw.get("as_of"), at=_time(raw.get("loaded"))
        )
    return Origin(by=raw.get("by"), at=_time(raw.get("at")))


def record_edit(mandate: Mandate, part: str, *, actor: str, at: dt.datetime) -> None:
    """A team member changed this part of the row."""
    mandate.provenance = {**(mandate.provenance or {}), part: {"by": actor, "at": at.isoformat()}}


def record_shipped(
    mandate: Mandate, part: str, *, source: str, as_of: str, at: dt.datetime
) -> None:
    """The shipped file set this part of the row."""
    mandate.provenance = {
        **(mandate.provenance or {}),
        part: {"source": source, "as_of": as_of, "loaded": at.isoformat()},
    }


def changed_at(mandate: Mandate) -> dt.datetime | None:
    """When any part of the row was last loaded or edited."""
    times = [o.at for part in PARTS if (o := origin(mandate, part)) and o.at]
    return max(times, default=None)


def is_confirmed(mandate: Mandate) -> bool:
    """A team member confirmed the row, and nothing changed in it since."""
    if mandate.confirmed_at is None:
        return False
    changed = changed_at(mandate)
    return changed is None or mandate.confirmed_at >= changed


def confirm(mandate: Mandate, *, actor: str, at: dt.datetime) -> None:
    """A team member checked the whole row as of ``at``."""
    mandate.confirmed_at = at
    mandate.confirmed_by = actor
