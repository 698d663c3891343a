"""One language per letter: typed text in another language is a finding that names it, while
names, references and short quotes raise none."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from typing import Any

import pytest

from bot.letters.context import AnnexCitation, AnnexText, LetterInput, Signatory
from bot.letters.languages import other_language, words_to_judge
from bot.letters.lint import LintCode, LintIssue, lint
from handlers.letters.fixes import FixContext, with_fix

from .seed import HRC_24_5, ICCPR, UNDHRD, seed_letter_input

# The seed letter's typed text in French (test data: our translation, not a published letter).
FRENCH = {
    "subject": "la fermeture définitive de la Confédération des syndicats indépendants du "
    "Kazakhstan",
    "allegations": (
        "Le 5 décembre 2016, le Ministère de la justice aurait saisi un tribunal économique de "
        "Chymkent d'une demande de dissolution de la Confédération des syndicats indépendants "
        "du Kazakhstan.",
        "Le 4 janvier 2017, ce tribunal a ordonné la fermeture définitive de la Confédération, "
        "après avoir rejeté sa demande de report de l'audience.",
    ),
    "concern": "Nous exprimons notre vive préoccupation quant à la fermeture définitive de la "
    "Confédération, contraire aux normes internationales qui régissent la liberté "
    "d'association.",
    "questions": (
        "Veuillez fournir toute information ou tout commentaire complémentaire en relation "
        "avec les allégations susmentionnées.",
        "Veuillez indiquer le fondement juridique de la fermeture de la Confédération.",
    ),
    "urge": "garantir que les syndicats indépendants puissent exercer librement leurs activités "
    "au Kazakhstan",
    "annex": (
        AnnexCitation(
            ICCPR,
            "art. 21",
            topic="droit à la liberté d'association",
            ratified=dt.date(2006, 1, 24),
        ),
        AnnexCitation(
            HRC_24_5,
            "OP2",
            quote="rappelle aux États qu'ils ont l'obligation de respecter et de protéger "
            "pleinement le droit de chacun de se réunir pacifiquement",
        ),
        AnnexCitation(UNDHRD),
        AnnexText(
            "Nous souhaitons rappeler les articles 1 et 2 de la Déclaration, selon lesquels "
            "chacun a le droit de promouvoir la protection des droits de l'homme."
        ),
    ),
}
WGAD = Signatory(
    code="WGAD",
    title="Groupe de travail sur la détention arbitraire",
    resolutions=("51/8",),
    holders=("Matthew Gillett", "Ganna Yudkivska"),
    functions=("Vice-Président chargé du suivi", ""),
)


def french_letter(**overrides: Any) -> LetterInput:
    """The seed letter written in French, with any field replaced."""
    letter = seed_letter_input(language="fr", edition="current", **FRENCH)
    letter = dataclasses.replace(letter, signatories=(*letter.signatories, WGAD))
    return dataclasses.replace(letter, **overrides)


def _language_issues(issues: list[LintIssue], language: str = "fr") -> list[tuple[str, str]]:
    """Where each language finding is, and what the drafter of case #7 reads."""
    context = FixContext(case="#7", country_code="KAZ", language=language)
    languages = {LintCode.OTHER_LANGUAGE, LintCode.FUNCTION_LANGUAGE}
    return [(i.where, with_fix(i, context)) for i in issues if i.code in languages]


def test_the_seed_letter_and_its_french_version_raise_no_language_finding() -> None:
    assert _language_issues(lint(seed_letter_input()), "en") == []
    assert _language_issues(lint(french_letter())) == []


def test_an_english_allegation_in_a_french_letter_is_flagged() -> None:
    english = seed_letter_input().allegations[1]
    letter = french_letter(allegations=(FRENCH["allegations"][0], english))
    found = _language_issues(lint(letter))
    assert [where for where, _ in found] == ["allegation 2"]
    message = found[0][1]
    assert "Allegation 2 reads as English, not French (the letter's language)" in message
    assert '"On 4 January 2017, the aforementioned economic court …"' in message
    assert message.endswith("Type it in French: /allegation #7 edit 2 <paragraph>")


def test_an_english_annex_topic_in_a_french_letter_is_flagged() -> None:
    annex = (
        dataclasses.replace(FRENCH["annex"][0], topic="right to freedom of association"),
        *FRENCH["annex"][1:],
    )
    found = _language_issues(lint(french_letter(annex=annex)))
    assert [where for where, _ in found] == ["annex 1 (ICCPR)"]
    assert "reads as English, not French (the letter's language)" in found[0][1]
    assert "/cite #7 remove 1, /cite #7 ICCPR <pinpoint>" in found[0][1]


def test_an_english_holder_function_in_a_french_letter_is_flagged() -> None:
    wgad = dataclasses.replace(WGAD, functions=("Vice-Chair on Follow-Up", ""))
    letter = french_letter()
    letter = dataclasses.replace(letter, signatories=(*letter.signatories[:2], wgad))
    found = _language_issues(lint(letter))
    assert [where for where, _ in found] == ["mandate WGAD"]
    message = found[0][1]
    assert 'Matthew Gillett\'s function "Vice-Chair on Follow-Up" reads as English' in message
    assert message.endswith('/mandate set WGAD holders-fr "Matthew Gillett | <function in French>"')


def test_an_english_case_drafted_in_french_is_flagged_field_by_field() -> None:
    """The issue's report: `/letter <case> draft fr` of an English case."""
    letter = seed_letter_input(
        language="fr",
        subject="the arrest and continued detention of Mr. Aksoy",
        urge="release Mr. Aksoy immediately and drop all charges against him",
    )
    places = [where for where, _ in _language_issues(lint(letter))]
    assert places == [
        "subject",
        "allegation 1",
        "allegation 2",
        "allegation 3",
        "concern",
        "question 1",
        "question 2",
        "question 3",
        "question 4",
        "urge",
        "annex 1 (ICCPR)",  # its topic
        "annex 2 (HRC-24/5)",  # its quote
        "annex 5",
        "annex 7",
        "annex 8",
    ]


def test_a_spanish_paragraph_in_an_english_letter_names_spanish() -> None:
    text = "El 31 de enero de 2017, el tribunal ordenó el cierre definitivo del sindicato."
    found = _language_issues(lint(seed_letter_input(allegations=(text,))), "en")
    assert len(found) == 1
    assert "reads as Spanish, not English (the letter's language)" in found[0][1]


@pytest.mark.parametrize(
    "overrides",
    [
        # names, references and acronyms in a French letter
        {"subject": "la détention de M. Aksoy par le National Security Committee (NSC)"},
        {
            "allegations": (
                "Le 5 décembre 2016, la Confederation of Independent Trade Unions of "
                "Kazakhstan a été dissoute (A/HRC/29/25/Add.2, para. 34).",
            )
        },
        {"annex": (AnnexCitation(ICCPR, "art. 21", topic="ICCPR"),)},
        # a short quote, a quotation in the language it was written in
        {"annex": (AnnexCitation(HRC_24_5, "OP2", quote="[r]emind[ed] States"),)},
        {
            "concern": "Le tribunal a déclaré que « the union failed to confirm its status » "
            "dans un délai de six mois."
        },
    ],
)
def test_names_references_and_short_quotes_raise_no_finding(overrides: dict[str, Any]) -> None:
    assert _language_issues(lint(french_letter(**overrides))) == []


def test_short_holder_functions_are_not_judged() -> None:
    """One or two words ("Chair-Rapporteur", "Vice-Chair") belong to no language for sure: the
    registry's missing-form finding covers them."""
    assert other_language("Chair-Rapporteur", "en", names=False) is None
    assert other_language("Vice-Chair", "fr", names=False) is None
    assert other_language("Vice-Président chargé du suivi", "fr", names=False) is None


def test_names_and_quotations_are_left_out_of_the_words_judged() -> None:
    text = 'Le 3 mai, M. Aksoy a rencontré Mr. Smith de Human Rights Watch. Il a dit "hello".'
    assert words_to_judge(text) == ["Le", "mai", "a", "rencontré", "de", "Il", "a", "dit"]
    assert words_to_judge("Vice-Chair on Follow-Up", names=False) == [
        "Vice-Chair",
        "on",
        "Follow-Up",
    ]


def test_the_models_are_not_loaded_at_start_up() -> None:
    """Building the app (every handler, the linter) loads no language model."""
    code = (
        "import bot.app, bot.letters.lint, bot.letters.languages as languages;"
        "assert languages._detector is None;"
        "import sys; assert 'lingua' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
