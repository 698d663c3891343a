"""The command each problem of the draft checks names: the part it is in, or its own."""

from __future__ import annotations

import pytest

from bot.letters.context import AnnexCitation, AnnexText
from bot.letters.lint import LintCode, LintIssue, Part, Place, lint
from bot.reviews.findings import read_finding, record_findings
from handlers.letters.fixes import FixContext, edit_command, fix_command, with_fix
from tests.letters.seed import CAT, ILO_C87, SEED_ANNEX, seed_letter_input

CASE_7 = FixContext(case="#7", country_code="KAZ", language="en")


def test_a_bad_date_in_an_annex_text_is_fixed_by_replacing_the_text() -> None:
    text = "Kazakhstan ratified Convention 87 on 13 December 200 and Convention 98 in 2001."
    [issue] = lint(seed_letter_input(annex=(*SEED_ANNEX, AnnexText(text))))
    assert with_fix(issue, CASE_7) == (
        '"13 December 200" is not a valid date (truncated year): /cite #7 remove 9, '
        "/cite #7 text <corrected paragraph>, then /cite #7 move <new n> 9"
    )


def test_a_bad_date_in_an_annex_text_that_runs_on_is_replaced_by_one_that_runs_on() -> None:
    text = "The ILO ratified it on 13 December 200."
    [issue] = lint(seed_letter_input(annex=(*SEED_ANNEX, AnnexText(text, runs_on=True))))
    assert issue.place == Place(Part.ANNEX, 9, runs_on=True)
    assert fix_command(issue, CASE_7) == (
        "/cite #7 remove 9, /cite #7 text+ <corrected paragraph>, then /cite #7 move <new n> 9"
    )


def test_a_recorded_finding_keeps_that_its_paragraph_runs_on() -> None:
    text = "The ILO ratified it on 13 December 200."
    issues = lint(seed_letter_input(annex=(*SEED_ANNEX, AnnexText(text, runs_on=True))))
    [kept] = [read_finding(item) for item in record_findings(issues)]
    assert kept == issues[0]


def test_a_problem_in_an_annex_citation_is_fixed_by_citing_it_again() -> None:
    citation = AnnexCitation(CAT, "art. 1 TODO", ratified=None)
    issues = lint(seed_letter_input(annex=(citation,)))
    placeholder = next(issue for issue in issues if issue.code is LintCode.PLACEHOLDER)
    assert fix_command(placeholder, CASE_7) == (
        "/cite #7 remove 1, /cite #7 CAT <pinpoint>, then /cite #7 move <new n> 1"
    )


def test_a_bad_date_in_an_allegation_is_fixed_by_editing_it() -> None:
    [issue] = lint(seed_letter_input(allegations=("Intro.", "On 31 February 2016 he was held.")))
    assert issue.place == Place(Part.ALLEGATION, 2)
    assert fix_command(issue, CASE_7) == "/allegation #7 edit 2 <paragraph>"


def test_missing_parts_name_the_command_that_adds_them() -> None:
    issues = lint(seed_letter_input(subject=" ", allegations=(), concern="", questions=(), urge=""))
    assert {issue.code: fix_command(issue, CASE_7) for issue in issues} == {
        LintCode.EMPTY_SUBJECT: "/case set #7 subject <text>",
        LintCode.NO_ALLEGATIONS: "/allegation #7 <paragraph>",
        LintCode.EMPTY_CONCERN: "/case set #7 concern <paragraph>",
        LintCode.NO_QUESTIONS: "/letter #7 question <text>",
        LintCode.EMPTY_URGE: "/case set #7 urge <text>",
    }


def test_a_missing_ratification_names_the_command_that_records_it() -> None:
    [un] = lint(seed_letter_input(annex=(*SEED_ANNEX, AnnexCitation(CAT, "art. 1"))))
    [ilo] = lint(seed_letter_input(annex=(AnnexCitation(ILO_C87),)))
    assert with_fix(un, CASE_7).endswith(
        "If it has become a party since, record the date: /cite ratified KAZ CAT <YYYY-MM-DD>"
    )
    assert fix_command(ilo, CASE_7) == "/cite ratified KAZ ILO-C87 <YYYY-MM-DD>"


def test_a_non_state_letter_without_addressee_names_the_command_that_sets_it() -> None:
    [issue] = lint(seed_letter_input(country_code="OTH", annex=(AnnexCitation(CAT),)))
    assert fix_command(issue, CASE_7) == "/case set #7 addressee <name>"


def test_mandate_records_are_fixed_with_mandate_set_in_the_draft_language() -> None:
    issues = lint(
        seed_letter_input(language="fr"),
        untranslated_titles=["WGX"],
        untranslated_paragraphs=["FOAA"],
    )
    french = FixContext(case="#7", country_code="KAZ", language="fr")
    # The seed's English text in a French letter is flagged too (tests/letters/test_languages.py).
    records = [issue for issue in issues if issue.code is not LintCode.OTHER_LANGUAGE]
    assert {issue.code: with_fix(issue, french) for issue in records} == {
        LintCode.UNTRANSLATED_PARAGRAPH: "FOAA's own paragraph has no French text, so the "
        "English one is printed. Record it: /mandate set FOAA paragraph-fr <text>",
        LintCode.UNTRANSLATED_TITLE: "WGX has no French title, so the English one is printed. "
        'Record it: /mandate set WGX title-fr "<title>"',
    }


def test_a_mandate_without_holder_names_the_command_that_records_one() -> None:
    issue = LintIssue(
        LintCode.NO_HOLDER, "Mandate FOAA has no holder", Place(Part.MANDATE, key="FOAA")
    )
    assert fix_command(issue, CASE_7) == '/mandate set FOAA holder "<holder name>"'


@pytest.mark.parametrize("part", list(Part))
def test_every_part_of_a_letter_has_a_command_that_changes_it(part: Part) -> None:
    command = edit_command(Place(part, 3, "KEY"), "#7")
    assert command.startswith("/") and "None" not in command
