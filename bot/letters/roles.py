"""What each typed field of a case is in the letter: the stock words it completes, or a
paragraph of its own. Help, forms, /case show and the linter say it with these words."""

from __future__ import annotations

SUBJECT_LEAD = "information we have received concerning"  # AL and UA
OL_SUBJECT_LEAD = "our comments on"  # OL
URGE_LEAD = "While awaiting a reply, we urge that all necessary interim measures be taken to"

SUBJECT_ROLE = (
    f'completes "…{SUBJECT_LEAD} …" (an OL: "…{OL_SUBJECT_LEAD} …"): '
    "start in lower case, no full stop, e.g. the arrest and continued detention of Mr. X"
)
URGE_ROLE = (
    'completes "…we urge that all necessary interim measures be taken to …": start with the '
    "verb in lower case, no full stop, e.g. release Mr. X immediately"
)
CONCERN_ROLE = (
    "a whole paragraph after the allegations, in full sentences that start with a capital "
    'letter and end with a full stop ("Serious concern is expressed about …")'
)
BODY_ROLE = (
    "whole paragraphs after the concern (legal analysis, context), in full sentences that "
    "start with a capital letter and end with a full stop"
)


def as_hint(role: str) -> str:
    """A role as a form's hint: a sentence of its own."""
    return role[:1].upper() + role[1:]


def subject_lead(letter_type: str) -> str:
    """The stock words the subject completes in a letter of this type."""
    return OL_SUBJECT_LEAD if letter_type.upper() == "OL" else SUBJECT_LEAD
