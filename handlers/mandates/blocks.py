"""Messages about the mandate registry: the list and one mandate's card."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.mandates.models import Mandate
from bot.slack.blocks import MESSAGE_BLOCKS, MESSAGE_CHARS, mrkdwn_section, pack_lines
from bot.slack.escape import escape_mrkdwn, plain


def resolutions_words(mandate: Mandate) -> str:
    """ "Human Rights Council resolution 32/32" (or "resolutions 15/8 and 24/6")."""
    numbers = list(mandate.resolutions)
    if not numbers:
        return "no resolution recorded"
    if len(numbers) == 1:
        return f"Human Rights Council resolution {numbers[0]}"
    return f"Human Rights Council resolutions {', '.join(numbers[:-1])} and {numbers[-1]}"


def holders_words(mandate: Mandate) -> str:
    """The holders' names, escaped (mrkdwn)."""
    return escape_mrkdwn("; ".join(mandate.holders)) or "no holder recorded"


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
                MarkdownTextObject(text=f"*Acts under*\n{resolutions_words(mandate)}"),
                MarkdownTextObject(text=f"*Holder(s)*\n{plain(holders_words(mandate), 1900)}"),
                MarkdownTextObject(text=f"*Approvers*\n{plain(approvers_words(mandate), 1900)}"),
            ]
        ),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"Change it: `/mandate set {escape_mrkdwn(mandate.code)} "
                    "title|title-fr|title-es|resolutions|holders|approvers <value>`"
                )
            ]
        ),
    ]
    return blocks


def mandate_text(mandate: Mandate) -> str:
    """Plain fallback text of a mandate card."""
    return f"{mandate.code}: {escape_mrkdwn(plain(mandate.title, 200))}"
