"""``--help`` shows flags as flags and placeholders literally; ``--version``; lazy imports.

The start-up test checks which heavy packages a command imports (deterministic), not how
long it takes: the timings are measured by ``make bench`` (bench/startup.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from corridor import __version__
from corridor.cli import every_command

HEAVY = ("numpy", "pandas", "scipy", "pydantic", "highspy", "networkx", "plotly", "dask")


def corridor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corridor", *args], capture_output=True, text=True, check=False
    )


def all_commands() -> list[list[str]]:
    return [list(path) for path in every_command()]


@pytest.mark.parametrize("path", all_commands(), ids=lambda p: " ".join(p) or "corridor")
def test_help_shows_boolean_options_as_flags(path: list[str]) -> None:
    done = corridor(*path, "--help")
    assert done.returncode == 0, done.stderr
    assert "<bool>" not in done.stdout
    assert "--help" in done.stdout


def test_help_shows_placeholders_literally() -> None:
    assert "DIR/<scenario>/result.json" in corridor("run", "--help").stdout
    assert "DIR/<scenario>/report.html" in corridor("report", "--help").stdout


def test_version() -> None:
    done = corridor("--version")
    assert (done.returncode, done.stdout) == (0, f"corridor {__version__}\n")


def imported_by(
    *args: str, env: dict[str, str] | None = None, watched: tuple[str, ...] = HEAVY
) -> list[str]:
    """The ``watched`` modules (heavy packages) that ``corridor ARGS`` has imported when done."""
    code = (
        "import contextlib, io, sys\n"
        "from corridor.cli import app\n"
        "from corridor.cli.common import run_guarded\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = run_guarded(lambda **o: app(prog_name='corridor', args={list(args)!r}, **o))\n"
        "assert code == 0, code\n"
        f"print(' '.join(m for m in {watched!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return done.stdout.split()


def test_help_imports_no_heavy_package() -> None:
    assert imported_by("--help") == []
    assert imported_by("power", "--help") == []


def test_validate_imports_no_analysis_stack() -> None:
    # the scenario model needs pydantic (file format) and numpy (distributions)
    assert set(imported_by("validate", "korea-2011")) <= {"pydantic", "numpy"}


def test_validate_on_a_cache_hit_imports_no_heavy_package(tmp_path: Path) -> None:
    # a hit unpickles the scenario: no schema (pydantic), no engineering (numpy)
    env = {**os.environ, "CORRIDOR_NO_CACHE": "0", "XDG_CACHE_HOME": str(tmp_path)}
    assert set(imported_by("validate", "korea-2011", env=env)) <= {"pydantic", "numpy"}
    assert imported_by("validate", "korea-2011", env=env) == []


def test_power_imports_no_more_than_its_game_needs() -> None:
    assert not {"scipy", "plotly", "dask"} & set(imported_by("power", "korea-2011", "--json"))


def test_power_on_a_cache_hit_imports_neither_the_schema_nor_other_analyses(
    tmp_path: Path,
) -> None:
    # one worker: no process pool; the analyses package loads only the power analysis, the
    # scenario model only the parts korea-2011 has (no [package] or [patrons])
    env = {**os.environ, "CORRIDOR_NO_CACHE": "0", "XDG_CACHE_HOME": str(tmp_path)}
    unneeded = ("pydantic", "multiprocessing", "concurrent.futures", "corridor.analyses.talks",
                "corridor.analyses.deal_risk", "corridor.analyses.package",
                "corridor.scenario.package_model")  # fmt: skip
    imported_by("power", "korea-2011", "--json", env=env)  # fills the cache
    assert imported_by("power", "korea-2011", "--json", env=env, watched=unneeded) == []


def test_the_help_table_lists_every_command_with_its_own_first_line() -> None:
    # `corridor --help` is written from COMMANDS without importing the command modules
    from corridor.cli import COMMANDS, command_module

    for name, (module, line) in COMMANDS.items():
        command = command_module(module)[name]
        assert (command.help or "").strip().split("\n\n")[0].replace("\n", " ") == line, name
    registered = {name for module, _ in COMMANDS.values() for name in command_module(module)}
    assert registered == set(COMMANDS)


def test_a_mistyped_command_is_named_with_the_closest_ones() -> None:
    done = corridor("rn")
    assert done.returncode == 2
    assert "No such command 'rn'. Did you mean 'run'?" in done.stderr


def test_long_commands_share_one_declaration_of_the_run_options() -> None:
    """--workers/--scheduler/--checkpoint/--resume: the same options, help and rule everywhere."""
    run_options = ("workers", "scheduler", "checkpoint", "resume")
    having = {
        path: {p.name: p for p in command.params if p.name in run_options}
        for path, command in every_command().items()
    }
    with_resume = {path for path, found in having.items() if "resume" in found}
    assert with_resume == {("power",), ("risk",), ("sweep",), ("timeline",)}
    helps = {path: {n: having[path][n].help for n in run_options} for path in with_resume}
    assert len({tuple(h.items()) for h in helps.values()}) == 1, helps
    # no other command takes a checkpoint without the rule that goes with it
    assert not [path for path, found in having.items()
                if "checkpoint" in found and path not in with_resume]  # fmt: skip
