"""Withheld names found in any form and replaced, runs and line breaks kept."""

from __future__ import annotations

from bot.letters.document import Document, Paragraph, Run, parse_markdown, to_plain_text
from bot.letters.redaction import (
    Redactor,
    WithheldName,
    find_withheld,
    initials,
    parse_withheld,
    redact,
)

AKSOY = WithheldName("Ahmet Aksoy", "A.A.")
KAYA = WithheldName("Zeynep Kaya", "Z.K.")


def replace(text: str, *names: WithheldName, kept: tuple[str, ...] = ()) -> str:
    return Redactor(names or (AKSOY, KAYA), kept=kept).replace(text)


def test_names_are_listed_with_commas_or_semicolons_and_labelled_in_brackets() -> None:
    assert parse_withheld("Ahmet Aksoy, Zeynep Kaya (Ms. K);  José  Núñez ") == [
        AKSOY,
        WithheldName("Zeynep Kaya", "Ms. K"),
        WithheldName("José Núñez", "J.N."),
    ]
    assert parse_withheld(None) == [] and parse_withheld(" ; ,") == []


def test_initials_keep_hyphenated_names() -> None:
    assert initials("Jean-Pierre Moreau") == "J.-P.M."
    assert initials("ömer  işık") == "Ö.I."


def test_the_whole_name_in_any_case_and_accents_with_its_possessive() -> None:
    text = "AHMET AKSOY was held; Ahmet Aksoy's lawyer and ahmet aksöy’s wife."
    assert replace(text) == "A.A. was held; A.A.'s lawyer and A.A.’s wife."


def test_a_name_typed_without_accents_finds_the_accented_form() -> None:
    names = parse_withheld("Omer Isik, Jose Nunez")
    assert replace("Ömer Işık met José Núñez.", *names) == "O.I. met J.N.."


def test_surname_or_given_name_alone_becomes_the_label_when_capitalised() -> None:
    text = "Mr. Aksoy was beaten. Ahmet was then released; aksoy in lower case stays."
    assert (
        replace(text) == "Mr. A.A. was beaten. A.A. was then released; aksoy in lower case stays."
    )


def test_a_part_two_names_share_becomes_its_initial() -> None:
    names = parse_withheld("Ahmet Aksoy, Mehmet Aksoy")
    assert replace("The Aksoy brothers: Ahmet Aksoy and Mehmet.", *names) == (
        "The A. brothers: A.A. and M.A.."
    )


def test_short_parts_and_particles_are_not_looked_for_alone() -> None:
    names = parse_withheld("Li Na, Maria de la Cruz")
    assert (
        replace("La Paz; De facto; Li Na and Cruz.", *names)
        == "La Paz; De facto; L.N. and M.D.L.C.."
    )


def test_a_signatory_sharing_a_given_name_keeps_it() -> None:
    names = parse_withheld("Clément Kaya")
    text = "Clément Kaya was held. Clément Nyaletsossi Voule, Special Rapporteur"
    assert replace(text, *names, kept=("Clément Nyaletsossi Voule",)) == (
        "C.K. was held. Clément Nyaletsossi Voule, Special Rapporteur"
    )


def test_a_name_over_a_line_break_and_over_runs_becomes_one_label_where_it_starts() -> None:
    document = Document(
        (
            Paragraph(((Run("To "), Run("Ahmet", bold=True)), (Run("Aksoy"), Run(", Ankara")))),
            Paragraph(((Run("Zeynep Ka"), Run("ya's", bold=True), Run(" case.")),)),
        )
    )
    redaction = redact(document, Redactor((AKSOY, KAYA)))
    assert redaction.document.blocks == (
        Paragraph(((Run("To "), Run("A.A.", bold=True)), (Run(", Ankara"),))),
        Paragraph(((Run("Z.K."), Run("'s", bold=True), Run(" case.")),)),
    )
    assert redaction.counts == [1, 1]


def test_a_letter_in_markdown_keeps_everything_but_the_names() -> None:
    markdown = (
        "**Mandates**\n\nAccording to the information received:\n\n"
        "Mr. Ahmet Aksoy, a journalist, and Ms. Zeynep Kaya were arrested.\n\n"
        "1. Please explain why Mr. Aksoy's detention continues.\n\n## Annex\n\n"
        "The arrest of Ms. Kaya.\n"
    )
    redaction = redact(parse_markdown(markdown), Redactor((AKSOY, KAYA)))
    expected = (
        to_plain_text(parse_markdown(markdown))
        .replace("Ahmet Aksoy", "A.A.")
        .replace("Zeynep Kaya", "Z.K.")
        .replace("Aksoy", "A.A.")
        .replace("Kaya", "Z.K.")
    )
    assert to_plain_text(redaction.document) == expected
    assert redaction.counts == [2, 2]


def test_the_check_finds_a_part_in_any_case() -> None:
    hits = find_withheld(["nothing here", "the kaya river"], Redactor((AKSOY, KAYA)))
    assert [(n, h.name, h.whole) for n, h in hits] == [(2, 1, False)]


def test_a_hyphenated_surname_alone_or_half_of_it_is_found() -> None:
    names = parse_withheld("Zeynep Kaya-Öztürk")
    text = "Ms. Kaya-Ozturk and Ms. Kaya; Ms. Öztürk’s son."
    assert replace(text, *names) == "Ms. Z.K.-Ö. and Ms. Z.K.-Ö.; Ms. Z.K.-Ö.’s son."


def test_apostrophes_of_any_kind_are_the_same() -> None:
    names = parse_withheld("Maria D'Souza")
    assert replace("Ms. D’Souza’s house; MARIA D‘SOUZA.", *names) == "Ms. M.D.’s house; M.D.."
