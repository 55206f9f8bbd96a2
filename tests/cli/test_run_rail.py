"""``corridor run`` shows rail beside gas: a flows table per commodity, welfare per commodity."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def corridor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from corridor.cli import main; main()", *args],
        capture_output=True, text=True, check=False, env={**os.environ, "COLUMNS": "120"},
    )  # fmt: skip


def test_tables_per_commodity_with_days() -> None:
    done = corridor("run", "korea-2011")
    assert done.returncode == 0, done.stderr
    assert "Flows: gas (bcm/yr)" in done.stdout
    assert "Flows: containers (kTEU/yr)" in done.stdout
    assert "welfare by commodity: gas" in done.stdout
    rajin = next(line for line in done.stdout.splitlines() if "rjn-khs" in line)
    assert "5.1" in rajin and "567" in rajin  # days and generalised cost per TEU


def test_json_gains_days_and_welfare_by_commodity() -> None:
    everyone = json.loads(corridor("run", "korea-2011", "--json").stdout)
    parts = {r["commodity"]: r["welfare_musd_per_yr"] for r in everyone["welfare_by_commodity"]}
    assert set(parts) == {"gas", "containers"}
    assert sum(parts.values()) == pytest.approx(everyone["welfare_musd_per_yr"])
    rows = {r["link"]: r for r in everyone["flows"]}
    assert rows["tsr"]["transit_days"] == pytest.approx(13.475)  # 9,288 km at TSR speed + events
    assert rows["world-lng-kr"]["transit_days"] is None
    assert everyone["units"]["quantity"]["containers"] == "kTEU/yr"
    # without North Korea the containers lose the Rajin route: 3.28456 USD m/yr by hand
    # (tests/scenario/test_korea_rail.py works the number out)
    without = json.loads(
        corridor("run", "korea-2011", "--coalition", "RU,KR,CN,JP", "--json").stdout
    )
    lost = {r["commodity"]: r["welfare_musd_per_yr"] for r in without["welfare_by_commodity"]}
    assert parts["containers"] - lost["containers"] == pytest.approx(3.28456, abs=1e-5)
