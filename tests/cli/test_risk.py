"""``corridor risk`` through the real entry point, on korea-2011."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def corridor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from corridor.cli import main; main()", *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_risk_json_is_the_same_for_one_and_two_workers(tmp_path: Path) -> None:
    one = corridor("risk", "korea-2011", "--draws", "300", "--seed", "4", "--json")
    assert one.returncode == 0, one.stderr
    two = corridor("risk", "korea-2011", "--draws", "300", "--seed", "4", "--workers", "2",
                   "--checkpoint", str(tmp_path / "run"), "--json")  # fmt: skip
    assert two.returncode == 0, two.stderr
    payload = json.loads(one.stdout)
    assert payload == json.loads(two.stdout)
    assert payload["schema"] == "corridor.risk/1" and payload["draws"] == 300
    npv = {row["actor"]: row for row in payload["npv"]}
    assert npv["RU"]["p5_musd"] <= npv["RU"]["p50_musd"] <= npv["RU"]["p95_musd"]
    assert 0.0 <= npv["KR"]["prob_loss"] <= 1.0
    # cuts p = 5 %/yr counted while the flow runs, termination q = 13 %/yr at the start
    # of each year: P(no cut) = sum_k P(L = k) (1 - p)^k = q (1 - r^30) / (1 - r) + r^30
    # with r = (1 - q)(1 - p) = 0.8265, so P(some cut) = 0.250; 4 standard errors at n = 300
    assert payload["unserved"]["prob_any_disruption"] == pytest.approx(0.250, abs=0.1)
    assert payload["termination"]["prob_termination"] == pytest.approx(1 - 0.87**30, abs=0.03)
    assert set(payload["guarantee"]) >= {"mean_gain_musd", "p5_gain_musd"}
    assert payload["shapley"] == []
    tornado = payload["tornado"]
    assert tornado["actor"] == "KR"
    drivers = [row["driver"] for row in tornado["rows"]]
    assert set(drivers) == {"contract-price", "brent path", "korean-demand", "capex-overrun",
                            "start-delay", "disruption", "termination"}  # fmt: skip
    swings = [row["swing_musd"] for row in tornado["rows"]]
    assert swings == sorted(swings, reverse=True) and swings[-1] > 0


def test_risk_tables_with_shapley() -> None:
    done = corridor("risk", "korea-2011", "--draws", "20", "--shapley")
    assert done.returncode == 0, done.stderr
    for title in ("NPV by actor, without guarantee", "with the guarantee", "Shapley shares"):
        assert title in done.stdout
    assert "unserved pipeline gas" in done.stdout
    assert "What moves KR's NPV" in done.stdout and "brent path" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--draws", "0"), "error: --draws: must be at least 1, got 0"),
        (("--workers", "0"), "error: --workers: must be at least 1, got 0"),
        (
            ("--shapley", "--games", "ex-post,expost", "--draws", "5"),
            "error: --games: must name some of ex-ante, ex-post, got ex-post, expost",
        ),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: tuple[str, ...], message: str) -> None:
    done = corridor("risk", "korea-2011", *args)
    assert done.returncode == 2
    assert done.stderr.startswith(message)
    assert len(done.stderr.strip().splitlines()) == 1


def test_unreachable_scheduler_is_one_line_exit_2(closed_port: int) -> None:
    address = f"tcp://127.0.0.1:{closed_port}"
    done = corridor("risk", "korea-2011", "--draws", "10", "--scheduler", address)
    assert done.returncode == 2, done.stdout
    assert done.stderr.startswith("error: --scheduler: cannot reach")
    assert address in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_rerun_resumes_only_with_resume(tmp_path: Path) -> None:
    """Without --resume a checkpoint's chunks are computed anew; with it they are read back."""
    args = ("risk", "korea-2011", "--draws", "1000", "--seed", "3", "--checkpoint",
            str(tmp_path / "ck"), "--json")  # fmt: skip
    first = corridor(*args)
    assert first.returncode == 0, first.stderr
    chunks = sorted((tmp_path / "ck").glob("chunk-*.npz"))
    assert len(chunks) == 2  # 1,000 draws in chunks of 500

    def stamps() -> list[tuple[int, int]]:
        return [(p.stat().st_ino, p.stat().st_mtime_ns) for p in chunks]

    written = stamps()
    resumed = corridor(*args, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert stamps() == written  # read, not rewritten
    fresh = corridor(*args)
    assert fresh.returncode == 0, fresh.stderr
    assert all(a != b for a, b in zip(stamps(), written, strict=True))  # deleted, written anew
    assert json.loads(first.stdout) == json.loads(resumed.stdout) == json.loads(fresh.stdout)
