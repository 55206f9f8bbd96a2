"""Sweeps over override axes, and the break-even search."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from corridor import analyses
from corridor import sweep as sweep_module
from corridor.errors import InputError
from corridor.execution import RunSettings
from corridor.scenario import load_scenario
from corridor.sweep import Axis, is_axis, parse_axis, solve_for, sweep
from tests.sweep_cases import UNIT_COST, mini_file, welfare_musd_per_yr

SUBSEA_FACTOR = "links.subsea.pipeline.segments[1].cost_factor"


def test_parse_axis_ranges_lists_and_units() -> None:
    assert parse_axis("a.b=1:3:5") == Axis("a.b", (1.0, 1.5, 2.0, 2.5, 3.0))
    assert parse_axis("a.b=2:9:1") == Axis("a.b", (2.0,))
    axis = parse_axis("deal.alternative_price=10 USD/MMBtu:16 USD/MMBtu:4")
    assert axis == Axis("deal.alternative_price", (10.0, 12.0, 14.0, 16.0), "USD/MMBtu")
    assert axis.override(12.0) == "12.0 USD/MMBtu"
    assert parse_axis("links.subsea.status=existing,planned").values == ("existing", "planned")
    assert parse_axis("x=1,2.5").values == (1, 2.5)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a.b=1:3:0", "N must be at least 1"),
        ("a.b=x:3:2", "'x' is not a number"),
        ("a.b=1 USD/MMBtu:3:2", "different units"),
        ("a.b", "expected PATH=START:STOP:N"),
    ],
)
def test_bad_axes_are_input_errors(text: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem) as info:
        parse_axis(text)
    assert info.value.parameter == "set"


def test_an_axis_is_a_set_with_several_values() -> None:
    assert is_axis("a=1:3:5") and is_axis("a=x,y")
    assert not is_axis("a=2") and not is_axis("a=15 USD/MMBtu") and not is_axis("a=[1, 2]")


def test_the_grid_is_the_product_of_the_axes_first_slowest(tmp_path: Path) -> None:
    done = sweep(mini_file(tmp_path), [f"{UNIT_COST}=0:100:3", "links.pipe.capacity=12,3"],
                 ["welfare"])  # fmt: skip
    frame = done.frame
    assert list(frame.columns) == [UNIT_COST, "links.pipe.capacity", "welfare"]
    assert frame[UNIT_COST].tolist() == [0.0, 0.0, 50.0, 50.0, 100.0, 100.0]
    assert frame["links.pipe.capacity"].tolist() == [12, 3] * 3
    # 6 bcm/yr cross a 12 bcm/yr pipe, 3 cross a 3 bcm/yr pipe: 3 x (300 - u)
    expected = [f(u) for u in (0, 50, 100)
                for f in (welfare_musd_per_yr, lambda u: welfare_musd_per_yr(u) / 2)]  # fmt: skip
    assert frame["welfare"].tolist() == pytest.approx(expected)
    document = done.to_dict()
    assert document["schema"] == "corridor.sweep/1"
    assert len(document["points"]) == 6
    json.dumps(document, allow_nan=False)


def test_a_point_equals_a_direct_power_analysis_of_the_overridden_scenario() -> None:
    done = sweep("korea-2011", [f"{SUBSEA_FACTOR}=2,3"],
                 ["power.gas.shapley.KP", "power.gas.ex-post.nucleolus.KP"])  # fmt: skip
    for k, factor in enumerate((2, 3)):
        direct = analyses.power(load_scenario("korea-2011", {SUBSEA_FACTOR: factor}),
                                commodity="gas", concepts=["shapley", "nucleolus"])  # fmt: skip
        kp = list(direct.reports[0].players).index("KP")
        assert done.frame["power.gas.shapley.KP"][k] == direct.reports[0].table["shapley"][kp]
        post = direct.ex_post_reports[0].table["nucleolus"][kp]
        assert done.frame["power.gas.ex-post.nucleolus.KP"][k] == post


def test_fixed_overrides_apply_to_every_point(tmp_path: Path) -> None:
    done = sweep(mini_file(tmp_path), [f"{UNIT_COST}=0,100"], ["welfare"],
                 overrides=["links.pipe.capacity=3"])  # fmt: skip
    assert done.frame["welfare"].tolist() == pytest.approx([900.0, 600.0])
    assert done.overrides == ("--set links.pipe.capacity=3",)


def test_a_resumed_sweep_evaluates_only_the_point_it_checks_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    axes, metrics = [f"{SUBSEA_FACTOR}=1:3:3"], ["fee.holdup"]
    first = sweep("korea-2011", axes, metrics, run=RunSettings(checkpoint=tmp_path))
    computed: list[tuple[float, ...]] = []
    point = sweep_module._point

    def counted(recipe: Any, values: tuple[float, ...]) -> list[float]:
        computed.append(values)
        return point(recipe, values)

    monkeypatch.setattr(sweep_module, "_point", counted)
    resumed = sweep("korea-2011", axes, metrics, run=RunSettings(checkpoint=tmp_path, resume=True))
    assert computed == [(1.0,)]  # the first point, evaluated before any chunk to check the inputs
    assert resumed.frame.to_csv() == first.frame.to_csv()
    sweep("korea-2011", [f"{SUBSEA_FACTOR}=1:2:2"], metrics,
          run=RunSettings(checkpoint=tmp_path, resume=True))  # fmt: skip
    assert len(computed) == 3  # another grid is another job: nothing of the first is reused
    assert len(list(tmp_path.iterdir())) == 2


def test_two_workers_give_the_same_bytes() -> None:
    axes, metrics = [f"{SUBSEA_FACTOR}=1:3:4"], ["power.gas.shapley.KP", "fee.holdup"]
    one = sweep("korea-2011", axes, metrics)
    seen: list[tuple[int, int]] = []
    two = sweep("korea-2011", axes, metrics, run=RunSettings(workers=2),
                progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    assert two.frame.to_csv() == one.frame.to_csv()
    assert json.dumps(two.to_dict()) == json.dumps(one.to_dict())
    assert seen[-1] == (4, 4)


def test_solve_for_a_linear_metric_hits_the_hand_worked_root(tmp_path: Path) -> None:
    path = mini_file(tmp_path)
    # 6 x (300 - u) = 1,200 at u = 100 USD/1000 m3
    done = solve_for(path, UNIT_COST, 0, 200, "welfare", 1200.0)
    assert done.value == pytest.approx(100.0, abs=1e-4)
    assert done.metric_at_value == pytest.approx(1200.0, abs=1e-3)
    assert (done.metric_at_low, done.metric_at_high) == pytest.approx((1800.0, 600.0))
    # a unit on the ends: the same root
    again = solve_for(path, UNIT_COST, "0 USD/1000m3", "200 USD/1000m3", "power.gas.shapley.RU",
                      300.0)  # fmt: skip
    assert again.value == pytest.approx(200.0, abs=1e-4)  # 3 x (300 - u) = 300
    assert again.to_dict()["schema"] == "corridor.solve-for/1"
    assert "reaches 300" in again.reason()


def test_solve_for_kp_shapley_is_checked_by_re_evaluating_at_the_root() -> None:
    done = solve_for("korea-2011", SUBSEA_FACTOR, 1.0, 10.0, "power.gas.shapley.KP", 100.0)
    check = sweep("korea-2011", [Axis(SUBSEA_FACTOR, (done.value,))], ["power.gas.shapley.KP"])
    assert check.frame["power.gas.shapley.KP"][0] == pytest.approx(100.0, abs=0.01)
    assert 1.0 < done.value < 10.0


def test_no_root_in_the_bracket_gives_the_metric_at_both_ends(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        solve_for(mini_file(tmp_path), UNIT_COST, 0, 100, "welfare", 5000.0)
    message = str(info.value)
    assert info.value.parameter == "metric"
    assert "does not reach 5000" in message
    assert "=0 (1,800)" in message and "100 (1,200)" in message


def test_a_non_monotone_metric_is_refused_with_its_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import corridor.sweep as module

    # a stand-in metric (x - 4)^2 on [0, 8]: 16 at both ends, 0 in the middle
    def parabola(scenario: object, metrics: list[object], **_: object) -> dict[str, float]:
        x = float(scenario.link("pipe").unit_cost)  # type: ignore[attr-defined]
        return {"welfare": (x - 4.0) ** 2}

    monkeypatch.setattr(module, "evaluate", parabola)
    with pytest.raises(InputError) as info:
        solve_for(mini_file(tmp_path), UNIT_COST, 0, 8, "welfare", 20.0)
    assert "does not reach 20" in str(info.value)
    with pytest.raises(InputError) as info:
        solve_for(mini_file(tmp_path), UNIT_COST, 1, 12, "welfare", 10.0)
    assert "welfare is not monotone in links.pipe.unit_cost on [1, 12]" in str(info.value)
    # the coarse grid 1 + 11 k / 8: 9, 2.641, 0.0625, ...
    assert "(1: 9, 2.375: 2.641, 3.75: 0.0625," in str(info.value)


def test_a_jump_past_the_target_is_refused() -> None:
    # without the deal, ex-post sinks what the optimum builds: the grand coalition stops
    # building the bypass near 1.25 times its cost, and KP's value jumps from 0 to 111
    with pytest.raises(InputError, match=r"jumps past 100 at .*=1\.25") as info:
        solve_for("korea-2011", SUBSEA_FACTOR, 1.0, 10.0, "power.gas.ex-post.shapley.KP", 100.0,
                  drop=["deal", "risk"])  # fmt: skip
    assert "no value in [1, 10] gives 100" in str(info.value)
