"""``corridor sweep`` and ``corridor solve-for`` through the real entry point."""

from __future__ import annotations

import csv
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sweep_cases import UNIT_COST, mini_file

# the how-to pages that hold the README's former "What does it hang on?" section (issue 23)
HOW_TO = Path(__file__).resolve().parents[2] / "docs" / "how-to"
HOW_TO_PAGES = ("overrides.md", "compare.md", "sweep.md", "break-even.md")


def corridor(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from corridor.cli import main; main()", *args],
        capture_output=True, text=True, check=False, cwd=cwd,
    )  # fmt: skip


def test_sweep_writes_csv_json_and_a_chart(tmp_path: Path) -> None:
    mini = str(mini_file(tmp_path))
    args = ["sweep", mini, "--set", f"{UNIT_COST}=0:100:3", "--metric", "welfare",
            "--metric", "power.gas.shapley.RU"]  # fmt: skip
    done = corridor(*args, "--out", str(tmp_path / "s.csv"), "--chart", str(tmp_path / "s.html"))
    assert done.returncode == 0, done.stderr
    assert "1,800.0" in done.stdout and "900.0" in done.stdout  # 6 x 300; half of it
    rows = list(csv.DictReader((tmp_path / "s.csv").open()))
    assert [float(r["welfare"]) for r in rows] == pytest.approx([1800.0, 1500.0, 1200.0])
    assert [float(r[UNIT_COST]) for r in rows] == [0.0, 50.0, 100.0]
    html = (tmp_path / "s.html").read_text()
    assert "plotly" in html and "power.gas.shapley.RU" in html
    done = corridor(*args, "--set", "links.pipe.capacity=3", "--out", str(tmp_path / "s.json"))
    assert done.returncode == 0, done.stderr
    document = json.loads((tmp_path / "s.json").read_text())
    assert document["schema"] == "corridor.sweep/1"
    assert document["overrides"] == ["--set links.pipe.capacity=3"]
    assert [p["welfare"] for p in document["points"]] == pytest.approx([900.0, 750.0, 600.0])


def test_sweep_json_goes_to_stdout(tmp_path: Path) -> None:
    done = corridor("sweep", str(mini_file(tmp_path)), "--set", f"{UNIT_COST}=0,50",
                    "--metric", "welfare", "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [p["welfare"] for p in json.loads(done.stdout)["points"]] == [1800.0, 1500.0]


def test_sweep_resumes_from_its_checkpoint(tmp_path: Path) -> None:
    args = ["sweep", str(mini_file(tmp_path)), "--set", f"{UNIT_COST}=0:100:3",
            "--metric", "welfare", "--json", "--checkpoint", str(tmp_path / "kept")]  # fmt: skip
    first = corridor(*args)
    assert first.returncode == 0, first.stderr
    (job,) = (tmp_path / "kept").iterdir()
    chunks = sorted(job.glob("chunk-*.npy"))
    assert job.name.startswith("sweep-") and len(chunks) == 2  # the first point is checked inline
    stamps = [(c.stat().st_ino, c.stat().st_mtime_ns) for c in chunks]
    resumed = corridor(*args, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stdout == first.stdout
    assert [(c.stat().st_ino, c.stat().st_mtime_ns) for c in chunks] == stamps


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sweep", "--set", f"{UNIT_COST}=0:1:2", "--metric", "power.gas.shapely.RU"],
         "error: --metric: 'power.gas.shapely.RU': unknown stage or concept 'shapely'"),
        (["sweep", "--set", "links.pipe.capacity=3", "--metric", "welfare"],
         "error: --set: give at least one axis"),
        (["sweep", "--set", f"{UNIT_COST}=0:1:2", "--metric", "welfare", "--out", "x.txt"],
         "error: --out: x.txt: expected a .csv or .json file"),
        (["sweep", "--set", "links.nope.capacity=0:1:2", "--metric", "welfare"],
         "error: --set: links.nope.capacity=0.0: "),
        (["sweep", "--set", f"{UNIT_COST}=0:1:2", "--metric", "welfare", "--workers", "0"],
         "error: --workers: "),
        (["sweep", "--set", f"{UNIT_COST}=0:1:2", "--metric", "welfare", "--checkpoint",
          "mini.toml"], "error: --checkpoint: mini.toml: not a folder"),
        (["solve-for", "--vary", f"{UNIT_COST}=0", "--metric", "welfare", "--target", "1"],
         "error: --vary: links.pipe.unit_cost=0: expected PATH=LOW:HIGH"),
        (["solve-for", "--vary", f"{UNIT_COST}=0:100", "--metric", "welfare", "--target", "1"],
         "error: --metric: welfare does not reach 1 between links.pipe.unit_cost=0 (1,800)"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    mini = str(mini_file(tmp_path))
    done = corridor(args[0], mini, *args[1:], cwd=tmp_path)
    assert done.returncode == 2, done.stdout
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(message), done.stderr


def test_solve_for_prints_the_value_and_a_reason(tmp_path: Path) -> None:
    done = corridor("solve-for", str(mini_file(tmp_path)), "--vary", f"{UNIT_COST}=0:200",
                    "--metric", "welfare", "--target", "1200")  # fmt: skip
    assert done.returncode == 0, done.stderr
    first, reason = done.stdout.splitlines()
    assert first == f"{UNIT_COST} = 100"  # 6 x (300 - u) = 1,200
    assert reason.startswith("welfare is 1,800.0 at 0 and 600.0 at 200; it reaches 1200 at")
    done = corridor("solve-for", str(mini_file(tmp_path)), "--vary", f"{UNIT_COST}=0:200",
                    "--metric", "welfare", "--target", "1200", "--json")  # fmt: skip
    assert json.loads(done.stdout)["value"] == pytest.approx(100.0, abs=1e-4)


def _readme_commands() -> list[tuple[str, str]]:
    section = "\n".join((HOW_TO / page).read_text(encoding="utf-8") for page in HOW_TO_PAGES)
    return re.findall(r"^\$ (corridor (?:sweep|solve-for) [^#\n]*?)\s*(#.*)?$", section, re.M)


def test_the_how_to_pages_have_sweep_examples() -> None:
    assert len(_readme_commands()) >= 3


@pytest.mark.parametrize(("command", "comment"), _readme_commands())
def test_readme_sweep_example_runs(command: str, comment: str, tmp_path: Path) -> None:
    done = corridor(*shlex.split(command)[1:], cwd=tmp_path)
    assert done.returncode == (2 if "exit 2" in comment else 0), done.stderr


def test_the_subsea_capex_sensitivity_of_the_issue_from_the_cli(tmp_path: Path) -> None:
    """1x, 1.5x, 2x, 3x the subsea capex: KP 0.0, 24.6, 57.7, 80.8 USD m/yr before the build
    (the README's numbers, with the subsea line costed from quantities at 3,000 m; at 1x
    the bypass is the cheaper build); 100 is reached at about 3.83x."""
    done = corridor("sweep", "korea-2011", "--set", "links.subsea.pipeline.capex_factor=1,1.5,2,3",
                    "--metric", "power.gas.shapley.KP", "--json", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    points = json.loads(done.stdout)["points"]
    kp = [point["power.gas.shapley.KP"] for point in points]
    assert kp == pytest.approx([0.0, 24.6, 57.7, 80.8], abs=0.05)
    done = corridor("solve-for", "korea-2011", "--vary", "links.subsea.pipeline.capex_factor=1:5",
                    "--metric", "power.gas.shapley.KP", "--target", "100", "--json",
                    cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    root = json.loads(done.stdout)["value"]
    assert root == pytest.approx(3.8323, abs=1e-3)
