"""What each typed field of a case is in the letter: the stock words it completes, or a
paragraph of its own. Help, forms, /case show and the linter say it with these words; the
stock words are read from the letter templates (bot/letters/stock.py)."""

from __future__ import annotations

from bot.letters.stock import subject_lead, urge_lead

CONCERN_ROLE = (
    "a whole paragraph after the allegations, in full sentences that start with a capital "
    'letter and end with a full stop ("Serious concern is expressed about …")'
)
BODY_ROLE = (
    "whole paragraphs after the concern (legal analysis, context), in full sentences that "
    "start with a capital letter and end with a full stop"
)


def urge_completes() -> str:
    """The words the urge completes, as the linter and the forms quote them."""
    return "…" + urge_lead().split(", ", 1)[-1]


def subject_completes(letter_type: str = "AL") -> str:
    """The words the subject completes in a letter of this type."""
    return "…" + subject_lead(letter_type)


def subject_role() -> str:
    """What the subject is in the letter."""
    return (
        f'completes "{subject_completes()} …" (an OL: "{subject_completes("OL")} …"): start in '
        "lower case, no full stop, e.g. the arrest and continued detention of Mr. X"
    )


def urge_role() -> str:
    """What the urge is in the letter."""
    return (
        f'completes "{urge_completes()} …": start with the verb in lower case, no full stop, '
        "e.g. release Mr. X immediately"
    )


def as_hint(role: str) -> str:
    """A role as a form's hint: a sentence of its own."""
    return role[:1].upper() + role[1:]
