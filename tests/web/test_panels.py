"""What a panel's JSON carries for the dashboard: sentences, named numbers, formatted cells."""

from __future__ import annotations

from corridor.report import Options, build_panel
from corridor.scenario import load_scenario
from corridor.web.panels import panel_json, summary_rows


def test_summary_rows_name_each_number_with_its_unit_and_qualifiers() -> None:
    rows = summary_rows({
        "welfare_musd_per_yr": 7343.25, "coalition": ["CN", "KP"],
        "gas": {"shapley": {"KP": 55.9}, "ex_post": {"shapley": {"KP": 167.0}}},
        "npv_musd": {"RU": 13368.6}, "irr": {"RU": 0.3643}, "payback_year": {"KR": 2019},
    })  # fmt: skip
    assert rows == [
        ["welfare (USD m/yr)", "7,343.2"],
        ["coalition", "CN, KP"],
        ["Shapley · gas, KP", "55.9"],
        ["Shapley · gas, ex post, KP", "167"],
        ["NPV (USD m) · RU", "13,368.6"],
        ["IRR · RU", "36.4 %"],
        ["payback year · KR", "2019"],
    ]


def test_deal_panel_json_has_human_headers_and_formatted_cells() -> None:
    panel = panel_json(build_panel("deal", load_scenario("korea-2011"), Options()))
    table = next(t for t in panel["tables"] if "irr" in t["columns"])
    assert len(table["headers"]) == len(table["columns"]) and len(table["cells"]) == len(
        table["rows"]
    )
    irr, year = table["columns"].index("irr"), table["columns"].index("payback_year")
    assert table["headers"][irr] == "IRR" and table["headers"][year] == "payback year"
    ru = next(k for k, row in enumerate(table["rows"]) if row[0] == "RU")
    assert table["cells"][ru][irr] == f"{100 * table['rows'][ru][irr]:.1f} %"
    assert table["cells"][ru][year] == f"{table['rows'][ru][year]:.0f}"  # 2019, not 2,019.0
    assert panel["summary_rows"][0][0] == "NPV (USD m) · RU"
    assert panel["sentences"] == []  # the deal's results feed no summary sentence
