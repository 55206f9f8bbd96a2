"""``corridor power`` through the real entry point: table, JSON, refusals, sampling, resume."""

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


def gas_game(stdout: str) -> dict[str, Any]:
    document = json.loads(stdout)
    assert document["schema"] == "corridor.power/2"
    assert document["units"] == {"value": "USD m/yr"}
    return next(game for game in document["games"] if game["commodity"] == "gas")


def test_table_shows_players_concepts_and_benchmarks(tmp_path: Path) -> None:
    done = corridor("power", "korea-2011", "--concepts", "shapley,nucleolus", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Shares of the gains from cooperation in korea-2011" in done.stdout
    assert "Values in korea-2011" in done.stdout
    for word in ("RU", "KP", "KR", "transit", "nucleolus", "Published transit fees"):
        assert word in done.stdout


def test_json_players_table_is_efficient_and_carries_benchmarks(tmp_path: Path) -> None:
    done = corridor("power", "korea-2011", "--json", "--checkpoint", "ck", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    game = gas_game(done.stdout)
    rows = {row["player"]: row for row in game["players_table"]}
    assert set(rows) == {"RU", "KP", "KR", "CN", "JP"}
    grand = game["grand_coalition_musd_per_yr"]
    for concept in ("shapley", "nucleolus", "least_core", "myerson"):
        assert sum(row[concept] for row in rows.values()) == pytest.approx(grand, abs=1e-6)
    # after the build North Korea is a transit actor; its implied payment is its Shapley
    # value (before it, its route is idle: the subsea line carries the gas)
    assert not rows["KP"]["transit"]
    post = next(g for g in json.loads(done.stdout)["ex_post_games"] if g["commodity"] == "gas")
    after = {row["player"]: row for row in post["players_table"]}
    assert after["KP"]["transit"] and not after["KR"]["transit"]
    assert after["KP"]["implied_payment_musd_per_yr"] == after["KP"]["shapley"]
    assert after["KR"]["implied_payment_musd_per_yr"] is None
    published = {(b["value"], b["low"], b["high"]) for b in game["benchmarks"]}
    assert (100, None, None) in published
    assert any(low == 159 and high == 195 for _, low, high in published)
    # resuming from the checkpoint written above prints the same numbers
    again = corridor(
        "power", "korea-2011", "--json", "--checkpoint", "ck", "--resume", cwd=tmp_path
    )
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == json.loads(done.stdout)


def test_sample_method_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    args = ("power", "korea-2011", "--method", "sample", "--seed", "7", "--json")
    one = corridor(*args, "--max-permutations", "40", cwd=tmp_path)
    two = corridor(*args, "--max-permutations", "40", cwd=tmp_path)
    assert one.returncode == 0, one.stderr
    assert one.stdout == two.stdout
    game = gas_game(one.stdout)
    assert all(row["shapley_se"] is not None for row in game["players_table"])
    assert any("only the Shapley value" in note for note in game["notes"])


def test_antithetic_sampling_differs_from_plain_and_is_deterministic(tmp_path: Path) -> None:
    args = ("power", "korea-2011", "--method", "sample", "--seed", "7", "--json",
            "--max-permutations", "40", "--stage", "ex-ante")  # fmt: skip
    paired = corridor(*args, "--variance-reduction", "antithetic", cwd=tmp_path)
    again = corridor(*args, "--variance-reduction", "antithetic", cwd=tmp_path)
    plain = corridor(*args, cwd=tmp_path)
    assert paired.returncode == 0, paired.stderr
    assert paired.stdout == again.stdout
    one, other = gas_game(paired.stdout), gas_game(plain.stdout)
    assert [r["shapley"] for r in one["players_table"]] != [
        r["shapley"] for r in other["players_table"]
    ]
    # efficient: the estimates add up to v(N) (v of no one is 0 in korea-2011)
    total = sum(r["shapley"] for r in one["players_table"])
    assert total == pytest.approx(one["grand_coalition_musd_per_yr"], abs=1e-3)


def test_exact_enumeration_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    done = corridor("power", "korea-2011", "--max-exact", "3", cwd=tmp_path)
    assert done.returncode == 2
    assert "--method sample" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--players", "RU,XX"), "XX"),
        (("--method", "guess"), "--method"),
        (("--concepts", "fairness"), "--concepts"),
        (("--workers", "0"), "--workers"),
        (("--method", "sample", "--variance-reduction", "sobol"), "--variance-reduction"),
    ],
)
def test_bad_options_exit_2_with_a_message(
    tmp_path: Path, args: tuple[str, ...], named: str
) -> None:
    done = corridor("power", "korea-2011", *args, cwd=tmp_path)
    assert done.returncode == 2, done.stdout
    assert named in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_unreachable_scheduler_is_one_line_exit_2(tmp_path: Path, closed_port: int) -> None:
    address = f"tcp://127.0.0.1:{closed_port}"
    done = corridor("power", "korea-2011", "--scheduler", address, cwd=tmp_path)
    assert done.returncode == 2, done.stdout
    assert done.stderr.startswith("error: --scheduler: cannot reach")
    assert address in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
