"""The report's table formatter: human headers with units, percentages, years and money."""

from __future__ import annotations

import re

import numpy as np
import pytest

from corridor.report.format import cell, header, kind


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("irr", "IRR"),
        ("prob_loss", "P(loss)"),
        ("prob_loss_se", "P(loss) s.e."),
        ("prob_loss_without", "P(loss) without"),
        ("prob_any_disruption", "P(any disruption)"),
        ("npv_musd", "NPV (USD m)"),
        ("mean_musd_se", "mean s.e. (USD m)"),
        ("p5_musd_low", "P5 low (USD m)"),
        ("KR_se_musd", "KR s.e. (USD m)"),
        ("congestion_rent_musd_per_yr", "congestion rent (USD m/yr)"),
        ("musd_per_yr", "USD m/yr"),
        ("expected_unserved_bcm", "expected unserved (bcm)"),
        ("payback_year", "payback year"),
        ("least_core % of G", "least core (% of G)"),
        ("shapley", "Shapley"),
        ("status quo", "status quo"),  # already human: unchanged
    ],
)
def test_headers_are_words_with_units(column, expected):
    assert header(column) == expected


def test_cells_by_column_kind():
    # fractions as percentages with one decimal: 0.3843 → 38.4 %, 0.233 → 23.3 %
    assert cell("irr", 0.3843) == "38.4 %"
    assert cell("prob_loss", np.float64(0.233)) == "23.3 %"
    assert cell("prob_loss_se", 0.0335) == "3.4 %"  # 100 * 0.0335 = 3.3500000000000005
    assert cell("discount_rate", 0.08) == "8.0 %"
    # years without thousands separators, as floats (payback) or numpy ints (an index)
    assert cell("payback_year", 2019.0) == "2019"
    assert cell("year", np.int64(2011)) == "2011"
    # money: thousands separators and one decimal; below 1 two significant figures
    assert cell("npv_musd", 13368.6123) == "13,368.6"
    assert cell("fee_musd_per_yr", -1234.56) == "-1,234.6"
    assert cell("capex_musd", 0.0312) == "0.031"
    # other numbers: whole numbers with separators, the rest to six significant figures
    assert cell("steel_t", 559759) == "559,759"
    assert cell("unit_cost_with_capex", 20.4567891) == "20.4568"
    # missing and booleans
    assert cell("npv_musd", float("nan")) == "—"
    assert cell("irr", None) == "—"
    assert cell("in_coalition", np.bool_(True)) == "yes"
    assert cell("note", "2 USD/1000m3") == "2 USD/1000m3"


def test_kind_reads_the_column_name():
    assert [kind(c) for c in ("irr", "index_share", "prob_loss_with_se")] == ["percent"] * 3
    assert kind("irr_count") == "number"
    assert kind("payback_year") == "year"
    assert kind("break_even_cost_musd_per_yr_se") == "amount"
    assert kind("expected_unserved_bcm") == "amount"


def test_report_tables_show_human_headers_and_formatted_values():
    """The deal and risk sections of korea-2011: no raw names, fractions or 2,011 years."""
    from corridor.report import build_panel
    from corridor.report.build import Options
    from corridor.report.html import render_report
    from corridor.scenario import load_scenario

    scenario = load_scenario("korea-2011")
    panels = [build_panel(a, scenario, Options(draws=50, seed=1)) for a in ("deal", "risk")]
    page = render_report(scenario, panels, {})
    headers = re.findall(r"<th>(.*?)</th>", page)
    cells = re.findall(r"<td>(.*?)</td>", page)
    assert {"IRR", "P(loss)", "NPV (USD m)", "payback year"} <= set(headers)
    assert not {"irr", "prob_loss", "npv_musd", "payback_year"} & set(headers)
    assert not [h for h in headers if "_" in h]
    years_with_commas = [c for c in cells if re.fullmatch(r"(1,9|2,0)\d\d", c)]
    assert years_with_commas == []
    # the deal's IRR column shows percentages and the payback year four plain digits
    summary = dict(panels[0].tables)["NPV (own discount rate), IRR and payback by actor (USD m)"]
    ru = summary.set_index("actor").loc["RU"]
    assert f"{100 * ru['irr']:.1f} %" in cells
    assert str(int(ru["payback_year"])) in cells
