"""The shape a typed field needs where the letter prints it, and the text that would have it.

The concern and each body paragraph print as paragraphs of their own: they start as a
sentence and end as one. The subject and the urge complete a stock sentence ("information we
have received concerning …", "… interim measures be taken to …"): they start in its middle,
not as a sentence of their own, and the stock sentence puts the full stop after them.
"""

from __future__ import annotations

import re

# What may close a sentence: its mark, then closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?][\"'’”»)\]]*$")
# Words that open a sentence, not the middle of one, when capitalised: articles, determiners
# and pronouns of the letter languages ("The arrest of …", "La fermeture de …", "We urge …").
_OPENERS = frozenset(
    {
        *("the", "a", "an", "this", "these", "that", "those", "our", "their", "his", "her"),
        *("its", "it", "we", "i", "there"),
        *("le", "la", "les", "l", "un", "une", "des", "du", "ce", "cet", "cette", "ces"),
        *("nous", "je", "il", "elle", "ils", "elles", "on", "notre", "nos", "leur"),
        *("el", "los", "las", "lo", "una", "unos", "unas", "este", "esta", "estos", "estas"),
        *("ese", "esa", "nosotros", "yo", "nuestro", "nuestra"),
    }
)
_FIRST_WORD = re.compile(r"[^\W\d_]+")
# "We urge the Government to release him." -> "release him": the urge typed as a sentence.
_URGE_SENTENCE = re.compile(
    r"^(?:while awaiting a reply,\s*)?(?:we|i)\b[^.]*?\b(?:urge|call (?:up)?on|ask|request)\b"
    r"[^.]*?\bto\s+(?P<rest>.+)$",
    re.IGNORECASE | re.DOTALL,
)


def _first_letter(text: str) -> int | None:
    """Where the first letter or digit of a text is, or None."""
    return next((i for i, char in enumerate(text) if char.isalnum()), None)


def starts_as_sentence(text: str) -> bool:
    """Whether a paragraph starts as a sentence: its first letter a capital (or a digit)."""
    at = _first_letter(text)
    return at is None or not text[at].islower()


def ends_as_sentence(text: str) -> bool:
    """Whether a paragraph ends as a sentence: a full stop, question or exclamation mark,
    maybe followed by closing quotes or brackets."""
    return not text.strip() or _SENTENCE_END.search(text.rstrip()) is not None


def as_sentence_start(text: str) -> str:
    """The text with its first letter a capital."""
    text = text.strip()
    at = _first_letter(text)
    return text if at is None else text[:at] + text[at].upper() + text[at + 1 :]


def as_sentence_end(text: str) -> str:
    """The text closed by a full stop (a trailing comma, colon or semicolon replaced)."""
    return text.rstrip().rstrip(",;:") + "."


def opens_a_sentence(text: str, *, any_capital: bool) -> bool:
    """Whether a clause that completes a stock sentence starts as a sentence of its own:
    with a capitalised article or pronoun ("The arrest …", "We urge …"), or, where no name can
    come first (``any_capital``: the urge, which starts with a verb), with any capital."""
    match = _FIRST_WORD.search(text)
    if match is None or not match.group(0)[0].isupper():
        return False
    return any_capital or match.group(0).lower() in _OPENERS


def ends_with_full_stop(text: str) -> bool:
    """Whether a clause ends with a full stop (an ellipsis is a placeholder, found elsewhere)."""
    stripped = text.rstrip()
    return stripped.endswith(".") and not stripped.endswith("...")


def as_clause(text: str, *, urge: bool = False) -> str:
    """The clause a sentence was meant to be: "We urge the Government to release him." ->
    "release him" (the urge), "The arrest of Mr. X." -> "the arrest of Mr. X"."""
    text = text.strip()
    if urge and (match := _URGE_SENTENCE.match(text)):
        text = match.group("rest").strip()
    if text.endswith(".") and not text.endswith("..."):
        text = text[:-1].rstrip()
    first = _FIRST_WORD.search(text)
    if first is not None and (urge or first.group(0).lower() in _OPENERS):
        at = first.start()
        text = text[:at] + text[at].lower() + text[at + 1 :]
    return text
