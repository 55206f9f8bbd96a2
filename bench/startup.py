"""Start-up: whole ``corridor`` processes against two import floors, run side by side.

F1 is ``python -c "import typer"`` (the least a typer CLI can cost), F2 is
``python -c "import pandas, highspy"`` (the least an analysis on the market LP can cost).
Each command is a separate process, run in turns with the floors (so machine load hits all
alike) and summarised by its median wall time. Targets (issue "install", start-up):
``--help`` within 2x F1, ``validate korea-2011`` within 4x F1, ``power korea-2011 --json``
within 1.3x F2 (the analysis adds no more than 30 % to importing what it needs).

F2c is F2 with the garbage-collector handling of corridor's CLI
(:mod:`corridor.cli.collector`: collections rare while starting, then :func:`gc.freeze`),
which also spares the collection at exit; the power command's ratio to it is printed
beside the judged one, against the same 1.3x, to show what corridor's own work adds.

Warm runs also find the compiled dataclass methods of the run before
(:mod:`corridor.cli.dataclass_code`); cold runs empty that table with the scenarios'.

Byte-code is allowed (``PYTHONDONTWRITEBYTECODE`` is dropped for these processes): the
installed packages come compiled (``uv sync --compile-bytecode``, as pip does), and a
user's second run finds corridor's own modules compiled too; the warm-up run writes them.

The commands that load a scenario run twice each turn: *cold*, with the cache of loaded
scenarios (:mod:`corridor.scenario.cache`) emptied just before (outside the timing), as a
user's first run of a scenario or of a new corridor version; and *warm*, with it filled,
as every later run. The targets are judged on the warm runs; both ratios are printed. The
processes use a cache folder of their own (``XDG_CACHE_HOME`` in a temporary folder), never
the user's.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench._common import write_result
from corridor.cli.collector import START_UP_THRESHOLD

RUNS = 9

PYTHON = sys.executable
CORRIDOR = str(Path(sys.executable).with_name("corridor"))

FLOORS = {
    "F1": [PYTHON, "-c", "import typer"],
    "F2": [PYTHON, "-c", "import pandas, highspy"],
    # F2 with the collector handling corridor's CLI uses (corridor.cli.collector): a floor
    # of the same kind, to show what corridor's own work adds (printed, not judged)
    "F2c": [
        PYTHON,
        "-c",
        f"import gc; gc.set_threshold({START_UP_THRESHOLD}, *gc.get_threshold()[1:]); "
        "import pandas, highspy; gc.freeze()",
    ],
}
SAME_KIND = {"F2": "F2c"}
"""A judged floor and its counterpart with corridor's collector handling."""
COMMANDS = {  # name: (argv, floor, target ratio, whether it loads a scenario)
    "corridor --help": ([CORRIDOR, "--help"], "F1", 2.0, False),
    "corridor validate korea-2011": ([CORRIDOR, "validate", "korea-2011"], "F1", 4.0, True),
    "corridor power korea-2011 --json": (
        [CORRIDOR, "power", "korea-2011", "--json"],
        "F2",
        1.3,
        True,
    ),
}


def wall_seconds(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> dict:
    with tempfile.TemporaryDirectory(prefix="corridor-bench-") as folder:
        return _measure(Path(folder))


def _measure(folder: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",
                                                            "CORRIDOR_NO_CACHE")}  # fmt: skip
    env["XDG_CACHE_HOME"] = str(folder)

    def cleared() -> dict[str, str]:
        shutil.rmtree(folder / "corridor", ignore_errors=True)
        return env

    # name: (argv, environment maker); cold runs empty the cache first, warm ones find it
    def kept() -> dict[str, str]:
        return env

    runs: dict[str, tuple[list[str], Callable[[], dict[str, str]]]] = {
        name: (argv, kept) for name, argv in FLOORS.items()
    }
    for name, (argv, _, _, loads) in COMMANDS.items():
        if loads:
            runs[f"{name} (cold)"] = (argv, cleared)
        runs[f"{name} (warm)" if loads else name] = (argv, kept)
    for argv, _ in runs.values():  # warm the file cache (and byte-code) once
        wall_seconds(argv, env)
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(RUNS):
        for name, (argv, environment) in runs.items():
            times[name].append(wall_seconds(argv, environment()))
    median = {name: statistics.median(values) for name, values in times.items()}
    for name in FLOORS:
        print(f"  floor {name} {' '.join(FLOORS[name][1:])!r}: {median[name] * 1000:,.0f} ms")
    rows = []
    for name, (_, floor, target, loads) in COMMANDS.items():
        for cache in ("cold", "warm") if loads else ("",):
            label = f"{name} ({cache})" if cache else name
            ratio = median[label] / median[floor]
            judged = cache != "cold"  # the target is judged on the warm run
            verdict = ("meets" if ratio <= target else "MISSES") if judged else "not judged"
            print(
                f"  {label}: {median[label] * 1000:,.0f} ms = {ratio:.2f}x {floor} "
                f"(target <= {target}x: {verdict})"
            )
            if floor in SAME_KIND and judged:
                other = SAME_KIND[floor]
                own = median[label] / median[other]
                print(
                    f"    = {own:.2f}x {other}, the floor with the same collector handling: "
                    f"what corridor's own work adds (<= {target}x: "
                    f"{'meets' if own <= target else 'MISSES'})"
                )
            rows.append(
                {
                    "command": name,
                    "cache": cache or None,
                    "median_s": median[label],
                    "floor": floor,
                    "ratio": ratio,
                    "target": target,
                    "judged": judged,
                    "meets_target": ratio <= target,
                }
            )
    result = {
        "runs": RUNS,
        "floors_median_s": {name: median[name] for name in FLOORS},
        "commands": rows,
    }
    print(f"  wrote {write_result('startup', result)}")
    return result
