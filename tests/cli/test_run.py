"""``corridor run``, ``validate`` and ``scenarios`` through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from corridor.scenario import bundled_path


def corridor(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from corridor.cli import main; main()", *args],
        capture_output=True, text=True, cwd=cwd, check=False,
    )  # fmt: skip


def test_run_default_prints_tables_and_writes_result(tmp_path: Path) -> None:
    done = corridor("run", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "korea-2011" in done.stdout
    assert "overland-north" in done.stdout
    result = json.loads((tmp_path / "korea-2011" / "result.json").read_text())
    assert result["schema"] == "corridor.result/1"
    assert result["welfare_musd_per_yr"] > 0
    assert {row["actor"] for row in result["actor_welfare"]} >= {"RU", "KP", "KR"}
    assert not list((tmp_path / "korea-2011").glob("*.tmp"))


def test_run_json_equals_written_file(tmp_path: Path) -> None:
    done = corridor("run", "korea-2011", "--coalition", "RU,KR", "--json", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed == json.loads((tmp_path / "korea-2011" / "result.json").read_text())
    assert printed["coalition"] == ["KR", "RU"]
    used = {row["link"] for row in printed["flows"] if row["flow"] > 0}
    assert "overland-north" not in used


def test_run_is_deterministic() -> None:
    first = corridor("run", "--json")
    second = corridor("run", "--json")
    assert first.stdout == second.stdout


def test_run_accepts_a_path(tmp_path: Path) -> None:
    copy = tmp_path / "mine.toml"
    copy.write_text(bundled_path("korea-2011").read_text())
    done = corridor("run", str(copy), "--json")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "nosuch"], "error: scenario: no bundled scenario 'nosuch'"),
        (["run", "missing.toml"], "error: scenario: no such file 'missing.toml'"),
        (["run", "--coalition", "RU,XX"], "error: coalition: unknown actor 'XX'"),
        (["run", "--coalition", "RU,,KR"], "error: --coalition: empty item"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: list[str], message: str) -> None:
    done = corridor(*args)
    assert done.returncode == 2
    assert done.stderr.startswith(message), done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_validate_reports_all_problems_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    text = bundled_path("korea-2011").read_text()
    bad.write_text(
        text.replace('from = "SAK"', 'from = "NOWHERE"').replace(
            'control = ["RU", "KR"]', 'control = ["RU", "XX"]', 1
        )
    )
    done = corridor("validate", str(bad))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2, done.stderr
    assert all(line.startswith(f"{bad}:") for line in lines)
    assert "links.skv.from: unknown node 'NOWHERE'" in lines[0]
    assert "Traceback" not in done.stderr


def test_validate_ok_and_scenarios_list() -> None:
    done = corridor("validate", "korea-2011")
    assert done.returncode == 0 and "ok" in done.stdout
    listed = corridor("scenarios", "--json")
    assert "korea-2011" in {row["name"] for row in json.loads(listed.stdout)["scenarios"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--no-such-option"], "error: No such option: --no-such-option"),
        (["risk", "--draws", "abc"], "error: Invalid value for '--draws'"),
        (
            ["freight", "routes", "korea-2011", "extra"],
            "error: Got unexpected extra argument(s) (extra)",
        ),
        (["engineer", "pipeline"], "error: Missing option '--throughput'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], message: str) -> None:
    done = corridor(*args)
    assert done.returncode == 2
    assert done.stderr.startswith(message), done.stderr
    assert f"(see 'corridor {' '.join(a for a in args[:2] if a.isalpha())}" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_no_arguments_prints_help() -> None:
    done = corridor()
    assert done.returncode == 2
    assert "Usage: corridor" in done.stdout and "run" in done.stdout


def test_unwritable_out_folder_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    done = corridor("run", "--out", str(blocker / "out"))
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {blocker / 'out'}"), done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["risk", "--draws", "3"],
        ["power", "--method", "sample", "--max-permutations", "3"],
        ["negotiate", "six-party-2011", "--draws", "3"],
    ],
)
def test_negative_seed_is_refused(args: list[str]) -> None:
    done = corridor(*args, "--seed", "-1")
    assert done.returncode == 2
    assert done.stderr == "error: --seed: must be a non-negative integer, got -1\n"
