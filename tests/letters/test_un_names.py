"""French and Spanish letters print the UN's short names of States, with the UN's articles."""

from __future__ import annotations

import pytest

from bot.letters.countries import country_in_text, government_of
from bot.letters.render import render_letter

from .normalise import normalise
from .seed import FRENCH, SPANISH, seed_letter_input

# (code, French running text, Spanish running text), as UNTERM writes the short names.
UN_FORMS = [
    ("TUR", "la Türkiye", "Türkiye"),
    ("CIV", "la Côte d'Ivoire", "Côte d'Ivoire"),
    ("CPV", "Cabo Verde", "Cabo Verde"),
    ("NLD", "les Pays-Bas (Royaume des)", "los Países Bajos (Reino de los)"),
    ("USA", "les États-Unis d'Amérique", "los Estados Unidos de América"),
    ("COD", "la République démocratique du Congo", "la República Democrática del Congo"),
]


@pytest.mark.parametrize(("code", "french", "spanish"), UN_FORMS)
def test_french_letter_prints_the_un_name(code: str, french: str, spanish: str) -> None:
    text = normalise(render_letter(seed_letter_input(**FRENCH, country_code=code)).to_plain_text())
    assert (
        f"Pacte international relatif aux droits civils et politiques, ratifié par {french} "
        "le 24 janvier 2006" in text
    )
    assert f"ratifiées par {french} le 13 décembre 2000" in text


@pytest.mark.parametrize(("code", "french", "spanish"), UN_FORMS)
def test_spanish_letter_prints_the_un_name(code: str, french: str, spanish: str) -> None:
    text = normalise(render_letter(seed_letter_input(**SPANISH, country_code=code)).to_plain_text())
    assert (
        f"Pacto Internacional de Derechos Civiles y Políticos, ratificado por {spanish} "
        "el 24 de enero de 2006" in text
    )
    assert f"ratificados por {spanish} el 13 de diciembre de 2000" in text


@pytest.mark.parametrize(
    ("code", "language", "expected"),
    [
        ("NLD", "en", "the Government of the Netherlands"),
        ("NLD", "fr", "le Gouvernement des Pays-Bas (Royaume des)"),
        ("NLD", "es", "el Gobierno de los Países Bajos (Reino de los)"),
        ("USA", "fr", "le Gouvernement des États-Unis d'Amérique"),
        ("COD", "fr", "le Gouvernement de la République démocratique du Congo"),
        ("CIV", "fr", "le Gouvernement de la Côte d'Ivoire"),
        ("CPV", "fr", "le Gouvernement de Cabo Verde"),
        ("MMR", "fr", "le Gouvernement du Myanmar"),
        ("MMR", "es", "el Gobierno de Myanmar"),
        ("AFG", "fr", "le Gouvernement de l'Afghanistan"),
        ("AFG", "es", "el Gobierno del Afganistán"),
        ("HTI", "fr", "le Gouvernement d'Haïti"),
        ("TUR", "en", "the Government of Türkiye"),
        ("OTH", "en", ""),
    ],
)
def test_government_of(code: str, language: str, expected: str) -> None:
    assert government_of(code, language) == expected


def test_english_running_text_keeps_the_article() -> None:
    assert country_in_text("USA", "en") == "the United States of America"
    assert country_in_text("MMR", "en") == "Myanmar"
    assert country_in_text("VAT", "en") == "the Holy See"
