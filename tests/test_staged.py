"""The staged MILP against the static LP and against hand-worked two-period cases.

The case: seller S's field (10 bcm/yr at 100 USD/1000m3) can reach buyer B's city (8 bcm/yr,
willingness to pay 500) only by a planned pipe of 8 bcm/yr (10 USD/1000m3, capex K, life
20 yr); without it B buys LNG at 400 through its own terminal. Welfare in USD m/yr is
bcm/yr x USD/1000m3: 8 x (500 - 400) = 800 on LNG; the pipe saves 8 x (400 - 110) = 2320 a
year. The horizon is 20 years from 2025, the pipe's life.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.market import MarketModel
from corridor.market import solve as solve_market
from corridor.scenario import Scenario, load_scenario
from corridor.staged import option_links, solve_staged
from corridor.staged_model import annuity_value, periods_of
from corridor.units import annuity_factor

from .test_tornado import MINI

# the tornado test's case (a planned pipe, capex 1 USD bn, 0 %/yr), at a rate and capex of ours
CASE = MINI.replace("discount_rate = { value = 0,", "discount_rate = { value = RATE,").replace(
    'capex = { value = 1, unit = "USD bn", low = 0.5, high = 2 }', 'capex = "CAPEX USD bn"'
)


def case(tmp_path: Path, capex_bn: float, rate_pct: float, regimes: str) -> Scenario:
    path = tmp_path / "staged-case.toml"
    text = CASE.replace("RATE", str(rate_pct)).replace("CAPEX", str(capex_bn))
    assert "RATE" not in text and "CAPEX" not in text  # both replacements took
    path.write_text(text + regimes, encoding="utf-8")
    return load_scenario(path)


def regime(id_: str, start: str, changes: str = "") -> str:
    return (
        f'[[regimes]]\nid = "{id_}"\nname = "{id_}"\nstart = {start}\nsource = "test"\n{changes}\n'
    )


NOTHING_CHANGES = regime("calm", "2025")


def test_nothing_changing_builds_what_the_static_lp_builds_at_once(tmp_path: Path) -> None:
    # K = 1 bn at 10 %: the annuity 1000 x 0.11746 = 117.46 USD m/yr is well below the
    # 2320 saved, so the static LP builds the pipe to its full 8 bcm/yr
    scenario = case(tmp_path, 1, 10, NOTHING_CHANGES)
    static = solve_market(scenario)
    assert static.flows.set_index("link").at["pipe", "flow"] == pytest.approx(8.0)
    assert static.welfare_musd_per_yr == pytest.approx(3120 - 1000 * annuity_factor(0.1, 20))
    periods = periods_of(scenario)
    assert [(p.id, p.start_yr, p.duration_yr) for p in periods] == [("calm", 0.0, 20.0)]
    plan = solve_staged(periods)
    assert plan.build_year() == {"pipe": 2025}
    row = plan.periods.iloc[0]
    assert row["net_welfare_musd_per_yr"] == pytest.approx(static.welfare_musd_per_yr)
    assert row["capex_annuity_musd_per_yr"] == pytest.approx(1000 * annuity_factor(0.1, 20))
    # capex paid once at the start, the operating welfare over 20 years: 8.5136 x 3120 - 1000
    assert plan.npv_musd == pytest.approx(3120 * annuity_value(0.1, 0, 20) - 1000)
    assert plan.npv_musd == pytest.approx(static.welfare_musd_per_yr * annuity_value(0.1, 0, 20))


def test_split_periods_with_no_change_keep_the_static_welfare(tmp_path: Path) -> None:
    regimes = NOTHING_CHANGES + regime("still", "2031-07-01")
    scenario = case(tmp_path, 1, 10, regimes)
    plan = solve_staged(periods_of(scenario))
    static = MarketModel(scenario).welfare()
    assert plan.build_year() == {"pipe": 2025}
    assert plan.periods["net_welfare_musd_per_yr"].tolist() == pytest.approx([static, static])
    assert plan.npv_musd == pytest.approx(static * annuity_value(0.1, 0, 20))


def test_too_dear_to_build_statically_is_never_built(tmp_path: Path) -> None:
    # K = 25 bn: its annuity 2936.5 USD m/yr exceeds the 2320 the pipe saves
    scenario = case(tmp_path, 25, 10, NOTHING_CHANGES)
    assert solve_market(scenario).flows.set_index("link").at["pipe", "flow"] == 0.0
    plan = solve_staged(periods_of(scenario))
    assert plan.build_year() == {"pipe": None}
    assert plan.npv_musd == pytest.approx(800 * annuity_value(0.1, 0, 20))


CLOSED_LATER = regime("open", "2025") + regime("shut", "2027", 'closed = ["pipe"]')


@pytest.mark.parametrize(("capex_bn", "built", "npv"), [(10, None, 16000.0), (4, 2025, 16640.0)])
def test_a_later_closure_makes_building_not_worth_it(
    tmp_path: Path, capex_bn: float, built: int | None, npv: float
) -> None:
    """At 0 %/yr, built in 2025 the pipe saves 2 yr x 2320 = 4640 before it is closed in 2027.

    K = 10 bn costs 10000 (the capex annuity 500 USD m/yr over its 20 years, all in the
    horizon): not worth it, the plan is LNG, 20 x 800 = 16000. The static LP, blind to the
    closure, builds it (3120 - 500 = 2620 > 800). K = 4 bn costs 4000 < 4640: built,
    NPV 16000 + 640 = 16640.
    """
    scenario = case(tmp_path, capex_bn, 0, CLOSED_LATER)
    assert solve_market(scenario).flows.set_index("link").at["pipe", "flow"] == 8.0
    plan = solve_staged(periods_of(scenario))
    assert plan.build_year() == {"pipe": built}
    assert plan.npv_musd == pytest.approx(npv)
    shut = plan.flows[(plan.flows["period"] == "shut") & (plan.flows["link"] == "pipe")]
    assert shut["flow"].tolist() == [0.0]


DEMAND_LATER = regime(
    "small", "2025", 'set = ["demands.city.blocks[0].quantity=1 bcm/yr"]'
) + regime("grown", "2030")


def test_demand_that_opens_later_defers_the_build(tmp_path: Path) -> None:
    """At 0 %/yr, K = 10 bn: the capex annuity is 500 USD m/yr.

    2025-2030 the city takes 1 bcm/yr, so the pipe saves 1 x 290 = 290 a year; from 2030,
    2320. Built in 2025: -10000 + 5 x 290 + 15 x 2320 = 26250. Built in 2030 it is charged
    the 15 years of its life in the horizon, 7500 (the last 5 are worth as much past
    2045): -7500 + 15 x 2320 = 27300, the better plan. The LNG baseline is 5 x 100 +
    15 x 800 = 12500, so the NPV is 39800; building in 2025 gives 38750.
    """
    scenario = case(tmp_path, 10, 0, DEMAND_LATER)
    periods = periods_of(scenario)
    assert [(p.id, p.start_yr, p.duration_yr) for p in periods] == [
        ("small", 0.0, 5.0), ("grown", 5.0, 15.0)]  # fmt: skip
    assert option_links(periods) == ("pipe",)
    plan = solve_staged(periods)
    assert plan.build_year() == {"pipe": 2030}
    assert plan.npv_musd == pytest.approx(39800)
    assert plan.builds.at[0, "capex_pv_musd"] == pytest.approx(7500)
    assert solve_staged(periods, fixed={"pipe": 0}).npv_musd == pytest.approx(38750)
    assert solve_staged(periods, fixed={"pipe": None}).npv_musd == pytest.approx(12500)
    # the LP relaxation builds an eighth of the pipe in 2025 (1250 for 5 x 290 = 1450) and
    # the rest in 2030 (7/8 x 7500 = 6562.5): 12500 + 200 + 34800 - 6562.5 = 40937.5, more
    # than any lumpy plan can earn
    relaxed = solve_staged(periods, lumpy=False)
    assert relaxed.npv_musd == pytest.approx(40937.5)
    assert relaxed.builds.at[0, "built_share"] == pytest.approx(1.0)
    assert relaxed.build_year() == {"pipe": 2025}
    assert relaxed.size[2] == 0 and plan.size[2] == 2


def test_the_same_inputs_give_the_same_plan(tmp_path: Path) -> None:
    periods = periods_of(case(tmp_path, 10, 0, DEMAND_LATER))
    first, again = solve_staged(periods), solve_staged(periods)
    assert first.npv_musd == again.npv_musd
    assert first.builds.equals(again.builds) and first.flows.equals(again.flows)
