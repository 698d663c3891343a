"""Stock words of the letter that the bot also shows elsewhere (the case card, a form), read
from the letter templates: the wording lives once, in the templates, whatever edits it."""

from __future__ import annotations

from functools import lru_cache

from bot.letters.render import letter_environment

_MARK = "\x00"  # stands for the team's text in a stock sentence; what comes before is stock


def _before_mark(template: str, **context: object) -> str:
    """The shipped template's text before the team's text, whitespace collapsed."""
    text = letter_environment().get_template(template).render(context)
    return " ".join(text.split(_MARK)[0].split())


@lru_cache(maxsize=8)
def urge_lead(language: str = "en") -> str:
    """The words the urge completes, a team of several signing: "While awaiting a reply, we
    urge that all necessary interim measures be taken to"."""
    return _before_mark(
        f"letters/{language}/stock/interim.md.j2",
        urge=_MARK,
        plural=True,
        state=True,
        edition="current",
    )


@lru_cache(maxsize=8)
def allegations_heading(language: str = "en") -> str:
    """The heading of the allegations: "According to the information received:"."""
    return _before_mark(f"letters/{language}/stock/allegations.md.j2", allegations=[_MARK])


@lru_cache(maxsize=8)
def subject_lead(letter_type: str = "AL", language: str = "en") -> str:
    """The last words of the sentence the subject completes: "information we have received
    concerning" (an OL: "your attention our comments on")."""
    template = "ol_subject" if letter_type.upper() == "OL" else "subject"
    text = _before_mark(
        f"letters/{language}/stock/{template}.md.j2", subject=_MARK, plural=True, state=False
    )
    return " ".join(text.rstrip("* ").split()[-5:])
