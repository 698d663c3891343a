"""The shipped mandates: the file's shape, what the migration loaded, and refreshing it."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.audit.models import AuditEntry
from bot.mandates.bases import parse_basis
from bot.mandates.models import Mandate
from bot.mandates.registry import (
    DATA_FILE,
    KINDS,
    ShippedFileError,
    ShippedMandate,
    load_shipped,
    refresh_mandates,
)

SEED = {  # migration 0002's codes and titles, which the file must keep as they are
    "FOAA": "Special Rapporteur on the rights to freedom of peaceful assembly and of association",
    "HRD": "Special Rapporteur on the situation of human rights defenders",
}


def registry(session) -> dict[str, Mandate]:
    session.expire_all()
    return {m.code: m for m in session.scalars(select(Mandate))}


def test_the_file_is_well_formed_and_every_source_is_described() -> None:
    shipped = load_shipped()
    codes = [m.code for m in shipped]
    assert len(codes) == len(set(codes)) >= 13
    assert all(re.fullmatch(r"[A-Z0-9-]{2,16}", code) for code in codes)
    assert {m.code: m.title for m in shipped if m.code in SEED} == SEED
    readme = (DATA_FILE.parent / "README.md").read_text(encoding="utf-8")
    for mandate in shipped:
        assert mandate.kind in KINDS
        assert all(parse_basis(basis) for basis in mandate.resolutions), mandate.code
        assert set(mandate.titles) <= {"fr", "es"}
        for key in mandate.source.split("+"):
            assert f"| `{key}` |" in readme, (mandate.code, key)
    assert f"{len(shipped)} rows" in readme


def test_a_bad_row_is_refused(tmp_path: Path) -> None:
    lines = DATA_FILE.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "mandates.csv"
    bad.write_text("\n".join([lines[0], "X1,regional,Title,,,not a basis,src"]), encoding="utf-8")
    with pytest.raises(ShippedFileError, match="kind 'regional', basis 'not a basis'"):
        load_shipped(bad)


def test_the_migration_loaded_every_shipped_mandate(session) -> None:
    """Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""
    shipped = load_shipped()
    mandates = registry(session)
    assert set(mandates) == {m.code for m in shipped}
    for row in shipped:
        mandate = mandates[row.code]
        assert mandate.kind == row.kind
        # FOAA and HRD, registered by 0002 with the seed's 2017 values, are the file's too
        assert (mandate.title, mandate.titles or {}, mandate.resolutions) == (
            row.title,
            row.titles,
            row.resolutions,
        )
        assert mandate.holders == row.holders and mandate.approvers == []
        assert mandate.shipped == row.values()
        provenance = mandate.provenance or {}
        for part in ("title", "bases", "translations"):
            assert provenance[part]["source"] == row.source, (row.code, part)
            assert provenance[part]["as_of"] == row.as_of
        if row.holders:  # no holder is shipped without a dated source
            assert provenance["holders"]["as_of"] == row.holders_as_of
        assert mandate.confirmed_at is None
    assert mandates["FOAA"].holders == ["Gina Romero"] and mandates["HRD"].holders == []
    assert mandates["SRFOE"].title_in("fr").startswith("Rapporteur spécial sur la promotion")
    assert mandates["SRFOE"].resolutions == ["43/4"]


def _changed(row: ShippedMandate, **values) -> ShippedMandate:
    return dataclasses.replace(row, **values)


def test_refresh_adds_updates_and_keeps_the_teams_edits(session) -> None:
    shipped = {m.code: m for m in load_shipped()}
    mandates = registry(session)
    # The team edits: SRFOE's title, WGAD's holders and approvers, HRD's resolutions.
    mandates["SRFOE"].title = "Special Rapporteur on freedom of expression (team wording)"
    mandates["WGAD"].holders = ["Priya Gopalan"]
    mandates["WGAD"].approvers = ["U0ALICE"]
    mandates["HRD"].resolutions = ["25/18", "52/4"]
    session.delete(mandates["SRMIGRANTS"])
    session.commit()
    newer = [
        *(m for code, m in shipped.items() if code not in {"SRFOE", "WGAD", "HRD", "SRJUDGES"}),
        _changed(shipped["SRFOE"], title="A newer official title", resolutions=["52/9"]),
        _changed(shipped["WGAD"], titles={"es": "Grupo de Trabajo", "fr": "Groupe de travail"}),
        _changed(shipped["HRD"], resolutions=["52/4"], titles={}),
        _changed(shipped["SRJUDGES"], kind="country"),
    ]
    report = refresh_mandates(session=session, shipped=newer)
    session.commit()
    assert report.added == ["SRMIGRANTS"]
    assert sorted(report.updated) == ["HRD", "SRFOE", "SRJUDGES", "WGAD"]
    assert sorted(report.kept) == ["HRD resolutions", "SRFOE title"]
    assert report.summary() == "1 added, 4 updated, 2 team edits kept"
    mandates = registry(session)
    srfoe = mandates["SRFOE"]
    assert srfoe.title == "Special Rapporteur on freedom of expression (team wording)"
    assert srfoe.resolutions == ["52/9"]  # untouched by the team: follows the file
    assert srfoe.shipped["title"] == "A newer official title"
    assert mandates["WGAD"].holders == ["Priya Gopalan"]
    assert mandates["WGAD"].approvers == ["U0ALICE"]
    assert mandates["WGAD"].titles == {"es": "Grupo de Trabajo", "fr": "Groupe de travail"}
    hrd = mandates["HRD"]  # the file's since 0014: the team's bases stay, the titles follow
    assert hrd.resolutions == ["25/18", "52/4"] and hrd.holders == []
    assert not hrd.titles
    assert hrd.provenance["bases"]["source"] == "ohchr-hrd+seed"  # the team's edit of the
    # bases was made directly here, not through the service: its origin stays the file's
    assert srfoe.provenance["bases"]["source"] == "ohchr-foe"  # refreshed: the file's again
    assert mandates["SRJUDGES"].kind == "country"
    assert mandates["SRMIGRANTS"].holders == []
    audit = {
        e.field: (e.old_value, e.new_value)
        for e in session.scalars(select(AuditEntry))
        if e.actor == "mandates refresh"
    }
    assert {"SRMIGRANTS added", "SRFOE resolutions", "WGAD titles", "SRJUDGES kind"} <= set(audit)
    assert audit["SRFOE resolutions"] == ("43/4", "52/9")
    # Once more with the same file: nothing to do, and the team's title is still kept.
    again = refresh_mandates(session=session, shipped=newer)
    assert (again.added, again.updated) == ([], [])
    assert registry(session)["SRFOE"].title.endswith("(team wording)")


def test_refresh_fills_only_empty_fields_of_a_teams_own_mandate(session) -> None:
    mandates = registry(session)
    session.delete(mandates["SRVAW"])
    session.commit()
    session.add(
        Mandate(code="SRVAW", title="Our own wording", resolutions=[], holders=["Reem Alsalem"])
    )
    session.commit()
    row = next(m for m in load_shipped() if m.code == "SRVAW")
    report = refresh_mandates(
        session=session, shipped=[_changed(row, resolutions=["50/7"], titles={"fr": "Titre"})]
    )
    session.commit()
    assert report.updated == ["SRVAW"] and report.kept == ["SRVAW title"]
    srvaw = registry(session)["SRVAW"]
    assert srvaw.title == "Our own wording" and srvaw.holders == ["Reem Alsalem"]
    assert srvaw.resolutions == ["50/7"] and srvaw.titles == {"fr": "Titre"}
    assert srvaw.kind == "thematic" and srvaw.shipped is None


def test_the_command_line_refresh(settings, session, monkeypatch, capsys) -> None:
    from bot.__main__ import main

    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    mandates = registry(session)
    session.delete(mandates["SRINDIGENOUS"])
    mandates["SRTORTURE"].title = "Torture (team wording)"
    session.commit()
    assert main(["mandates", "refresh"]) == 0
    out = capsys.readouterr().out
    assert "added SRINDIGENOUS" in out and "kept the team's SRTORTURE title" in out
    assert out.strip().endswith("1 added, 0 updated, 1 team edit kept")
    assert registry(session)["SRTORTURE"].title == "Torture (team wording)"
