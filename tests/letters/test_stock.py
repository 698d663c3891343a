"""Stock words shown outside the letter are read from its templates: what the letter prints."""

from __future__ import annotations

import pytest

from bot.letters.render import render_letter
from bot.letters.stock import allegations_heading, urge_lead
from tests.letters.seed import seed_letter_input


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_urge_lead_is_what_the_letter_prints_before_the_urge(language: str) -> None:
    letter = seed_letter_input(language=language, edition="current", urge="free them")
    text = " ".join(render_letter(letter).to_plain_text().split())
    assert f"{urge_lead(language)} free them." in text


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_allegations_heading_is_what_the_letter_prints(language: str) -> None:
    text = render_letter(seed_letter_input(language=language)).to_plain_text()
    assert allegations_heading(language) in text.splitlines()
