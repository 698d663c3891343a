"""The letter linter: what it flags, what it leaves alone, and what it tells the team to do."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.letters.context import AnnexCitation, AnnexText
from bot.letters.lint import LintCode, LintIssue, Part, Place, lint

from .seed import CAT, ICCPR, ILO_C87, SEED_ANNEX, seed_letter_input


def _codes(issues: list[LintIssue]) -> list[LintCode]:
    return [issue.code for issue in issues]


def _besides_language(issues: list[LintIssue]) -> list[LintIssue]:
    """The findings other than a text in another language: these tests put French and Spanish
    text in the English seed letter, which is flagged as such (see test_languages.py)."""
    return [issue for issue in issues if issue.code is not LintCode.OTHER_LANGUAGE]


def test_seed_letter_is_clean() -> None:
    assert lint(seed_letter_input()) == []


def test_truncated_year_in_the_annex_is_flagged() -> None:
    text = "Kazakhstan ratified Convention 87 on 13 December 200 and Convention 98 in 2001."
    issues = lint(seed_letter_input(annex=(*SEED_ANNEX, AnnexText(text))))
    assert len(issues) == 1
    issue = issues[0]
    assert issue.code is LintCode.BAD_DATE and issue.where == "annex 9"
    assert '"13 December 200"' in issue.message and "truncated year" in issue.message
    assert issue.place == Place(Part.ANNEX, 9)  # a text: no key (handlers/letters/fixes.py)


@pytest.mark.parametrize(
    "text",
    [
        "On 31 February 2016 he was arrested.",
        "Le 30 février 2016, il a été arrêté.",
        "El 31 de abril de 2016 fue detenido.",
        "He was arrested on February 30, 2016.",
        "He was released on 2 March 16.",
        "Le 1er janvier 201, il a été arrêté.",
    ],
)
def test_impossible_or_truncated_dates_are_flagged(text: str) -> None:
    issues = _besides_language(lint(seed_letter_input(allegations=(text,))))
    assert _codes(issues) == [LintCode.BAD_DATE]
    assert issues[0].where == "allegation 1"
    assert issues[0].place == Place(Part.ALLEGATION, 1)


@pytest.mark.parametrize(
    "text",
    ["On 29 February 2016 he was arrested.", "Le 1er mars 2016.", "El 31 de enero de 2017."],
)
def test_valid_dates_pass(text: str) -> None:
    assert lint(seed_letter_input(allegations=(text,))) == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("He detained 12 of 3 May 201 onwards.", "3 May 201"),  # "12 of 3" is no date
        ("Between 3 and 4 June 201 they met.", "4 June 201"),
        ("From March 3, and April 31, 2016.", "April 31, 2016"),
        ("Le 3 de 4 de mayo de 201.", "4 de mayo de 201"),
        ("El 3 DE MAYO DE 201.", "3 DE MAYO DE 201"),
        ("On 3 SEPT. 201 he was arrested.", "3 SEPT. 201"),
        ("Il est arrêté le 31 avr. 2016 et libéré le 31 juin 2016.", "31 avr. 2016"),
    ],
)
def test_dates_are_found_among_other_numbers_and_words(text: str, date: str) -> None:
    issues = _besides_language(lint(seed_letter_input(allegations=(text,))))
    assert _codes(issues)[0] is LintCode.BAD_DATE
    assert f'"{date}"' in issues[0].message


def test_the_same_letter_linted_twice_gives_the_same_issues() -> None:
    letter = seed_letter_input(
        allegations=("On 31 June 2016 [name] was arrested.", "Our sources said so."),
        concern="Jean Dupont was held.",
    )
    first = lint(letter, source_terms=["Jean Dupont"])
    assert len(first) == 4
    assert lint(letter, source_terms=["Jean Dupont"]) == first
    assert len(lint(letter)) == 3  # the source terms are the case's own


def test_missing_parts_are_flagged_with_the_part_to_fill() -> None:
    issues = lint(seed_letter_input(subject=" ", allegations=(), concern="", questions=(), urge=""))
    assert _codes(issues) == [
        LintCode.EMPTY_SUBJECT,
        LintCode.NO_ALLEGATIONS,
        LintCode.EMPTY_CONCERN,
        LintCode.NO_QUESTIONS,
        LintCode.EMPTY_URGE,
    ]
    assert [issue.place.part for issue in issues] == [
        Part.SUBJECT,
        Part.ALLEGATIONS,
        Part.CONCERN,
        Part.QUESTIONS,
        Part.URGE,
    ]
    assert all("/" not in issue.message for issue in issues)  # the Slack side names commands


def test_un_treaty_without_ratification_date() -> None:
    issues = lint(seed_letter_input(annex=(*SEED_ANNEX, AnnexCitation(CAT, "art. 1"))))
    assert _codes(issues) == [LintCode.MISSING_RATIFICATION]
    message = issues[0].message
    assert (
        "Kazakhstan is not a party according to UN Treaty Collection data as of March 2015"
        in message
    )
    assert "/cite" not in message and "record the date" in message
    assert issues[0].place == Place(Part.ANNEX, 9, "CAT")


def test_ilo_convention_without_ratification_date() -> None:
    issues = lint(seed_letter_input(annex=(AnnexCitation(ILO_C87),)))
    assert _codes(issues) == [LintCode.MISSING_RATIFICATION]
    assert "no ratification date by Kazakhstan is known" in issues[0].message
    assert "ILO NORMLEX" in issues[0].message
    assert issues[0].place == Place(Part.ANNEX, 1, "ILO-C87")


def test_non_state_letters_need_an_addressee_but_no_ratifications() -> None:
    issues = lint(seed_letter_input(country_code="OTH", annex=(AnnexCitation(CAT),)))
    assert _codes(issues) == [LintCode.NO_ADDRESSEE]
    assert issues[0].place == Place(Part.ADDRESSEE)


@pytest.mark.parametrize(
    "text",
    [
        "The victim, [name], was detained.",
        "He was detained on XXX.",
        "The charges are TBC.",
        "TODO: add the court's name.",
        "He was held at {{ place }}.",
        "He was held at … for two days.",
        "He was held at ... for two days.",
        "He was held at [...] for two days.",
        "He was held at <prison> for two days.",
        "The victim, [], was detained.",
    ],
)
def test_placeholders_are_flagged(text: str) -> None:
    issues = lint(seed_letter_input(concern=text))
    assert LintCode.PLACEHOLDER in _codes(issues)
    assert all(issue.where == "concern" for issue in issues)
    assert issues[0].place == Place(Part.CONCERN)


@pytest.mark.parametrize(
    "text",
    [
        'The court said that it "[r]emind[ed] the parties... of the law" (para. 3).',
        "The report [sic] says so.",
        "Footnote [1] applies.",
        "Le Conseil « rappelle... aux États » leur obligation.",
    ],
)
def test_legitimate_brackets_and_quoted_ellipses_pass(text: str) -> None:
    assert _besides_language(lint(seed_letter_input(concern=text))) == []


def test_quotes_may_hold_ellipses() -> None:
    citation = AnnexCitation(
        ICCPR, "art. 21", quote="everyone shall have... the right", ratified=dt.date(2006, 1, 24)
    )
    assert lint(seed_letter_input(annex=(citation,))) == []


def test_naming_the_source_is_flagged() -> None:
    letter = seed_letter_input(
        allegations=(
            "Mr. Jean Dupont told us that the union was closed.",
            "Our source added that.",
        ),
        questions=("Selon notre source, est-ce vrai ?",),
    )
    issues = _besides_language(lint(letter, source_terms=["jean dupont", " "]))
    assert [(i.code, i.where) for i in issues] == [
        (LintCode.SOURCE_NAMED, "allegation 1"),
        (LintCode.SOURCE_NAMED, "allegation 2"),
        (LintCode.SOURCE_NAMED, "question 1"),
    ]
    assert '"Jean Dupont"' in issues[0].message and "confidential" in issues[0].message


@pytest.mark.parametrize(
    ("text", "term", "found"),
    [
        ("JEAN DUPONT told us.", "jean dupont", "JEAN DUPONT"),
        ("José Pérez told us.", "jose perez", None),
        ("JOSÉ PÉREZ told us.", "José Pérez", "JOSÉ PÉREZ"),
        ("Jean Duponts told us.", "Jean Dupont", None),
        ("ACCORDING TO OUR SOURCES, he fled.", "", "ACCORDING TO OUR SOURCES"),
        ("Según nuestras fuentes, huyó.", "", "Según nuestras fuentes"),
        ("Les informatrices l'ont vu à Astana.", "", "informatrices"),
        ("The ſource said so.", "", "The ſource said"),  # re takes "ſ" for "s", ignoring case
    ],
)
def test_source_terms_and_phrases_are_matched_ignoring_case(
    text: str, term: str, found: str | None
) -> None:
    issues = _besides_language(lint(seed_letter_input(allegations=(text,)), source_terms=[term]))
    assert [i.message.split('"')[1] for i in issues] == ([found] if found else [])


def test_codes_are_strings() -> None:
    assert LintCode.BAD_DATE == "bad-date"
