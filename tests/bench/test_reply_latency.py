"""The reply-latency benchmark runs end to end with tiny numbers (it is a script, not a test
of speed: this only checks that it still starts both servers, loads them and reports)."""

from __future__ import annotations

import pytest

from bench import reply_latency

pytestmark = pytest.mark.slow  # the benchmark run end to end


def test_the_benchmark_runs_end_to_end_on_sqlite(tmp_path, capsys: pytest.CaptureFixture) -> None:
    rows = reply_latency.main(
        [
            "--backend=sqlite",
            "--clients=2",
            "--requests=8",
            "--rounds=2",
            "--warmup=1",
            "--cases=2",
            "--commands=allegation,show",
            f"--json={tmp_path / 'rows.json'}",
        ]
    )
    assert [row["command"] for row in rows] == ["/allegation", "/case show"]
    for row in rows:
        assert row["errors"] == {}, row
        assert row["requests"] >= 8
        assert row["ours_p50_ms"] > 0 and row["floor_p50_ms"] > 0
    printed = capsys.readouterr().out
    assert "| sqlite | `/allegation` | 2 |" in printed
    assert (tmp_path / "rows.json").exists()
