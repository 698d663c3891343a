"""Messages about the mandate registry: the list and one mandate's card."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.mandates.bases import BasisKind, grouped_bases
from bot.mandates.models import Mandate
from bot.mandates.provenance import PART_NAMES, PARTS, is_confirmed, origin
from bot.slack.blocks import MESSAGE_BLOCKS, MESSAGE_CHARS, mrkdwn_section, pack_lines
from bot.slack.escape import escape_mrkdwn, plain

_BODIES = {
    BasisKind.HRC: "Human Rights Council",
    BasisKind.CHR: "Commission on Human Rights",
    BasisKind.GA: "General Assembly",
}


def _joined(values: list[str]) -> str:
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} and {values[-1]}"


def resolutions_words(mandate: Mandate) -> str:
    """ "Human Rights Council resolution 32/32" (or "resolutions 15/8 and 24/6"), a line per
    kind, and each treaty provision with its forms in other languages (mrkdwn, escaped)."""
    if not mandate.resolutions:
        return "no resolution recorded"
    lines = []
    for kind, values in grouped_bases(mandate.resolutions):
        if kind is not BasisKind.TREATY:
            noun = "resolutions" if len(values) > 1 else "resolution"
            lines.append(f"{_BODIES[kind]} {noun} {escape_mrkdwn(_joined(values))}")
            continue
        for stored in values:
            forms = "".join(
                f"\n    {language}: {escape_mrkdwn(form)}"
                for language in ("en", "fr", "es")
                if (form := mandate.form_in("bases", stored, language))
            )
            lines.append(f"{escape_mrkdwn(stored)}{forms}")
    return "\n".join(lines)


def holders_words(mandate: Mandate) -> str:
    """The holders' names, with their functions' forms in French and Spanish (mrkdwn)."""
    words = []
    for stored in mandate.holders or ():
        forms = [
            f"{language}: {form}"
            for language in ("fr", "es")
            if (form := mandate.form_in("functions", stored, language))
        ]
        words.append(escape_mrkdwn(stored + (f" ({'; '.join(forms)})" if forms else "")))
    return "; ".join(words) or "no holder recorded"


def provenance_words(mandate: Mandate) -> str:
    """Where each part of the row came from and as of when, and whether it is confirmed."""
    lines = []
    for part in PARTS:
        found = origin(mandate, part)
        if found is not None:
            lines.append(f"{PART_NAMES[part].capitalize()}: {found.words()}")
    if is_confirmed(mandate) and mandate.confirmed_at is not None:
        lines.append(
            f"*Confirmed* by <@{mandate.confirmed_by}> on {mandate.confirmed_at.date().isoformat()}"
        )
    else:
        earlier = (
            f" (last confirmed by <@{mandate.confirmed_by}> on "
            f"{mandate.confirmed_at.date().isoformat()}, changed since)"
            if mandate.confirmed_at
            else ""
        )
        lines.append(
            f"*Not confirmed*{earlier}: check it, then "
            f"`/mandate confirm {escape_mrkdwn(mandate.code)}`"
        )
    return "\n".join(lines)


def approvers_words(mandate: Mandate) -> str:
    """The approvers as mentions, or who may clear when none is configured (mrkdwn)."""
    if not mandate.approvers:
        return "none configured: any team member other than the drafter may clear"
    return ", ".join(f"<@{user_id}>" for user_id in mandate.approvers)


LIST_PAGE_SIZE = 25  # 25 compact lines stay far below Slack's 50 blocks and ~13,000 characters
LIST_TITLE_CHARS = 140
LIST_HOLDERS_CHARS = 120


def list_pages(count: int) -> int:
    """How many pages ``/mandate list`` takes for this many mandates (at least one)."""
    return max(1, -(-count // LIST_PAGE_SIZE))


def build_mandate_list(mandates: list[Mandate], *, page: int = 1) -> list[Block]:
    """One page of the registry: code, title and holders, one compact line each."""
    pages = list_pages(len(mandates))
    page = min(max(page, 1), pages)
    first = (page - 1) * LIST_PAGE_SIZE
    on_page = mandates[first : first + LIST_PAGE_SIZE]
    header = f"Mandates ({len(mandates)})"
    if pages > 1:
        header += f", page {page} of {pages}"
    blocks: list[Block] = [HeaderBlock(text=header)]
    lines = [
        (
            number,
            f"*{escape_mrkdwn(m.code)}* {escape_mrkdwn(plain(m.title, LIST_TITLE_CHARS))}"
            + (f" — {plain(holders_words(m), LIST_HOLDERS_CHARS)}" if m.holders else ""),
        )
        for number, m in enumerate(on_page, start=first + 1)
    ]
    chunks, shown = pack_lines(
        lines, max_sections=MESSAGE_BLOCKS - 2, max_chars=MESSAGE_CHARS - 800
    )
    blocks.extend(mrkdwn_section(chunk) for chunk in chunks)
    note = "Details: `/mandate show <CODE>`. Register one: `/mandate add`; see `/mandate help`."
    if not mandates:
        note = 'None yet. Register one: `/mandate add <CODE> "<title>" <resolution> "<holder>"`.'
    elif on_page and shown < first + len(on_page):
        note = f"{first + len(on_page) - shown} more not shown. " + note
    if page < pages:
        note = f"Next: `/mandate list {page + 1}`. " + note
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    return blocks


def build_mandate_card(mandate: Mandate, *, note: str | None = None) -> list[Block]:
    """One mandate: title, resolutions, holders and approvers; ``note`` (mrkdwn) on top."""
    blocks: list[Block] = []
    if note:
        blocks.append(mrkdwn_section(note))
    blocks += [
        HeaderBlock(text=plain(mandate.code, 150)),
        mrkdwn_section(
            f"*{escape_mrkdwn(plain(mandate.title, 1400))}*"
            + "".join(
                f"\n{language}: {escape_mrkdwn(plain(text, 700))}"
                for language, text in sorted((mandate.titles or {}).items())
            )
        ),
        SectionBlock(
            fields=[
                MarkdownTextObject(text=f"*Acts under*\n{plain(resolutions_words(mandate), 1900)}"),
                MarkdownTextObject(text=f"*Holder(s)*\n{plain(holders_words(mandate), 1900)}"),
                MarkdownTextObject(text=f"*Approvers*\n{plain(approvers_words(mandate), 1900)}"),
            ]
        ),
        mrkdwn_section(plain(provenance_words(mandate), 2900)),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"Change it: `/mandate set {escape_mrkdwn(mandate.code)} "
                    "title|title-fr|title-es|resolutions|holders|approvers <value>` "
                    "(see `/mandate help`); confirm it: "
                    f"`/mandate confirm {escape_mrkdwn(mandate.code)}`"
                )
            ]
        ),
    ]
    return blocks


def mandate_text(mandate: Mandate) -> str:
    """Plain fallback text of a mandate card."""
    return f"{mandate.code}: {escape_mrkdwn(plain(mandate.title, 200))}"
