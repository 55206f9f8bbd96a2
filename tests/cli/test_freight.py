"""``corridor freight routes`` and ``corridor freight rates`` through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from corridor.engineering.freight import FREIGHT_RATES
from corridor.scenario import load_scenario
from tests.scenario.test_freight_spec import BY_ROUTE


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
    assert set(rows) == {r.id for r in load_scenario("korea-2011").freight_routes}
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


def test_routes_of_another_scenario(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "by-route.toml"
    path.write_text(BY_ROUTE, encoding="utf-8")
    done = corridor("freight", "routes", str(path), "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    # the scenario's own value of time; its one link given by route is its one route
    assert payload["value_of_time_usd_per_teu_day"] == 40.0
    assert [(r["route"], r["stretches"]) for r in payload["routes"]] == [("slow", ["slow"])]
    assert payload["routes"][0]["length_km"] == pytest.approx(1500.0)


def test_a_scenario_without_container_links_exits_2_with_one_line() -> None:
    done = corridor("freight", "routes", "six-party-2011")
    assert done.returncode == 2
    assert done.stderr == (
        "error: scenario 'six-party-2011' has no container links given by route ([links.freight])\n"
    )
