"""What a citation library entry is: metadata only; its annex wording lives in templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class CitationKind(StrEnum):
    """The kind of instrument an entry refers to; decides how the annex introduces it."""

    TREATY = "treaty"  # UN treaty with ratifications (chapter IV data)
    ILO_CONVENTION = "ilo-convention"  # ILO convention (ratifications entered by teams)
    RESOLUTION = "resolution"  # Human Rights Council / General Assembly resolution
    DECLARATION = "declaration"  # non-binding declaration (no ratification)
    REPORT = "report"  # a UN report (e.g. A/HRC/29/25/Add.2)


@dataclass(frozen=True)
class CitationEntry:
    """One entry of the citation library, e.g. ``ICCPR`` or ``ILO-C87``.

    The annex wording is the Jinja snippet ``templates/citations/<lang>/<key>.j2``
    (or the kind's default snippet ``templates/citations/<lang>/_<kind>.j2``).
    """

    key: str  # upper-case, unique: "ICCPR", "ILO-C87", "HRC-24/5", "UNDHRD"
    title: str  # full English title
    kind: CitationKind
    short_title: str = ""  # e.g. "International Covenant on Civil and Political Rights"
    mtdsg: str | None = None  # UN Treaty Collection number, e.g. "IV-4"; None if not a UN treaty
    group: str | None = None  # consecutive citations of one group share a paragraph ("ILO")
    keywords: tuple[str, ...] = field(default_factory=tuple)  # extra words for /cite search
    ratifiable: bool = False  # True when States become parties (treaties, ILO conventions)
