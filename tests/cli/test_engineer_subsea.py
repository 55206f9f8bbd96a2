"""``corridor engineer pipeline --offshore --max-depth``: the binding check, wall, tonnage, cost."""

from __future__ import annotations

import json

import pytest

from corridor.cli.common import run_guarded
from corridor.engineering.offshore_refs import OUTTURNS
from tests.cli.test_engineer import make_app, runner

DEEP = ["engineer", "pipeline", "--throughput", "12", "--length-km", "720", "--offshore",
        "--max-depth", "2500", "--offshore-maop-bar", "250",
        "--inlet-pressure-bar", "250"]  # fmt: skip


def test_deep_water_json_names_the_binding_check_wall_tonnage_and_cost() -> None:
    res = runner.invoke(make_app(), [*DEEP, "--json"])
    assert res.exit_code == 0, res.output
    payload = json.loads(res.output)
    (segment,) = payload["subsea"]["segments"]
    assert segment["binding_check"] == "collapse"
    assert segment["max_depth_m"] == 2500.0
    assert segment["wall_mm"] > segment["containment_wall_mm"]
    # tonnage from the wall: pi (D - t) t rho x length, D the chosen standard size
    design = {row["quantity"]: row["value"] for row in payload["design"]}
    d, t = design["outer diameter"] / 1e3, segment["wall_mm"] / 1e3
    assert segment["steel_t"] == pytest.approx(3.141592653589793 * (d - t) * t * 7850 * 720)
    items = ["steel_musd", "coating_musd", "concrete_musd", "lay_musd", "arrestors_musd",
             "survey_musd"]  # fmt: skip
    assert segment["total_musd"] == pytest.approx(sum(segment[k] for k in items))
    assert payload["subsea"]["landfalls"] == 2
    assert design["capex: pipe"] == pytest.approx(
        segment["total_musd"] + payload["subsea"]["landfalls_musd"]
    )
    assert segment["extrapolation"] is True and segment["deepest_built"] == "TurkStream"


def test_deep_water_table_shows_the_check_and_the_extrapolation() -> None:
    res = runner.invoke(make_app(), DEEP)
    assert res.exit_code == 0, res.output
    assert "binding check" in res.output and "collapse" in res.output
    assert "capex: lay" in res.output
    assert "extrapolation" in res.output and "TurkStream" in res.output


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--max-depth", "6000"], "collapse at 6,000 m needs"),
        (["--max-depth", "nan"], "--max-depth: must be a finite number"),
        (["--max-depth", "-5"], "--max-depth: must lie in (0, 11000] m"),
        (["--steel-grade", "X100"], "--steel-grade: choose from X60, X65, X70, X80"),
        (["--ovality", "0.001"], "--ovality: must lie in [0.005, 0.1)"),
        (["--seabed-temperature-c", "80"], "--seabed-temperature-c: must lie in [-5, 37]"),
    ],
)
def test_bad_deep_water_input_exits_2_with_one_line(
    extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [a for a in DEEP if a != "2500" and a != "--max-depth"] + extra
    if "--max-depth" not in extra:
        args += ["--max-depth", "2500"]
    code = run_guarded(lambda **kw: make_app()(args=args, **kw))
    err = capsys.readouterr().err
    assert code == 2, err
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_segments_take_a_depth_of_their_own() -> None:
    args = ["engineer", "pipeline", "--throughput", "8", "--segment", "30",
            "--segment", "200:off:1:2000", "--segment", "20", "--offshore-maop-bar", "250",
            "--json"]  # fmt: skip
    res = runner.invoke(make_app(), args)
    assert res.exit_code == 0, res.output
    (segment,) = json.loads(res.output)["subsea"]["segments"]
    assert segment["max_depth_m"] == 2000.0 and segment["length_km"] == 200.0


def test_costs_prints_the_model_against_every_built_line() -> None:
    res = runner.invoke(make_app(), ["engineer", "costs", "--json"])
    assert res.exit_code == 0, res.output
    payload = json.loads(res.output)
    lines = [row["line"] for row in payload["subsea_calibration"]]
    assert lines == [ref.name for ref in OUTTURNS]
    items = {row["item"] for row in payload["pipeline"]}
    assert {"subsea:steel", "subsea:lay_3", "subsea:landfall", "subsea:arrestor"} <= items
