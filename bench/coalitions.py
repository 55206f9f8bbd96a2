"""Coalition values at scale: corridor's exact enumeration against a naive LP per coalition.

Seeded synthetic transit networks (corridor.games.synthetic) with n = 10 ... 20 players.
(a) naive: build the LP from the scenario and solve it with scipy.optimize.linprog for
each coalition of a random sample; (b) warm: corridor's one LP re-solved per coalition
(no memo), on the same sample; (c) corridor: every one of the 2^n coalitions with
coalition_values (relevant-mask memo, skipping, warm re-solves, chunks). Rates are
coalition values per second; the ratio is (c) / (a). At n = 20 also the total time of
exact values (2 workers) + Shapley + nucleolus.
"""

from __future__ import annotations

import time

import numpy as np

from bench._common import write_result
from bench.market import naive_welfare
from corridor.games import coalition_values, nucleolus, shapley
from corridor.games.plan import column_graph, usable_block
from corridor.games.synthetic import transit_network
from corridor.lp import WarmSolver
from corridor.market import MarketModel
from corridor.scenario.model import Scenario

SIZES = (10, 12, 14, 16, 18, 20)
SAMPLE = 60


def _degrees(scenario: Scenario) -> list[int]:
    """Pipeline links per player (in and out; the open LNG links excluded)."""
    ends = [
        end for link in scenario.links if link.name != "LNG" for end in (link.source, link.target)
    ]
    return [ends.count(p) for p in scenario.actor_ids]


def main() -> dict:
    rows = []
    for n in SIZES:
        scenario = transit_network(n, seed=n)
        model = MarketModel(scenario)
        players = scenario.controllers()
        assert players == scenario.actor_ids  # naive_welfare indexes by actor bits
        sample = np.random.default_rng(n).integers(0, 1 << n, size=SAMPLE)

        start = time.perf_counter()
        naive = [naive_welfare(scenario, int(bits)) for bits in sample]
        naive_rate = SAMPLE / (time.perf_counter() - start)

        graph = column_graph(model, players)
        solver = WarmSolver(model.program)
        start = time.perf_counter()
        warm = [solver.welfare(usable_block(graph, np.array([b]))[:, 0]) for b in sample]
        warm_rate = SAMPLE / (time.perf_counter() - start)

        workers = 2 if n >= 18 else 1
        start = time.perf_counter()
        values = coalition_values(model, players, workers=workers, max_players=20)
        seconds = time.perf_counter() - start
        fast = values.values[sample]
        scale = max(1.0, float(np.abs(naive).max()))
        assert np.allclose(fast, naive, atol=1e-6 * scale), "fast values differ from naive"
        assert np.allclose(warm, naive, atol=1e-6 * scale), "warm values differ from naive"
        rate = (1 << n) / seconds
        row = {
            "players": n,
            "links": len(scenario.links),
            "coalitions": 1 << n,
            "distinct_lps": values.lp_solves,
            "workers": workers,
            "naive_per_s": naive_rate,
            "warm_per_s": warm_rate,
            "corridor_per_s": rate,
            "corridor_seconds": seconds,
            "ratio": rate / naive_rate,
        }
        degree = _degrees(scenario)
        row["degree_min"], row["degree_max"] = min(degree), max(degree)
        row["degree_mean"] = sum(degree) / len(degree)
        row["coalitions_worth_zero"] = int((values.values == 0).sum())
        rows.append(row)
        print(
            f"n={n:2d}: {len(scenario.links)} links, {min(degree)}-{max(degree)} per player | "
            f"{1 << n:>9,} coalitions, {values.lp_solves:>6,} distinct LPs | "
            f"naive {naive_rate:6,.0f}/s  warm {warm_rate:6,.0f}/s  "
            f"corridor {rate:>10,.0f}/s ({seconds:5.2f} s, {workers} worker(s))  "
            f"ratio {rate / naive_rate:8,.0f}x"
        )

    scenario = transit_network(20, seed=20)
    start = time.perf_counter()
    values = coalition_values(scenario, workers=2, max_players=20)
    t_values = time.perf_counter() - start
    start = time.perf_counter()
    phi = shapley(values)
    t_shapley = time.perf_counter() - start
    start = time.perf_counter()
    nu = nucleolus(values)
    t_nucleolus = time.perf_counter() - start
    total = t_values + t_shapley + t_nucleolus
    assert abs(phi.sum() - (values.grand - values.values[0])) < 1e-6 * max(1.0, values.grand)
    assert abs(nu.sum() - (values.grand - values.values[0])) < 1e-6 * max(1.0, values.grand)
    print(
        f"exact n=20 with 2 workers: values {t_values:.2f} s + Shapley {t_shapley:.2f} s + "
        f"nucleolus {t_nucleolus:.2f} s = {total:.2f} s (target <= 60 s)"
    )
    at16 = next(r for r in rows if r["players"] == 16)
    print(f"ratio at n=16: {at16['ratio']:,.0f}x (target >= 100x)")
    result = {
        "generator": "corridor.games.synthetic.transit_network(n, seed=n)",
        "naive_sample": SAMPLE,
        "sizes": rows,
        "exact_n20": {
            "workers": 2,
            "values_seconds": t_values,
            "shapley_seconds": t_shapley,
            "nucleolus_seconds": t_nucleolus,
            "total_seconds": total,
            "distinct_lps": values.lp_solves,
        },
        "ratio_n16": at16["ratio"],
    }
    write_result("coalitions", result)
    return result
