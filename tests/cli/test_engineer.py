"""``corridor engineer`` through typer's CliRunner on an app with only this group."""

import json

import pytest
import typer
from typer.testing import CliRunner

from corridor.cli import engineer
from corridor.cli.common import run_guarded


def make_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test root."""

    engineer.register(app)
    return app


runner = CliRunner()


def test_pipeline_table():
    res = runner.invoke(
        make_app(), ["engineer", "pipeline", "--length-km", "1100", "--throughput", "10"]
    )
    assert res.exit_code == 0, res.output
    assert "Compressor stations" in res.output
    assert "levelised cost per 100 km" in res.output


def test_pipeline_json_with_segments():
    args = [
        "engineer",
        "pipeline",
        "--throughput",
        "10",
        "--segment",
        "300",
        "--segment",
        "500:off",
        "--segment",
        "300:on:1.2",
        "--offshore-maop-bar",
        "150",
        "--json",
    ]
    res = runner.invoke(make_app(), args)
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    values = {row["quantity"]: row["value"] for row in data["design"]}
    assert values["of which offshore"] == 500.0
    assert any(s["kind"] == "landfall" for s in data["stations"])
    assert data["route"][2]["cost_factor"] == 1.2


def test_lng_json_with_break_even():
    res = runner.invoke(
        make_app(), ["engineer", "lng", "--distance-km", "5000", "--break-even", "--json"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["break_even_km"]["offshore"] < data["break_even_km"]["onshore"]


def test_costs_lists_sources():
    res = runner.invoke(make_app(), ["engineer", "costs", "--json"])
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert all(row["source"] for row in data["pipeline"] + data["lng"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["engineer", "pipeline", "--length-km", "1100", "--throughput", "200"],
            "no standard size",
        ),
        (["engineer", "pipeline", "--throughput", "10"], "either --length-km or"),
        (["engineer", "pipeline", "--throughput", "10", "--segment", "abc"], "--segment"),
        (
            [
                "engineer",
                "pipeline",
                "--length-km",
                "100",
                "--throughput",
                "10",
                "--region",
                "mars",
            ],
            "--region",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(args, message, capsys):
    code = run_guarded(lambda **kw: make_app()(args=args, **kw))
    assert code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_scenario_shows_designed_links_with_inputs():
    res = runner.invoke(make_app(), ["engineer", "scenario", "korea-2011", "--json"])
    assert res.exit_code == 0, res.output
    links = {link["id"]: link for link in json.loads(res.output)["links"]}
    assert {"overland-north", "overland-south", "subsea", "china-route"} <= set(links)
    north = links["overland-north"]
    assert north["design"]["inputs"]["throughput_bcm_per_yr"] == 12.0
    assert north["capex_musd"] == pytest.approx(north["design"]["derived"]["capex_musd"])
    res = runner.invoke(make_app(), ["engineer", "scenario", "korea-2011"])
    assert res.exit_code == 0
    assert "delivery_pressure_bar" in res.output and "capex_musd" in res.output


def test_pipeline_crosscheck_with_pandapipes():
    pytest.importorskip("pandapipes")
    args = [
        "engineer",
        "pipeline",
        "--length-km",
        "800",
        "--throughput",
        "12",
        "--crosscheck",
        "--json",
    ]
    res = runner.invoke(make_app(), args)
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)["crosscheck"]
    assert rows and all(abs(r["relative_difference"]) < 0.02 for r in rows)
