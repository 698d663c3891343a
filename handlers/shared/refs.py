"""Pick the ``<case>`` argument off the front of a command's text."""

from __future__ import annotations

import re

from bot.cases.models import Case
from bot.cases.service import CASE_REF_HELP, find_case
from bot.db import READS_ONLY
from bot.errors import UserError
from bot.slack.commands import Invocation

_CASE_AT_START = re.compile(
    r"^\s*(#?\d{1,9}|(?:(?:J?(?:AL|UA|OL))\s+)?[A-Za-z]{3}\s+\d{1,5}\s*/\s*\d{4})(?=\s|$)",
    re.IGNORECASE,
)


def split_case_ref(text: str, *, usage: str) -> tuple[str, str]:
    """``#7 list`` -> ("#7", "list"); ``AL KAZ 1/2017 list`` -> ("AL KAZ 1/2017", "list")."""
    match = _CASE_AT_START.match(text)
    if match is None:
        first = text.split(maxsplit=1)[0] if text.strip() else ""
        what = f"{first!r} is not a case" if first else "Which case?"
        raise UserError(f"{what}: start with {CASE_REF_HELP}.", usage=usage)
    return match[1], text[match.end() :].strip()


def take_case(invocation: Invocation, *, usage: str) -> tuple[Case, str]:
    """The case named at the start of the text (in this channel) and the rest of the text.

    In a command that may change the case (any not begun to read only), the case is locked
    as it is found, in the same statement, so the service's lock costs nothing more.
    """
    ref, rest = split_case_ref(invocation.args, usage=usage)
    session = invocation.session
    lock = not session.info.get(READS_ONLY, False)
    case = find_case(session=session, ref=ref, channel_id=invocation.channel_id, lock=lock)
    return case, rest
