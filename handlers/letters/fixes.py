"""The command that fixes each problem the draft checks find, as the drafter would type it.

The checks (``bot.letters.lint``) say what is wrong and where: a ``LintCode`` and a ``Place``.
A problem in a part of the letter is fixed by the command that changes that part
(``edit_command``); a code fixed otherwise (a mandate's record, a ratification date) has its
own command in ``_BY_CODE``. Where the check offers the text to type (``LintIssue.offered``:
the subject without its full stop), it takes the place of the command's last ``<...>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.letters.lint import LintCode, LintIssue, Part, Place


@dataclass(frozen=True, slots=True)
class FixContext:
    """What a fix needs of the case beyond the problem: how commands name the case ("#7"),
    the addressee State's code and the draft's language."""

    case: str
    country_code: str
    language: str


def edit_command(place: Place, case: str) -> str:
    """The command that changes a part of the letter."""
    n = place.number
    match place.part:
        case Part.MANDATES:
            return f"/case set {case} mandates <MANDATE>[,<MANDATE>...]"
        case Part.MANDATE:
            return f"/mandate show {place.key}"
        case Part.ADDRESSEE | Part.SUBJECT:
            what = "name" if place.part is Part.ADDRESSEE else "text"
            return f"/case set {case} {place.part} <{what}>"
        case Part.ALLEGATIONS:
            return f"/allegation {case} <paragraph>"
        case Part.ALLEGATION:
            return f"/allegation {case} edit {n} <paragraph>"
        case Part.CONCERN:
            return f"/case set {case} concern <paragraph>"
        case Part.BODY:
            return f"/letter {case} body edit {n} <paragraph>"
        case Part.QUESTIONS:
            return f"/letter {case} question <text>"
        case Part.QUESTION:
            return f"/letter {case} question edit {n} <text>"
        case Part.URGE:
            return f"/case set {case} urge <text>"
        case Part.ANNEX:
            if place.key:
                add = f"/cite {case} {place.key} <pinpoint>"
            else:
                text = "text+" if place.runs_on else "text"
                add = f"/cite {case} {text} <corrected paragraph>"
            return f"/cite {case} remove {n}, {add}, then /cite {case} move <new n> {n}"
        case Part.LETTER:
            return f"/case set {case} victims-withheld <names>, then /letter {case} public"


_BY_CODE: dict[LintCode, Callable[[Place, FixContext], str]] = {
    LintCode.NO_HOLDER: lambda place, _: f'/mandate set {place.key} holder "<holder name>"',
    LintCode.UNTRANSLATED_TITLE: lambda place, context: (
        f'/mandate set {place.key} title-{context.language} "<title>"'
    ),
    LintCode.UNTRANSLATED_PARAGRAPH: lambda place, context: (
        f"/mandate set {place.key} paragraph-{context.language} <text>"
    ),
    LintCode.MISSING_RATIFICATION: lambda place, context: (
        f"/cite ratified {context.country_code.upper()} {place.key} <YYYY-MM-DD>"
    ),
    LintCode.FUNCTION_LANGUAGE: lambda place, context: (
        f'/mandate set {place.key} holders-{context.language} "<name> | <function>"'
    ),
    LintCode.UNCONFIRMED_MANDATE: lambda place, _: (
        f"/mandate show {place.key}, then /mandate confirm {place.key}"
    ),
    LintCode.OLD_CONFIRMATION: lambda place, _: (
        f"/mandate show {place.key}, then /mandate confirm {place.key}"
    ),
    LintCode.EXPIRED_BASIS: lambda place, _: f"/mandate set {place.key} resolutions <resolutions>",
    LintCode.UNTRANSLATED_FUNCTION: lambda place, context: (
        f'/mandate set {place.key} holders-{context.language} "<holder> | <function>"'
    ),
    LintCode.UNTRANSLATED_BASIS: lambda place, context: (
        f'/mandate set {place.key} resolutions-{context.language} "<treaty article>"'
    ),
    LintCode.WITHHELD_NOT_FOUND: lambda _, context: (
        f"/case set {context.case} victims-withheld <names as the letter spells them>, "
        f"then /letter {context.case} public"
    ),
}
_LAST_PLACEHOLDER = re.compile(r'"?<[^<>]*>(?: \| <[^<>]*>"?)?$')


def fix_command(issue: LintIssue, context: FixContext) -> str:
    """The command that fixes a problem."""
    by_code = _BY_CODE.get(issue.code)
    command = by_code(issue.place, context) if by_code else edit_command(issue.place, context.case)
    if issue.offered is not None:
        command = _LAST_PLACEHOLDER.sub(lambda _: str(issue.offered), command, count=1)
    return command


def with_fix(issue: LintIssue, context: FixContext) -> str:
    """The problem as the drafter reads it: what is wrong, then the command that fixes it."""
    return f"{issue.message}: {fix_command(issue, context)}"
