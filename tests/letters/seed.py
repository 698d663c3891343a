"""The seed letter (AL KAZ 1/2017) as renderer input, for the golden test and its variants."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from bot.citations.entries import CitationEntry, CitationKind
from bot.letters.context import AnnexCitation, AnnexText, LetterInput, Signatory

SEED_PATH = Path(__file__).resolve().parents[1] / "fixtures" / "AL-KAZ-1-2017.txt"

# Library entries as the citation library defines them (built here so these tests stand alone).
ICCPR = CitationEntry(
    key="ICCPR",
    title="International Covenant on Civil and Political Rights",
    kind=CitationKind.TREATY,
    short_title="International Covenant on Civil and Political Rights",
    mtdsg="IV-4",
    ratifiable=True,
)
ICESCR = CitationEntry(
    key="ICESCR",
    title="International Covenant on Economic, Social and Cultural Rights",
    kind=CitationKind.TREATY,
    short_title="International Covenant on Economic, Social and Cultural Rights",
    mtdsg="IV-3",
    ratifiable=True,
)
CAT = CitationEntry(
    key="CAT",
    title="Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment",
    kind=CitationKind.TREATY,
    short_title="Convention against Torture",
    mtdsg="IV-9",
    ratifiable=True,
)
CRC = CitationEntry(
    key="CRC",
    title="Convention on the Rights of the Child",
    kind=CitationKind.TREATY,
    short_title="Convention on the Rights of the Child",
    mtdsg="IV-11",
    ratifiable=True,
)
HRC_24_5 = CitationEntry(
    key="HRC-24/5",
    title="Human Rights Council resolution 24/5 on the rights to freedom of peaceful assembly "
    "and of association",
    kind=CitationKind.RESOLUTION,
    short_title="Human Rights Council resolution 24/5",
)
ILO_C87 = CitationEntry(
    key="ILO-C87",
    title="Freedom of Association and Protection of the Right to Organise Convention, 1948 (No. 87)",
    kind=CitationKind.ILO_CONVENTION,
    short_title="ILO Convention No. 87",
    group="ILO",
    ratifiable=True,
)
ILO_C98 = CitationEntry(
    key="ILO-C98",
    title="Right to Organise and Collective Bargaining Convention, 1949 (No. 98)",
    kind=CitationKind.ILO_CONVENTION,
    short_title="ILO Convention No. 98",
    group="ILO",
    ratifiable=True,
)
UNDHRD = CitationEntry(
    key="UNDHRD",
    title="Declaration on the Right and Responsibility of Individuals, Groups and Organs of "
    "Society to Promote and Protect Universally Recognized Human Rights and Fundamental Freedoms",
    kind=CitationKind.DECLARATION,
    short_title="UN Declaration on Human Rights Defenders",
)
UDHR = CitationEntry(
    key="UDHR",
    title="Universal Declaration of Human Rights",
    kind=CitationKind.DECLARATION,
    short_title="Universal Declaration of Human Rights",
)

FOAA = Signatory(
    code="FOAA",
    title="Special Rapporteur on the rights to freedom of peaceful assembly and of association",
    resolutions=("32/32",),
    holders=("Maina Kiai",),
)
HRD = Signatory(
    code="HRD",
    title="Special Rapporteur on the situation of human rights defenders",
    resolutions=("25/18",),
    holders=("Michel Forst",),
)

SUBJECT = "the permanent closure of the Confederation of Independent Trade Unions of Kazakhstan"
ALLEGATIONS = (
    "On 5 December 2016, the Justice Ministry reportedly filed a case before an economic court "
    "in Shymkent, in southern Kazakhstan, against the Confederation of Independent Trade Unions "
    "of Kazakhstan, seeking its closure. It accused the independent trade union of failing to "
    "confirm its status as a national union within six months of its registration by proving its "
    "membership base and affiliation to a higher-tier union, as required by article 10(2) of the "
    "Law on Professional Unions of the Republic of Kazakhstan.",
    "On 4 January 2017, the aforementioned economic court ordered the permanent closure of the "
    "Confederation of Independent Trade Unions of Kazakhstan, after having reportedly rejected a "
    "request from the union to postpone the hearing to allow sufficient time to prepare.",
    "It is reported that three other industrial unions, affiliated to the Confederation of "
    "Independent Trade Unions of Kazakhstan, and representing medical workers, domestic workers "
    "and mine workers, face a similar risk of permanent closure in a related legal action by the "
    "Justice Ministry.",
)
CONCERN = (
    "Serious concern is expressed about the reported permanent closure of the Confederation of "
    "Independent Trade Unions of Kazakhstan, in contravention of international human and labour "
    "rights standards governing freedom of association. More generally, serious concern is "
    "expressed about the Law on Professional Unions of the Republic of Kazakhstan which threatens "
    "the very existence of independent trade unions in the country."
)
QUESTIONS = (
    "Please provide any additional information and any comment you may have on the "
    "above-mentioned allegations.",
    "Please confirm the legal basis for the permanent closure of the Confederation of Independent "
    "Trade Unions of Kazakhstan. Please indicate how this measure is compatible with international "
    "human and labour rights norms and standards governing freedom of association.",
    "Please provide information on the legal action brought by the Justice Ministry against the "
    "three other industrial unions affiliated to the Confederation of Independent Trade Unions of "
    "Kazakhstan and representing medical workers, domestic workers and mine workers.",
    "More generally, please indicate how the Law on Professional Unions of the Republic of "
    "Kazakhstan complies with the aforementioned norms and standards.",
)
URGE = (
    "ensure that decisions on closure of organizations including trade unions can be challenged "
    "and re-considered, that existing legal actions against trade unions do not result in "
    "closures, that a process of revision of the Law on Professional Unions is initiated and more "
    "generally that independent trade unions in Kazakhstan can operate freely"
)
HRC_24_5_QUOTE = (
    "[r]emind[ed] States of their obligation to respect and fully protect the rights of all "
    "individuals to assemble peacefully and associate freely... including... trade unionists and "
    "others... and to take all necessary measures to ensure that any restrictions on the free "
    "exercise of the rights to freedom of peaceful assembly and of association are in accordance "
    "with their obligations under international human rights law"
)
ILO_CONCERN = (
    "The ILO has on several occasions raised concern about the registration and mandatory "
    "affiliation requirements contained in the Law on Professional Unions of the Republic of "
    "Kazakhstan."
)
UNDHRD_ARTICLES = (
    "In particular, we would like to refer to articles 1 and 2 of the Declaration which state "
    "that everyone has the right to promote and strive for the protection and realization of "
    "human rights and fundamental freedoms at the national and international levels and that "
    "each State has a prime responsibility and duty to protect, promote and implement all human "
    "rights and fundamental freedoms. Articles 5(a) provides for the rights to meet or assemble "
    "peacefully and to know, seek, obtain, receive and hold information about all human rights "
    "and fundamental freedoms."
)
VISIT_REPORT = (
    "Finally we would like to refer to the report of the Special Rapporteur on the rights to "
    "freedom of peaceful assembly and of association on his visit to Kazakhstan in January 2015 "
    'in which he analysed the aforementioned trade union law as follows: "[b]roadly speaking, the '
    "new law imposes mandatory affiliation of trade unions to regional or sectorial federations. "
    "It denies trade unions the right to freely form and join labour organizations of their "
    "choice. These new requirements fall short of international law, which stipulates that the "
    "right not to belong to an association is a core component of freedom of association. The "
    "Special Rapporteur recommends that the authorities revise the new law on trade unions to "
    "bring it in line with international standards as highlighted by the International Labour "
    "Office in its memorandum of technical comments on the draft law on trade unions of "
    'Kazakhstan" (para. 34, A/HRC/29/25/Add.2).'
)

SEED_ANNEX = (
    AnnexCitation(
        ICCPR,
        pinpoint="art. 21",
        topic="right to freedom of association",
        ratified=dt.date(2006, 1, 24),
    ),
    AnnexCitation(HRC_24_5, pinpoint="OP2", quote=HRC_24_5_QUOTE),
    AnnexCitation(ILO_C87, ratified=dt.date(2000, 12, 13)),
    AnnexCitation(ILO_C98, ratified=dt.date(2001, 5, 18)),
    AnnexText(ILO_CONCERN, runs_on=True),  # "... respectively. The ILO has ..."
    AnnexCitation(UNDHRD),
    AnnexText(UNDHRD_ARTICLES, runs_on=True),
    AnnexText(VISIT_REPORT),
)


def seed_letter_input(**overrides: Any) -> LetterInput:
    """The seed letter AL KAZ 1/2017 as renderer input, with any field replaced."""
    letter = LetterInput(
        letter_type="AL",
        language="en",
        country_code="KAZ",
        signatories=(FOAA, HRD),
        subject=SUBJECT,
        reference="AL KAZ 1/2017",
        date=dt.date(2017, 1, 23),
        allegations=ALLEGATIONS,
        concern=CONCERN,
        questions=QUESTIONS,
        urge=URGE,
        reply_days=60,
        annex=SEED_ANNEX,
        edition="2017",  # the seed's wording, word for word
    )
    return dataclasses.replace(letter, **overrides)


# The seed letter's case in French and Spanish (LetterInput fields over seed_letter_input()).
FRENCH = {
    "language": "fr",
    "signatories": (
        Signatory(
            "FOAA",
            "Rapporteur spécial sur les droits à la liberté de réunion pacifique et à la liberté "
            "d'association",
            ("32/32",),
            ("Maina Kiai",),
        ),
        Signatory(
            "HRD",
            "Rapporteur spécial sur la situation des défenseurs des droits de l'homme",
            ("25/18",),
            ("Michel Forst",),
        ),
    ),
    "subject": "la fermeture définitive de la Confédération des syndicats indépendants",
    "allegations": (
        "Le 5 décembre 2016, le Ministère de la justice aurait saisi un tribunal économique.",
        "Le 4 janvier 2017, ce tribunal a ordonné la fermeture définitive de la Confédération.",
    ),
    "concern": "De sérieuses préoccupations sont exprimées quant à cette fermeture.",
    "questions": (
        "Veuillez fournir toute information complémentaire sur les allégations susmentionnées.",
        "Veuillez indiquer le fondement juridique de cette fermeture.",
    ),
    "urge": "garantir que les décisions de fermeture puissent être contestées",
    "annex": (
        AnnexCitation(
            ICCPR, "art. 21", "le droit à la liberté d'association", None, dt.date(2006, 1, 24)
        ),
        AnnexCitation(HRC_24_5, "OP2", quote="rappelle aux États leur obligation de respecter"),
        AnnexCitation(ILO_C87, ratified=dt.date(2000, 12, 13)),
        AnnexCitation(ILO_C98, ratified=dt.date(2001, 5, 18)),
        AnnexText("L'OIT a exprimé à plusieurs reprises sa préoccupation.", runs_on=True),
        AnnexCitation(UNDHRD),
    ),
}
SPANISH = {
    **FRENCH,
    "language": "es",
    "signatories": (
        Signatory(
            "FOAA",
            "Relator Especial sobre los derechos a la libertad de reunión pacífica y de asociación",
            ("32/32",),
            ("Maina Kiai",),
        ),
        Signatory(
            "HRD",
            "Relator Especial sobre la situación de los defensores de derechos humanos",
            ("25/18",),
            ("Michel Forst",),
        ),
    ),
    "subject": "el cierre definitivo de la Confederación de Sindicatos Independientes",
    "allegations": (
        "El 5 de diciembre de 2016, el Ministerio de Justicia habría presentado una demanda.",
        "El 4 de enero de 2017, el tribunal ordenó el cierre definitivo de la Confederación.",
    ),
    "concern": "Se expresa seria preocupación por este cierre.",
    "questions": (
        "Sírvase proporcionar cualquier información adicional sobre las alegaciones.",
        "Sírvase indicar la base jurídica de este cierre.",
    ),
    "urge": "garantizar que las decisiones de cierre puedan ser impugnadas",
    "annex": (
        AnnexCitation(
            ICCPR, "art. 21", "el derecho a la libertad de asociación", None, dt.date(2006, 1, 24)
        ),
        AnnexCitation(HRC_24_5, "OP2", quote="recuerda a los Estados su obligación de respetar"),
        AnnexCitation(ILO_C87, ratified=dt.date(2000, 12, 13)),
        AnnexCitation(ILO_C98, ratified=dt.date(2001, 5, 18)),
        AnnexText("La OIT ha expresado su preocupación en varias ocasiones.", runs_on=True),
        AnnexCitation(UNDHRD),
    ),
}


# The registry rows of the seed letter's two mandates as they stood in January 2017 (revisions
# 0002 and 0004 registered them so): test data, not what a fresh install ships.
REGISTRY_2017 = {
    "FOAA": {
        "title": FOAA.title,
        "titles": {
            "fr": "Rapporteur spécial sur le droit de réunion pacifique et la liberté d'association",
            "es": "Relator Especial sobre los derechos a la libertad de reunión pacífica y de "
            "asociación",
        },
        "resolutions": list(FOAA.resolutions),
        "holders": list(FOAA.holders),
    },
    "HRD": {
        "title": HRD.title,
        "titles": {
            "fr": "Rapporteur spécial sur la situation des défenseurs des droits de l'homme",
            "es": "Relator Especial sobre la situación de los defensores de los derechos humanos",
        },
        "resolutions": list(HRD.resolutions),
        "holders": list(HRD.holders),
    },
}


def use_2017_registry(session: Any) -> None:
    """Set FOAA and HRD in the registry to their January 2017 rows (no audit: test data)."""
    from sqlalchemy import update

    from bot.mandates.models import Mandate

    for code, values in REGISTRY_2017.items():
        session.execute(update(Mandate).where(Mandate.code == code).values(**values))
    session.commit()
