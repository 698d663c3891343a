"""Look up and change mandates in the registry."""

from __future__ import annotations

import difflib
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.audit.service import record
from bot.db import utcnow
from bot.errors import Conflict, Invalid, NotFound
from bot.grammar import counted
from bot.mandates.bases import BasisKind, parse_basis, parse_holder, stored_basis
from bot.mandates.models import Mandate
from bot.mandates.provenance import confirm, record_edit


class UnknownMandate(NotFound):
    """No mandate of the registry has this code."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


class MandateExists(Conflict):
    """A mandate with this code is already registered."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


MAX_CODES_LISTED = 12  # beyond this, an unknown code gets close matches only


def get_mandate(*, session: Session, code: str) -> Mandate:
    """The mandate with this code, or NotFound naming the close codes (or all, when few)."""
    mandate = session.scalar(select(Mandate).where(Mandate.code == code.strip().upper()))
    if mandate is None:
        codes = list_codes(session=session)
        close = difflib.get_close_matches(code.strip().upper(), codes, n=5, cutoff=0.6)
        if close:
            known = f"Did you mean {', '.join(close)}?"
        elif len(codes) <= MAX_CODES_LISTED:
            known = f"Known codes: {', '.join(codes) or 'none yet'}."
        else:
            known = f"{len(codes)} mandates are registered."
        raise UnknownMandate(f"No mandate has the code {code!r}. {known}", code=code)
    return mandate


def get_mandates(*, session: Session, codes: list[str]) -> list[Mandate]:
    """The mandates for these codes, in the order given; NotFound for any unknown one."""
    return [get_mandate(session=session, code=code) for code in codes]


def list_codes(*, session: Session) -> list[str]:
    """Every registry code, alphabetically."""
    return list(session.scalars(select(Mandate.code).order_by(Mandate.code)))


MAX_TITLE = 300
MAX_HOLDER = 120
MAX_HOLDERS = 10
MAX_APPROVERS = 30
MAX_MANDATE_PARAGRAPH = 3000

_CODE = re.compile(r"^[A-Z0-9-]{2,16}$")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,31}$")


def list_mandates(*, session: Session) -> list[Mandate]:
    """Every mandate of the registry, by code."""
    return list(session.scalars(select(Mandate).order_by(Mandate.code)))


def check_code(code: str) -> str:
    """A registry code: 2 to 16 characters A-Z, 0-9 and hyphens (upper-cased)."""
    value = code.strip().upper()
    if not _CODE.match(value):
        raise Invalid(
            f"{code!r} cannot be a mandate code: use 2 to 16 letters, digits or hyphens, "
            "e.g. FOAA or SR-HOUSING."
        )
    return value


def check_title(title: str) -> str:
    """A non-empty title on one line, as the letter prints it."""
    value = " ".join(title.split())
    if not value:
        raise Invalid(
            'The title is missing, e.g. "Special Rapporteur on the situation of human rights '
            'defenders".'
        )
    if len(value) > MAX_TITLE:
        raise Invalid(f"The title is longer than {MAX_TITLE} characters.")
    return value


def check_resolutions(resolutions: list[str]) -> list[str]:
    """Legal bases in the order given, each once, in their stored form: Human Rights Council
    resolutions (32/32 or HRC 32/32), CHR 2004/37, GA 60/251, or a treaty article written out."""
    values: list[str] = []
    for text in resolutions:
        basis = parse_basis(text)
        if basis is None:
            raise Invalid(
                f"{text.strip()!r} is not a legal basis: write a Human Rights Council resolution "
                "like 32/32 (or HRC 32/32), a Commission on Human Rights one like CHR 2004/37, "
                "a General Assembly one like GA 60/251, or a treaty article in quotation marks "
                'starting with "article" or "artículo": "article 41 of the American Convention '
                'on Human Rights"; separate them with commas.'
            )
        if basis.stored not in values:
            values.append(basis.stored)
    if not values:
        raise Invalid("Give the resolution(s) the mandate acts under, e.g. 32/32.")
    return values


def check_holders(holders: list[str]) -> list[str]:
    """The current holders, who sign the letters (at least one), each stored as ``Name`` or
    ``Name | Function`` (typed as ``Name | Vice-Chair`` or ``Name (Vice-Chair)``)."""
    parsed = [parse_holder(h) for h in holders if h.strip()]
    if any(not holder.name for holder in parsed):
        raise Invalid("A holder's name is missing before the function.")
    values = [holder.stored for holder in parsed]
    if not values:
        raise Invalid('Give the holder\'s name, e.g. "Michel Forst".')
    if len(values) > MAX_HOLDERS:
        raise Invalid(f"A mandate has at most {MAX_HOLDERS} holders.")
    for name in values:
        if len(name) > MAX_HOLDER:
            raise Invalid(f"A holder's name is longer than {MAX_HOLDER} characters.")
    return values


def check_approvers(user_ids: list[str]) -> list[str]:
    """Slack user ids of the team members who may clear letters (an empty list clears them)."""
    values: list[str] = []
    for user_id in user_ids:
        value = user_id.strip().upper()
        if not _USER_ID.match(value):
            raise Invalid(
                f"{user_id!r} is not a Slack user: mention each approver (@name) or give the "
                "user id (U123ABC); `none` removes them all."
            )
        if value not in values:
            values.append(value)
    if len(values) > MAX_APPROVERS:
        raise Invalid(f"Name at most {MAX_APPROVERS} approvers.")
    return values


def add_mandate(
    *,
    session: Session,
    code: str,
    title: str,
    resolutions: list[str],
    holders: list[str],
    actor: str,
) -> Mandate:
    """Register a mandate; its code must be new."""
    value = check_code(code)
    if session.scalar(select(Mandate.id).where(Mandate.code == value)) is not None:
        raise MandateExists(f"The mandate {value} is already registered.", code=value)
    mandate = Mandate(
        code=value,
        title=check_title(title),
        resolutions=check_resolutions(resolutions),
        holders=check_holders(holders),
        approvers=[],
    )
    now = utcnow()
    for part in ("title", "holders", "bases"):
        record_edit(mandate, part, actor=actor, at=now)
    session.add(mandate)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="mandate",
        field=f"{value} added",
        new=f"{mandate.title} | resolutions {', '.join(mandate.resolutions)} | "
        f"holders {'; '.join(mandate.holders)}",
    )
    return mandate


def update_mandate(
    *,
    session: Session,
    code: str,
    actor: str,
    title: str | None = None,
    resolutions: list[str] | None = None,
    holders: list[str] | None = None,
    approvers: list[str] | None = None,
    translation: tuple[str, str] | None = None,
    paragraph: tuple[str, str] | None = None,
    functions: tuple[str, list[str]] | None = None,
    basis_forms: tuple[str, list[str]] | None = None,
) -> Mandate:
    """Change what is given (title, its translation (language, text), resolutions, holders,
    approvers, its own paragraph (language, text; "none" removes it), the holders' functions
    or the treaty provisions in a language (language, entries)); each change is audited, and
    records who changed which part of the row when (it is unconfirmed until confirmed again)."""
    mandate = get_mandate(session=session, code=code)
    changes: dict[str, object] = {}
    if title is not None:
        changes["title"] = check_title(title)
    if translation is not None:
        language, text = translation
        changes["titles"] = {
            **(mandate.titles or {}),
            language: check_title(text),
        }
    if resolutions is not None:
        changes["resolutions"] = check_resolutions(resolutions)
    if holders is not None:
        changes["holders"] = check_holders(holders)
    if approvers is not None:
        changes["approvers"] = check_approvers(approvers)
    if paragraph is not None:
        language, text = paragraph
        kept = {k: v for k, v in (mandate.paragraphs or {}).items() if k != language}
        value = check_mandate_paragraph(text)
        changes["paragraphs"] = {**kept, language: value} if value else (kept or None)
    forms = _forms_after(mandate, changes)
    if functions is not None:
        language, typed = functions
        forms = _with_forms(forms, "functions", language, function_forms(mandate, typed, language))
    if basis_forms is not None:
        language, typed = basis_forms
        forms = _with_forms(forms, "bases", language, treaty_forms(mandate, typed, language))
    if forms != (mandate.forms or {}):
        changes["forms"] = forms or None
    now = utcnow()
    for name, new in changes.items():
        old = getattr(mandate, name)
        if old == new:
            continue
        setattr(mandate, name, new)
        if part := _PARTS.get(name):
            record_edit(mandate, part, actor=actor, at=now)
        record(
            session=session,
            actor=actor,
            action="mandate",
            field=f"{mandate.code} {name}",
            old=_audit_text(old),
            new=_audit_text(new),
        )
    session.flush()
    return mandate


# The part of the row (bot/mandates/provenance.py) each field belongs to.
_PARTS = {
    "title": "title",
    "titles": "translations",
    "forms": "translations",
    "holders": "holders",
    "resolutions": "bases",
}


def _forms_after(mandate: Mandate, changes: dict[str, object]) -> dict:
    """The mandate's forms, without those of holders or bases that the changes remove."""
    forms = {
        kind: {lang: dict(v) for lang, v in by.items()}
        for kind, by in (mandate.forms or {}).items()
    }
    kept = {"functions": changes.get("holders"), "bases": changes.get("resolutions")}
    for kind, entries in kept.items():
        if not isinstance(entries, list) or kind not in forms:
            continue
        for language in list(forms[kind]):
            forms[kind][language] = {k: v for k, v in forms[kind][language].items() if k in entries}
            if not forms[kind][language]:
                del forms[kind][language]
        if not forms[kind]:
            del forms[kind]
    return forms


def _with_forms(forms: dict, kind: str, language: str, values: dict[str, str]) -> dict:
    """``forms`` with one kind's forms in one language replaced (removed when empty)."""
    by_language = {k: v for k, v in (forms.get(kind) or {}).items() if k != language}
    if values:
        by_language[language] = values
    result = {k: v for k, v in forms.items() if k != kind}
    if by_language:
        result[kind] = by_language
    return result


FORM_LANGUAGES = ("fr", "es")
_NONE = {"none", "-"}


def function_forms(mandate: Mandate, typed: list[str], language: str) -> dict[str, str]:
    """The holders' functions in a language, typed as the holders are (``Name | Fonction``):
    each name must be one of the mandate's holders who has a function; ``none`` removes them."""
    if language not in FORM_LANGUAGES:
        raise Invalid(f"Forms are recorded for fr and es, not {language!r}.")
    if len(typed) == 1 and typed[0].strip().lower() in _NONE:
        return {}
    holders = {parse_holder(stored).name: stored for stored in mandate.holders or ()}
    forms: dict[str, str] = {}
    for text in typed:
        holder = parse_holder(text)
        stored = holders.get(holder.name)
        if stored is None:
            names = "; ".join(holders) or "none"
            raise Invalid(
                f"{holder.name!r} is not a holder of {mandate.code} (holders: {names}). "
                f"Give each holder's name as recorded, with the function in {language}: "
                f'"Name | Function".'
            )
        if not parse_holder(stored).function:
            raise Invalid(
                f"{holder.name} has no function in {mandate.code}: record it in English first, "
                f'in the holders ("{holder.name} | Function").'
            )
        if not holder.function:
            raise Invalid(f'Give {holder.name}\'s function in {language}: "Name | Function".')
        forms[stored] = holder.function
    return forms


def treaty_forms(mandate: Mandate, typed: list[str], language: str) -> dict[str, str]:
    """The mandate's treaty provisions in a language, in the order they are recorded (its
    resolutions may be given too, unchanged); ``none`` removes them. English is a form too,
    for a provision recorded in Spanish."""
    if language not in ("en", *FORM_LANGUAGES):
        raise Invalid(f"Forms are recorded for en, fr and es, not {language!r}.")
    if len(typed) == 1 and typed[0].strip().lower() in _NONE:
        return {}
    treaties = [
        stored
        for stored in mandate.resolutions or ()
        if stored_basis(stored).kind is BasisKind.TREATY
    ]
    if not treaties:
        raise Invalid(
            f"{mandate.code} acts under no treaty provision: only treaty provisions have a form "
            "per language (resolutions print the same in every letter)."
        )
    given: list[str] = []
    for text in typed:
        basis = parse_basis(text)
        if basis is None:
            check_resolutions([text])  # raises with the usual explanation
        elif basis.kind is not BasisKind.TREATY:
            if basis.stored not in (mandate.resolutions or ()):
                raise Invalid(
                    f"{basis.stored} is not among {mandate.code}'s legal bases: change the "
                    "resolutions first."
                )
        else:
            given.append(basis.text)
    if len(given) != len(treaties):
        listed = "; ".join(f'"{t}"' for t in treaties)
        raise Invalid(
            f"{mandate.code} acts under {counted(len(treaties), 'treaty provision')} ({listed}); give "
            f"{'it' if len(treaties) == 1 else 'each, in this order,'} in {language}, in "
            "quotation marks."
        )
    return dict(zip(treaties, given, strict=True))


def confirm_mandate(*, session: Session, code: str, actor: str) -> Mandate:
    """A team member checked the whole row (title, holders and functions, legal bases,
    translations) today; audited."""
    mandate = get_mandate(session=session, code=code)
    before = mandate.confirmed_at
    confirm(mandate, actor=actor, at=utcnow())
    record(
        session=session,
        actor=actor,
        action="mandate",
        field=f"{mandate.code} confirmed",
        old=before.isoformat() if before else None,
        new=mandate.confirmed_at.isoformat() if mandate.confirmed_at else None,
    )
    session.flush()
    return mandate


def check_mandate_paragraph(text: str) -> str:
    """The mandate's own paragraph as typed (empty for "none": it is removed)."""
    value = text.strip()
    if value.lower() in {"none", "-"}:
        return ""
    if not value:
        raise Invalid("Give the paragraph's text, or none to remove it.")
    if len(value) > MAX_MANDATE_PARAGRAPH:
        raise Invalid(
            f"The paragraph is {len(value)} characters long; keep it under {MAX_MANDATE_PARAGRAPH}."
        )
    return value


def _audit_text(value: object) -> str:
    """Lists as "a; b" and translations as "fr: ...; es: ..." in the audit trail."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_audit_text(v)}" for k, v in value.items())
    return "; ".join(value) if isinstance(value, list) else str(value)
