"""The CLI, the report and the dashboard show the same numbers for the same scenario and options.

All three compose the stages through :mod:`corridor.analyses`; this checks the headline
numbers each shows: the CLI's ``--json``, the report's panel summaries, and the web API's
job results.
"""

from __future__ import annotations

import contextlib
import io
import json
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corridor.cli import app as cli_app
from corridor.cli.common import run_guarded
from corridor.report import Options, build_panel
from corridor.scenario import load_scenario
from corridor.web import Settings, create_app

DRAWS, SEED = 60, 3


def cli_json(*args: str) -> Any:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = run_guarded(lambda **o: cli_app(prog_name="corridor", args=[*args, "--json"], **o))
    assert code == 0
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def api() -> Any:
    web = create_app(Settings())
    with TestClient(web) as client:
        yield client
    web.state.jobs.shutdown()


def api_summary(client: TestClient, analysis: str, **parameters: Any) -> dict[str, Any]:
    response = client.post(
        "/api/jobs", json={"scenario": "korea-2011", "analysis": analysis, "parameters": parameters}
    )
    assert response.status_code == 202, response.text
    job_id = response.json()["id"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] not in ("queued", "running"):
            assert job["status"] == "done", job
            return dict(job["result"]["summary"])
        time.sleep(0.05)
    raise AssertionError(f"{analysis} job did not finish")


def report_summary(analysis: str, options: Options | None = None) -> dict[str, Any]:
    return dict(build_panel(analysis, load_scenario("korea-2011"), options).summary)


def test_welfare(api: TestClient) -> None:
    cli = cli_json("run", "korea-2011")["welfare_musd_per_yr"]
    assert report_summary("run")["welfare_musd_per_yr"] == pytest.approx(cli, abs=1e-6)
    assert api_summary(api, "run")["welfare_musd_per_yr"] == pytest.approx(cli, abs=1e-6)


def test_shapley_values_per_game_and_stage(api: TestClient) -> None:
    document = cli_json("power", "korea-2011")
    games = document["games"]
    cli = {
        g["commodity"]: {row["player"]: row["shapley"] for row in g["players_table"]} for g in games
    }
    after = {
        g["commodity"]: {row["player"]: row["shapley"] for row in g["players_table"]}
        for g in document["ex_post_games"]
    }
    for shown in (report_summary("power"), api_summary(api, "power")):
        assert set(shown) == set(cli)
        for commodity, values in cli.items():
            assert shown[commodity]["shapley"] == pytest.approx(values, abs=1e-6)
            assert shown[commodity]["ex_post"]["shapley"] == pytest.approx(
                after[commodity], abs=1e-6
            )


def test_mean_npv_of_the_risk_draws(api: TestClient) -> None:
    npv = cli_json("risk", "korea-2011", "--draws", str(DRAWS), "--seed", str(SEED))["npv"]
    cli = {row["actor"]: row["mean_musd"] for row in npv}
    options = Options(draws=DRAWS, seed=SEED)
    assert report_summary("risk", options)["mean_npv_musd"] == pytest.approx(cli, abs=1e-5)
    shown = api_summary(api, "risk", draws=DRAWS, seed=SEED)["mean_npv_musd"]
    assert shown == pytest.approx(cli, abs=1e-5)


def test_the_default_number_of_draws_gives_one_mean_npv(api: TestClient) -> None:
    # no front end is told how many draws: all run the composition layer's default
    from corridor.analyses import LIMITS

    document = cli_json("risk", "korea-2011", "--seed", str(SEED))
    assert document["draws"] == LIMITS.risk_draws
    cli = {row["actor"]: row["mean_musd"] for row in document["npv"]}
    errors = {row["actor"]: row["mean_musd_se"] for row in document["npv"]}
    report = report_summary("risk", Options(seed=SEED))
    shown = api_summary(api, "risk", seed=SEED)
    for summary in (report, shown):
        assert summary["draws"] == LIMITS.risk_draws
        assert summary["mean_npv_musd"] == pytest.approx(cli, abs=1e-5)
        assert summary["mean_npv_se_musd"] == pytest.approx(errors, abs=1e-5)


def test_negotiation_forecasts_of_the_companion_talks(api: TestClient) -> None:
    # korea-2011 names six-party-2011 as its talks; all three front ends use them
    models = cli_json("negotiate", "korea-2011")["models"]
    cli = {
        name: {row["issue"]: row["forecast"] for row in model["forecast"]}
        for name, model in models.items()
    }
    for shown in (report_summary("negotiate"), api_summary(api, "negotiate")):
        assert set(shown) == set(cli)
        for name, forecasts in cli.items():
            assert shown[name] == pytest.approx(forecasts, abs=1e-4)


def test_defaults_are_the_same_everywhere() -> None:
    import inspect

    from corridor import analyses
    from corridor.analyses import LIMITS
    from corridor.cli.report import report as cli_report
    from corridor.cli.risk import risk as cli_risk
    from corridor.web.app import Parameters

    assert Options().draws == LIMITS.risk_draws == Parameters().draws
    for command in (cli_risk, cli_report, analyses.risk):
        assert inspect.signature(command).parameters["draws"].default == LIMITS.risk_draws
    # the server's own cap admits the default
    assert LIMITS.risk_draws <= Settings().max_draws
    assert Options().rounds == LIMITS.rounds == Parameters().rounds
    assert Settings().max_exact_players == LIMITS.max_exact_players


def test_timeline_values_deal_and_staged_npvs(api: TestClient) -> None:
    document = cli_json("timeline", "korea-2011")
    cli: dict[str, Any] = {}
    for row in document["values"]:
        cli.setdefault(row["regime"], {}).setdefault(row["stage"], {}).setdefault(
            row["commodity"], {}
        )[row["actor"]] = row["shapley_musd_per_yr"]
    npvs: dict[str, dict[str, float]] = {}
    for row in document["deal_npv"]:
        npvs.setdefault(row["regime"], {})[row["actor"]] = row["npv_musd"]
    staged = cli_json("staged", "korea-2011")["npv_musd"]
    for shown in (report_summary("timeline"), api_summary(api, "timeline")):
        assert set(shown["shapley_musd_per_yr"]) == set(cli)
        for regime, stages in cli.items():
            for stage, games in stages.items():
                for commodity, values in games.items():
                    got = shown["shapley_musd_per_yr"][regime][stage][commodity]
                    assert got == pytest.approx(values, abs=1e-6)
        assert set(shown["deal_npv_musd"]) == set(npvs)
        for regime, values in npvs.items():
            assert shown["deal_npv_musd"][regime] == pytest.approx(values, abs=1e-6)
        assert shown["staged_npv_musd"] == pytest.approx(staged, abs=1e-6)
