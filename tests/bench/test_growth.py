"""The growth benchmark runs end to end with tiny numbers (a script, not a test of speed: this
checks that it seeds, finds the rare word in one case and reports every read)."""

from __future__ import annotations

import pytest

from bench import growth

pytestmark = pytest.mark.slow  # the benchmark run end to end


def test_the_growth_benchmark_runs_on_sqlite(capsys: pytest.CaptureFixture) -> None:
    results = growth.main(["--backend=sqlite", "--sizes=5,200", "--repeat=2"])
    assert set(results) == {("sqlite", 5), ("sqlite", 200)}
    for times in results.values():
        assert set(times) == {
            "/case search kapıkule",
            "/case search police",
            "/case list",
            "Home tab",
        }
        assert all(len(values) == 2 and min(values) > 0 for values in times.values())
    assert "| sqlite | `/case list` |" in capsys.readouterr().out
