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
    assert "Rival patrons bidding for KP" in text
    code, out, err = corridor_here(*args, "--json")
    assert code == 0, err
    document = json.loads(out)
    package, patrons = document["package"], document["patrons"]
    assert [r["zone"] for r in package["alone"]] == [False] * 6
    assert package["together"]["zone"] is True
    # the Leap Day terms: the US pays 230 for 90 points worth 0.6944 each to it (hand)
    us = next(r for r in package["premium"] if r["actor"] == "US")
    assert us["premium_musd_per_yr"] == pytest.approx(230 - 90 * 0.6944)
    assert patrons["with_swing"]["winner"] == "CN"


def test_a_companion_scenario_uses_the_companion_package_and_the_report_shows_it() -> None:
    """korea-2011 has no talks of its own: its negotiation_from is six-party-2011."""
    analysis = package_analysis(load_scenario("korea-2011"))
    assert analysis.source == "six-party-2011" and analysis.result is not None
    tables, notes = package_tables(analysis)
    titles = [title for title, _ in tables]
    assert titles[0].startswith("Package: zone of agreement")
    assert any(t.startswith("Rival patrons") for t in titles)
    assert any(n.startswith("asymmetric Nash package") for n in notes)
