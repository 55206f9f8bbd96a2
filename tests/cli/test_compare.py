"""``corridor compare`` through the real entry point."""

from __future__ import annotations

import json

from tests.cli.test_overrides import SUBSEA_FACTOR, corridor


def test_one_scenario_and_its_override_as_json() -> None:
    done = corridor("compare", "korea-2011", "--set", f"{SUBSEA_FACTOR}=2", "--concepts",
                    "shapley", "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["schema"] == "corridor.compare/1"
    assert payload["inputs"] == [{"path": SUBSEA_FACTOR, "a": "1", "b": "2"}]
    kp = {(r["stage"], r["commodity"]): r for r in payload["power"] if r["actor"] == "KP"}
    # a dearer bypass raises North Korea's value in both stages, never its containers game
    assert kp[("ex-ante", "gas")]["difference"] > 0 and kp[("ex-post", "gas")]["difference"] > 0
    assert kp[("ex-ante", "containers")]["difference"] == 0
    fees = {r["quantity"]: r for r in payload["fees"]}
    # hold-up fee = (bypass full unit cost - route operating cost) x flow: grows with the capex
    assert fees["holdup_fee_musd_per_yr"]["difference"] > 0


def test_the_tables_name_both_sides_and_the_input() -> None:
    done = corridor("compare", "korea-2011", "korea-2011", "--drop", "links.subsea",
                    "--stage", "ex-ante", "--concepts", "shapley")  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "b: korea-2011 --drop links.subsea" in out
    assert "Inputs that differ (1)" in out and "links.subsea" in out and "(absent)" in out
    assert "Welfare (USD m/yr)" in out and "NPV of the deal by actor (USD m)" in out
    # without the bypass the four gas players' values move (KP's from 0.0 to 129.9, the
    # issue's 130), the containers game's five do not
    assert "Power (USD m/yr) (the 4 of 9 that differ)" in out
    assert "│     0.0 │   129.9 │" in out


def test_a_scenario_with_itself_says_nothing_differs() -> None:
    done = corridor("compare", "korea-2011", "korea-2011", "--stage", "ex-ante", "--concepts",
                    "shapley")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "inputs: none differ" in done.stdout
    assert "Power (USD m/yr): no difference (9 values)" in done.stdout


def test_one_scenario_without_overrides_is_refused() -> None:
    done = corridor("compare", "korea-2011")
    assert done.returncode == 2
    assert done.stderr == (
        "error: give a second scenario B, or --set/--drop to compare A with a variant\n"
    )
