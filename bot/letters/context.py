"""Everything a letter needs, as plain data: the renderer knows nothing of the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.citations.entries import CitationEntry


@dataclass(frozen=True)
class Signatory:
    """A co-signing mandate as it appears in the letter."""

    code: str  # registry code, e.g. "FOAA"
    title: (
        str  # "Special Rapporteur on the rights to freedom of peaceful assembly and of association"
    )
    resolutions: tuple[str, ...]  # legal bases: "32/32" (HRC), "CHR 2004/37", "GA 60/251", ...
    holders: tuple[str, ...]  # ("Maina Kiai",)
    functions: tuple[str, ...] = ()  # each holder's function, "" for none: ("Vice-Chair",)
    paragraph: str = ""  # the mandate's own paragraph, in the letter's language


@dataclass(frozen=True)
class AnnexCitation:
    """A library citation in the annex."""

    entry: CitationEntry
    pinpoint: str | None = None  # as typed after the key: "art. 21", "OP2", "arts. 1, 2 and 5(a)"
    topic: str | None = None  # optional words the team gave, e.g. "right to freedom of association"
    quote: str | None = None  # words quoted from the instrument at the pinpoint, as typed
    ratified: dt.date | None = None  # the addressee State's ratification date, if any


@dataclass(frozen=True)
class AnnexText:
    """A free annex paragraph, printed exactly as typed: a paragraph of its own, or at the end
    of the paragraph before it (``runs_on``, as the seed's "The ILO has ..." follows the ILO
    conventions it comments)."""

    text: str
    runs_on: bool = False


AnnexItem = AnnexCitation | AnnexText


@dataclass(frozen=True)
class FollowedLetter:
    """The earlier communication a follow-up letter cites: its reference as printed, the day
    it was sent, and the days replies to it were received (none: the letter regrets it)."""

    reference: str
    sent_on: dt.date
    replies: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class LetterInput:
    """The content of one communication, ready to render."""

    letter_type: str  # "AL" | "UA" | "OL"
    language: str  # "en" | "fr" | "es"
    country_code: str  # ISO 3166-1 alpha-3, or "OTH" for a non-State addressee
    signatories: tuple[Signatory, ...]
    subject: str  # completes "information we have received concerning ..."
    reference: str | None = None  # "AL KAZ 1/2017"
    date: dt.date | None = None  # sending date; None renders today's date for a draft
    addressee: str | None = None  # name of a non-State addressee (OTH)
    allegations: tuple[str, ...] = ()
    concern: str = ""
    questions: tuple[str, ...] = ()
    urge: str = ""
    reply_days: int = 60
    annex: tuple[AnnexItem, ...] = ()
    body: tuple[str, ...] = ()  # numbered body paragraphs after the concern
    edition: str = "current"  # stock wording: "current" or "2017" (the seed's)
    press_release: bool = False  # a press release is planned: the stock notice is printed
    follows: FollowedLetter | None = None  # a follow-up: the earlier communication it cites
