"""The tolerance stopping rule of :func:`corridor.risk.simulate`."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from corridor.errors import InputError
from corridor.execution import RunSettings
from corridor.risk import simulate
from corridor.risk.result import npv_se_max
from corridor.risk.run import MIN_TOLERANCE_DRAWS
from corridor.scenario import load_scenario
from corridor.scenario.model import Scenario
from tests.finance.cases import RISK, SMALL_DEAL

CHUNK = 25


def small(tmp_path: Path) -> Scenario:
    path = tmp_path / "small.toml"
    path.write_text(SMALL_DEAL + RISK, encoding="utf-8")
    return load_scenario(str(path))


def first_boundary_within(draws: pd.DataFrame, tolerance: float) -> int:
    """The first chunk boundary (from the minimum on) where every mean NPV's error fits."""
    for stop in range(CHUNK, len(draws) + 1, CHUNK):
        prefix = draws.iloc[:stop]
        if (
            stop >= MIN_TOLERANCE_DRAWS
            and npv_se_max({c: prefix[c].to_numpy() for c in prefix}) <= tolerance
        ):
            return stop
    return len(draws)


def test_stops_at_the_first_chunk_boundary_within_the_tolerance(tmp_path: Path) -> None:
    scenario = small(tmp_path)
    full = simulate(scenario, 400, seed=5, chunk_size=CHUNK).draws
    # a little above the error the fixed run reaches after 200 draws: a run held to it
    # stops by then (the margin keeps rounding in the running sums out of the comparison)
    tolerance = 1.001 * npv_se_max({c: full[c].to_numpy()[:200] for c in full})
    stop = first_boundary_within(full, tolerance)
    assert MIN_TOLERANCE_DRAWS <= stop <= 200
    run = simulate(scenario, 400, seed=5, chunk_size=CHUNK, tolerance=tolerance)
    pd.testing.assert_frame_equal(run.draws, full.iloc[:stop], check_exact=True)
    stopping = run.stopping()
    assert stopping["stopped_on"] == "tolerance"
    assert stopping["max_npv_se_musd"] <= tolerance
    assert stopping["draws_cap"] == 400
    # the same draws on two workers (rounds of two chunks) and after a resume
    two = simulate(
        scenario, 400, seed=5, chunk_size=CHUNK, tolerance=tolerance, run=RunSettings(workers=2)
    )
    pd.testing.assert_frame_equal(two.draws, run.draws, check_exact=True)
    folder = tmp_path / "ckpt"
    simulate(
        scenario,
        400,
        seed=5,
        chunk_size=CHUNK,
        tolerance=tolerance,
        run=RunSettings(checkpoint=folder),
    )
    resumed = simulate(scenario, 400, seed=5, chunk_size=CHUNK, tolerance=tolerance,
                       run=RunSettings(checkpoint=folder, resume=True))  # fmt: skip
    pd.testing.assert_frame_equal(resumed.draws, run.draws, check_exact=True)


def test_stops_at_the_cap_when_the_tolerance_is_out_of_reach(tmp_path: Path) -> None:
    run = simulate(small(tmp_path), 150, seed=5, chunk_size=CHUNK, tolerance=1e-9)
    assert len(run.draws) == 150
    stopping = run.to_dict()["stopping"]
    assert stopping["stopped_on"] == "cap"
    assert stopping["max_npv_se_musd"] > 1e-9
    assert simulate(small(tmp_path), 30, seed=5).stopping()["stopped_on"] == "draws"


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf])
def test_tolerance_must_be_a_positive_number(tmp_path: Path, bad: float) -> None:
    with pytest.raises(InputError) as error:
        simulate(small(tmp_path), 10, tolerance=bad)
    assert error.value.parameter == "tolerance"
