"""Look up and change mandates in the registry."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import NotFound
from bot.mandates.models import Mandate

MANDATE_USAGE = "/mandate list | show <CODE>"


def get_mandate(*, session: Session, code: str) -> Mandate:
    """The mandate with this code, or NotFound listing the known codes."""
    mandate = session.scalar(select(Mandate).where(Mandate.code == code.strip().upper()))
    if mandate is None:
        known = ", ".join(list_codes(session=session)) or "none yet"
        raise NotFound(
            f"No mandate has the code {code!r}. Known codes: {known}. "
            'Add one with /mandate add <CODE> "<title>" <resolution> "<holder>".',
            usage=MANDATE_USAGE,
        )
    return mandate


def get_mandates(*, session: Session, codes: list[str]) -> list[Mandate]:
    """The mandates for these codes, in the order given; NotFound for any unknown one."""
    return [get_mandate(session=session, code=code) for code in codes]


def list_codes(*, session: Session) -> list[str]:
    """Every registry code, alphabetically."""
    return list(session.scalars(select(Mandate.code).order_by(Mandate.code)))
