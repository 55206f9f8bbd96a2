"""``corridor deal`` through the real entry point, on korea-2011."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def corridor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from corridor.cli import main; main()", *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_deal_json_korea() -> None:
    done = corridor("deal", "korea-2011", "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["schema"] == "corridor.deal/1" and payload["discounted_to"] == 2011
    summary = {row["actor"]: row for row in payload["summary"]}
    assert set(summary) == {"RU", "KP", "KR"}
    assert summary["KP"]["discount_rate"] == pytest.approx(0.15)
    flows = {row["year"]: row for row in payload["cash_flows"]}
    # 2014: KP pays the first two of 40 half-yearly instalments of 1,090/40 = 27.25, all
    # recycled into joint projects in North Korea (so they come back to it), and gets 15
    # of Russian food aid; KR's fuel aid (30/yr) starts in 2015
    assert flows[2014]["KP"] == pytest.approx(15 - 2 * 27.25 + 2 * 27.25)
    fees = {row["method"]: row for row in payload["transit_fee"]}
    # (a) 2 USD/1000m3/100km x 10 bcm/yr x 700 km = 140 USD m/yr
    assert fees["(a) tariff: deal"]["fee_musd_per_yr"] == pytest.approx(140.0)
    assert fees["published: transit-fee-kogas-2018"]["low"] == 159.0
    assert fees["(c) Shapley value"]["fee_musd_per_yr"] is not None


def test_deal_tables() -> None:
    done = corridor("deal", "korea-2011", "--no-fees")
    assert done.returncode == 0, done.stderr
    assert "Deal appraisal by actor" in done.stdout and "Transit fee" not in done.stdout


def test_deal_without_a_deal_table_exits_2_with_one_line() -> None:
    done = corridor("deal", "six-party-2011", "--no-fees")
    assert done.returncode == 2
    assert done.stderr.startswith("error: scenario 'six-party-2011' has no [deal] table")
    assert len(done.stderr.strip().splitlines()) == 1


def test_deal_json_has_the_ex_post_zone_beside_the_ex_ante_one() -> None:
    from corridor.market import MarketModel
    from corridor.scenario import load_scenario

    done = corridor("deal", "korea-2011", "--json")
    fees = {row["method"]: row for row in json.loads(done.stdout)["transit_fee"]}
    assert fees["zone of possible agreement (bypass)"]["stage"] == "ex-ante"
    post = fees["zone of possible agreement (bypass, ex-post)"]
    assert post["stage"] == "ex-post" and fees["(a) tariff: deal"]["stage"] is None
    # the sunk overland line runs at its operating cost; the subsea bypass still carries
    # its capex annuity: KP can ask up to the difference on the 12 bcm/yr
    scenario = load_scenario("korea-2011")
    model = MarketModel(scenario)
    running = sum(scenario.link(k).unit_cost for k in ("overland-north", "overland-south"))
    assert post["high"] == pytest.approx((model.link_cost("subsea") - running) * 12.0)
