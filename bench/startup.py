"""Start-up: whole ``corridor`` processes against two import floors, run side by side.

F1 is ``python -c "import typer"`` (the least a typer CLI can cost), F2 is
``python -c "import pandas, highspy"`` (the least an analysis on the market LP can cost).
Each command is a separate process, run in turns with the floors (so machine load hits all
alike) and summarised by its median wall time. Targets (issue "install", start-up):
``--help`` within 2x F1, ``validate korea-2011`` within 4x F1, ``power korea-2011 --json``
within 1.3x F2 (the analysis adds no more than 30 % to importing what it needs).

Byte-code is allowed (``PYTHONDONTWRITEBYTECODE`` is dropped for these processes): the
installed packages come compiled (``uv sync --compile-bytecode``, as pip does), and a
user's second run finds corridor's own modules compiled too; the warm-up run writes them.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench._common import write_result

RUNS = 9

PYTHON = sys.executable
CORRIDOR = str(Path(sys.executable).with_name("corridor"))

FLOORS = {
    "F1": [PYTHON, "-c", "import typer"],
    "F2": [PYTHON, "-c", "import pandas, highspy"],
}
COMMANDS = {  # name: (argv, floor, target ratio)
    "corridor --help": ([CORRIDOR, "--help"], "F1", 2.0),
    "corridor validate korea-2011": ([CORRIDOR, "validate", "korea-2011"], "F1", 4.0),
    "corridor power korea-2011 --json": ([CORRIDOR, "power", "korea-2011", "--json"], "F2", 1.3),
}


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall_seconds(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def main() -> dict:
    runs: dict[str, list[str]] = {**FLOORS, **{k: v[0] for k, v in COMMANDS.items()}}
    for argv in runs.values():  # warm the file cache (and byte-code) once
        wall_seconds(argv)
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(RUNS):
        for name, argv in runs.items():
            times[name].append(wall_seconds(argv))
    median = {name: statistics.median(values) for name, values in times.items()}
    for name in FLOORS:
        print(f"  floor {name} {' '.join(FLOORS[name][1:])!r}: {median[name] * 1000:,.0f} ms")
    rows = []
    for name, (_, floor, target) in COMMANDS.items():
        ratio = median[name] / median[floor]
        verdict = "meets" if ratio <= target else "MISSES"
        print(
            f"  {name}: {median[name] * 1000:,.0f} ms = {ratio:.2f}x {floor} "
            f"(target <= {target}x: {verdict})"
        )
        rows.append(
            {
                "command": name,
                "median_s": median[name],
                "floor": floor,
                "ratio": ratio,
                "target": target,
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
