"""``corridor export``, ``corridor init`` and ``corridor synthetic`` through the entry point."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from corridor import analyses
from corridor.games.synthetic import transit_network
from corridor.scenario import load_scenario


def corridor(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from corridor.cli import main; main()", *args],
        capture_output=True, text=True, check=False, cwd=cwd,
    )  # fmt: skip


def test_export_writes_the_overridden_scenario(tmp_path: Path) -> None:
    target = tmp_path / "k.toml"
    done = corridor("export", "korea-2011", "--out", str(target),
                    "--set", "links.subsea.pipeline.segments[1].cost_factor=2")  # fmt: skip
    assert done.returncode == 0, done.stderr
    written = load_scenario(target)
    direct = load_scenario("korea-2011", ["links.subsea.pipeline.segments[1].cost_factor=2"],
                           origin="override on the command line")  # fmt: skip
    same = dataclasses.replace(written, source_file=None, source_sha256=None)
    assert same == dataclasses.replace(direct, source_file=None, source_sha256=None)
    assert "override on the command line: was 1" in target.read_text("utf-8")


def test_export_to_stdout() -> None:
    done = corridor("export", "six-party-2011")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# corridor scenario 'six-party-2011'")


def test_init_writes_a_template_that_validates_and_runs(tmp_path: Path) -> None:
    done = corridor("init", "my-case", "--out", "my-case.toml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "my-case.toml").read_text("utf-8")
    assert text.startswith("# corridor scenario my-case: a template corridor")
    assert corridor("validate", "my-case.toml", cwd=tmp_path).returncode == 0
    run = corridor("run", "my-case.toml", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["welfare_musd_per_yr"] > 0
    power = corridor("power", "my-case.toml", "--json", cwd=tmp_path)
    assert power.returncode == 0, power.stderr
    bad = corridor("init", "my case", cwd=tmp_path)
    assert bad.returncode == 2 and "no spaces" in bad.stderr


def test_synthetic_file_has_the_power_of_the_python_network(tmp_path: Path) -> None:
    # the README's benchmark networks: transit_network(n, seed=n); n = 8 keeps it quick
    target = tmp_path / "big.toml"
    done = corridor("synthetic", "--players", "8", "--seed", "8", "--out", str(target))
    assert done.returncode == 0, done.stderr
    power = corridor("power", str(target), "--concepts", "shapley", "--json")
    assert power.returncode == 0, power.stderr
    (game,) = json.loads(power.stdout)["games"]
    from_file = {r["player"]: r["shapley"] for r in game["players_table"]}
    (report,) = analyses.power(transit_network(8, 8), concepts=["shapley"]).reports
    in_python = dict(zip(report.table["player"], report.table["shapley"], strict=True))
    assert from_file.keys() == in_python.keys()
    for player, value in in_python.items():
        assert from_file[player] == pytest.approx(value, rel=1e-9, abs=1e-9)


def test_synthetic_refuses_too_few_players() -> None:
    done = corridor("synthetic", "--players", "2")
    assert done.returncode == 2 and "--players: must be at least 3" in done.stderr


def test_export_geojson_writes_the_network_atomically(tmp_path: Path) -> None:
    from tests.scenario.test_geography import check_rfc7946

    target = tmp_path / "korea.geojson"
    done = corridor("export", "korea-2011", "--geojson", "--out", str(target))
    assert done.returncode == 0, done.stderr
    document = json.loads(target.read_text("utf-8"))
    check_rfc7946(document)
    assert [p.name for p in tmp_path.iterdir()] == ["korea.geojson"]  # no temporary left
    to_stdout = corridor("export", "korea-2011", "--geojson", "--drop", "links.subsea")
    assert to_stdout.returncode == 0, to_stdout.stderr
    ids = {f["id"] for f in json.loads(to_stdout.stdout)["features"]}
    assert "subsea" not in ids and "tkr" in ids


def test_export_geojson_of_a_bad_scenario_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        corridor("init", "demo").stdout + '\n[links.route]\nwaypoints = [[95, 1]]\nsource = "x"\n',
        encoding="utf-8",
    )
    done = corridor("export", str(bad), "--geojson")
    assert done.returncode == 2
    assert (
        "links.lng-imports.route.waypoints: point 1: latitude 95 is outside [-90, 90]"
        in done.stderr
    )
    assert "Traceback" not in done.stderr
