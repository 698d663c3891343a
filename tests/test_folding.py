"""Folding text as search compares it: case, accents, Turkish dotless ı, any script."""

from __future__ import annotations

from bot.folding import fold, folded_words, word_spans


def test_folds_case_accents_and_letters_without_a_decomposition() -> None:
    assert fold("Diyarbakır, Güneydoğu, İSTANBUL") == "diyarbakir, guneydogu, istanbul"
    assert fold("Łódź Øresund Straße Đakovo") == "lodz oresund strasse dakovo"
    assert folded_words("UA TUR 1/2026 · Côte d’Ivoire") == [
        "ua",
        "tur",
        "1",
        "2026",
        "cote",
        "d",
        "ivoire",
    ]


def test_word_spans_point_into_the_text_as_typed() -> None:
    text = "Große Straße in Şırnak"
    spans = {word: text[start:end] for word, start, end in word_spans(text)}
    assert spans == {
        "grosse": "Große",
        "strasse": "Straße",
        "in": "in",
        "sirnak": "Şırnak",
    }
