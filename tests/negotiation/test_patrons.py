"""Rival patrons: the second-score auction against two-bidder outcomes worked by hand."""

from __future__ import annotations

import pytest

from corridor.negotiation.patrons import auction, best_offer, rival_patrons
from corridor.scenario.package_model import Condition, Patron, PatronItem, Patrons


def _item(item_id: str, value: float, cost: float) -> PatronItem:
    return PatronItem(item_id, item_id, value_musd_per_yr=value, cost_musd_per_yr=cost)


def _patrons(china_budget: float) -> Patrons:
    china = Patron("CN", china_budget, (_item("aid", 100, 80), _item("crude", 200, 150)))
    russia = Patron(
        "RU", 100, (_item("debt", 50, 10), _item("rail", 30, 30), _item("pipeline", 100, -50))
    )
    return Patrons(client="KP", patrons=(china, russia), swing_item="pipeline")


def test_china_outbids_russia_and_the_pipeline_cuts_its_leverage() -> None:
    """Hand-worked, China's value of KP's alignment 250, Russia's 100 (USD m/yr).

    China's best offer: crude first (value/cost 200/150 = 1.33), then aid (100/80 = 1.25);
    both cost 230 <= 250, so 300. Russia's best offer with the pipeline (cost -50: it pays
    for itself), debt (50 for 10) and rail (30 for 30): cost -10 <= 100, value 180.
    China wins and must match 180, KP's threat point: 180 / 1.33 = 0.9 of the crude, cost
    135; China keeps 250 - 135 = 115.

    Without the pipeline Russia offers 80 (debt and rail, cost 40): China matches with
    0.4 of the crude, cost 60, and keeps 190. The pipeline raises KP's threat point by
    100 (its value to KP) and cuts China's leverage by 75 (100 x 150/200).
    """
    (state,) = rival_patrons(_patrons(250)).states
    assert state.levels == {} and state.label == "every state"
    with_pipe, without = state.with_swing, state.without_swing
    assert without is not None
    assert tuple(with_pipe.offers["best_offer_musd_per_yr"]) == pytest.approx((300, 180))
    assert with_pipe.winner == "CN" and with_pipe.loser == "RU"
    assert with_pipe.threat_point_musd_per_yr == pytest.approx(180)
    assert with_pipe.winner_cost_musd_per_yr == pytest.approx(135)
    assert with_pipe.winner_surplus_musd_per_yr == pytest.approx(115)
    assert without.threat_point_musd_per_yr == pytest.approx(80)
    assert without.winner_cost_musd_per_yr == pytest.approx(60)
    assert without.winner_surplus_musd_per_yr == pytest.approx(190)


def test_russia_wins_when_china_values_kp_less() -> None:
    """Hand-worked, China's value 100: its best offer is 100/150 of the crude, 133.33.

    Russia's best offer (180) wins. Its cheapest match of 133.33: all of the pipeline
    (value 100 at cost -50; it gains from it), then the cheapest value per cost, the debt
    (cost 0.2 per unit of value): 33.33 of value for 6.67. Cost -43.33; Russia keeps
    100 + 43.33 = 143.33.
    """
    done = auction(_patrons(100))
    assert done.winner == "RU"
    assert done.threat_point_musd_per_yr == pytest.approx(400 / 3)
    assert done.client_value_musd_per_yr == pytest.approx(400 / 3)
    assert done.winner_cost_musd_per_yr == pytest.approx(-50 + 20 / 3)
    assert done.winner_surplus_musd_per_yr == pytest.approx(100 + 50 - 20 / 3)


def test_best_offer_without_the_excluded_item() -> None:
    """Russia without its pipeline: debt and rail, value 80 at cost 40 (hand)."""
    russia = _patrons(250).patrons[1]
    assert best_offer(russia, frozenset({"pipeline"})) == pytest.approx((80, 40))


def test_aid_conditioned_on_the_talks_is_offered_only_where_they_resume() -> None:
    """Hand-worked, two bidders; package issue ``talks`` has levels 0 (stalled), 1 (resumed).

    China (value of KP's alignment 150): crude, value 100 at cost 100, and aid, 100 at 100,
    offered only if talks >= 1. Russia (value 100): debt, 50 at 10, and the pipeline (swing
    item), 70 at -50.

    Russia's best offer in either state: pipeline and debt, cost -40 <= 100, value 120.

    Talks resume: China's best offer is 150 of its 200 (value per cost 1 throughout, so
    150 within 150). China wins and matches 120 at cost 120: it keeps 150 - 120 = 30.
    Without the pipeline Russia offers 50 (cost 10): China matches at 50, keeps 100. The
    pipeline raises KP's threat point by 70 and cuts China's leverage by 70.

    Talks stalled: China's best offer is the crude alone, 100 < 120: Russia wins, and pays
    what China could have matched, 100: all of the pipeline (70 for -50), then 30 of the
    debt's 50 (cost 0.2 per unit: 6), cost -44; Russia keeps 100 + 44 = 144. Without the
    pipeline Russia offers 50 < 100: China wins, matches 50 at cost 50, keeps 100. With the
    talks stalled the pipeline turns the winner from China to Russia.
    """
    gate = Condition("aid", "talks", at_least=1)
    aid = PatronItem("aid", "aid", value_musd_per_yr=100, cost_musd_per_yr=100, requires=gate)
    china = Patron("CN", 150, (_item("crude", 100, 100), aid))
    russia = Patron("RU", 100, (_item("debt", 50, 10), _item("pipeline", 70, -50)))
    patrons = Patrons("KP", (china, russia), "pipeline", states=({"talks": 0}, {"talks": 1}))
    stalled, resumed = rival_patrons(patrons).states
    assert (stalled.label, resumed.label) == ("talks = 0", "talks = 1")
    assert tuple(resumed.with_swing.offers["best_offer_musd_per_yr"]) == pytest.approx((150, 120))
    assert tuple(stalled.with_swing.offers["best_offer_musd_per_yr"]) == pytest.approx((100, 120))
    found = {
        name: (run.winner, run.threat_point_musd_per_yr, run.winner_cost_musd_per_yr,
               run.winner_surplus_musd_per_yr)
        for name, state in (("resumed", resumed), ("stalled", stalled))
        for name_case, run in (("", state.with_swing), (" without", state.without_swing))
        if run is not None
        for name in [name + name_case]
    }  # fmt: skip
    assert found == {
        "resumed": ("CN", pytest.approx(120), pytest.approx(120), pytest.approx(30)),
        "resumed without": ("CN", pytest.approx(50), pytest.approx(50), pytest.approx(100)),
        "stalled": ("RU", pytest.approx(100), pytest.approx(-44), pytest.approx(144)),
        "stalled without": ("CN", pytest.approx(50), pytest.approx(50), pytest.approx(100)),
    }
