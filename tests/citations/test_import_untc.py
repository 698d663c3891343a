"""Tests of the UN Treaty Collection importer and the generated ratifications CSV."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from bot.citations.import_untc import (
    UNMAPPED_PARTICIPANTS,
    build_rows,
    map_participant,
    parse_party_cell,
    participant_names,
    render_csv,
)
from bot.citations.library import LIBRARY, RATIFICATIONS_CSV

UNTC_DIR = Path(__file__).parents[3] / "shared/data/untreaties-ch4"
needs_untc = pytest.mark.skipif(not UNTC_DIR.is_dir(), reason="chapter-IV data folder absent")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Bolivia (Plurinational State of)", "BOL"),
        ("State of Palestine", "PSE"),
        ("Côte d'Ivoire", "CIV"),
        ("Democratic People's Republic of Korea", "PRK"),
        ("Republic of Korea", "KOR"),
        ("Holy See", "VAT"),
        ("The former Yugoslav Republic of Macedonia", "MKD"),
        ("Micronesia (Federated States of)", "FSM"),
        ("Turkey", "TUR"),
        ("Swaziland", "SWZ"),
        ("Cape Verde", "CPV"),
        ("Cabo Verde", "CPV"),
        ("Congo", "COG"),
        ("Democratic Republic of the Congo", "COD"),
        ("Niger", "NER"),
        ("Kazakhstan 12", "KAZ"),
        ("Kazakhstan 3, 4", "KAZ"),
    ],
)
def test_map_participant_known(name: str, code: str) -> None:
    assert map_participant(name) == code


@pytest.mark.parametrize("name", sorted(UNMAPPED_PARTICIPANTS) + ["Korea", "Narnia"])
def test_map_participant_none(name: str) -> None:
    assert map_participant(name) is None


def test_unmapped_constant_is_explicit() -> None:
    assert {
        "European Union",
        "Serbia and Montenegro",
        "Yugoslavia",
        "Czechoslovakia",
        "German Democratic Republic",
    } == UNMAPPED_PARTICIPANTS


def test_parse_party_cell() -> None:
    assert parse_party_cell("24 Jan 2006") == (dt.date(2006, 1, 24), "ratification")
    assert parse_party_cell("26 Aug 1998 a") == (dt.date(1998, 8, 26), "accession")
    assert parse_party_cell("25 Oct 1988 d") == (dt.date(1988, 10, 25), "succession")
    assert parse_party_cell("23 Dec 2010 c") == (dt.date(2010, 12, 23), "confirmation")
    assert parse_party_cell("6 Feb 1995 A 3") == (dt.date(1995, 2, 6), "acceptance")
    assert parse_party_cell("") is None
    with pytest.raises(ValueError):
        parse_party_cell("signed")


@needs_untc
def test_every_participant_maps_or_is_deliberately_unmapped() -> None:
    names = participant_names(UNTC_DIR)
    unmapped = {name for name in names if map_participant(name) is None}
    assert unmapped <= UNMAPPED_PARTICIPANTS
    assert unmapped == {"European Union"}  # the only non-State participant of the snapshot


@needs_untc
def test_csv_regenerates_identically() -> None:
    expected = RATIFICATIONS_CSV.read_text(encoding="utf-8")
    assert render_csv(build_rows(UNTC_DIR)) == expected


@needs_untc
def test_library_mtdsg_in_index() -> None:
    with (UNTC_DIR / "index-ch4.csv").open(encoding="utf-8", newline="") as handle:
        titles = {
            f"IV-{row['treaty_no'].replace('.', '-')}": row["treaty_name"]
            for row in csv.DictReader(handle)
        }
    for entry in LIBRARY.values():
        if entry.mtdsg:
            assert entry.mtdsg in titles, entry.key
            assert titles[entry.mtdsg].startswith(f"{entry.title}. "), entry.key


def _shipped_rows() -> list[dict[str, str]]:
    with RATIFICATIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_shipped_csv_shape() -> None:
    rows = _shipped_rows()
    pairs = [(row["key"], row["country"]) for row in rows]
    assert len(pairs) == len(set(pairs))
    assert 1000 < len(rows) < 5000
    keys = {entry.key for entry in LIBRARY.values() if entry.mtdsg}
    actions = {"ratification", "accession", "succession", "confirmation", "acceptance", "approval"}
    for row in rows:
        assert row["key"] in keys
        assert len(row["country"]) == 3 and row["country"].isupper()
        assert row["action"] in actions
        assert dt.date.fromisoformat(row["date"]) <= dt.date(2015, 3, 14)


def test_kazakhstan_iccpr_row() -> None:
    assert {"key": "ICCPR", "country": "KAZ", "date": "2006-01-24", "action": "ratification"} in (
        _shipped_rows()
    )
