"""Named metrics: the grammar, its errors, and values against the analyses they read."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor import analyses
from corridor.errors import InputError
from corridor.metrics import Metric, evaluate, parse_metric, parse_metrics
from corridor.scenario import load_scenario
from tests.sweep_cases import mini_file, welfare_musd_per_yr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("welfare", Metric("welfare", "welfare")),
        ("welfare.gas", Metric("welfare.gas", "welfare", "gas")),
        ("power.gas.shapley.KP",
         Metric("power.gas.shapley.KP", "power", "gas", "ex-ante", "shapley", "KP")),
        ("power.gas.ex-post.nucleolus.KP",
         Metric("power.gas.ex-post.nucleolus.KP", "power", "gas", "ex-post", "nucleolus", "KP")),
        ("power.gas.ex-post.gains",
         Metric("power.gas.ex-post.gains", "power", "gas", "ex-post", "gains")),
        ("fee.holdup", Metric("fee.holdup", "fee", "holdup")),
        ("npv.KR", Metric("npv.KR", "npv", actor="KR")),
        ("negotiate.moratorium", Metric("negotiate.moratorium", "negotiate", "moratorium")),
        ("negotiate.moratorium.nash",
         Metric("negotiate.moratorium.nash", "negotiate", "moratorium", model="nash")),
    ],
)  # fmt: skip
def test_parse_metric(text: str, expected: Metric) -> None:
    assert parse_metric(text) == expected


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("nope", "unknown metric 'nope', known: welfare, power, fee, npv, negotiate"),
        ("power.gas.shapely.KP", "unknown stage or concept 'shapely'"),
        ("power.gas", "expected power.<commodity>"),
        ("fee.tariff", "known fees: fee.nash, fee.nash_ex_ante, fee.holdup"),
        ("negotiate.moratorium.bdm", "unknown model 'bdm', known: compromise, eu, exchange"),
        ("welfare..gas", "empty part"),
        ("npv", "expected npv.<actor>"),
    ],
)
def test_a_bad_metric_names_itself_and_what_is_known(text: str, names: str) -> None:
    with pytest.raises(InputError) as info:
        parse_metric(text)
    assert info.value.parameter == "metric"
    assert repr(text) in str(info.value)
    assert names in str(info.value)


def test_metrics_are_given_once() -> None:
    with pytest.raises(InputError, match="repeated: welfare"):
        parse_metrics(["welfare", "welfare"])
    with pytest.raises(InputError, match="at least one metric"):
        parse_metrics([])


def test_mini_values_are_the_hand_worked_ones(tmp_path: Path) -> None:
    scenario = load_scenario(mini_file(tmp_path))
    found = evaluate(scenario, ["welfare", "power.gas.shapley.RU", "power.gas.gains"])
    # 6 bcm/yr x (400 - 100 - 50) USD/1000 m3; neither actor alone gets anything: halves
    assert found == {
        "welfare": pytest.approx(welfare_musd_per_yr(50)),
        "power.gas.shapley.RU": pytest.approx(welfare_musd_per_yr(50) / 2),
        "power.gas.gains": pytest.approx(welfare_musd_per_yr(50)),
    }


@pytest.mark.parametrize(
    ("metric", "known"),
    [
        ("power.gas.shapley.XX", "unknown actor 'XX' (scenario has RU, KP, KR, CN, JP)"),
        ("welfare.oil", "unknown commodity 'oil' (scenario has gas, containers)"),
        ("negotiate.peace", "unknown issue 'peace' (scenario has preconditions, moratorium"),
    ],
)
def test_unknown_names_are_checked_against_the_scenario(metric: str, known: str) -> None:
    with pytest.raises(InputError) as info:
        evaluate(load_scenario("korea-2011"), [metric])
    assert info.value.parameter == "metric"
    assert known in str(info.value)


def test_korea_metrics_read_the_analyses_documents() -> None:
    scenario = load_scenario("korea-2011")
    names = [
        "welfare",
        "welfare.gas",
        "power.gas.shapley.KP",
        "power.gas.ex-post.nucleolus.KP",
        "power.gas.gains",
        "fee.nash",
        "fee.holdup",
        "npv.KR",
        "negotiate.moratorium",
    ]
    found = evaluate(scenario, names)
    done = analyses.power(scenario, commodity="gas", concepts=["shapley", "nucleolus"])
    ante, post = done.reports[0].table, done.ex_post_reports[0].table
    assert done.holdup is not None
    kp = list(done.reports[0].players).index("KP")
    welfare = analyses.run(scenario).welfare_by_commodity()
    summary = analyses.deal(scenario, fees=False).result.summary.set_index("actor")
    negotiation, _ = analyses.negotiation_for(scenario)
    forecast = analyses.negotiate(negotiation, models=["eu"]).results["eu"]
    assert found == {
        "welfare": pytest.approx(sum(welfare.values()), rel=1e-12),
        "welfare.gas": pytest.approx(welfare["gas"], rel=1e-12),
        "power.gas.shapley.KP": pytest.approx(ante["shapley"][kp], rel=1e-9),
        "power.gas.ex-post.nucleolus.KP": pytest.approx(post["nucleolus"][kp], rel=1e-9),
        "power.gas.gains": pytest.approx(done.reports[0].gains_musd_per_yr, rel=1e-9),
        "fee.nash": pytest.approx(done.holdup.nash_fee_ex_post_musd_per_yr, rel=1e-9),
        "fee.holdup": pytest.approx(done.holdup.holdup_fee_musd_per_yr, rel=1e-9),
        "npv.KR": pytest.approx(summary.loc["KR", "npv_musd"], rel=1e-12),
        "negotiate.moratorium": pytest.approx(forecast.forecast_of("moratorium")),
    }
    # the README's numbers: KP 0.0 ex-ante, hold-up 268.4, Nash fee 139.2
    assert found["power.gas.shapley.KP"] == pytest.approx(0.0, abs=0.05)
    assert found["fee.holdup"] == pytest.approx(268.4, abs=0.05)
    assert found["fee.nash"] == pytest.approx(139.2, abs=0.05)
