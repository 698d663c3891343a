"""Every stock template names where its wording comes from (templates/PROVENANCE.toml).

A stock template is a paragraph partial (templates/letters/<lang>/stock/*.j2) or an annex
snippet (templates/citations/<lang>/*.j2). Each needs entries covering both editions; an entry
is either confirmed by a published letter (reference, date, where it was read, the words quoted)
or says plainly that it is unconfirmed, or that the template prints only typed text.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.config import EDITIONS
from bot.letters.render import TEMPLATES_DIR

ROOT = TEMPLATES_DIR.parent
PROVENANCE = TEMPLATES_DIR / "PROVENANCE.toml"
STATUSES = ("confirmed", "unconfirmed", "typed")


def stock_templates(templates_dir: Path = TEMPLATES_DIR) -> list[str]:
    """The stock templates under a templates folder, as paths relative to it."""
    found = [*templates_dir.glob("letters/*/stock/*.j2"), *templates_dir.glob("citations/*/*.j2")]
    return sorted(path.relative_to(templates_dir).as_posix() for path in found)


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _filled(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _entry_problems(entry: dict[str, Any], sources: dict[str, Any], root: Path) -> list[str]:
    name = entry.get("template", "<no template>")
    status = entry.get("status")
    if status not in STATUSES:
        return [f"{name}: status {status!r} is not one of {', '.join(STATUSES)}"]
    problems = []
    editions = entry.get("editions")
    if not editions or any(edition not in EDITIONS for edition in editions):
        problems.append(f"{name}: editions {editions!r} must list editions among {EDITIONS}")
    if status != "confirmed":
        if not _filled(entry.get("note")):
            problems.append(f"{name}: a {status} entry must say why in its note")
        if "source" in entry or "quote" in entry:
            problems.append(f"{name}: a {status} entry names no source and quotes nothing")
        return problems
    source = sources.get(entry.get("source", ""))
    if source is None:
        return [*problems, f"{name}: confirmed by {entry.get('source')!r}, not a [source] key"]
    for field in ("reference", "where"):
        if not _filled(source.get(field)):
            problems.append(f"{name}: its source has no {field}")
    if not isinstance(source.get("date"), dt.date):
        problems.append(f"{name}: its source has no date (a TOML date, e.g. 2017-01-23)")
    quote = entry.get("quote")
    if not isinstance(quote, str) or not quote.strip():
        problems.append(f"{name}: a confirmed entry quotes the published words")
    elif "fixture" in source:
        printed = _words((root / source["fixture"]).read_text(encoding="utf-8"))
        if _words(quote) not in printed:
            problems.append(f"{name}: {quote!r} is not in {source['fixture']}")
    return problems


def provenance_problems(
    provenance: dict[str, Any], templates: list[str], root: Path = ROOT
) -> list[str]:
    """What is missing or wrong in a provenance table for these stock templates."""
    sources = provenance.get("source", {})
    entries = provenance.get("paragraph", [])
    problems = []
    for entry in entries:
        if entry.get("template") not in templates:
            problems.append(f"{entry.get('template')!r} is not a stock template")
        problems.extend(_entry_problems(entry, sources, root))
    for template in templates:
        covered = {
            e
            for entry in entries
            if entry.get("template") == template
            for e in entry.get("editions", ())
        }
        if not covered:
            problems.append(f"{template}: no entry says where its wording comes from")
        elif missing := [edition for edition in EDITIONS if edition not in covered]:
            problems.append(f"{template}: no entry for edition {', '.join(missing)}")
    return problems


def _shipped() -> dict[str, Any]:
    with PROVENANCE.open("rb") as file:
        return tomllib.load(file)


def test_every_stock_template_has_a_sourced_or_unconfirmed_entry_for_each_edition() -> None:
    assert provenance_problems(_shipped(), stock_templates()) == []


def test_the_templates_it_checks_are_the_shipped_stock_paragraphs_and_snippets() -> None:
    templates = stock_templates()
    for lang in ("en", "fr", "es"):
        assert f"letters/{lang}/stock/publication.md.j2" in templates
        assert f"letters/{lang}/stock/press_release.md.j2" in templates
        assert f"citations/{lang}/_treaty.j2" in templates
    assert "letters/en/base.md.j2" not in templates


def test_a_new_stock_template_without_an_entry_is_caught(tmp_path: Path) -> None:
    (tmp_path / "letters/en/stock").mkdir(parents=True)
    (tmp_path / "letters/en/stock/urge_lead.md.j2").write_text("We urge", encoding="utf-8")
    problems = provenance_problems(_shipped(), stock_templates(tmp_path))
    assert (
        "letters/en/stock/urge_lead.md.j2: no entry says where its wording comes from" in problems
    )


GOOD_SOURCE = {"reference": "AL KAZ 1/2017", "date": dt.date(2017, 1, 23), "where": "a copy"}


@pytest.mark.parametrize(
    ("entry", "source", "problem"),
    [
        (
            {"status": "confirmed", "source": "S", "quote": "Excellency,"},
            {**GOOD_SOURCE, "reference": ""},
            "its source has no reference",
        ),
        (
            {"status": "confirmed", "source": "S", "quote": "Excellency,"},
            {k: v for k, v in GOOD_SOURCE.items() if k != "date"},
            "its source has no date",
        ),
        (
            {"status": "confirmed", "source": "S", "quote": "Excellency,"},
            {k: v for k, v in GOOD_SOURCE.items() if k != "where"},
            "its source has no where",
        ),
        (
            {"status": "confirmed", "source": "S"},
            GOOD_SOURCE,
            "a confirmed entry quotes the published words",
        ),
        ({"status": "confirmed", "source": "T", "quote": "x"}, GOOD_SOURCE, "not a [source] key"),
        ({"status": "unconfirmed"}, GOOD_SOURCE, "must say why in its note"),
        ({"status": "unconfirmed", "note": "  "}, GOOD_SOURCE, "must say why in its note"),
        (
            {"status": "unconfirmed", "note": "n", "source": "S", "quote": "Excellency,"},
            GOOD_SOURCE,
            "names no source and quotes nothing",
        ),
        ({"status": "checked", "note": "n"}, GOOD_SOURCE, "is not one of"),
        (
            {"status": "confirmed", "source": "S", "quote": "Dear colleague,"},
            {**GOOD_SOURCE, "fixture": "tests/fixtures/AL-KAZ-1-2017.txt"},
            "is not in tests/fixtures/AL-KAZ-1-2017.txt",
        ),
    ],
)
def test_an_entry_that_does_not_say_where_its_words_come_from_is_caught(
    entry: dict[str, Any], source: dict[str, Any], problem: str
) -> None:
    template = "letters/en/stock/salutation.md.j2"
    provenance = {
        "source": {"S": source},
        "paragraph": [{"template": template, "editions": list(EDITIONS), **entry}],
    }
    problems = provenance_problems(provenance, [template])
    assert any(problem in found for found in problems), problems


def test_an_entry_for_one_edition_only_leaves_the_other_uncovered() -> None:
    template = "letters/en/stock/response.md.j2"
    entry = {"template": template, "editions": ["2017"], "status": "typed", "note": "nothing"}
    problems = provenance_problems({"paragraph": [entry]}, [template])
    assert problems == [f"{template}: no entry for edition current"]


def test_an_entry_for_a_template_that_does_not_exist_is_caught() -> None:
    entry = {"template": "letters/en/stock/gone.md.j2", "editions": list(EDITIONS)}
    entry |= {"status": "typed", "note": "n"}
    assert provenance_problems({"paragraph": [entry]}, []) == [
        "'letters/en/stock/gone.md.j2' is not a stock template"
    ]


def test_the_readme_points_to_the_provenance_file_and_names_unconfirmed_wording() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "templates/PROVENANCE.toml" in readme
    unconfirmed = {
        entry["template"] for entry in _shipped()["paragraph"] if entry["status"] == "unconfirmed"
    }
    english = sorted(t.split("/")[-1] for t in unconfirmed if t.startswith("letters/en/stock/"))
    for name in english:
        assert f"`{name.removesuffix('.md.j2')}`" in readme, name
