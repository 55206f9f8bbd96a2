"""``corridor negotiate`` through typer's test runner (an app with only this command)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from corridor.cli.negotiate import register
from corridor.errors import InputError, ScenarioError, Unavailable

from .negotiation_cases import with_second_stance

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def main() -> None:
        """Test app."""

    return app


def test_default_scenario_prints_forecasts_and_round_history() -> None:
    result = runner.invoke(_app(), ["negotiate", "--rounds", "3"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "forecasts (0–100)" in result.output
    assert "Preconditions for resuming the six-party talks" in result.output
    assert "expected utility, preconditions: rounds" in result.output
    assert "exchange: exchanges made" in result.output


def test_json_output_for_one_model() -> None:
    result = runner.invoke(
        _app(), ["negotiate", "six-party-2011", "--model", "eu", "--rounds", "2", "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert list(payload["models"]) == ["eu"]
    forecast = payload["models"]["eu"]["forecast"]
    assert {row["issue"] for row in forecast} == {i["id"] for i in payload["issues"]}
    assert max(row["round"] for row in payload["models"]["eu"]["trajectory"]) <= 2
    assert payload["sensitivity"] is None


def test_forecasts_carry_their_status() -> None:
    # the defaults stop on convergence or a cycle; the printed table marks each forecast
    result = runner.invoke(_app(), ["negotiate", "--model", "eu", "--json"], env={"COLUMNS": "200"})
    payload = json.loads(result.output)
    assert payload["schema"] == "corridor.negotiate/2"
    rows = payload["models"]["eu"]["forecast"]
    assert {row["status"] for row in rows} <= {"converged", "cycle", "round cap"}
    for row in rows:
        assert row["forecast_low"] <= row["forecast"] <= row["forecast_high"]
    printed = runner.invoke(_app(), ["negotiate", "--model", "eu"], env={"COLUMNS": "200"})
    assert "how the rounds ended (forecast rule)" in printed.output
    # fixed rounds: exactly as many as asked, status fixed
    fixed = runner.invoke(
        _app(), ["negotiate", "--model", "eu", "--stop", "fixed", "--rounds", "4", "--json"]
    )
    rows = json.loads(fixed.output)["models"]["eu"]["forecast"]
    assert {(row["status"], row["rounds"]) for row in rows} == {("fixed", 4)}


def test_monte_carlo_in_json() -> None:
    result = runner.invoke(
        _app(), ["negotiate", "--model", "compromise", "--draws", "3", "--seed", "5", "--json"]
    )
    assert result.exit_code == 0, result.output
    sensitivity = json.loads(result.output)["sensitivity"]
    assert {row["draws"] for row in sensitivity["summary"]} == {3}
    assert {row["actor"] for row in sensitivity["influence"]} == {
        "US",
        "CN",
        "RU",
        "JP",
        "KR",
        "KP",
    }


@pytest.mark.parametrize(
    "args",
    [
        ["--model", "delphi"],
        ["--rounds", "0"],
        ["--draws", "-1"],
        ["no-such-scenario"],
        ["--stop", "never"],
        ["--tolerance", "nan"],
        ["--tolerance", "-1"],
        ["--tolerance", "101"],
    ],
)
def test_bad_input_is_an_input_error(args: list[str]) -> None:
    result = runner.invoke(_app(), ["negotiate", *args])
    assert isinstance(result.exception, InputError)


def test_a_scenario_without_talks_uses_its_companion() -> None:
    # korea-2011 has no [negotiation]; it names six-party-2011 (negotiation_from)
    own = json.loads(runner.invoke(_app(), ["negotiate", "six-party-2011", "--json"]).output)
    via = runner.invoke(_app(), ["negotiate", "korea-2011", "--json"])
    assert via.exit_code == 0, via.output
    document = json.loads(via.output)
    assert document["title"].endswith("(talks: six-party-2011)")
    assert document["models"] == own["models"]


def test_a_scenario_without_talks_or_companion_is_unavailable(tmp_path: Path) -> None:
    from corridor.scenario import bundled_path

    text = bundled_path("korea-2011").read_text(encoding="utf-8")
    alone = tmp_path / "alone.toml"
    alone.write_text(text.replace('negotiation_from = "six-party-2011"', ""), encoding="utf-8")
    result = runner.invoke(_app(), ["negotiate", str(alone)])
    assert isinstance(result.exception, Unavailable)
    assert "names no companion" in str(result.exception)


def test_invalid_section_reports_file_and_line(tmp_path: Path) -> None:
    text = with_second_stance(salience="2")  # salience on line 33
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(_app(), ["negotiate", str(path)])
    assert isinstance(result.exception, ScenarioError)
    (problem,) = result.exception.problems
    assert problem.line == 33
    assert "salience" in problem.path
