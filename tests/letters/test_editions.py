"""Letters of today (edition current): three mandates, body and mandate paragraphs, the press
notice, the reply period in the publication paragraph, legal bases and signing functions."""

from __future__ import annotations

import dataclasses

import pytest

from bot.letters.context import Signatory
from bot.letters.render import LetterRenderError, render_letter

from .normalise import docx_text, normalise
from .seed import FOAA, HRD, seed_letter_input

WGAD = Signatory(
    "WGAD",
    "Working Group on Arbitrary Detention",
    ("51/8", "CHR 1997/50"),
    ("Matthew Gillett",),
    functions=("Vice-Chair",),
    paragraph="The Working Group on Arbitrary Detention may also transmit the case through its "
    "regular procedure in order to render an opinion on whether the deprivation of liberty was "
    "arbitrary or not.",
)
BODY = (
    "Without prejudging the accuracy of these allegations, we recall article 22 of the Covenant.",
    "We further recall that restrictions must be necessary in a democratic society.",
)
TITLES = {
    "fr": (
        "Rapporteur spécial sur le droit de réunion pacifique et la liberté d'association",
        "Rapporteur spécial sur la situation des défenseurs des droits de l'homme",
        "Groupe de travail sur la détention arbitraire",
    ),
    "es": (
        "Relator Especial sobre los derechos a la libertad de reunión pacífica y de asociación",
        "Relator Especial sobre la situación de los defensores de los derechos humanos",
        "Grupo de Trabajo sobre la Detención Arbitraria",
    ),
}
FUNCTION = {"en": "Vice-Chair", "fr": "Vice-Président", "es": "Vicepresidente"}
PARAGRAPH = {
    "en": WGAD.paragraph,
    "fr": "Le Groupe de travail sur la détention arbitraire peut également transmettre le cas "
    "au titre de sa procédure régulière.",
    "es": "El Grupo de Trabajo sobre la Detención Arbitraria también puede transmitir el caso "
    "por medio de su procedimiento ordinario.",
}


def current_letter(language: str = "en", **overrides):  # noqa: ANN201 - LetterInput
    """The seed's content, signed by three mandates, in today's wording, reply within 45 days."""
    signatories = (FOAA, HRD, dataclasses.replace(WGAD, functions=(FUNCTION[language],)))
    if language != "en":
        signatories = tuple(
            dataclasses.replace(s, title=t)
            for s, t in zip(signatories, TITLES[language], strict=True)
        )
    signatories = (
        *signatories[:2],
        dataclasses.replace(signatories[2], paragraph=PARAGRAPH[language]),
    )
    fields = {
        "edition": "current",
        "language": language,
        "signatories": signatories,
        "reply_days": 45,
        "body": BODY,
        "press_release": True,
        **overrides,
    }
    return seed_letter_input(**fields)


def _order(text: str, *parts: str) -> None:
    """Each part is in the text, in this order."""
    positions = [text.index(part) for part in parts]
    assert positions == sorted(positions), parts


def _formats(letter) -> list[str]:  # noqa: ANN001
    rendered = render_letter(letter)
    return [normalise(rendered.markdown), normalise(docx_text(rendered.to_docx()))]


@pytest.mark.parametrize("fmt", [0, 1], ids=["md", "docx"])
def test_english_current_letter(fmt: int) -> None:
    text = _formats(current_letter("en"))[fmt].replace("**", "")
    assert text.startswith(
        "Mandates of the Special Rapporteur on the rights to freedom of peaceful assembly and of "
        "association; the Special Rapporteur on the situation of human rights defenders; and the "
        "Working Group on Arbitrary Detention"
    )
    assert (
        "in our capacities as Special Rapporteur on the rights to freedom of peaceful assembly and "
        "of association; Special Rapporteur on the situation of human rights defenders; and "
        "Working Group on Arbitrary Detention, pursuant to Human Rights Council resolutions 32/32, "
        "25/18 and 51/8 and Commission on Human Rights resolution 1997/50."
    ) in text
    assert (
        "This communication and any response received from your Excellency's Government will be "
        "made public via the communications reporting website within 45 days. They will also "
        "subsequently be made available in the usual report to be presented to the Human Rights "
        "Council."
    ) in text
    assert "would appreciate receiving a response within" not in text
    assert (
        "We may publicly express our concerns in the near future as, in our view, the information "
        "upon which the press release will be based is sufficiently reliable"
    ) in text
    assert "we have been in contact with your Excellency's Government to clarify" in text
    assert "Matthew Gillett Vice-Chair of the Working Group on Arbitrary Detention" in text
    _order(
        text,
        "Serious concern is expressed",
        BODY[0],
        BODY[1],
        "As it is our responsibility",
        "While awaiting a reply, we urge",
        WGAD.paragraph,
        "We may publicly express",
        "This communication and any response",
        "Please accept, Excellency",
        "Maina Kiai",
    )


@pytest.mark.parametrize("fmt", [0, 1], ids=["md", "docx"])
def test_french_current_letter(fmt: int) -> None:
    text = _formats(current_letter("fr"))[fmt].replace("**", "")
    assert text.startswith(
        "Mandats du Rapporteur spécial sur le droit de réunion pacifique et la liberté "
        "d'association; du Rapporteur spécial sur la situation des défenseurs des droits de "
        "l'homme et du Groupe de travail sur la détention arbitraire"
    )
    assert (
        "en notre qualité de Rapporteur spécial sur le droit de réunion pacifique et la liberté "
        "d'association; de Rapporteur spécial sur la situation des défenseurs des droits de "
        "l'homme et de Groupe de travail sur la détention arbitraire, conformément aux "
        "résolutions 32/32, 25/18 et 51/8 du Conseil des droits de l'homme et à la résolution "
        "1997/50 de la Commission des droits de l'homme."
    ) in text
    assert (
        "La présente communication et toute réponse reçue du Gouvernement de Votre Excellence "
        "seront rendues publiques via le site Internet consacré aux communications dans un délai "
        "de 45 jours."
    ) in text
    assert "faire parvenir une réponse dans un délai" not in text
    assert "Matthew Gillett Vice-Président du Groupe de travail sur la détention arbitraire" in text
    _order(
        text,
        BODY[0],
        "Comme il est de notre responsabilité",
        "Dans l'attente d'une réponse",
        PARAGRAPH["fr"],
        "Nous pourrions exprimer publiquement nos préoccupations",
        "le Gouvernement de Votre Excellence pour clarifier",
        "La présente communication et toute réponse",
        "Veuillez agréer",
    )


@pytest.mark.parametrize("fmt", [0, 1], ids=["md", "docx"])
def test_spanish_current_letter(fmt: int) -> None:
    text = _formats(current_letter("es"))[fmt].replace("**", "")
    assert text.startswith(
        "Mandatos del Relator Especial sobre los derechos a la libertad de reunión pacífica y de "
        "asociación; del Relator Especial sobre la situación de los defensores de los derechos "
        "humanos y del Grupo de Trabajo sobre la Detención Arbitraria"
    )
    assert (
        "de conformidad con las resoluciones 32/32, 25/18 y 51/8 del Consejo de Derechos Humanos "
        "y la resolución 1997/50 de la Comisión de Derechos Humanos."
    ) in text
    assert (
        "Esta comunicación y toda respuesta recibida del Gobierno de su Excelencia se harán "
        "públicas a través del sitio web de comunicaciones en un plazo de 45 días. También "
        "estarán disponibles posteriormente en el informe que se presentará al Consejo de "
        "Derechos Humanos."
    ) in text
    assert (
        "A la espera de su respuesta, quisiéramos instar al Gobierno de su Excelencia a que "
        "adopte todas las medidas necesarias para ensure that decisions"
    ) in text
    assert (
        "Matthew Gillett Vicepresidente del Grupo de Trabajo sobre la Detención Arbitraria" in text
    )
    _order(
        text,
        BODY[1],
        "Es nuestra responsabilidad",
        "A la espera de su respuesta",
        PARAGRAPH["es"],
        "Podremos expresar públicamente nuestras preocupaciones",
        "Esta comunicación y toda respuesta",
        "Acepte, Excelencia",
    )


def test_two_mandates_keep_the_seed_joins_in_the_current_edition() -> None:
    text = normalise(render_letter(seed_letter_input(edition="current")).markdown)
    assert text.startswith(
        "Mandates of the Special Rapporteur on the rights to freedom of peaceful assembly and "
        "of association and the Special Rapporteur on the situation of human rights defenders "
    )
    assert (
        "of association and Special Rapporteur on the situation of human rights defenders, " in text
    )


def test_non_state_and_other_letters_carry_the_reply_period() -> None:
    other = normalise(
        render_letter(current_letter(country_code="OTH", addressee="ACME Mining Ltd")).markdown
    )
    assert (
        "any response received from you will be made public via the communications "
        "reporting website within 45 days." in other
    )
    assert "we have been in contact with you to clarify" in other
    ol = normalise(render_letter(current_letter(letter_type="OL")).markdown)
    assert "will be made public via the communications reporting website within 45 days." in ol


def test_the_2017_edition_prints_no_press_notice_unless_asked_and_no_body_when_empty() -> None:
    seed = normalise(render_letter(seed_letter_input()).markdown)
    assert "press release" not in seed
    with_notice = normalise(render_letter(seed_letter_input(press_release=True)).markdown)
    _order(with_notice, "While awaiting a reply", "We may publicly express", "Your Excellency's")


def test_legal_bases_of_every_kind_in_the_capacity_sentence() -> None:
    regional = Signatory(
        "IACHR-FOE",
        "Special Rapporteur for Freedom of Expression of the Inter-American Commission on Human "
        "Rights",
        ("article 41 of the American Convention on Human Rights",),
        ("Pedro Vaca Villarreal",),
    )
    single = dataclasses.replace(HRD, resolutions=("33/30", "CHR 2004/37"))
    text = normalise(render_letter(seed_letter_input(signatories=(single,))).markdown)
    assert (
        "pursuant to Human Rights Council resolution 33/30 and Commission on Human Rights "
        "resolution 2004/37." in text
    )
    ga = dataclasses.replace(FOAA, resolutions=("GA 60/251",))
    text = normalise(render_letter(seed_letter_input(signatories=(ga, single, regional))).markdown)
    assert (
        "pursuant to General Assembly resolution 60/251, Human Rights Council resolution 33/30, "
        "Commission on Human Rights resolution 2004/37 and article 41 of the American Convention "
        "on Human Rights." in text
    )


def test_an_unknown_edition_is_refused() -> None:
    with pytest.raises(LetterRenderError, match="Editions are"):
        render_letter(seed_letter_input(edition="1999"))
