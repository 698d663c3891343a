"""/mandate: the registry of mandates (titles, legal bases, holders, approvers, paragraphs)."""

from __future__ import annotations

import re

from bot.errors import Invalid
from bot.grammar import counted
from bot.mandates.bases import parse_basis
from bot.mandates.service import (
    MandateExists,
    add_mandate,
    confirm_mandate,
    get_mandate,
    list_mandates,
    update_mandate,
)
from bot.slack.blocks import to_dicts
from bot.slack.commands import Invocation, Reply
from bot.slack.escape import escape_mrkdwn
from handlers.mandates.blocks import (
    build_mandate_card,
    build_mandate_list,
    list_pages,
    mandate_text,
)
from handlers.shared.commands import Command, Subcommand

_TOKEN = re.compile(r"[\"“”„«]([^\"“”„«»]*)[\"“”»]|(\S+)")
_MENTION = re.compile(r"<@([A-Za-z0-9]+)(?:\|[^>]*)?>")
_FIELDS = {
    "title": "title",
    "title-fr": "title-fr",
    "title-es": "title-es",
    "resolutions": "resolutions",
    "resolution": "resolutions",
    "holders": "holders",
    "holder": "holders",
    "holders-fr": "holders-fr",
    "holders-es": "holders-es",
    "resolutions-en": "resolutions-en",
    "resolutions-fr": "resolutions-fr",
    "resolutions-es": "resolutions-es",
    "approvers": "approvers",
    "approver": "approvers",
    "paragraph": "paragraph",
    "paragraph-en": "paragraph",
    "paragraph-fr": "paragraph-fr",
    "paragraph-es": "paragraph-es",
}
# What /mandate set changes, as the help and refusals list it (resolutions-en is accepted too).
FIELDS = (
    "title",
    "title-fr",
    "title-es",
    "resolutions",
    "resolutions-fr",
    "resolutions-es",
    "holders",
    "holders-fr",
    "holders-es",
    "approvers",
    "paragraph",
    "paragraph-fr",
    "paragraph-es",
)


def tokens(text: str) -> list[tuple[str, bool]]:
    """Words and "quoted parts" of the text, each with whether it was quoted."""
    return [
        (quoted, True) if word == "" else (word, False) for quoted, word in _TOKEN.findall(text)
    ]


def split_holders(parts: list[str]) -> list[str]:
    """Holder names from quoted parts, each possibly "A; B"."""
    return [name for part in parts for name in part.split(";") if name.strip()]


_BASIS_PIECE = re.compile(r"[\"“][^\"“”]*[\"”]|[^,\"“”]+")


def split_resolutions(text: str) -> list[str]:
    """``32/32, HRC 25/18, CHR 2004/37, "article 41 of ..."`` -> one entry each.

    Commas separate entries; bare numbers may also be separated by spaces (``32/32 25/18``).
    """
    entries: list[str] = []
    for piece in _BASIS_PIECE.findall(text):
        piece = piece.strip().strip('"“”').strip()
        if re.fullmatch(r"[\d/\s]+", piece):
            entries += piece.split()
        elif piece:
            entries.append(piece)
    return entries


def _is_basis_word(word: str, quoted: bool) -> bool:
    """Part of the legal bases in /mandate add: a number, a body's prefix, a quoted article."""
    if quoted:
        return parse_basis(word) is not None
    return any(c.isdigit() for c in word) or word.strip(",").upper() in {"HRC", "CHR", "GA"}


def approver_ids(text: str) -> list[str]:
    """Slack user ids from mentions (<@U123> or <@U123|name>) or bare ids; none -> []."""
    if text.strip().lower() in {"none", "nobody", "-"}:
        return []
    words = re.split(r"[,\s]+", _MENTION.sub(r" \1 ", text))
    ids = [w for w in words if w]
    typed = [w for w in ids if w.startswith("@")]
    if typed:
        raise Invalid(
            f"{typed[0]} is text, not a mention: pick the person from Slack's @ menu as you "
            "type @, so Slack tells me who they are."
        )
    if not ids:
        raise Invalid("Mention the approvers (@name), or write `none` to remove them all.")
    return ids


def _holders_value(value: str, parts: list[tuple[str, bool]]) -> list[str]:
    """Holders as ``"A" "B"``, ``"A; B"`` or an unquoted ``A; B``."""
    if not any(quoted for _, quoted in parts):
        return split_holders([value])
    if not all(quoted for _, quoted in parts):
        raise Invalid('Put each holder\'s name in quotation marks: "Name One" "Name Two".')
    return split_holders([text for text, _ in parts])


def mandate_list(invocation: Invocation) -> Reply:
    """``/mandate list [<page>]``."""
    words = invocation.args.split()
    if len(words) > 1 or (words and not words[0].isdigit()):
        raise Invalid("Write the page as a number, e.g. `/mandate list 2`.")
    page = int(words[0]) if words else 1
    mandates = list_mandates(session=invocation.session)
    pages = list_pages(len(mandates))
    if not 1 <= page <= pages:
        raise Invalid(
            f"There {'is' if pages == 1 else 'are'} {counted(pages, 'page')} of mandates."
        )
    return Reply(
        text=counted(len(mandates), "mandate"),
        blocks=to_dicts(build_mandate_list(mandates, page=page)),
    )


def mandate_show(invocation: Invocation) -> Reply:
    """``/mandate show <CODE>``."""
    code = invocation.args.strip()
    if not code or len(code.split()) != 1:
        raise Invalid("Which mandate? Give its code.")
    mandate = get_mandate(session=invocation.session, code=code)
    return Reply(text=mandate_text(mandate), blocks=to_dicts(build_mandate_card(mandate)))


def mandate_add(invocation: Invocation) -> Reply:
    """``/mandate add <CODE> "<title>" <resolution>[,...] "<holder name>"``."""
    parts = tokens(invocation.args)
    if len(parts) < 4 or parts[0][1]:
        raise Invalid(
            "I need the code, the title in quotation marks, the resolution(s) and the holder's "
            "name in quotation marks."
        )
    code, (title, title_quoted) = parts[0][0], parts[1]
    if not title_quoted:
        raise Invalid("Put the title in quotation marks.")
    rest = parts[2:]
    bases: list[str] = []  # unquoted words, and quoted treaty articles, before the holders
    while rest and _is_basis_word(*rest[0]):
        word, quoted = rest.pop(0)
        bases.append(f'"{word}"' if quoted else word)
    resolutions = split_resolutions(" ".join(bases))
    if any(not quoted for _, quoted in rest):
        raise Invalid("Put each holder's name in quotation marks, after the resolutions.")
    try:
        mandate = add_mandate(
            session=invocation.session,
            code=code,
            title=title,
            resolutions=resolutions,
            holders=split_holders([name for name, _ in rest]),
            actor=invocation.user_id,
        )
    except MandateExists as error:
        error.message = (
            f"{error.message.removesuffix('.')}: see /mandate show {error.code}, and change it "
            f"with /mandate set {error.code} <field> <value>."
        )
        error.usage = MANDATE.usage("set")
        raise
    note = f"Mandate *{escape_mrkdwn(mandate.code)}* registered. Cases can now name it."
    return Reply(
        text=f"Mandate {mandate.code} registered",
        blocks=to_dicts(build_mandate_card(mandate, note=note)),
    )


def mandate_set(invocation: Invocation) -> Reply:
    """``/mandate set <CODE> <field> <value>``."""
    words = invocation.args.split(maxsplit=2)
    if len(words) < 3:
        raise Invalid("I need the mandate code, the field and the new value.")
    code, field_word, value = words
    field = _FIELDS.get(field_word.lower())
    if field is None:
        raise Invalid(
            f"{field_word!r} is not a field of a mandate: use {', '.join(FIELDS[:-1])} or "
            f"{FIELDS[-1]}."
        )
    parts = tokens(value)
    title = resolutions = holders = approvers = translation = paragraph = None
    functions = basis_forms = None
    if field == "title":
        title = parts[0][0] if len(parts) == 1 and parts[0][1] else value
    elif field.startswith("title-"):
        text = parts[0][0] if len(parts) == 1 and parts[0][1] else value
        translation = (field.removeprefix("title-"), text)
    elif field == "resolutions":
        resolutions = split_resolutions(value)
    elif field.startswith("resolutions-"):
        basis_forms = (field.removeprefix("resolutions-"), split_resolutions(value))
    elif field == "holders":
        holders = _holders_value(value, parts)
    elif field.startswith("holders-"):
        functions = (field.removeprefix("holders-"), _holders_value(value, parts))
    elif field.startswith("paragraph"):
        text = parts[0][0] if len(parts) == 1 and parts[0][1] else value
        paragraph = (field.removeprefix("paragraph-") if "-" in field else "en", text)
    else:
        approvers = approver_ids(value)
    mandate = update_mandate(
        session=invocation.session,
        code=code,
        actor=invocation.user_id,
        title=title,
        resolutions=resolutions,
        holders=holders,
        approvers=approvers,
        translation=translation,
        paragraph=paragraph,
        functions=functions,
        basis_forms=basis_forms,
    )
    note = f"Mandate *{escape_mrkdwn(mandate.code)}*: {field} saved."
    if field.split("-")[0] in {"title", "resolutions", "holders"}:
        note += (
            " The row is unconfirmed until someone checks it: "
            f"`/mandate confirm {escape_mrkdwn(mandate.code)}`."
        )
    if field == "holders" and mandate.titles:
        note += (
            " Check that the French and Spanish titles agree with the new holder "
            "(Rapporteuse spéciale, Relatora Especial): `title-fr`, `title-es`."
        )
    return Reply(
        text=f"Mandate {mandate.code}: {field} saved",
        blocks=to_dicts(build_mandate_card(mandate, note=note)),
    )


def mandate_confirm(invocation: Invocation) -> Reply:
    """``/mandate confirm <CODE>``: the whole row checked today."""
    code = invocation.args.strip()
    if not code or len(code.split()) != 1:
        raise Invalid("Which mandate did you check? Give its code.")
    mandate = confirm_mandate(session=invocation.session, code=code, actor=invocation.user_id)
    note = (
        f"Mandate *{escape_mrkdwn(mandate.code)}* confirmed today by you: its title, holders, "
        "legal bases and translations count as checked until one of them changes or the "
        "team's limit passes."
    )
    return Reply(
        text=f"Mandate {mandate.code} confirmed",
        blocks=to_dicts(build_mandate_card(mandate, note=note)),
    )


MANDATE = Command(
    name="/mandate",
    summary="the registry of mandates that sign letters",
    subcommands=(
        Subcommand(
            "list [<page>]",
            "every mandate: code, title, holders (25 a page; `/mandate list 2` for the next)",
            mandate_list,
            writes=False,
        ),
        Subcommand(
            "show <CODE>",
            "title, resolutions, holders and approvers, each part with where it came from and "
            "as of when (shipped: source and date; a team's edit: who and when), and who last "
            "confirmed the row, e.g. `/mandate show FOAA`",
            mandate_show,
            writes=False,
        ),
        Subcommand(
            "confirm <CODE>",
            "you checked the whole row today (title, holders and functions, legal bases, "
            "translations). A shipped or edited row is unconfirmed until someone confirms it, "
            "and drafts warn about unconfirmed rows and rows confirmed longer ago than the team "
            "allows (REGISTRY_MAX_AGE_DAYS, 180 days by default)",
            mandate_confirm,
        ),
        Subcommand(
            'add <CODE> "<title>" <resolution>[,<resolution>...] "<holder name>"',
            "register a mandate",
            mandate_add,
            details="""    e.g. `/mandate add HRD "Special Rapporteur on the situation of human rights defenders" 25/18 "Michel Forst"`
    several holders: `"Name One" "Name Two"` or `"Name One; Name Two"`
    resolutions (legal bases), separated by commas: `33/30` or `HRC 33/30` (Human Rights Council), `CHR 2004/37` (Commission on Human Rights), `GA 60/251` (General Assembly), or a treaty article in quotation marks: `"article 41 of the American Convention on Human Rights"` (or typed in Spanish, `"artículo 41 de la Convención Americana sobre Derechos Humanos"`)""",
        ),
        Subcommand(
            f"set <CODE> {'|'.join(FIELDS)} <value>",
            "change it; approvers are the people who may clear letters for it, picked from "
            "Slack's @ menu; French and Spanish letters print title-fr and title-es; "
            "`paragraph` is the mandate's own paragraph, printed after the urge paragraph of "
            "every letter it co-signs",
            mandate_set,
            details="""    e.g. `/mandate set FOAA holders "Gina Romero"`
    a holder's function (printed with the title: "Vice-Chair of the Working Group on ..."): `Name | Vice-Chair` or `Name (Vice-Chair)`, e.g. `/mandate set WGAD holders "Elina Steinerte | Vice-Chair"`; a Working Group signs with its first holder
    the functions in French or Spanish letters: `holders-fr`, `holders-es` with the same names, e.g. `/mandate set WGAD holders-fr "Elina Steinerte | Vice-Présidente"`
    treaty articles in other letter languages: `resolutions-fr`, `resolutions-es` (`resolutions-en` for one typed in Spanish), in the order recorded, e.g. `/mandate set IACHR resolutions-es "artículo 41 de la Convención Americana sobre Derechos Humanos"` (`none` removes them)
    French and Spanish titles agree with the holder: `/mandate set FOAA title-fr "Rapporteuse spéciale sur ..."`, `title-es "Relatora Especial sobre ..."`
    e.g. `/mandate set FOAA resolutions 32/32,41/12`
    e.g. `/mandate set WGED resolutions HRC 45/3, CHR 2004/40`
    e.g. `/mandate set WGAD paragraph <text>` — the mandate's own paragraph, printed in every letter it co-signs after the urge paragraph (`paragraph-fr`, `paragraph-es` for French and Spanish letters; `none` removes it)
    e.g. `/mandate set HRD title-fr "Rapporteur spécial sur la situation des défenseurs des droits de l'homme"` (French and Spanish letters print these titles)
    e.g. `/mandate set HRD approvers @alice @bob` (`approvers none` lets any team member clear)""",
        ),
    ),
    footer="CODE: 2 to 16 letters, digits or hyphens. Changes apply to every channel and are audited.",
)
