"""A sweep in one process against one ``corridor power`` process per point.

korea-2011, the subsea bypass's offshore cost factor
(``links.subsea.pipeline.segments[1].cost_factor``) 1.0 to 3.0 in 50 points, with every
player's Shapley value and nucleolus in the gas game at each point.

(a) baseline: each variant written as a file (``Scenario.to_toml()``, not timed) and
``corridor power FILE --commodity gas --concepts shapley,nucleolus --json`` run on it as
its own process; PROCESSES of the 50 are timed and the time scaled to 50 (each process
does the same work). (b) corridor: ``corridor.sweep.sweep`` over the 50 points in this
process (the file parsed once, unchanged links not sized again, no reasons, only the
stages asked). Two metric sets: ex-ante only (what the sweep asks for), and both stages
(what the baseline process computes, for a like-for-like ratio). The ratio is (a) / (b);
target >= 20x. The timed processes' values are checked against the sweep's.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._common import write_result
from corridor.metrics import evaluate
from corridor.scenario import load_scenario
from corridor.sweep import parse_axis, sweep

CORRIDOR = str(Path(sys.executable).with_name("corridor"))
PATH = "links.subsea.pipeline.segments[1].cost_factor"
AXIS = f"{PATH}=1.0:3.0:50"
PROCESSES = 10
TARGET = 20.0
PLAYERS = ("RU", "KP", "KR", "CN", "JP")


def _metrics(stages: tuple[str, ...]) -> list[str]:
    return [
        f"power.gas.{stage}.{concept}.{player}"
        for stage in stages
        for concept in ("shapley", "nucleolus")
        for player in PLAYERS
    ]


def _baseline(values: list[float], folder: Path) -> tuple[float, list[dict]]:
    base = load_scenario("korea-2011")
    files = []
    for k, value in enumerate(values):
        path = folder / f"point-{k}.toml"
        path.write_text(base.with_overrides({PATH: value}).to_toml())
        files.append(path)
    argv = [CORRIDOR, "power", "", "--commodity", "gas", "--concepts", "shapley,nucleolus",
            "--json"]  # fmt: skip
    documents = []
    start = time.perf_counter()
    for path in files:
        argv[2] = str(path)
        done = subprocess.run(argv, check=True, capture_output=True, text=True)
        documents.append(json.loads(done.stdout))
    return time.perf_counter() - start, documents


def _check(documents: list[dict], frame, indices: list[int]) -> float:  # type: ignore[no-untyped-def]
    """Largest difference (USD m/yr) between the processes' values and the sweep's."""
    worst = 0.0
    for doc, k in zip(documents, indices, strict=True):
        for stage, games in (("ex-ante", doc["games"]), ("ex-post", doc["ex_post_games"])):
            for row in games[0]["players_table"]:
                for concept in ("shapley", "nucleolus"):
                    column = f"power.gas.{stage}.{concept}.{row['player']}"
                    if column in frame:
                        worst = max(worst, abs(frame[column][k] - row[concept]))
    return worst


def main() -> dict:
    values = list(parse_axis(AXIS).values)
    step = len(values) // PROCESSES
    timed = list(range(0, len(values), step))[:PROCESSES]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([CORRIDOR, "--help"], check=True, capture_output=True)  # warm caches
        seconds, documents = _baseline([values[k] for k in timed], Path(tmp))
    baseline_s = seconds * len(values) / len(timed)
    evaluate(load_scenario("korea-2011"), _metrics(("ex-ante",)))  # imports, as a process has
    rows = []
    for label, stages in (("ex-ante", ("ex-ante",)), ("both stages", ("ex-ante", "ex-post"))):
        start = time.perf_counter()
        result = sweep("korea-2011", [AXIS], _metrics(stages))
        sweep_s = time.perf_counter() - start
        ratio = baseline_s / sweep_s
        worst = _check(documents, result.frame, timed)
        verdict = "meets" if ratio >= TARGET else "MISSES"
        print(
            f"  sweep, {label}: {sweep_s:,.2f} s for {len(values)} points "
            f"({sweep_s / len(values) * 1000:,.0f} ms a point); {len(values)} processes "
            f"{baseline_s:,.1f} s ({len(timed)} timed, scaled); ratio {ratio:.1f}x "
            f"(target >= {TARGET:g}x: {verdict}); largest difference {worst:.2g} USD m/yr"
        )
        rows.append(
            {
                "metrics": label,
                "sweep_s": sweep_s,
                "ratio": ratio,
                "meets_target": ratio >= TARGET,
                "max_difference_musd_per_yr": worst,
            }
        )
    result_doc = {
        "points": len(values),
        "processes_timed": len(timed),
        "baseline_s_scaled": baseline_s,
        "baseline_s_per_process": seconds / len(timed),
        "target": TARGET,
        "runs": rows,
    }
    print(f"  wrote {write_result('sweep', result_doc)}")
    return result_doc
