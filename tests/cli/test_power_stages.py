"""``corridor power --stage/--built/--build-years`` on korea-2011, through the entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


def corridor(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from corridor.cli import main; main()", *args],
        capture_output=True, text=True, cwd=cwd, check=False,
    )  # fmt: skip


def shapley_of(game: dict[str, Any]) -> dict[str, float]:
    return {row["player"]: row["shapley"] for row in game["players_table"]}


def test_json_carries_both_stages_and_the_holdup(tmp_path: Path) -> None:
    done = corridor("power", "korea-2011", "--commodity", "gas", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["schema"] == "corridor.power/2" and doc["stages"] == ["ex-ante", "ex-post"]
    [ante], [post] = doc["games"], doc["ex_post_games"]
    assert (ante["stage"], post["stage"]) == ("ex-ante", "ex-post")
    assert doc["built"] == ["overland-north", "overland-south"]
    # sinking the overland line's capex raises what KP can withhold from RU and KR
    assert shapley_of(post)["KP"] > 10 * shapley_of(ante)["KP"]
    # JP and CN do not use the line: their values do not move
    for player in ("JP", "CN"):
        assert shapley_of(post)[player] == pytest.approx(shapley_of(ante)[player])
    block = doc["holdup"]
    assert block["transit"] == "KP" and block["bypass"] == "subsea"
    assert block["hand_fee_musd_per_yr"] == pytest.approx(block["holdup_fee_musd_per_yr"])
    assert block["build_years_from"] == "links.subsea.build_time"
    assert block["nash_fee_ex_ante_musd_per_yr"] is None  # the ex-ante zone is empty


def test_one_stage_and_named_links(tmp_path: Path) -> None:
    done = corridor("power", "korea-2011", "--commodity", "gas", "--stage", "ex-ante",
                    "--json", cwd=tmp_path)  # fmt: skip
    doc = json.loads(done.stdout)
    assert doc["stages"] == ["ex-ante"] and doc["ex_post_games"] == [] and doc["games"]
    args = ("--stage", "ex-post", "--built", "overland-north", "--build-years", "1", "--json")
    done = corridor("power", "korea-2011", "--commodity", "gas", *args, cwd=tmp_path)
    doc = json.loads(done.stdout)
    assert doc["games"] == [] and doc["built"] == ["overland-north"]
    assert doc["holdup"]["build_years"] == 1.0
    assert doc["holdup"]["build_years_from"] == "argument build_years"


def test_tables_show_both_stages_and_the_holdup_block(tmp_path: Path) -> None:
    done = corridor("power", "korea-2011", "--commodity", "gas", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stdout.split())
    for words in ("gas, ex-ante", "gas, ex-post", "before and after the build",
                  "transit-fee-envoy 100", "hold-up fee:", "by hand: the subsea bypass costs",
                  "Nash fee", "self-enforcing band"):  # fmt: skip
        assert words in out, words


@pytest.mark.parametrize(
    ("args", "named"),
    [(("--stage", "later"), "--stage"), (("--built", "nope"), "--built"),
     (("--build-years", "0"), "--build-years")],
)  # fmt: skip
def test_bad_stage_options_exit_2_naming_the_flag(
    tmp_path: Path, args: tuple[str, ...], named: str
) -> None:
    done = corridor("power", "korea-2011", "--commodity", "gas", *args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {named}") and len(done.stderr.splitlines()) == 1


def test_report_refuses_an_unknown_stage_before_running(tmp_path: Path) -> None:
    done = corridor("report", "korea-2011", "--stage", "later", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: --stage: unknown stage 'later' (ex-ante, ex-post or both)"
    ]
    assert not (tmp_path / "out").exists()


def test_report_panel_plays_the_stage_asked_for() -> None:
    from corridor.report import Options, build_panel
    from corridor.scenario import load_scenario

    scenario = load_scenario("korea-2011")
    only = build_panel("power", scenario, Options(stage="ex-ante")).summary
    both = build_panel("power", scenario, Options()).summary
    assert "ex_post" not in only["gas"]
    assert only["gas"]["shapley"] == both["gas"]["shapley"]
    # ex-post, the overland line's capex sunk: KP's value is the 89.5 of the README tour
    assert both["gas"]["ex_post"]["shapley"]["KP"] == pytest.approx(89.46, abs=0.01)
