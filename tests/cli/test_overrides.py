"""``--set`` and ``--drop`` through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SUBSEA_FACTOR = "links.subsea.pipeline.segments[1].cost_factor"


def corridor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from corridor.cli import main; main()", *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def kp_shapley(*overrides: str) -> float:
    done = corridor("power", "korea-2011", "--commodity", "gas", "--concepts", "shapley",
                    "--json", *overrides)  # fmt: skip
    assert done.returncode == 0, done.stderr
    (game,) = json.loads(done.stdout)["games"]
    return float(next(r["shapley"] for r in game["players_table"] if r["player"] == "KP"))


def test_a_dearer_bypass_raises_north_koreas_value() -> None:
    base = kp_shapley()
    dearer = kp_shapley("--set", f"{SUBSEA_FACTOR}=3")
    no_bypass = kp_shapley("--drop", "links.subsea")
    # 0.0 USD m/yr at the file's subsea cost (the bypass is the cheaper build: README
    # tour), 130 without the bypass
    assert base == pytest.approx(0.0, abs=0.05)
    assert no_bypass == pytest.approx(130, abs=0.5)
    assert base < dearer < no_bypass
    assert dearer == pytest.approx(77.2, abs=0.05)  # the README's sweep at 3


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--set", "risk.disruption.hazard=0.1"],
         "error: --set: risk.disruption.hazard=0.1: no key 'hazard' in risk.disruption"),
        (["--set", "links.ru-cn.capacity=-5"],
         "links.ru-cn.capacity: must not be negative, got -5.0 (--set links.ru-cn.capacity=-5)"),
        (["--set", "supplies.world-lng.blocks[0].cost=12 bcm/yr"],
         "USD/t LNG) (--set supplies.world-lng.blocks[0].cost=12 bcm/yr)"),
        (["--drop", "links.overland-north"],
         "deal.route[1]: unknown link 'overland-north' (after --drop links.overland-north)"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", ["run", "deal", "validate"])
def test_a_bad_override_is_one_line_and_exit_2(
    command: str, args: list[str], expected: str
) -> None:
    done = corridor(command, "korea-2011", *args)
    assert done.returncode == 2
    assert expected in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_every_analysis_command_takes_the_options() -> None:
    for command in (["run"], ["power"], ["deal"], ["risk"], ["negotiate"], ["report"],
                    ["engineer", "scenario"], ["validate"], ["export"]):  # fmt: skip
        done = corridor(*command, "--help")
        assert "--set" in done.stdout and "--drop" in done.stdout, command


def test_deal_json_follows_an_override() -> None:
    done = corridor("deal", "korea-2011", "--no-fees", "--json",
                    "--set", "deal.alternative_price=15 USD/MMBtu")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["schema"] == "corridor.deal/1"


def test_engineer_scenario_shows_the_overridden_length() -> None:
    done = corridor("engineer", "scenario", "korea-2011", "--json",
                    "--set", "links.subsea.pipeline.segments[0].length=60")  # fmt: skip
    assert done.returncode == 0, done.stderr
    links = {link["id"]: link for link in json.loads(done.stdout)["links"]}
    assert links["subsea"]["design"]["derived"]["length_km"] == pytest.approx(830.0)
