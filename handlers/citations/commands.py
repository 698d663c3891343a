"""/cite: the annex of a case (library citations and free paragraphs) and ratification dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bot.cases.models import Case
from bot.citations import service
from bot.citations.library import get_entry, search
from bot.errors import Invalid, UserError
from bot.grammar import counted
from bot.slack.blocks import to_dicts
from bot.slack.commands import Invocation, Reply
from handlers.citations import blocks as citation_blocks
from handlers.shared.commands import NEAR_MISS, NUMBERS_ONLY, Command, Subcommand, did_you_mean
from handlers.shared.removals import removed_reply

_OPEN_QUOTES = '"“”„«'
_CLOSE_QUOTES = '"”“»'
_TOPIC_AT_END = re.compile(r"(?:^|\s)\(([^()]*)\)\s*$")
_WORD = re.compile(r"[^\W\d_]{3,}")
_ROMAN = re.compile(r"^[ivxlcdm]+$", re.IGNORECASE)


@dataclass(frozen=True)
class CitationArgs:
    """The parts of ``<key> [<pinpoint>] [(<topic>)] ["<quote>"]``."""

    key: str
    pinpoint: str | None = None
    topic: str | None = None
    quote: str | None = None


def parse_citation(text: str) -> CitationArgs:
    """Split the text after the case into key, pinpoint, topic and quote."""
    text = text.strip()
    if not text:
        raise Invalid("What should I cite? Give a library key, e.g. ICCPR.")
    text, quote = _take_quote(text)
    words = text.split(maxsplit=1)
    if not words:
        raise Invalid('Give the library key before the quote, e.g. /cite 7 HRC-24/5 OP2 "...".')
    key, rest = words[0], words[1] if len(words) > 1 else ""
    if get_entry(key) is None and rest:
        two = rest.split(maxsplit=1)
        if get_entry(f"{key} {two[0]}") is not None:  # "ILO C87"
            key, rest = f"{key} {two[0]}", two[1] if len(two) > 1 else ""
    topic = None
    match = _TOPIC_AT_END.search(rest)
    if match and _is_topic(match[1]):
        topic, rest = match[1].strip(), rest[: match.start()]
    return CitationArgs(key=key, pinpoint=rest.strip() or None, topic=topic, quote=quote)


def _take_quote(text: str) -> tuple[str, str | None]:
    """Cut a final quoted passage ("..." or “...”) off the text."""
    start = next((i for i, c in enumerate(text) if c in _OPEN_QUOTES), None)
    if start is None:
        return text, None
    end = max(text.rfind(c) for c in _CLOSE_QUOTES)
    if end <= start:
        raise Invalid(
            "The quote has no closing quotation mark: put the quoted words between quotation "
            'marks, last: "...".'
        )
    if text[end + 1 :].strip():
        raise Invalid("Put the quote last, after the pinpoint and the (topic).")
    return text[:start].rstrip(), text[start + 1 : end].strip()


@contextmanager
def key_hints() -> Iterator[None]:
    """An unknown or unratifiable library key: say which command to use instead."""
    try:
        yield
    except service.UnknownKey as error:
        error.message += (
            " Find the key with /cite search <words>, or add your own wording with "
            "/cite <case> text <paragraph>."
        )
        raise
    except service.NotRatifiable as error:
        error.message += f" Cite it as it is with /cite <case> {error.key}."
        error.usage = CITE.usage("")
        raise


def _is_topic(inner: str) -> bool:
    """True for "(right to freedom of association)"; False for a sub-paragraph like "(a)"."""
    inner = inner.strip()
    return bool(_WORD.search(inner)) and not _ROMAN.match(inner)


def add(invocation: Invocation, case: Case, rest: str) -> Reply:
    """``/cite <case> <key> ...``: a library citation; a misspelt form (``rmove 1``) is refused."""
    word, _, tail = rest.partition(" ")
    if NUMBERS_ONLY.match(tail.strip()) and get_entry(word) is None:
        meant = did_you_mean(word, CITE.case_forms, cutoff=NEAR_MISS)
        if meant:
            raise UserError(
                f"{word!r} is not a /cite subcommand; did you mean {meant!r}? Nothing was added.",
                usage=CITE.case_usage,
            )
    with key_hints():
        return _add(invocation, case, rest)


def _add(invocation: Invocation, case: Case, rest: str) -> Reply:
    args = parse_citation(rest)
    citation = service.add_citation(
        session=invocation.session,
        case=case,
        key=args.key,
        pinpoint=args.pinpoint,
        topic=args.topic,
        quote=args.quote,
        actor=invocation.user_id,
    )
    entry = service.find_entry(citation.key or "")
    check = service.check_ratification(
        session=invocation.session, entry=entry, country=case.country_code
    )
    text = citation_blocks.citation_added_text(case, citation, check)
    return Reply(text=text)


def _text(invocation: Invocation, case: Case, paragraph: str, *, runs_on: bool = False) -> Reply:
    citation = service.add_annex_text(
        session=invocation.session,
        case=case,
        text=paragraph,
        actor=invocation.user_id,
        runs_on=runs_on,
    )
    text = citation_blocks.citation_added_text(case, citation, None)
    return Reply(text=text)


def _text_run_on(invocation: Invocation, case: Case, paragraph: str) -> Reply:
    return _text(invocation, case, paragraph, runs_on=True)


def _list(invocation: Invocation, case: Case, tail: str) -> Reply:
    start = _item_number(tail) if tail else 1
    if not 1 <= start <= max(len(case.citations), 1):
        raise Invalid(
            f"There is no annex item {start} to start from: use 1 to {len(case.citations)}."
        )
    checks = service.annex_checks(session=invocation.session, case=case)
    blocks = citation_blocks.build_annex_list(case, checks, start=start)
    return Reply(text=citation_blocks.annex_list_text(case), blocks=to_dicts(blocks))


def _remove(invocation: Invocation, case: Case, tail: str) -> Reply:
    words = tail.split()
    if len(words) != 1:
        raise Invalid("Give the number of the annex item to remove.")
    number = _item_number(words[0])
    citation, removal = service.remove_citation(
        session=invocation.session, case=case, number=number, actor=invocation.user_id
    )
    text = citation_blocks.citation_removed_text(case, number, citation)
    return removed_reply(text, removal)


def _move(invocation: Invocation, case: Case, tail: str) -> Reply:
    words = [word for word in tail.split() if word.lower() != "to"]  # "move 5 to 2" too
    if len(words) != 2:
        raise Invalid("Give the number of the annex item and where it goes.")
    number = _item_number(words[0])
    to = _item_number(words[1])
    citation = service.move_citation(
        session=invocation.session, case=case, number=number, to=to, actor=invocation.user_id
    )
    text = citation_blocks.citation_moved_text(case, citation, number)
    return Reply(text=text)


def _item_number(word: str) -> int:
    """An annex item number as typed (3 or #3)."""
    digits = word.lstrip("#")
    if not digits.isdigit():
        raise Invalid(f"{word!r} is not a number: give the annex item number.")
    return int(digits)


def cite_search(invocation: Invocation) -> Reply:
    """``/cite search <words>``: library entries by key, title and keywords."""
    words = invocation.args.strip()
    if not words:
        raise Invalid("What should I look for? Give a word or two.")
    entries = search(words)
    if not entries:
        return Reply(text=citation_blocks.nothing_found_text(words))
    blocks = citation_blocks.build_search_results(words, entries)
    found = counted(len(entries), "library entry", "library entries")
    return Reply(text=f"{found} found", blocks=to_dicts(blocks))


def cite_ratified(invocation: Invocation) -> Reply:
    """``/cite ratified <COUNTRY> <key> <YYYY-MM-DD>``: record a team ratification date."""
    words = invocation.args.split()
    if len(words) < 3:
        raise Invalid("I need the country, the library key and the date it became a party.")
    country, key, date = " ".join(words[:-2]), words[-2], words[-1]
    with key_hints():
        change = service.record_ratification(
            session=invocation.session,
            country=country,
            key=key,
            date=service.parse_date(date),
            entered_by=invocation.user_id,
            today=invocation.today,
        )
    return Reply(text=citation_blocks.ratification_recorded_text(change))


CITE = Command(
    name="/cite",
    summary="the annex: legal citations and free paragraphs",
    subcommands=(
        Subcommand(
            '<case> <key> [<pinpoint>] [(<topic>)] ["<quote>"]',
            "add a library citation at the end",
            add,
            details="""    e.g. `/cite 1 ICCPR art. 21 (right to freedom of association)`
    e.g. `/cite 1 HRC-24/5 OP2 "[r]emind[ed] States of their obligation ..."`
    e.g. `/cite 1 ILO-C87`    e.g. `/cite 1 UNDHRD`
    For a treaty I tell you the ratification date the letter will print, and where it comes from.""",
        ),
        Subcommand(
            "<case> text <paragraph>",
            "add a free annex paragraph, printed exactly as typed, as a paragraph of its own",
            _text,
            details="    e.g. `/cite 1 text Finally we would like to refer to the report of ...`",
        ),
        Subcommand(
            "<case> text+ <paragraph>",
            "the same, printed at the end of the annex paragraph before it (a comment on the "
            "citation just added)",
            _text_run_on,
            details="    e.g. `/cite 1 text+ The ILO has on several occasions raised concern "
            "about ...`",
        ),
        Subcommand(
            "<case> list [<from>]",
            "the annex, numbered, with ratification dates",
            _list,
            writes=False,
        ),
        Subcommand(
            "<case> remove <n>", "remove annex item n (Undo in the answer puts it back)", _remove
        ),
        Subcommand(
            "<case> move <n> <to>", "make annex item n number <to>, e.g. `/cite 1 move 5 2`", _move
        ),
        Subcommand(
            "search <words>",
            "find a library key, e.g. `/cite search association`",
            cite_search,
            writes=False,
        ),
        Subcommand(
            "ratified <COUNTRY> <key> <YYYY-MM-DD>",
            "add or correct a ratification date (the team's date wins over the shipped data, "
            "which is as of March 2015)",
            cite_ratified,
            details="    e.g. `/cite ratified KAZ ICCPR 2006-01-24`",
        ),
    ),
)
