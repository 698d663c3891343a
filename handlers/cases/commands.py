"""/case: open (or the modal), show, list, set, close, reopen, help."""

from __future__ import annotations

from bot.audit.service import history
from bot.casefile.details import case_details
from bot.casefile.fields import FIELDS, close_case, reopen_case, set_field
from bot.casefile.listing import list_cases
from bot.cases.follow_ups import follow_up_type, open_follow_up
from bot.cases.service import case_not_found, case_number, find_case, open_case
from bot.errors import Invalid
from bot.mandates.service import list_mandates
from bot.slack.commands import Invocation, Reply, usage_of
from bot.slack.escape import escape_mrkdwn, user_ids
from handlers.cases.blocks import build_case_details, build_case_list, case_list_line
from handlers.cases.membership import refuse_unless_member
from handlers.cases.modals import build_open_case_modal
from handlers.cases.parse import parse_open
from handlers.cases.report import case_report, case_search
from handlers.shared.card import case_card_text
from handlers.shared.commands import CASE_REF, Command, Subcommand
from handlers.shared.messages import read_with, with_messages
from handlers.shared.refs import split_case_ref, take_case

# A concern too long for one paragraph: the rest goes into body paragraphs.
BODY_USAGE = "/letter <case> body <paragraph>"


def set_usage(field: str, value: str) -> str:
    """The usage shown when ``/case set <case> <field> <value>`` is refused."""
    name = field.strip().lower().replace("_", "-")
    usage = CASE.usage("set")
    if name not in FIELDS:
        return usage
    if name == "concern" and value.strip():
        return BODY_USAGE
    return usage.replace("<field>", name)


def case_modal(invocation: Invocation) -> Reply:
    """/case with no arguments: the "Open a case" modal."""
    mandates = list_mandates(session=invocation.session)
    return Reply(modal=build_open_case_modal(channel_id=invocation.channel_id, mandates=mandates))


def case_open(invocation: Invocation) -> Reply:
    """Open a case and post its card in the channel."""
    parsed = parse_open(invocation.args)
    refuse_unless_member(invocation.client, invocation.channel_id)
    open_case(
        session=invocation.session,
        channel_id=invocation.channel_id,
        country=parsed.country,
        letter_type=parsed.letter_type,
        mandates=parsed.mandates,
        subject=parsed.subject,
        opened_by=invocation.user_id,
        today=invocation.today,
        reply_days=invocation.settings.reply_days[parsed.letter_type.value],
        edition=invocation.settings.letter_edition,
    )
    return Reply()  # the card follows the case opened (handlers.shared.card)


def case_show(invocation: Invocation) -> Reply:
    """Everything in a case, to the caller only; sources and history on request."""
    ref, rest = split_case_ref(invocation.args, usage=CASE.usage("show"))
    extra = rest.lower().split()
    if any(word not in {"sources", "history"} for word in extra):
        raise Invalid(f"Add sources or history, or nothing: not {rest!r}.")
    session, channel_id = invocation.session, invocation.channel_id
    # A number is read with the rest of the case; a reference is looked up first.
    case_id = case_number(ref)
    if case_id is None:
        case_id = find_case(session=session, ref=ref, channel_id=channel_id).id
    details = case_details(session=session, case_id=case_id, extend=with_messages)
    if details is None or details.case.channel_id != channel_id:
        raise case_not_found(ref)
    case = details.case
    recent = history(session=session, case_id=case.id, limit=15) if "history" in extra else None
    latest = details.latest_version
    blocks = build_case_details(
        details,
        posted=read_with(session, case.id, latest.id if latest else None, details.extra),
        history=recent,
        show_sources="sources" in extra,
        tz=invocation.settings.tz,
    )
    return Reply(text=case_card_text(case), blocks=blocks)


def case_list(invocation: Invocation) -> Reply:
    """The channel's cases, what needs attention first, a page at a time."""
    page = list_cases(
        session=invocation.session,
        channel_id=invocation.channel_id,
        text=invocation.args,
        today=invocation.today,
        extend=with_messages,
    )
    lines = [
        case_list_line(
            item.case,
            item.label,
            read_with(invocation.session, item.case.id, item.case.version_id, item.extra),
        )
        for item in page.items
    ]
    more = None
    if page.pages > 1:
        more = f"Page {page.page} of {page.pages} ({page.total} cases). Next: /case list {invocation.args.split(' page ')[0]} page {min(page.page + 1, page.pages)}".replace(
            "  ", " "
        )
    blocks = build_case_list(lines, title=f"{page.title} ({page.total})", more=more)
    return Reply(text=f"{page.title}: {page.total}", blocks=blocks)


def case_set(invocation: Invocation) -> Reply:
    """Change one field of a case; the card is updated in place."""
    case, rest = take_case(invocation, usage=CASE.usage("set"))
    field, _, value = rest.partition(" ")
    if not field:
        names = list(FIELDS)
        raise Invalid(f"Which field? {', '.join(names[:-1])} or {names[-1]}.")
    with usage_of(set_usage(field, value)):
        shown = set_field(
            session=invocation.session,
            case=case,
            field=field,
            value=_owner(invocation, value) if field.lower() == "owner" else value,
            actor=invocation.user_id,
            settings=invocation.settings,
        )
    invocation.session.flush()
    return Reply(text=f"Case #{case.id}: {field.lower()} set to {escape_mrkdwn(shown)}")


def _owner(invocation: Invocation, value: str) -> str:
    """The person picked from Slack's @ menu (its id), else the value as typed."""
    picked = user_ids(invocation.wire)
    return f"<@{picked[0]}>" if len(picked) == 1 else value


def case_close(invocation: Invocation) -> Reply:
    """Close a case, with an optional reason."""
    case, reason = take_case(invocation, usage=CASE.usage("close"))
    close_case(session=invocation.session, case=case, reason=reason, actor=invocation.user_id)
    return Reply(text=f"Case #{case.id} ({case.reference}) is closed.")


def case_reopen(invocation: Invocation) -> Reply:
    """Reopen a closed case."""
    case, rest = take_case(invocation, usage=CASE.usage("reopen"))
    if rest:
        raise Invalid("/case reopen takes only the case.")
    reopen_case(
        session=invocation.session,
        case=case,
        actor=invocation.user_id,
        settings=invocation.settings,
    )
    return Reply(text=f"Case #{case.id} ({case.reference}) is open again.")


def case_follow_up(invocation: Invocation) -> Reply:
    """Open a case that follows up a sent one; its card is posted, the earlier case is told."""
    earlier, rest = take_case(invocation, usage=CASE.usage("follow-up"))
    words = rest.split()
    if len(words) > 1:
        raise Invalid(f"After the case, give only the letter type (AL, UA or OL): not {rest!r}.")
    letter_type = follow_up_type(words[0]) if words else earlier.letter_type
    refuse_unless_member(invocation.client, invocation.channel_id)
    case = open_follow_up(
        session=invocation.session,
        earlier=earlier,
        letter_type=letter_type,
        opened_by=invocation.user_id,
        today=invocation.today,
        reply_days=invocation.settings.reply_days[letter_type.value],
        edition=invocation.settings.letter_edition,
    )
    return Reply(
        text=f"Case #{case.id} ({case.reference}) is open: it follows up {escape_mrkdwn(earlier.printed)} "
        f"(case #{earlier.id}), and its letter says so. Add what is new: /allegation {case.id} "
        f"<paragraph>, /letter {case.id} question <text>, then /letter {case.id} draft."
    )


def _fields_help() -> str:
    """The fields of /case set, each with what its value is."""
    return ", ".join(f"{name} ({f.note})" if f.note else name for name, f in FIELDS.items())


CASE = Command(
    name="/case",
    summary="open and follow cases",
    escaped=True,  # owners are picked from Slack's @ menu; free text is read back as typed
    subcommands=(
        Subcommand(
            "open <COUNTRY> <TYPE> <MANDATE>[,<MANDATE>...] <subject>",
            "open a case; the reference (AL KAZ 1/2026) is assigned per country and year, gapless",
            case_open,
            details="""    COUNTRY: ISO alpha-3 code (KAZ) or English name; OTH for a non-State addressee (then `/case set <case> addressee <name>`)
    TYPE: AL (allegation letter) | UA (urgent appeal) | OL (other letter)
    MANDATE: registry code, e.g. FOAA,HRD (see `/mandate list`)
    subject: completes "information we have received concerning ..."
    e.g. `/case open KAZ AL FOAA,HRD the permanent closure of the Confederation of Independent Trade Unions of Kazakhstan`""",
        ),
        Subcommand(
            "",
            "the same in a form (also the shortcut *Open a case* from anywhere in Slack, which "
            "asks for the channel)",
            case_modal,
        ),
        Subcommand(
            "show <case> [sources|history]",
            "everything in the case, with the mandates yet to clear its latest draft and each "
            "reply with its documents, language, confidentiality, translation and clearance for "
            "publication (sources are confidential: only on request)",
            case_show,
            writes=False,
        ),
        Subcommand(
            "list [open|closed|overdue|due|unpublished|all|<COUNTRY>|<MANDATE>] [page <n>]",
            "this channel's cases, what needs attention first (unpublished: sent letters whose "
            "publication is not recorded, the next to become public first)",
            case_list,
            writes=False,
        ),
        Subcommand(
            "set <case> <field> <value>",
            f"fields: {_fields_help()}; after sending only reply-days and the fields outside "
            "the letter (sources, victims-withheld, victims, owner, lead, published)",
            case_set,
            details="""    e.g. `/case set 7 urge ensure that independent trade unions can operate freely`
• `/case set <case> edition current|2017` — the stock wording: today's house style (new cases get the team's default) or that of 2017 letters
• `/case set <case> press-release yes|no` — a press release is planned: the letter carries the stock notice before the publication paragraph
• `/case set <case> lead <MANDATE>` — the co-signing mandate that leads the case (drafts and answers for it); the first by default
• `/case set <case> published <YYYY-MM-DD> [<url>]` — the sent letter was made public on that day (link to its public page); also for a closed case""",
        ),
        Subcommand(
            "search <words>",
            "this channel's cases found by the words of their reference, country (any of its "
            "names), subject, allegations, body paragraphs, questions or citations, newest "
            'first; case and accents do not matter ("a phrase", -word, or); a reference '
            "(KAZ 1/2017) finds the case that bears it or bore it, what it follows up and its "
            "follow-ups",
            case_search,
            writes=False,
        ),
        Subcommand(
            "report <from> <to> [replies-from <date>] [replies-until <date>]",
            "the communications report of letters sent in the period (dates YYYY-MM-DD; replies "
            "until 60 days after <to> by default), posted here as CSV and Word, with the day each "
            "letter becomes public and its recorded publication",
            case_report,
        ),
        Subcommand(
            "follow-up <case> [AL|UA|OL]",
            "open a follow-up of a sent letter: a new case with its own reference, for the same "
            "addressee, mandates, language, subject and withheld names, whose letter refers to "
            "the earlier one by reference and date and thanks for its reply (or regrets there "
            "was none); the type is the earlier letter's unless given",
            case_follow_up,
            details="""    e.g. `/case follow-up AL KAZ 1/2017` or `/case follow-up 7 UA`
    `/case show` lists the communications a case follows up and its follow-ups, with their replies""",
        ),
        Subcommand("close <case> [reason]", "close a case: its reminders stop", case_close),
        Subcommand("reopen <case>", "reopen a closed case", case_reopen),
    ),
    notes="• On the case card: *Edit concern, urge, addressee*, *Edit questions*, *Edit body "
    "paragraphs* open prefilled forms (an emptied field removes that paragraph)",
    footer="Also: `/allegation help`, `/cite help`, `/letter help`, `/mandate help`. " + CASE_REF,
)

__all__ = ["CASE"]
