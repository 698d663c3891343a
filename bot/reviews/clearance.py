"""Who may clear, and what a version still lacks before it can be sent."""

from __future__ import annotations

from bot.cases.models import Case
from bot.mandates.models import Mandate
from bot.reviews.models import DraftVersion


def is_current(case: Case, version: DraftVersion) -> bool:
    """True if the version is the latest and the case has not changed since it was made."""
    latest = case.latest_version
    return (
        latest is not None
        and latest.id == version.id
        and version.content_version == case.content_version
    )


def cleared_mandates(version: DraftVersion) -> set[str]:
    """Codes of the mandates that cleared this version."""
    return {clearance.mandate.code for clearance in version.clearances}


def missing_clearances(case: Case, version: DraftVersion) -> list[Mandate]:
    """Co-signing mandates that have not cleared this version, in signing order."""
    done = cleared_mandates(version)
    return [mandate for mandate in case.mandates if mandate.code not in done]


def may_clear_for(case: Case, version: DraftVersion, user_id: str) -> list[Mandate]:
    """The mandates this user may clear this version for (not the drafter; approvers only
    where a mandate has approvers; any team member where it has none)."""
    if user_id == version.made_by:
        return []
    return [
        mandate
        for mandate in missing_clearances(case, version)
        if not mandate.approvers or user_id in mandate.approvers
    ]


def is_cleared(case: Case) -> bool:
    """The latest version is current and cleared by every co-signing mandate."""
    version = case.latest_version
    return (
        version is not None and is_current(case, version) and not missing_clearances(case, version)
    )
