"""The timeline: power and deal per regime, against the static analyses and by hand."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pandas as pd
import pytest

from corridor import analyses
from corridor.errors import Unavailable
from corridor.scenario import load_scenario
from corridor.scenario.model import Scenario
from corridor.scenario.provenance import Provenance
from corridor.scenario.regime_model import Regime, closed_links, deal_blocked


@pytest.fixture(scope="module")
def korea() -> Scenario:
    return load_scenario("korea-2011")


@pytest.fixture(scope="module")
def korea_timeline(korea: Scenario) -> analyses.TimelineAnalysis:
    return analyses.timeline(korea, commodity="gas")


def test_a_regime_without_changes_reproduces_the_static_results(korea: Scenario) -> None:
    """One regime that changes nothing: the same Shapley tables and NPVs, to the bit."""
    quiet = Regime("as-written", "nothing changes", date(2011, 8, 24), None,
                   Provenance(assumption="test"))  # fmt: skip
    assert quiet.changes_nothing
    written = dataclasses.replace(korea, regimes=(quiet,))
    done = analyses.timeline(written, commodity="gas")
    static = analyses.power(korea, commodity="gas", concepts=("shapley",), reasons=False,
                            fees=False)  # fmt: skip
    (period,) = done.periods
    assert period.scenario is written
    for got, want in zip(
        (*period.power.reports, *period.power.ex_post_reports),
        (*static.reports, *static.ex_post_reports),
        strict=True,
    ):
        pd.testing.assert_frame_equal(got.table, want.table, check_exact=True)
    deal = analyses.deal(korea, fees=False)
    assert period.deal is not None
    pd.testing.assert_frame_equal(period.deal.result.summary, deal.result.summary,
                                  check_exact=True)  # fmt: skip
    npvs = done.deal_npvs().set_index("actor")["npv_musd"]
    assert npvs.to_dict() == dict(zip(deal.result.summary["actor"],
                                      deal.result.summary["npv_musd"], strict=True))  # fmt: skip


def test_under_sanctions_kp_has_no_leverage_and_korea_keeps_its_lng_baseline(
    korea: Scenario, korea_timeline: analyses.TimelineAnalysis
) -> None:
    """UNSC 2375 (payments to KP unlawful), worked by hand:

    - every link KP controls (overland-north, overland-south, bsn-rjn, rjn-khs, tkr) is
      closed, and KP owns no supply; KP's only asset left is its own demand at Hamhung,
      which only overland-north reaches. So KP adds nothing to any coalition,
      v(S + KP) = v(S) for every S (checked below on all 2^5 coalition values), and by the
      dummy axiom its Shapley value is 0; with v({KP}) = 0 its leverage is 0 too, in both
      stages (nothing of KP's is built, so nothing of KP's is sunk ex-post);
    - the deal's transit fee goes to KP, so the deal cannot be signed: Korea buys its gas
      as LNG, as it would without the deal. Its deal NPV is measured against exactly that
      purchase (corridor.finance: "the buyer's cash flow is measured against buying the
      same gas as LNG"), so it is 0.0: its LNG baseline. The seller's and KP's are 0 too.
    """
    (period,) = [p for p in korea_timeline.periods if p.regime.id == "un-2375"]
    assert period.deal is None
    assert period.deal_blocked == "transit fees to KP are unlawful"
    assert set(period.closed) == {"overland-north", "overland-south", "bsn-rjn", "rjn-khs", "tkr"}
    for values in (*period.power.values, *period.power.ex_post_values):
        assert values is not None
        kp = 1 << values.players.index("KP")
        without = [s for s in range(len(values.values)) if not s & kp]
        np.testing.assert_allclose(values.values[[s | kp for s in without]],
                                   values.values[without], atol=1e-6)  # fmt: skip
    rows = korea_timeline.values()
    kp_rows = rows[(rows["regime"] == "un-2375") & (rows["actor"] == "KP")]
    assert len(kp_rows) == 2  # ex-ante and ex-post
    assert np.allclose(kp_rows[["shapley_musd_per_yr", "leverage_musd_per_yr"]], 0.0, atol=1e-6)
    npvs = korea_timeline.deal_npvs()
    sanctioned = npvs[npvs["regime"] == "un-2375"].set_index("actor")["npv_musd"]
    assert sanctioned.to_dict() == {"RU": 0.0, "KP": 0.0, "KR": 0.0}


def test_before_sanctions_kp_holds_up_the_sunk_line(
    korea_timeline: analyses.TimelineAnalysis,
) -> None:
    """The contrast that makes the sanctions test bite: in 2011 KP's ex-post value is
    positive (the sunk overland line against the subsea bypass) and the deal is signed."""
    rows = korea_timeline.values()
    kp = rows[(rows["regime"] == "agreement-2011") & (rows["actor"] == "KP")]
    assert float(kp.loc[kp["stage"] == "ex-post", "leverage_musd_per_yr"].iloc[0]) > 10.0
    npvs = korea_timeline.deal_npvs()
    first = npvs[npvs["regime"] == "agreement-2011"].set_index("actor")["npv_musd"]
    assert first["KR"] > 0.0 and first["KP"] > 0.0


def test_regimes_that_change_the_same_things_share_one_result(
    korea_timeline: analyses.TimelineAnalysis,
) -> None:
    by_id = {p.regime.id: p for p in korea_timeline.periods}
    assert by_id["succession-2011"].power is by_id["agreement-2011"].power
    assert by_id["un-2375"].power is not by_id["un-2321"].power
    assert [p.regime.id for p in korea_timeline.periods] == [
        r.id for r in korea_timeline.scenario.regimes
    ]


def test_closing_and_blocking_follow_the_regime(korea: Scenario) -> None:
    closed = Regime("c", "c", date(2012, 1, 1), None, Provenance(assumption="t"),
                    closed=("subsea",))  # fmt: skip
    assert closed_links(korea, closed) == ("subsea",)
    assert deal_blocked(korea, closed) is None
    route = dataclasses.replace(closed, closed=("overland-south",))
    assert deal_blocked(korea, route) == "the deal's route is closed (overland-south)"


def test_a_scenario_without_regimes_is_unavailable() -> None:
    with pytest.raises(Unavailable, match="no \\[\\[regimes\\]\\]"):
        analyses.timeline(load_scenario("six-party-2011"))


def test_the_option_to_wait_for_the_pipeline(korea_timeline: analyses.TimelineAnalysis) -> None:
    """Two states: the deal as signed in 2011, or UNSC 2375 (11 Sep 2017) stops the flow
    from 2018. At the break-even probability waiting and building now are worth the same;
    below it building now wins, above it waiting does."""
    option = korea_timeline.option
    assert option is not None and option.states == ("open", "blocked")
    signed = korea_timeline.deal_npvs()
    first = signed[signed["regime"] == "agreement-2011"]["npv_musd"].sum()
    assert option.now_musd[0] == pytest.approx(first)  # the joint NPV as signed
    assert option.now_musd[1] < 0 < option.wait_musd[0] < option.now_musd[0]
    assert option.wait_musd[1] == 0.0
    even = korea_timeline.break_even_probability
    assert even is not None and 0 < even < 1
    assert (1 - even) * option.now_musd[0] + even * option.now_musd[1] == pytest.approx(
        (1 - even) * option.wait_musd[0]
    )
    later = analyses.timeline(korea_timeline.scenario, commodity="gas",
                              sanctions_probability=min(1.0, even + 0.1))  # fmt: skip
    assert later.option is not None and later.option.value_of_waiting_musd > 0
