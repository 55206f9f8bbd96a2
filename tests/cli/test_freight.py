"""``corridor freight routes`` and ``corridor freight rates`` through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from corridor.engineering.freight import FREIGHT_RATES, ROUTES


def corridor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from corridor.cli import main; main()", *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_routes_json_at_a_value_of_time() -> None:
    done = corridor("freight", "routes", "--value-of-time", "100", "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["value_of_time_usd_per_teu_day"] == 100.0
    rows = {row["route"]: row for row in payload["routes"]}
    assert set(rows) == set(ROUTES)
    tkr = rows["tkr-moscow"]
    assert tkr["stretches"] == ["bsn-sel", "tkr", "khs-uss", "tsr"]
    assert tkr["generalised_cost_usd_per_teu"] == pytest.approx(
        tkr["tariff_usd_per_teu"] + 100 * tkr["days"]
    )


def test_routes_table_and_rates() -> None:
    done = corridor("freight", "routes")
    assert done.returncode == 0 and "rajin-moscow" in done.stdout
    rates = json.loads(corridor("freight", "rates", "--json").stdout)["rates"]
    assert [row["parameter"] for row in rates] == list(FREIGHT_RATES)


def test_bad_value_of_time_exits_2_with_one_line() -> None:
    done = corridor("freight", "routes", "--value-of-time", "nan")
    assert done.returncode == 2
    assert done.stderr.startswith("error: --value-of-time: must be a non-negative number")
    assert len(done.stderr.strip().splitlines()) == 1
