"""Leverage per actor: every actor on its own axis, in USD m/yr, ex-ante beside ex-post."""

from __future__ import annotations

import pytest

from corridor import analyses
from corridor.report.analyses import CONCEPT_COLUMNS
from corridor.report.leverage_chart import per_actor_values
from corridor.scenario import load_scenario


@pytest.fixture(scope="module")
def korea_power():
    return analyses.power(load_scenario("korea-2011"))


def _containers(done):
    pick = [r for r in done.reports if r.commodity == "containers"]
    post = [r for r in done.ex_post_reports if r.commodity == "containers"]
    return [("ex-ante", pick[0].table), ("ex-post", post[0].table)]


def test_kp_rail_value_has_its_own_axis_in_usd_m_per_yr(korea_power):
    """KP's rail Shapley value (1.1 USD m/yr) is drawn on an axis KR's 731.7 does not share."""
    stages = _containers(korea_power)
    fig = per_actor_values(stages, CONCEPT_COLUMNS, title="t")
    by_actor: dict[str, list] = {}
    titles = [a.text for a in fig.layout.annotations]  # one subplot title per actor
    assert titles == ["RU", "KP", "KR", "CN"]
    for trace in fig.data:
        actor = trace.hovertemplate.split(",")[0]
        by_actor.setdefault(actor, []).append(trace)
    # ex-ante and ex-post side by side for every actor
    assert all([t.name for t in traces] == ["ex-ante", "ex-post"] for traces in by_actor.values())
    axes = {actor: {t.yaxis for t in traces} for actor, traces in by_actor.items()}
    assert all(len(a) == 1 for a in axes.values())
    assert len({next(iter(a)) for a in axes.values()}) == 4  # no two actors share an axis
    kp_axis = next(iter(axes["KP"]))
    layout_key = "yaxis" + kp_axis.removeprefix("y")
    assert fig.layout[layout_key].title.text == "USD m/yr"
    assert all(fig.layout[k].title.text == "concept" for k in fig.layout if k.startswith("xaxis"))
    # the tallest bar on KP's axis is KP's own: its largest value (nucleolus 1.64 -> 1.6)
    on_kp = [y for t in fig.data if t.yaxis == kp_axis for y in t.y]
    kp = stages[0][1].set_index("player").loc["KP"]
    assert max(on_kp) == pytest.approx(round(max(kp[c] for c in CONCEPT_COLUMNS), 1))
    assert max(on_kp) > 1.0
    # the Shapley bar carries KP's value as its label
    shapley = list(CONCEPT_COLUMNS).index("shapley")
    assert by_actor["KP"][0].text[shapley] == f"{kp['shapley']:,.1f}"


def test_power_panel_has_one_leverage_figure_per_commodity():
    from corridor.report import build_panel

    panel = build_panel("power", load_scenario("korea-2011"))
    names = [name for name, _ in panel.figures]
    assert [n for n in names if n.startswith("leverage-")] == [
        "leverage-gas",
        "leverage-containers",
    ]
    assert not [n for n in names if n.startswith("values-")]
    gas = dict(panel.figures)["leverage-gas"]
    # KP gas Shapley: 0 ex-ante, its ex-post value (89.5 in the panel's values table) once
    # the overland line is sunk: both drawn, with the values of the tables beside them
    tables = dict(panel.tables)
    ante = tables["Values: gas, ex-ante (USD m/yr)"].set_index("player")
    post = tables["Values: gas, ex-post (USD m/yr)"].set_index("player")
    kp = [t for t in gas.data if t.hovertemplate.startswith("KP,")]
    assert [t.name for t in kp] == ["ex-ante", "ex-post"]
    shapley = list(CONCEPT_COLUMNS).index("shapley")
    assert kp[0].y[shapley] == pytest.approx(round(ante.loc["KP", "shapley"], 1)) == 0.0
    assert kp[1].y[shapley] == pytest.approx(round(post.loc["KP", "shapley"], 1))
    assert kp[1].y[shapley] > 50.0
