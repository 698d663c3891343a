"""Tests of the shipped citation library."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.citations.entries import CitationKind
from bot.citations.library import (
    LIBRARY,
    RATIFICATIONS_AS_OF,
    get_entry,
    search,
    shipped_action,
    shipped_parties,
    shipped_ratification,
)

SEED_KEYS = {"ICCPR", "HRC-24/5", "ILO-C87", "ILO-C98", "UNDHRD", "UDHR"}


def test_seed_letter_entries() -> None:
    assert LIBRARY.keys() >= SEED_KEYS
    assert LIBRARY["ICCPR"].mtdsg == "IV-4"
    assert LIBRARY["HRC-24/5"].kind is CitationKind.RESOLUTION
    for key in ("ILO-C87", "ILO-C98"):
        assert LIBRARY[key].group == "ILO"
        assert LIBRARY[key].ratifiable
        assert LIBRARY[key].kind is CitationKind.ILO_CONVENTION
    assert "(No. 87)" in LIBRARY["ILO-C87"].title
    assert LIBRARY["UNDHRD"].short_title == "UN Declaration on Human Rights Defenders"
    assert not LIBRARY["UDHR"].ratifiable


def test_entries_consistent() -> None:
    mtdsgs = [e.mtdsg for e in LIBRARY.values() if e.mtdsg]
    assert len(mtdsgs) == len(set(mtdsgs))
    for key, entry in LIBRARY.items():
        assert key == entry.key == entry.key.upper()
        assert all(word == word.lower() for word in entry.keywords)
        assert entry.ratifiable == (entry.mtdsg is not None or entry.group == "ILO")


@pytest.mark.parametrize(
    ("alias", "key"),
    [
        ("iccpr", "ICCPR"),
        ("C87", "ILO-C87"),
        ("ILO C87", "ILO-C87"),
        ("ILO-87", "ILO-C87"),
        ("ilo-c98", "ILO-C98"),
        ("C098", "ILO-C98"),
        ("hrc 24/5", "HRC-24/5"),
        ("IV-4", "ICCPR"),
        ("op-cat", "OPCAT"),
        ("CERD", "ICERD"),
        ("a/res/53/144", "UNDHRD"),
    ],
)
def test_get_entry_aliases(alias: str, key: str) -> None:
    entry = get_entry(alias)
    assert entry is not None and entry.key == key


def test_get_entry_unknown() -> None:
    assert get_entry("NOPE") is None
    assert get_entry("") is None


def test_search() -> None:
    assert search("civil political")[0].key == "ICCPR"
    assert search("Civil Political")[0].key == "ICCPR"
    assert "UNDHRD" in [e.key for e in search("defenders")]
    assert search("iccpr")[0].key == "ICCPR"
    assert search("c87")[0].key == "ILO-C87"
    assert search("torture")[0].key == "CAT"
    assert search("disparition") == []
    assert search("") == []
    assert len(search("optional protocol", limit=3)) == 3


def test_search_accent_insensitive() -> None:
    assert search("DÉFENDERS")[0].key == "UNDHRD"
    assert search("cıvıl polıtıcal")[0].key == "ICCPR"  # Turkish dotless ı, no decomposition
    assert search("İCCPR")[0].key == "ICCPR"


def test_shipped_ratification() -> None:
    assert dt.date(2015, 3, 14) == RATIFICATIONS_AS_OF
    assert shipped_ratification("ICCPR", "KAZ") == dt.date(2006, 1, 24)
    assert shipped_ratification("iccpr", "kz") == dt.date(2006, 1, 24)
    assert shipped_action("ICCPR", "KAZ") == "ratification"
    assert shipped_action("CAT", "KAZ") == "accession"
    assert shipped_ratification("ICCPR", "CHN") is None  # signed only
    assert shipped_ratification("UDHR", "KAZ") is None
    assert shipped_ratification("NOPE", "KAZ") is None


def test_shipped_ilo_dates() -> None:
    assert shipped_ratification("ILO-C87", "KAZ") == dt.date(2000, 12, 13)
    assert shipped_ratification("C98", "KAZ") == dt.date(2001, 5, 18)
    assert shipped_parties("ILO-C87") == {"KAZ"}


def test_shipped_parties() -> None:
    parties = shipped_parties("ICCPR")
    assert "KAZ" in parties and "CHN" not in parties
    assert 160 < len(parties) < 200
    assert shipped_parties("UNDHRD") == frozenset()
    assert shipped_parties("NOPE") == frozenset()
