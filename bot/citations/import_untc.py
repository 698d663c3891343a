"""Generate ``data/ratifications.csv`` from UN Treaty Collection chapter IV CSVs.

The input folder holds one CSV per treaty (``4-4.csv`` = MTDSG IV-4), as scraped by the
public project zmjones/untreaties. Usage::

    python -m bot.citations.import_untc <folder> [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import io
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import pycountry

from bot.citations.library import LIBRARY, RATIFICATIONS_CSV
from bot.grammar import counted

# Participants that are not States today and have no ISO 3166-1 code: deliberately unmapped.
UNMAPPED_PARTICIPANTS: frozenset[str] = frozenset(
    {
        "European Union",
        "Serbia and Montenegro",
        "Yugoslavia",
        "Czechoslovakia",
        "German Democratic Republic",
    }
)

# UN spellings that pycountry does not resolve (or resolves unsafely), to alpha-3.
UN_NAMES: dict[str, str] = {
    "Bolivia (Plurinational State of)": "BOL",
    "Cabo Verde": "CPV",
    "Cape Verde": "CPV",
    "Côte d'Ivoire": "CIV",
    "Cote d'Ivoire": "CIV",
    "Czech Republic": "CZE",
    "Czechia": "CZE",
    "Democratic People's Republic of Korea": "PRK",
    "Democratic Republic of the Congo": "COD",
    "Eswatini": "SWZ",
    "Holy See": "VAT",
    "Iran (Islamic Republic of)": "IRN",
    "Lao People's Democratic Republic": "LAO",
    "Micronesia (Federated States of)": "FSM",
    "North Macedonia": "MKD",
    "Republic of Korea": "KOR",
    "Republic of Moldova": "MDA",
    "Saint Kitts and Nevis": "KNA",
    "St. Kitts and Nevis": "KNA",
    "Saint Lucia": "LCA",
    "St. Lucia": "LCA",
    "Saint Vincent and the Grenadines": "VCT",
    "St. Vincent and the Grenadines": "VCT",
    "State of Palestine": "PSE",
    "Swaziland": "SWZ",
    "Syrian Arab Republic": "SYR",
    "The former Yugoslav Republic of Macedonia": "MKD",
    "Turkey": "TUR",
    "Türkiye": "TUR",
    "United Kingdom of Great Britain and Northern Ireland": "GBR",
    "United Republic of Tanzania": "TZA",
    "United States of America": "USA",
    "Venezuela (Bolivarian Republic of)": "VEN",
}

# Suffix after the date -> action. "A" (acceptance) and "AA" (approval) are rare but present.
ACTIONS: dict[str, str] = {
    "": "ratification",
    "a": "accession",
    "d": "succession",
    "c": "confirmation",
    "A": "acceptance",
    "AA": "approval",
}

_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_DATE = re.compile(r"(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})(?:\s*(AA|A|a|d|c)(?![A-Za-z]))?[\s\d,]*")
_FOOTNOTE = re.compile(r"[\s\d,]+$")
FIELDS = ("key", "country", "date", "action")


class Ratification(NamedTuple):
    """One row of ratifications.csv: the date a State became a party to a treaty."""

    key: str
    country: str
    date: dt.date
    action: str


def _clean_name(name: str) -> str:
    """Normalise a participant name and strip trailing footnote markers ("Kazakhstan 12")."""
    name = unicodedata.normalize("NFC", name).replace("\u2019", "'").replace("\xa0", " ")
    return _FOOTNOTE.sub("", " ".join(name.split()))


def _fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _words(text: str) -> frozenset[str]:
    """The set of folded words of ``text``, ignoring punctuation and order."""
    return frozenset(re.findall(r"[a-z0-9']+", _fold(text)))


_UN_NAMES_FOLDED = {_fold(name): code for name, code in UN_NAMES.items()}
_UNMAPPED_FOLDED = {_fold(name) for name in UNMAPPED_PARTICIPANTS}


@functools.lru_cache(maxsize=1024)
def map_participant(name: str) -> str | None:
    """ISO 3166-1 alpha-3 code for a UN participant name, or None if it has none."""
    clean = _clean_name(name)
    folded = _fold(clean)
    if not clean or folded in _UNMAPPED_FOLDED:
        return None
    if folded in _UN_NAMES_FOLDED:
        return _UN_NAMES_FOLDED[folded]
    try:
        return pycountry.countries.lookup(clean).alpha_3
    except LookupError:
        pass
    try:
        candidates = pycountry.countries.search_fuzzy(clean)
    except LookupError:
        return None
    # Fuzzy results are only safe when one country has exactly these words ("Palestine, State of").
    words = _words(clean)
    safe = {
        c.alpha_3
        for c in candidates
        for attr in ("name", "official_name", "common_name")
        if _words(getattr(c, attr, "") or "") == words
    }
    return safe.pop() if len(safe) == 1 else None


def mtdsg_of(path: Path) -> str:
    """The MTDSG number of a chapter-IV file: ``4-11-b.csv`` -> ``IV-11-b``."""
    _chapter, _, rest = path.stem.partition("-")
    return f"IV-{rest}"


def parse_party_cell(cell: str) -> tuple[dt.date, str] | None:
    """Parse "26 Aug 1998 a" into (date, "accession"); None for an empty cell."""
    cell = cell.strip()
    if not cell:
        return None
    match = _DATE.fullmatch(cell)
    if not match:
        raise ValueError(f"unexpected date cell {cell!r}")
    day, month, year, suffix = match.groups()
    return dt.date(int(year), MONTHS[month], int(day)), ACTIONS[suffix or ""]


def treaty_files(folder: Path) -> list[Path]:
    """The chapter-IV treaty CSVs of ``folder`` (not the index)."""
    return sorted(folder.glob("4-*.csv"))


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and data rows of one treaty CSV."""
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, [row for row in rows if row and row[0].strip()]


def participant_names(folder: Path) -> set[str]:
    """Every participant name (as written) in every treaty file of ``folder``."""
    return {row[0] for path in treaty_files(folder) for row in _read(path)[1]}


def _party_column(header: Sequence[str], path: Path) -> int:
    """Index of the ratification/accession column (the one that is not a signature)."""
    columns = [i for i, h in enumerate(header) if i and not h.strip().lower().startswith("sign")]
    if len(columns) != 1:
        raise ValueError(f"{path.name}: cannot tell the party column in {header!r}")
    return columns[0]


def _file_rows(path: Path, key: str) -> Iterator[Ratification]:
    """The dated parties of one treaty file, mapped to alpha-3 (unmapped names skipped)."""
    header, rows = _read(path)
    column = _party_column(header, path)
    for row in rows:
        country = map_participant(row[0])
        parsed = parse_party_cell(row[column]) if column < len(row) else None
        if country and parsed:
            yield Ratification(key, country, *parsed)


def build_rows(folder: Path) -> list[Ratification]:
    """All rows for the library's UN treaties found in ``folder``, sorted by key and country."""
    keys = {entry.mtdsg: entry.key for entry in LIBRARY.values() if entry.mtdsg}
    found: dict[tuple[str, str], Ratification] = {}
    for path in treaty_files(folder):
        key = keys.get(mtdsg_of(path))
        if key is None:
            continue
        for row in _file_rows(path, key):
            previous = found.setdefault((row.key, row.country), row)
            if previous != row:
                raise ValueError(f"{path.name}: conflicting rows {previous} / {row}")
    return sorted(found.values())


def render_csv(rows: Sequence[Ratification]) -> str:
    """The CSV text of ``rows`` (header included, ``\\n`` line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    writer.writerows((r.key, r.country, r.date.isoformat(), r.action) for r in rows)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point: regenerate the ratifications CSV."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of chapter-IV CSVs (4-4.csv, ...)")
    parser.add_argument("--out", type=Path, default=RATIFICATIONS_CSV, help="CSV to write")
    args = parser.parse_args(argv)
    if not treaty_files(args.folder):
        parser.error(f"no 4-*.csv files in {args.folder}")
    unmapped = sorted(n for n in participant_names(args.folder) if map_participant(n) is None)
    unexpected = [n for n in unmapped if _fold(_clean_name(n)) not in _UNMAPPED_FOLDED]
    for name in unmapped:
        note = "deliberately unmapped" if name not in unexpected else "UNKNOWN: add to UN_NAMES"
        print(f"unmapped participant: {name!r} ({note})", file=sys.stderr)
    if unexpected:
        print(
            f"{counted(len(unexpected), 'unknown participant name')}; nothing written",
            file=sys.stderr,
        )
        return 1
    present = {mtdsg_of(p) for p in treaty_files(args.folder)}
    for entry in LIBRARY.values():
        if entry.mtdsg and entry.mtdsg not in present:
            print(f"no file for {entry.key} ({entry.mtdsg})", file=sys.stderr)
    rows = build_rows(args.folder)
    args.out.write_text(render_csv(rows), encoding="utf-8")
    print(f"wrote {counted(len(rows), 'row')} to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
