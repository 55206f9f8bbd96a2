"""``corridor negotiate`` prints and serialises the package and the rival patrons."""

from __future__ import annotations

import json

import pytest

from corridor.analyses import package_analysis
from corridor.report.package_panel import package_tables
from corridor.scenario import load_scenario

from .inprocess import corridor_here


def test_tables_after_the_forecasts_and_json_members(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # titles on one line
    args = ["negotiate", "six-party-2011", "--model", "compromise"]
    code, text, err = corridor_here(*args)
    assert code == 0, err
    assert text.index("forecasts (0–100)") < text.index("Package: zone of possible agreement")
    assert "asymmetric Nash package" in text and "Political premium" in text
    assert "Rival patrons bidding for KP's alignment, preconditions = 0" in text
    assert "Rival patrons bidding for KP's alignment, preconditions = 80" in text
    code, out, err = corridor_here(*args, "--json")
    assert code == 0, err
    document = json.loads(out)
    package, patrons = document["package"], document["patrons"]
    assert [r["zone"] for r in package["alone"]] == [False] * 6
    assert package["together"]["zone"] is True
    # the Leap Day terms: the US pays 230 for 90 points worth 0.6944 each to it (hand)
    leap_day = next(s for s in package["stated"] if s["name"] == "the Leap Day terms")
    us = next(r for r in leap_day["premium"] if r["actor"] == "US")
    assert us["premium_musd_per_yr"] == pytest.approx(230 - 90 * 0.6944)
    # the 2011 package clears in money: KP gets the fee 100 less hosting 10, less 35 points
    # of freeze at 2.7778, plus 9.9 USD bn x 10 % annualised (x 0.106079 x 1,000) (hand)
    pipeline_2011 = next(s for s in package["stated"] if s["name"] == "the 2011 pipeline package")
    kp = next(r for r in pipeline_2011["premium"] if r["actor"] == "KP")
    crf = 0.1 / (1 - 1.1**-30)
    assert kp["surplus_musd_per_yr"] == pytest.approx(90 - 35 * 2.7778 + 990 * crf)
    assert all(r["premium_musd_per_yr"] == 0 for r in pipeline_2011["premium"])
    # the Nash fee by hand: with the talks, moratorium 90 and the pipeline, RU holds
    # R = 14,135 x 0.106079 + 90 x 0.6944 = 1,561.93 and KP K = -10 - 90 x 2.7778 = -260.0
    # before the fee t; weights 40 and 60: 40 / (R - t) = 60 / (K + t), t = (1.5 R - K) / 2.5
    r = 14135 * 0.1 / (1 - 1.1**-30) + 90 * 0.6944
    k = -10 - 90 * 2.7778
    assert package["together"]["nash"]["transit_fee"] == pytest.approx((1.5 * r - k) / 2.5)
    assert package["together"]["nash"]["moratorium"] == 90
    # one state per level of the talks issue China's food aid is conditioned on
    resumed, stalled = patrons["states"]
    assert (resumed["levels"], stalled["levels"]) == ({"preconditions": 0}, {"preconditions": 80})
    for state in (resumed, stalled):
        assert state["with_swing"]["winner"] == "CN"
        # KP's threat point: Russia's best offer, all four items once the pipeline pays for
        # the rest (15 + 105 + 20 + 90 = 230); without it, wheat and rail within 15 (hand: 35)
        assert state["with_swing"]["threat_point_musd_per_yr"] == pytest.approx(230)
        assert state["without_swing"]["threat_point_musd_per_yr"] == pytest.approx(35)
    # China's best offer: crude and food (400 + 90) with the talks, the crude alone without
    china = [s["with_swing"]["offers"][0]["best_offer_musd_per_yr"] for s in (resumed, stalled)]
    assert china == pytest.approx([490, 400])


def test_a_companion_scenario_uses_the_companion_package_and_the_report_shows_it() -> None:
    """korea-2011 has no talks of its own: its negotiation_from is six-party-2011."""
    analysis = package_analysis(load_scenario("korea-2011"))
    assert analysis.source == "six-party-2011" and analysis.result is not None
    tables, notes = package_tables(analysis)
    titles = [title for title, _ in tables]
    assert titles[0].startswith("Package: zone of agreement")
    patrons = next(table for title, table in tables if title.startswith("Rival patrons"))
    assert list(patrons["state"]) == ["preconditions = 0"] * 2 + ["preconditions = 80"] * 2
    assert list(patrons["case"]) == ["with every item", "without pipeline"] * 2
    assert any(n.startswith("asymmetric Nash package") for n in notes)
