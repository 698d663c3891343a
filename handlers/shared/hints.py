"""What to type next: the commands that resolve a domain refusal, added on its way out.

The domain says what is wrong in its own words; the Slack side knows the commands. The
runtime calls ``explain`` for every refusal of every listener (commands, buttons, forms).
"""

from __future__ import annotations

from bot.casefile.fields import AlreadyClosed
from bot.casefile.publication import NotSentYet
from bot.cases.follow_ups import NotSent
from bot.cases.service import CaseClosed, CaseNotFound, LetterFrozen
from bot.errors import UserError
from bot.mandates.service import UnknownMandate
from bot.reviews.clearance import NotAnApprover, StaleDraft

MANDATE_USAGE = "/mandate list | show <CODE>"


def explain(error: UserError) -> None:
    """Add to ``error`` the command that helps, where one does."""
    if isinstance(error, CaseNotFound):
        error.message = f"{error.message.removesuffix('.')}; /case list shows this channel's cases."
    elif isinstance(error, AlreadyClosed):
        error.message += f" /case reopen {error.case_id} reopens it."
    elif isinstance(error, CaseClosed):
        error.message += f" Reopen it first: /case reopen {error.case_id}"
    elif isinstance(error, LetterFrozen):
        error.message += " For new information, open a follow-up case with /case open."
    elif isinstance(error, UnknownMandate):
        error.message += ' /mandate list shows them all; add one with /mandate add <CODE> "<title>" <resolution> "<holder>".'
        error.usage = error.usage or MANDATE_USAGE
    elif isinstance(error, NotSent):
        error.message += (
            f" Send it first (/letter {error.case_id} send), or add to it while it is a draft."
        )
    elif isinstance(error, NotSentYet):
        error.message += (
            f" Send it first (`/letter {error.case_id} send`), then record the publication."
        )
    elif isinstance(error, StaleDraft):
        error.message += f" Make a new draft: /letter {error.case_id} draft"
    elif isinstance(error, NotAnApprover):
        error.message = f"{error.message.removesuffix('.')} (see /mandate show <CODE>)."
