"""French and Spanish drafts, UA and OL letters, non-State addressees, singular and joint wording."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bot.letters.context import AnnexCitation, AnnexText, LetterInput, Signatory
from bot.letters.dates import format_date
from bot.letters.export import export_filename
from bot.letters.render import LetterRenderError, render_letter

from .normalise import normalise
from .seed import (
    CAT,
    FOAA,
    FRENCH,
    HRD,
    SPANISH,
    seed_letter_input,
)

# Words that would betray an English stock sentence left in a French or Spanish letter.
ENGLISH_WORDS = {"the", "we", "our", "your", "of", "and", "to", "with", "would", "please", "by"}
WORKING_GROUP = Signatory(
    "WGAD", "Working Group on Arbitrary Detention", ("51/8",), ("Priya Gopalan", "Matthew Gillett")
)
THIRD = Signatory(
    "FOE",
    "Special Rapporteur on the promotion and protection of the right to freedom of opinion and "
    "expression",
    ("34/18", "25/18"),
    ("David Kaye",),
)


def _text(letter: LetterInput) -> str:
    return normalise(render_letter(letter).to_plain_text())


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-zà-ÿ]+", text.lower()))


@pytest.mark.parametrize("content", [FRENCH, SPANISH], ids=["fr", "es"])
def test_french_and_spanish_leave_no_english(content: dict) -> None:
    text = _text(seed_letter_input(**content))
    assert not _words(text) & ENGLISH_WORDS, _words(text) & ENGLISH_WORDS
    assert "{" not in text and "  " not in text and " ." not in text and " ," not in text


def test_french_letter() -> None:
    text = _text(seed_letter_input(**FRENCH))
    country = "Kazakhstan"  # UNTERM: "Kazakhstan (le)"
    assert text.startswith(
        "Mandats du Rapporteur spécial sur les droits à la liberté de réunion pacifique et à la "
        "liberté d'association et du Rapporteur spécial sur la situation des défenseurs"
    )
    for expected in (
        "RÉFÉRENCE : AL KAZ 1/2017 23 janvier 2017 Excellence, Nous avons l'honneur de nous "
        "adresser à vous en notre qualité de Rapporteur spécial sur",
        "et de Rapporteur spécial sur la situation des défenseurs des droits de l'homme, "
        "conformément aux résolutions 32/32 et 25/18 du Conseil des droits de l'homme.",
        "concernant la fermeture définitive de la Confédération des syndicats indépendants.",
        "Selon les informations reçues :",
        "aux droits de l'homme et aux droits du travail",
        "1. Veuillez fournir",
        "dans un délai de 60 jours.",
        "nécessaires pour garantir que les décisions de fermeture puissent être contestées.",
        "Veuillez agréer, Excellence, l'assurance de notre haute considération.",
        "Annexe Références au droit international des droits de l'homme",
        f"sur l'article 21 du Pacte international relatif aux droits civils et politiques, ratifié "
        f"par le {country} le 24 janvier 2006, qui consacre le droit à la liberté d'association.",
        "En outre, la résolution 24/5 du Conseil des droits de l'homme est pertinente en l'espèce.",
        "les Conventions n° 87 et n° 98 de l'Organisation internationale du Travail (OIT), "
        f"ratifiées par le {country} le 13 décembre 2000 et le 18 mai 2001 respectivement. L'OIT",
        "également connue sous le nom de Déclaration des Nations Unies sur les défenseurs",
    ):
        assert expected in text


def test_spanish_letter() -> None:
    text = _text(seed_letter_input(**SPANISH))
    country = "Kazajstán"  # UNTERM's Spanish short name, not CLDR's "Kazajistán"
    for expected in (
        "Mandatos del Relator Especial sobre los derechos a la libertad de reunión pacífica y de "
        "asociación y del Relator Especial sobre la situación",
        "REFERENCIA: AL KAZ 1/2017 23 de enero de 2017 Excelencia: Tenemos el honor de dirigirnos "
        "a Usted en nuestra calidad de Relator Especial",
        "de conformidad con las resoluciones 32/32 y 25/18 del Consejo de Derechos Humanos.",
        "Según la información recibida:",
        "de derechos humanos y laborales",
        "Agradeceríamos recibir una respuesta en un plazo de 60 días.",
        "Acepte, Excelencia, la expresión de nuestra más distinguida consideración.",
        "Anexo Referencias al derecho internacional de los derechos humanos",
        f"el artículo 21 del Pacto Internacional de Derechos Civiles y Políticos, ratificado por "
        f"{country} el 24 de enero de 2006, que consagra el derecho a la libertad de asociación.",
        "los Convenios núm. 87 y 98 de la Organización Internacional del Trabajo (OIT), "
        f"ratificados por {country} el 13 de diciembre de 2000 y el 18 de mayo de 2001, "
        "respectivamente.",
    ):
        assert expected in text


def test_urgent_appeal() -> None:
    text = _text(seed_letter_input(letter_type="UA", reference="UA KAZ 2/2017"))
    assert "REFERENCE: UA KAZ 2/2017" in text
    assert "bring to the urgent attention of your Excellency's Government information" in text
    assert "ongoing or imminent violation which may cause irreparable harm" in text
    assert "initial steps taken by your Excellency's Government to safeguard the rights" in text


def test_other_letter_comments_on_a_law() -> None:
    subject = "the draft law on professional unions"
    text = _text(seed_letter_input(letter_type="OL", subject=subject))
    assert "the attention of your Excellency's Government our comments on the draft law" in text
    assert (
        "as a comment on pending or recently adopted legislation, regulations or policies" in text
    )
    assert "technical advice on bringing the legislation or policy concerned into line" in text


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_non_state_addressee(language: str) -> None:
    letter = seed_letter_input(
        language=language, country_code="OTH", addressee="Acme Mining Ltd. & Co", reference=None
    )
    text = _text(letter)
    assert "Acme Mining Ltd. & Co" in text
    assert not re.search(r"Excellen|Excelencia|Kazakhstan,? ratified|ratifi\w+ (by|par|por)", text)
    if language == "en":
        assert "Dear Sir/Madam, We have the honour" in text
        assert "bring to your attention information we have received" in text
        assert "any response received from you will be made public" in text
        assert "we would like to refer you to the right to freedom of association" in text
        assert "Please accept, Sir/Madam, the assurances of our highest consideration." in text


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("letter_type", ["AL", "UA", "OL"])
@pytest.mark.parametrize("country_code", ["KAZ", "PHL", "OTH"])
@pytest.mark.parametrize("signatories", [(HRD,), (FOAA, HRD), (WORKING_GROUP,)])
def test_every_variant_renders_clean_text(
    language: str, letter_type: str, country_code: str, signatories: tuple[Signatory, ...]
) -> None:
    letter = seed_letter_input(
        language=language,
        letter_type=letter_type,
        country_code=country_code,
        addressee="Acme Mining Ltd." if country_code == "OTH" else None,
        signatories=signatories,
        annex=(*seed_letter_input().annex, AnnexCitation(CAT, "arts. 1 and 16")),
    )
    text = _text(letter)
    assert "{" not in text and " ." not in text and " ," not in text
    assert not re.search(r"(?<!\.)\.\.(?!\.)", text)  # a doubled full stop, not an ellipsis
    assert re.search(r"\b(ratified|ratifiée?s?|ratificados?) (by|par|por)\b", text) is None or (
        country_code != "OTH"
    )


def test_single_mandate_speaks_in_the_first_person_singular() -> None:
    letter = seed_letter_input(
        signatories=(HRD,),
        annex=tuple(i for i in seed_letter_input().annex if not isinstance(i, AnnexText)),
    )
    text = _text(letter)
    assert text.startswith(
        "Mandate of the Special Rapporteur on the situation of human rights defenders REFERENCE:"
    )
    for expected in (
        "I have the honour to address you in my capacity as Special Rapporteur on the situation "
        "of human rights defenders, pursuant to Human Rights Council resolution 25/18.",
        "I would like to bring to the attention of your Excellency's Government information I "
        "have received",
        "As it is my responsibility under the mandate provided to me by the Human Rights Council, "
        "to seek to clarify all cases brought to my attention, I would be grateful",
        "I would appreciate receiving a response within 60 days.",
        "While awaiting a reply, I urge that",
        "the assurances of my highest consideration.",
        "In relation to the allegations indicated in this letter, I would like to refer",
        "I would also like to remind your Excellency's Government of Conventions 87 and 98",
    ):
        assert expected in text
    assert not re.search(r"\b(we|We|our|Our|us)\b", text)


def test_working_group_speaks_in_the_plural_in_its_capacity() -> None:
    text = _text(seed_letter_input(signatories=(WORKING_GROUP,)))
    assert text.startswith("Mandate of the Working Group on Arbitrary Detention REFERENCE")
    assert (
        "We have the honour to address you in our capacity as Working Group on Arbitrary " in text
    )
    assert "pursuant to Human Rights Council resolution 51/8." in text
    assert "Priya Gopalan Matthew Gillett Working Group on Arbitrary Detention" in text


def test_three_mandates_are_joined_with_semicolons() -> None:
    rendered = render_letter(seed_letter_input(signatories=(FOAA, HRD, THIRD)))
    text = normalise(rendered.to_plain_text())
    assert (
        "in our capacities as Special Rapporteur on the rights to freedom of peaceful assembly "
        "and of association; Special Rapporteur on the situation of human rights defenders and "
        "Special Rapporteur on the promotion and protection of the right to freedom of opinion "
        "and expression, pursuant to Human Rights Council resolutions 32/32, 25/18 and 34/18."
    ) in text
    assert rendered.markdown.startswith(
        "**Mandates of the Special Rapporteur on the rights to freedom of peaceful assembly and "
        "of association;  \nthe Special Rapporteur on the situation of human rights defenders  \n"
        "and the Special Rapporteur on the promotion and protection"
    )


def test_undated_draft_shows_today() -> None:
    text = _text(seed_letter_input(date=None))
    assert format_date(dt.date.today(), "en") in text


def test_unknown_language_or_type_is_refused() -> None:
    with pytest.raises(LetterRenderError):
        render_letter(seed_letter_input(language="de"))
    with pytest.raises(LetterRenderError):
        render_letter(seed_letter_input(letter_type="JAL"))
    with pytest.raises(LetterRenderError):
        render_letter(seed_letter_input(signatories=()))


def test_export_file_names() -> None:
    assert export_filename(seed_letter_input(), "docx") == "AL-KAZ-1-2017-en.docx"
    assert export_filename(seed_letter_input(reference=None, language="fr"), "md") == "draft-fr.md"
