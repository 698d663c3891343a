"""Fields whose shape breaks the sentence they print in: each finding and the fix it offers."""

from __future__ import annotations

import pytest

from bot.letters.lint import LintCode, LintIssue, lint
from bot.letters.shapes import as_clause, ends_as_sentence, starts_as_sentence
from handlers.letters.fixes import FixContext, with_fix

from .seed import CONCERN, SUBJECT, URGE, seed_letter_input


def _shown(issues: list[LintIssue]) -> list[str]:
    """The findings as the drafter reads them in case #7's thread: each with its fix."""
    return [
        with_fix(issue, FixContext(case="#7", country_code="KAZ", language="en"))
        for issue in issues
    ]


def _shape_issues(issues: list[LintIssue]) -> list[tuple[LintCode, str]]:
    shapes = {
        LintCode.PARAGRAPH_START,
        LintCode.PARAGRAPH_END,
        LintCode.CLAUSE_START,
        LintCode.CLAUSE_END,
    }
    return [(issue.code, issue.where) for issue in issues if issue.code in shapes]


def test_a_concern_typed_as_a_clause_is_flagged_at_both_ends() -> None:
    clause = "serious concern about the closure of the union, in contravention of standards"
    issues = lint(seed_letter_input(concern=clause))
    assert _shape_issues(issues) == [
        (LintCode.PARAGRAPH_START, "concern"),
        (LintCode.PARAGRAPH_END, "concern"),
    ]
    start, end = _shown(issues)
    assert "starts in lower case" in start
    assert '"Serious concern about the closure of the union, …"' in start
    assert start.endswith(": /case set #7 concern <paragraph>")
    assert "does not end as a sentence" in end
    assert '"… closure of the union, in contravention of standards."' in end


def test_a_body_paragraph_typed_as_a_clause_is_flagged() -> None:
    body = ("Article 22 of the Covenant applies.", "and the law falls short of it")
    issues = lint(seed_letter_input(body=body))
    assert _shape_issues(issues) == [
        (LintCode.PARAGRAPH_START, "body 2"),
        (LintCode.PARAGRAPH_END, "body 2"),
    ]
    start, end = _shown(issues)
    assert "Body paragraph 2" in start
    assert '"And the law falls short of it"' in start
    assert start.endswith(": /letter #7 body edit 2 <paragraph>")
    assert '"and the law falls short of it."' in end


def test_an_urge_typed_as_a_sentence_is_flagged_with_the_clause_to_type() -> None:
    urge = "We urge the Government to release him immediately."
    issues = lint(seed_letter_input(urge=urge))
    assert _shape_issues(issues) == [
        (LintCode.CLAUSE_START, "urge"),
        (LintCode.CLAUSE_END, "urge"),
    ]
    start, end = _shown(issues)
    assert 'completes "…we urge that all necessary interim measures be taken to"' in start
    assert "starts as a sentence of its own" in start
    assert start.endswith("/case set #7 urge release him immediately")
    assert "its own full stop" in end and end.endswith("/case set #7 urge release him immediately")


def test_a_subject_typed_as_a_sentence_is_flagged_with_the_clause_to_type() -> None:
    subject = "The arrest and continued detention of Mr. Aksoy."
    issues = lint(seed_letter_input(subject=subject))
    assert _shape_issues(issues) == [
        (LintCode.CLAUSE_START, "subject"),
        (LintCode.CLAUSE_END, "subject"),
    ]
    start, end = _shown(issues)
    assert 'completes "…information we have received concerning"' in start
    fix = ": /case set #7 subject the arrest and continued detention of Mr. Aksoy"
    assert start.endswith(fix) and end.endswith(fix)


def test_an_ol_subject_completes_the_ol_words() -> None:
    issues = lint(seed_letter_input(letter_type="OL", subject="The draft law on unions"))
    assert _shape_issues(issues) == [(LintCode.CLAUSE_START, "subject")]
    assert 'our comments on" but starts as a sentence' in issues[0].message


def test_a_subject_or_urge_ending_with_a_full_stop_alone_is_flagged() -> None:
    issues = lint(seed_letter_input(subject=SUBJECT + ".", urge=URGE + "."))
    assert _shape_issues(issues) == [
        (LintCode.CLAUSE_END, "subject"),
        (LintCode.CLAUSE_END, "urge"),
    ]


@pytest.mark.parametrize(
    "overrides",
    [
        {"subject": "Radio Azattyk's closure by the authorities"},  # a name may come first
        {"subject": "Mr. Aksoy's arrest on 3 May 2016"},
        {"subject": "the closure of Kazakhstan Trade Union Ltd"},
        {"concern": "« Les autorités » ont fermé le syndicat."},  # opening quote, then capital
        {"concern": '2016 saw the closure of the union, "a grave step."'},
        {"concern": CONCERN + " Is this compatible with article 22?"},
        {"body": ("The law (art. 10(2)) applies [as amended].",)},
        {"urge": "ensure that he is not subjected to ill-treatment"},
    ],
)
def test_fields_in_their_shape_pass(overrides: dict[str, object]) -> None:
    assert _shape_issues(lint(seed_letter_input(**overrides))) == []


def test_the_seed_letter_has_no_shape_finding() -> None:
    assert _shape_issues(lint(seed_letter_input())) == []


@pytest.mark.parametrize(
    ("text", "urge", "clause"),
    [
        ("We urge the Government to release him immediately.", True, "release him immediately"),
        ("I call upon the authorities to drop the charges.", True, "drop the charges"),
        ("Release Mr. Aksoy.", True, "release Mr. Aksoy"),
        ("The arrest of Mr. Aksoy.", False, "the arrest of Mr. Aksoy"),
        ("La fermeture du syndicat", False, "la fermeture du syndicat"),
        ("Radio Azattyk's closure.", False, "Radio Azattyk's closure"),
    ],
)
def test_the_clause_offered(text: str, urge: bool, clause: str) -> None:
    assert as_clause(text, urge=urge) == clause


@pytest.mark.parametrize(
    ("text", "starts", "ends"),
    [
        ("He was held.", True, True),
        ("he was held", False, False),
        ('He said "no."', True, True),
        ("Was he held?", True, True),
        ("He was held (see annex).", True, True),
        ("He was held:", True, False),
    ],
)
def test_sentence_ends(text: str, starts: bool, ends: bool) -> None:
    assert starts_as_sentence(text) is starts
    assert ends_as_sentence(text) is ends
